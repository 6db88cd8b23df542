/**
 * Storing an evaluation run: the checks on what a client sends (POST /api/v1/eval-runs) and the
 * inserts into eval_results / eval_runs, shared by the collector route and `llmscope eval` when it
 * opens the store itself. A run arrives as result chunks, then the run row; each insert carries a
 * dedup token (run id + chunk number), so a client retrying a chunk never doubles its rows.
 */
import type { Store } from '../store/store.ts';
import { EVAL_RESULTS, EVAL_TEXT_CHARS, evalResultRowJson, type EvalResultRow } from '../store/tables/eval_results.ts';
import { EVAL_RUNS, evalRunRowJson, type EvalRunRow } from '../store/tables/eval_runs.ts';

export const EVAL_INGEST_LIMITS = {
  bodyBytes: 8 * 1024 * 1024,
  resultsPerRequest: 5000,
  chunks: 1_000_000,
  metrics: 32,
  short: 256,
  dataset: 1024,
  detail: 2048,
};

const RUN_ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const METRIC_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const SOURCES = new Set(['dataset', 'call-url', 'call-cmd', 'from-calls']);

export class EvalInputError extends Error {
  override name = 'EvalInputError';
}

export interface EvalChunk {
  run_id: string;
  chunk: number;
  results: EvalResultRow[];
  run: EvalRunRow | null;
}

function str(o: Record<string, unknown>, k: string, max: number, where: string, required = false): string {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) throw new EvalInputError(`${where}${k} is required`);
    return '';
  }
  if (typeof v !== 'string') throw new EvalInputError(`${where}${k} must be a string`);
  if (v.length > max) throw new EvalInputError(`${where}${k} is longer than ${max} characters`);
  return v;
}

function int(o: Record<string, unknown>, k: string, max: number, where: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max) throw new EvalInputError(`${where}${k} must be an integer from 0 to ${max}`);
  return v;
}

function obj(v: unknown, where: string, fields?: ReadonlySet<string>): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new EvalInputError(`${where} must be a JSON object`);
  if (fields) for (const k of Object.keys(v)) if (!fields.has(k)) throw new EvalInputError(`${where}: unknown field ${JSON.stringify(k.slice(0, 64))}`);
  return v as Record<string, unknown>;
}

const RESULT_FIELDS = new Set(['created_at', 'item', 'item_id', 'metric', 'value', 'detail', 'prompt_version', 'model', 'trace_id', 'span_id', 'prediction', 'reference']);
const RUN_FIELDS = new Set(['name', 'created_at', 'source', 'dataset', 'prompt_name', 'prompt_version', 'model', 'metrics', 'items', 'errors', 'scores']);

function time(o: Record<string, unknown>, where: string): number {
  const v = o.created_at;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 8.64e15) throw new EvalInputError(`${where}created_at must be Unix milliseconds`);
  return Math.round(v);
}

/** Checks a request body; the project comes from the caller's key, never from the body. */
export function parseEvalChunk(body: unknown, project: string): EvalChunk {
  const b = obj(body, 'body');
  for (const k of Object.keys(b)) if (!['run_id', 'chunk', 'results', 'run'].includes(k)) throw new EvalInputError(`unknown field ${JSON.stringify(k.slice(0, 64))}`);
  const runId = str(b, 'run_id', 128, '', true);
  if (!RUN_ID_RE.test(runId)) throw new EvalInputError('run_id must be 1–128 characters of A-Z a-z 0-9 _ . : -');
  const chunk = int(b, 'chunk', EVAL_INGEST_LIMITS.chunks, '');
  const results: EvalResultRow[] = [];
  if (b.results !== undefined) {
    if (!Array.isArray(b.results)) throw new EvalInputError('results must be an array');
    if (b.results.length > EVAL_INGEST_LIMITS.resultsPerRequest) throw new EvalInputError(`more than ${EVAL_INGEST_LIMITS.resultsPerRequest} results in one request`);
    b.results.forEach((raw, i) => {
      const w = `results[${i}].`;
      const r = obj(raw, `results[${i}]`, RESULT_FIELDS);
      const metric = str(r, 'metric', 64, w, true);
      if (!METRIC_RE.test(metric)) throw new EvalInputError(`${w}metric must be 1–64 characters of A-Z a-z 0-9 _ . : -`);
      if (typeof r.value !== 'number' || !Number.isFinite(r.value)) throw new EvalInputError(`${w}value must be a finite number`);
      results.push({
        project_id: project,
        run_id: runId,
        created_at: time(r, w),
        item: int(r, 'item', 0xffffffff, w),
        item_id: str(r, 'item_id', EVAL_INGEST_LIMITS.short, w),
        metric,
        value: r.value,
        detail: str(r, 'detail', EVAL_INGEST_LIMITS.detail, w),
        prompt_version: str(r, 'prompt_version', EVAL_INGEST_LIMITS.short, w),
        model: str(r, 'model', EVAL_INGEST_LIMITS.short, w),
        trace_id: str(r, 'trace_id', 32, w),
        span_id: str(r, 'span_id', 16, w),
        prediction: str(r, 'prediction', EVAL_TEXT_CHARS, w),
        reference: str(r, 'reference', EVAL_TEXT_CHARS, w),
      });
    });
  }
  let run: EvalRunRow | null = null;
  if (b.run !== undefined && b.run !== null) {
    const r = obj(b.run, 'run', RUN_FIELDS);
    const w = 'run.';
    const source = str(r, 'source', 32, w, true);
    if (!SOURCES.has(source)) throw new EvalInputError(`run.source must be one of ${[...SOURCES].join(', ')}`);
    const metrics = r.metrics;
    if (!Array.isArray(metrics) || metrics.length > EVAL_INGEST_LIMITS.metrics || metrics.some((m) => typeof m !== 'string' || !METRIC_RE.test(m)))
      throw new EvalInputError(`run.metrics must be an array of at most ${EVAL_INGEST_LIMITS.metrics} metric names`);
    const scores = obj(r.scores ?? {}, 'run.scores');
    const keys = Object.keys(scores);
    if (keys.length > EVAL_INGEST_LIMITS.metrics) throw new EvalInputError(`run.scores has more than ${EVAL_INGEST_LIMITS.metrics} entries`);
    for (const k of keys) {
      if (!METRIC_RE.test(k)) throw new EvalInputError(`run.scores key ${JSON.stringify(k.slice(0, 64))} is not a metric name`);
      if (typeof scores[k] !== 'number' || !Number.isFinite(scores[k])) throw new EvalInputError(`run.scores.${k} must be a finite number`);
    }
    run = {
      project_id: project,
      run_id: runId,
      name: str(r, 'name', EVAL_INGEST_LIMITS.short, w),
      created_at: time(r, w),
      source,
      dataset: str(r, 'dataset', EVAL_INGEST_LIMITS.dataset, w),
      prompt_name: str(r, 'prompt_name', EVAL_INGEST_LIMITS.short, w),
      prompt_version: str(r, 'prompt_version', EVAL_INGEST_LIMITS.short, w),
      model: str(r, 'model', EVAL_INGEST_LIMITS.short, w),
      metrics: metrics as string[],
      items: int(r, 'items', 0xffffffff, w),
      errors: int(r, 'errors', 0xffffffff, w),
      scores: scores as Record<string, number>,
    };
  }
  if (!results.length && !run) throw new EvalInputError('send results, run, or both');
  return { run_id: runId, chunk, results, run };
}

/** Inserts a chunk (results first, then the run row): a retried chunk is a no-op by its dedup tokens. */
export async function storeEvalChunk(store: Store, database: string, project: string, c: EvalChunk): Promise<void> {
  if (c.results.length) {
    await store.insertJsonEachRow(`${database}.${EVAL_RESULTS.name}`, c.results.map(evalResultRowJson).join(''), {
      dedupToken: `eval:${project}:${c.run_id}:results:${c.chunk}`,
    });
  }
  if (c.run) await store.insertJsonEachRow(`${database}.${EVAL_RUNS.name}`, evalRunRowJson(c.run), { dedupToken: `eval:${project}:${c.run_id}:run` });
}
