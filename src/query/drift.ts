/**
 * GET /api/v1/drift — drift rows (src/drift/) newest window first, drifted and largest first within
 * a window. Filters: service, model, prompt (prompt name), prompt_version, feature (each may repeat:
 * either value), since / until (ms epoch over window_start; default the last 7 days), drifted
 * (true|false), limit (≤ 1000, default 100). One bounded read of the drift table (FINAL: a window
 * computed again counts once); the tenant filter is the engine's, like every read API.
 */
import { FEATURE_NAMES } from '../drift/features.ts';
import { CallsInputError, parseMsRange } from './calls.ts';
import { readJson, rowObjects, type JsonReader } from './json-read.ts';

export const DEFAULT_DRIFT_RANGE_MS = 7 * 24 * 3600_000;
const MAX_LIMIT = 1000;
const MAX_VALUE = 256;

const FILTERS: Record<string, string> = {
  service: 'service_name',
  model: 'request_model',
  prompt: 'prompt_name',
  prompt_version: 'prompt_version',
  feature: 'feature',
};
const KNOWN = new Set([...Object.keys(FILTERS), 'since', 'until', 'drifted', 'limit']);

export interface DriftQuery {
  filters: Record<string, string[]>;
  sinceMs: number;
  untilMs: number;
  drifted: boolean | null;
  limit: number;
}

export function parseDriftQuery(q: URLSearchParams, now = Date.now()): DriftQuery {
  for (const k of q.keys()) if (!KNOWN.has(k)) throw new CallsInputError(`unknown parameter ${JSON.stringify(k.slice(0, 64))} (allowed: ${[...KNOWN].join(', ')})`);
  const filters: Record<string, string[]> = {};
  for (const k of Object.keys(FILTERS)) {
    const vs = q.getAll(k);
    if (!vs.length) continue;
    if (vs.length > 100) throw new CallsInputError(`${k}: at most 100 values`);
    for (const v of vs) if (v.length > MAX_VALUE) throw new CallsInputError(`${k}: a value is longer than ${MAX_VALUE} characters`);
    if (k === 'feature') for (const v of vs) if (!FEATURE_NAMES.includes(v)) throw new CallsInputError(`feature ${JSON.stringify(v.slice(0, 64))} is not one of ${FEATURE_NAMES.join(', ')}`);
    filters[k] = vs;
  }
  const { startMs: sinceMs, endMs: untilMs } = parseMsRange(q, { start: 'since', end: 'until' }, DEFAULT_DRIFT_RANGE_MS, now);
  const d = q.get('drifted');
  if (d !== null && d !== 'true' && d !== 'false') throw new CallsInputError('drifted must be true or false');
  const l = q.get('limit') ?? '100';
  if (!/^\d{1,5}$/.test(l) || Number(l) < 1 || Number(l) > MAX_LIMIT) throw new CallsInputError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return { filters, sinceMs, untilMs, drifted: d === null ? null : d === 'true', limit: Number(l) };
}

export async function listDrift(r: JsonReader, q: DriftQuery, project: string | null): Promise<{ rows: Array<Record<string, unknown>> }> {
  const where = ['window_start >= fromUnixTimestamp64Milli({since:Int64})', 'window_start <= fromUnixTimestamp64Milli({until:Int64})'];
  const params: Record<string, unknown> = { since: q.sinceMs, until: q.untilMs, limit: q.limit };
  for (const [k, vs] of Object.entries(q.filters)) {
    where.push(`${FILTERS[k]} IN {f_${k}:Array(String)}`);
    params[`f_${k}`] = vs;
  }
  if (q.drifted !== null) where.push(q.drifted ? 'drifted' : 'NOT drifted');
  const res = await readJson(
    r,
    `SELECT project_id, window_start, window_end, reference_start, service_name, request_model, prompt_name, prompt_version, feature,
            statistic, value, p_value, threshold, drifted, recent_count, reference_count, recent_summary, reference_summary, detail, computed_at
     FROM ${r.database}.drift FINAL WHERE ${where.join(' AND ')}
     ORDER BY window_start DESC, drifted DESC, value DESC, service_name, request_model, prompt_name, prompt_version, feature
     LIMIT {limit:UInt32}`,
    params,
    project,
  );
  return {
    rows: rowObjects(res).map((o) => {
      let detail: unknown = o.detail;
      try {
        detail = JSON.parse(String(o.detail));
      } catch {
        /* kept as text */
      }
      return { ...o, drifted: o.drifted === true || o.drifted === 1, detail };
    }),
  };
}
