/**
 * POST /api/v1/feedback — human feedback on a call (contract: src/api/README.md, "Feedback").
 * Authenticated as ingest: the key's project is the only project the feedback may touch.
 */
import type { Hono } from 'hono';
import type { ProjectOf } from '../server/middleware/auth.ts';
import { keyHeaders } from '../server/middleware/auth.ts';
import { readJsonBody } from './json-body.ts';
import { FEEDBACK_LIMITS, FeedbackInputError, PendingFullError, parseFeedback, type FeedbackService } from '../feedback/feedback.ts';

export function mountFeedbackRoute(app: Hono, o: { service: FeedbackService; projectOf: ProjectOf }): void {
  app.post('/api/v1/feedback', async (c) => {
    const project = o.projectOf(keyHeaders(c));
    if (project === null) return c.json({ error: 'missing or invalid API key' }, 401);
    const read = await readJsonBody(c, FEEDBACK_LIMITS.bodyBytes);
    if (read instanceof Response) return read;
    const body = read.value;
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
