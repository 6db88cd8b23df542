/**
 * POST /api/v1/feedback — human feedback on a call (contract: src/api/README.md, "Feedback").
 * Authenticated as ingest: the key's project is the only project the feedback may touch.
 */
import type { Hono } from 'hono';
import type { ProjectOf } from '../server/middleware/auth.ts';
import { keyHeaders } from '../server/middleware/auth.ts';
import { BadEncodingError, BodyTooLargeError, readBody } from '../server/body.ts';
import { FEEDBACK_LIMITS, FeedbackInputError, PendingFullError, parseFeedback, type FeedbackService } from '../feedback/feedback.ts';

export function mountFeedbackRoute(app: Hono, o: { service: FeedbackService; projectOf: ProjectOf }): void {
  app.post('/api/v1/feedback', async (c) => {
    const project = o.projectOf(keyHeaders(c));
    if (project === null) return c.json({ error: 'missing or invalid API key' }, 401);
    const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (ct !== 'application/json') return c.json({ error: 'send Content-Type: application/json' }, 415);
    const max = FEEDBACK_LIMITS.bodyBytes;
    if (Number(c.req.header('content-length') ?? '0') > max) return c.json({ error: `body exceeds ${max} bytes` }, 413);
    let bytes: Uint8Array;
    try {
      bytes = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', { maxBytes: max });
    } catch (e) {
      if (e instanceof BodyTooLargeError) return c.json({ error: `body exceeds ${max} bytes` }, 413);
      if (e instanceof BadEncodingError) return c.json({ error: e.message }, 400);
      throw e;
    }
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      return c.json({ error: 'body is not valid UTF-8 JSON' }, 400);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return c.json({ error: 'body must be a JSON object' }, 400);
    try {
      const f = parseFeedback(body as Record<string, unknown>);
      const r = await o.service.submit(project, f);
      return c.json(r, r.status === 'pending' ? 202 : 200);
    } catch (e) {
      if (e instanceof FeedbackInputError) return c.json({ error: e.message }, 400);
      if (e instanceof PendingFullError) return c.json({ error: e.message }, 503, { 'retry-after': '5' });
      return c.json({ error: `store unavailable: ${e instanceof Error ? e.message : String(e)}` }, 503);
    }
  });
}
