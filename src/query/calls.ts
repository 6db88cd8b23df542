/**
 * The SQL behind the calls explorer, the call page and the trace view. The server owns every
 * statement; values from the request travel as bound parameters, column names only from fixed lists.
 */
import { readJson, rowObjects, type JsonReader } from './json-read.ts';

export class CallsInputError extends Error {
  override name = 'CallsInputError';
}

/**
 * A time range from query parameters in milliseconds since the epoch: `end` defaults to now,
 * `start` to `defaultRangeMs` before the end; start after end is refused.
 */
export function parseMsRange(q: URLSearchParams, names: { start: string; end: string }, defaultRangeMs: number, now: number): { startMs: number; endMs: number } {
  const ms = (k: string, d: number) => {
    const v = q.get(k);
    if (v === null) return d;
    if (!/^\d{1,15}$/.test(v)) throw new CallsInputError(`${k} must be milliseconds since the epoch`);
    return Number(v);
  };
  const endMs = ms(names.end, now);
  const startMs = ms(names.start, endMs - defaultRangeMs);
  if (startMs > endMs) throw new CallsInputError(`${names.start} must not be after ${names.end}`);
  return { startMs, endMs };
}

/** Columns of a row in the calls list (content and long text stay on the call page). */
const LIST_COLUMNS = [
  'timestamp', 'trace_id', 'span_id', 'service_name', 'environment', 'operation', 'provider', 'request_model', 'response_model',
  'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_usd', 'duration_ms', 'ttft_ms',
  'stream', 'status', 'error_type', 'user_id', 'session_id', 'prompt_name', 'prompt_version', 'project_id',
];

/** Equality filters: query parameter → column. */
const EQUALITY_FILTERS: Record<string, string> = {
  service: 'service_name',
  provider: 'provider',
  model: 'request_model',
  status: 'status',
  user: 'user_id',
  session: 'session_id',
  prompt_name: 'prompt_name',
  prompt_version: 'prompt_version',
};

const FIXED_SORTS: Record<string, string> = {
  timestamp: 'timestamp',
  cost_usd: 'cost_usd',
  duration_ms: 'duration_ms',
  ttft_ms: 'ttft_ms',
  input_tokens: 'input_tokens',
  output_tokens: 'output_tokens',
  total_tokens: 'input_tokens + output_tokens',
};

const NUMERIC_SCORE_TYPE_RE = /^(?:Nullable\()?(?:Float32|Float64|U?Int(?:8|16|32|64))\)?$/;
const NOT_SCORES = new Set(['ttft_ms', 'duration_ms', 'cost_usd', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens']);

export interface CallsApi {
  reader: JsonReader;
  /** Score columns of llm_calls (Nullable numbers such as toxicity), discovered from the schema. */
  scoreColumns(): Promise<string[]>;
}

export function createCallsApi(reader: JsonReader): CallsApi {
  let cached: { at: number; cols: string[] } | null = null;
  return {
    reader,
    async scoreColumns() {
      if (cached && Date.now() - cached.at < 60_000) return cached.cols;
      const r = await readJson(
        reader,
        'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = \'llm_calls\' ORDER BY position',
        { db: reader.database },
        null,
      );
      const cols = rowObjects(r)
        .filter((c) => String(c.type).startsWith('Nullable(') && NUMERIC_SCORE_TYPE_RE.test(String(c.type)) && !NOT_SCORES.has(String(c.name)))
        .map((c) => String(c.name));
      cached = { at: Date.now(), cols };
      return cols;
    },
  };
}

const DAY_MS = 86_400_000;
const MAX_LIMIT = 1000;
const MAX_OFFSET = 100_000;

export interface CallsQuery {
  sql: string;
  countSql: string;
  params: Record<string, unknown>;
}

/** Builds the list and count statements from the URL query (each key may repeat). */
export function buildCallsQuery(q: URLSearchParams, scoreColumns: readonly string[], database: string, now = Date.now()): CallsQuery {
  const params: Record<string, unknown> = {};
  const where: string[] = [];
  const known = new Set(['from', 'to', 'q', 'sort', 'order', 'limit', 'offset', ...Object.keys(EQUALITY_FILTERS)]);
  for (const s of scoreColumns) known.add(`min_${s}`).add(`max_${s}`);
  for (const key of new Set(q.keys())) if (!known.has(key)) throw new CallsInputError(`unknown parameter "${key.slice(0, 60)}"`);
  const one = (k: string): string | null => {
    const all = q.getAll(k);
    if (all.length > 1) throw new CallsInputError(`parameter ${k} given more than once`);
    return all[0] ?? null;
  };
  const int = (k: string, def: number, min: number, max: number): number => {
    const v = one(k);
    if (v === null || v === '') return def;
    if (!/^\d+$/.test(v)) throw new CallsInputError(`${k} must be a whole number`);
    const n = Number(v);
    if (n < min || n > max) throw new CallsInputError(`${k} must be between ${min} and ${max}`);
    return n;
  };
  const to = int('to', now, 0, 32503680000000);
  const from = int('from', to - DAY_MS, 0, 32503680000000);
  if (from >= to) throw new CallsInputError('from must be before to');
  params.from = from;
  params.to = to;
  where.push('timestamp >= fromUnixTimestamp64Milli({from:Int64})', 'timestamp <= fromUnixTimestamp64Milli({to:Int64})');
  for (const [key, column] of Object.entries(EQUALITY_FILTERS)) {
    const values = q.getAll(key);
    if (values.length === 0) continue;
    if (values.length > 100 || values.some((v) => v.length > 1000)) throw new CallsInputError(`${key}: at most 100 values of up to 1000 characters`);
    params[`f_${key}`] = values;
    where.push(`${column} IN {f_${key}:Array(String)}`);
  }
  const text = one('q');
  if (text) {
    if (text.length > 1000) throw new CallsInputError('q: at most 1000 characters');
    params.q = text;
    where.push('(positionCaseInsensitiveUTF8(input_text, {q:String}) > 0 OR positionCaseInsensitiveUTF8(output_text, {q:String}) > 0)');
  }
  for (const s of scoreColumns) {
    for (const bound of ['min', 'max'] as const) {
      const v = one(`${bound}_${s}`);
      if (v === null || v === '') continue;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new CallsInputError(`${bound}_${s} must be a number`);
      params[`${bound}_${s}`] = n;
      where.push(`${s} ${bound === 'min' ? '>=' : '<='} {${bound}_${s}:Float64}`);
    }
  }
  const sort = one('sort') ?? 'timestamp';
  const sortExpr = FIXED_SORTS[sort] ?? (scoreColumns.includes(sort) ? sort : null);
  if (!sortExpr) throw new CallsInputError(`sort must be one of ${[...Object.keys(FIXED_SORTS), ...scoreColumns].join(', ')}`);
  const order = (one('order') ?? 'desc').toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw new CallsInputError('order must be asc or desc');
  params.limit = int('limit', 100, 1, MAX_LIMIT);
  params.offset = int('offset', 0, 0, MAX_OFFSET);
  const table = `${database}.llm_calls`;
  const cols = [...LIST_COLUMNS, ...scoreColumns].join(', ');
  const cond = where.join(' AND ');
  return {
    sql: `SELECT ${cols} FROM ${table} WHERE ${cond} ORDER BY ${sortExpr} ${order.toUpperCase()} NULLS LAST, timestamp DESC, span_id LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    countSql: `SELECT count() AS total FROM ${table} WHERE ${cond}`,
    params,
  };
}

export const TRACE_ID_RE = /^[0-9a-f]{32}$/;
export const SPAN_ID_RE = /^[0-9a-f]{16}$/;

export async function listCalls(api: CallsApi, q: URLSearchParams, project: string | null): Promise<{ rows: Array<Record<string, unknown>>; total: number }> {
  const built = buildCallsQuery(q, await api.scoreColumns(), api.reader.database);
  const { limit: _l, offset: _o, ...countParams } = built.params;
  const [rows, count] = await Promise.all([
    readJson(api.reader, built.sql, built.params, project),
    readJson(api.reader, built.countSql, countParams, project),
  ]);
  return { rows: rowObjects(rows), total: Number(count.rows[0]?.[0] ?? 0) };
}

export async function getCall(
  api: CallsApi,
  traceId: string,
  spanId: string,
  project: string | null,
): Promise<{ call: Record<string, unknown>; scores: Array<Record<string, unknown>>; similar: Array<Record<string, unknown>> } | null> {
  const db = api.reader.database;
  const ids = { trace_id: traceId, span_id: spanId };
  const callRes = await readJson(api.reader, `SELECT * FROM ${db}.llm_calls WHERE trace_id = {trace_id:String} AND span_id = {span_id:String} ORDER BY timestamp DESC LIMIT 1`, ids, project);
  const call = rowObjects(callRes)[0];
  if (!call) return null;
  const scoresP = readJson(
    api.reader,
    `SELECT timestamp, name, value, label, source, explanation FROM ${db}.scores WHERE trace_id = {trace_id:String} AND span_id = {span_id:String} ORDER BY name, source, timestamp`,
    ids,
    project,
  );
  const promptName = String(call.prompt_name ?? '');
  const similarP = promptName
    ? readJson(
        api.reader,
        `SELECT timestamp, trace_id, span_id, request_model, cost_usd, duration_ms, status, prompt_name, prompt_version FROM ${db}.llm_calls
         WHERE prompt_name = {pn:String} AND prompt_version = {pv:String} AND NOT (trace_id = {trace_id:String} AND span_id = {span_id:String})
         ORDER BY timestamp DESC LIMIT 20`,
        { ...ids, pn: promptName, pv: String(call.prompt_version ?? '') },
        project,
      )
    : null;
  const [scores, similar] = await Promise.all([scoresP, similarP]);
  return { call, scores: rowObjects(scores), similar: similar ? rowObjects(similar) : [] };
}

export async function getTrace(
  api: CallsApi,
  traceId: string,
  project: string | null,
): Promise<{ spans: Array<Record<string, unknown>>; calls: Array<Record<string, unknown>> } | null> {
  const db = api.reader.database;
  const p = { trace_id: traceId };
  // The trace's time range first (as the exporter's schema intends), so the span read can prune partitions.
  const spansRes = await readJson(
    api.reader,
    `WITH (SELECT (min(Start), max(End)) FROM ${db}.otel_traces_trace_id_ts WHERE TraceId = {trace_id:String}) AS range
     SELECT * FROM ${db}.otel_traces
     WHERE TraceId = {trace_id:String}
       AND (range.2 = toDateTime(0) OR (Timestamp >= range.1 - INTERVAL 1 MINUTE AND Timestamp <= range.2 + INTERVAL 1 MINUTE))
     ORDER BY Timestamp, SpanId LIMIT 10000`,
    p,
    project,
  );
  const spans = rowObjects(spansRes).map(nestSpan);
  const calls = rowObjects(
    await readJson(
      api.reader,
      `SELECT * EXCEPT (input_text, output_text) FROM ${db}.llm_calls WHERE trace_id = {trace_id:String} ORDER BY timestamp LIMIT 10000`,
      p,
      project,
    ),
  );
  if (spans.length === 0 && calls.length === 0) return null;
  return { spans, calls };
}

/** Nested columns (`Events.Name` …: parallel arrays) as lists of objects. */
function nestSpan(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const nested: Record<string, Record<string, unknown[]>> = {};
  for (const [k, v] of Object.entries(row)) {
    const dot = k.indexOf('.');
    if (dot > 0 && Array.isArray(v) && (k.startsWith('Events.') || k.startsWith('Links.'))) {
      (nested[k.slice(0, dot)] ??= {})[k.slice(dot + 1)] = v;
    } else out[k] = v;
  }
  for (const group of ['Events', 'Links']) {
    const fields = nested[group] ?? {};
    const n = Math.max(0, ...Object.values(fields).map((a) => a.length));
    out[group] = Array.from({ length: n }, (_, i) => Object.fromEntries(Object.entries(fields).map(([f, a]) => [f, a[i]])));
  }
  return out;
}

export async function budgetNotifications(reader: JsonReader, limit: number, project: string | null): Promise<Array<Record<string, unknown>>> {
  const r = await readJson(
    reader,
    `SELECT * FROM ${reader.database}.budget_notifications FINAL ORDER BY updated_at DESC, budget LIMIT {limit:UInt32}`,
    { limit },
    project,
  );
  return rowObjects(r);
}
