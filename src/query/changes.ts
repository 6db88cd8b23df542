/**
 * GET /api/v1/changes — the API changes the detector (src/changes/) stored, newest first: one
 * bounded read of api_changes (FINAL: the latest version of each change), filtered by time of first
 * sight, kind, provider and request model.
 */
import { CHANGE_KINDS } from '../store/tables/api_changes.ts';
import { CallsInputError, parseMsRange } from './calls.ts';
import { readJson, rowObjects, type JsonReader } from './json-read.ts';

export const DEFAULT_CHANGES_RANGE_MS = 30 * 24 * 3600_000;
const MAX_LIMIT = 1000;
const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 256;
const PARAMS = new Set(['from', 'to', 'kind', 'provider', 'model', 'limit']);

export interface ChangesQuery {
  fromMs: number;
  toMs: number;
  kinds: string[];
  providers: string[];
  models: string[];
  limit: number;
}

export function parseChangesQuery(q: URLSearchParams, now = Date.now()): ChangesQuery {
  for (const k of q.keys()) if (!PARAMS.has(k)) throw new CallsInputError(`unknown parameter ${JSON.stringify(k.slice(0, 64))} (allowed: ${[...PARAMS].join(', ')})`);
  const { startMs: fromMs, endMs: toMs } = parseMsRange(q, { start: 'from', end: 'to' }, DEFAULT_CHANGES_RANGE_MS, now);
  const list = (k: string) => {
    const vs = q.getAll(k);
    if (vs.length > MAX_VALUES) throw new CallsInputError(`at most ${MAX_VALUES} values of ${k}`);
    for (const v of vs) if (v === '' || v.length > MAX_VALUE_LENGTH) throw new CallsInputError(`${k} must be 1–${MAX_VALUE_LENGTH} characters`);
    return vs;
  };
  const kinds = list('kind');
  for (const k of kinds) if (!(CHANGE_KINDS as readonly string[]).includes(k)) throw new CallsInputError(`unknown kind ${JSON.stringify(k.slice(0, 64))} (kinds: ${CHANGE_KINDS.join(', ')})`);
  const rawLimit = q.get('limit') ?? '100';
  if (!/^\d{1,5}$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > MAX_LIMIT) throw new CallsInputError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return { fromMs, toMs, kinds, providers: list('provider'), models: list('model'), limit: Number(rawLimit) };
}

export interface ApiChange {
  project_id: string;
  change_id: string;
  kind: string;
  provider: string;
  request_model: string;
  before: string;
  after: string;
  first_seen: string;
  last_seen: string;
  calls_since: number;
  detected_at: string;
  advice: string;
  detail: unknown;
  notify_status: string;
}

export async function listChanges(r: JsonReader, q: ChangesQuery, project: string | null): Promise<ApiChange[]> {
  const conds = ['first_seen >= fromUnixTimestamp64Milli({from:Int64})', 'first_seen <= fromUnixTimestamp64Milli({to:Int64})'];
  const params: Record<string, unknown> = { from: q.fromMs, to: q.toMs, limit: q.limit };
  if (q.kinds.length) (conds.push('kind IN {kinds:Array(String)}'), (params.kinds = q.kinds));
  if (q.providers.length) (conds.push('provider IN {providers:Array(String)}'), (params.providers = q.providers));
  if (q.models.length) (conds.push('request_model IN {models:Array(String)}'), (params.models = q.models));
  // The engine filters every table to the caller's project too; this keeps the read narrow.
  if (project !== null) (conds.push('project_id = {project:String}'), (params.project = project));
  const res = await readJson(
    r,
    `SELECT project_id, change_id, kind, provider, request_model, before, after, first_seen, last_seen, calls_since, detected_at, advice, detail, notify_status
     FROM ${r.database}.api_changes FINAL WHERE ${conds.join(' AND ')}
     ORDER BY first_seen DESC, kind, change_id LIMIT {limit:UInt32}`,
    params,
    project,
  );
  return rowObjects(res).map((o) => ({ ...(o as unknown as ApiChange), calls_since: Number(o.calls_since), detail: parseDetail(String(o.detail)) }));
}

function parseDetail(s: string): unknown {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return {};
  }
}
