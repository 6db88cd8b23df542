/**
 * POST /api/v1/eval-runs — `llmscope eval` stores a run through the collector (contract:
 * src/api/README.md, "Evaluations"). Authenticated as ingest: rows go to the key's project.
 */
import type { Hono } from 'hono';
import type { ProjectOf } from '../server/middleware/auth.ts';
import { keyHeaders } from '../server/middleware/auth.ts';
import { readJsonBody } from './json-body.ts';
import type { Store } from '../store/store.ts';
import { EVAL_INGEST_LIMITS, EvalInputError, parseEvalChunk, storeEvalChunk } from '../eval/ingest.ts';

export function mountEvalRunsRoute(app: Hono, o: { store: Store; database: string; projectOf: ProjectOf }): void {
  app.post('/api/v1/eval-runs', async (c) => {
    const project = o.projectOf(keyHeaders(c));
    if (project === null) return c.json({ error: 'missing or invalid API key' }, 401);
    const read = await readJsonBody(c, EVAL_INGEST_LIMITS.bodyBytes);
    if (read instanceof Response) return read;
    const body = read.value;
    let chunk;
    try {
      chunk = parseEvalChunk(body, project);
    } catch (e) {
      if (e instanceof EvalInputError) return c.json({ error: e.message }, 400);
      throw e;
    }
    try {
      await storeEvalChunk(o.store, o.database, project, chunk);
    } catch (e) {
      return c.json({ error: `store unavailable: ${e instanceof Error ? e.message : String(e)}` }, 503, { 'retry-after': '5' });
    }
    return c.json({ run_id: chunk.run_id, chunk: chunk.chunk, results: chunk.results.length, run: chunk.run !== null }, 200);
  });
}
