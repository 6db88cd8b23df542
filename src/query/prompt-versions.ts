/**
 * GET /api/v1/prompts/:name/versions — every version of one prompt side by side: calls, cost per
 * call, latency p50/p95, tokens, error rate, each quality score's average, human feedback, and
 * first/last seen, over a time range. Two bounded aggregations (per version; per version × score
 * name), each one pass over the prompt's calls in the range.
 */
import { CallsInputError, parseMsRange } from './calls.ts';
import { readJson, rowObjects, type JsonReader } from './json-read.ts';

export const DEFAULT_PROMPT_RANGE_MS = 30 * 24 * 3600_000;
const MAX_NAME = 256;

export interface PromptVersion {
  version: string;
  calls: number;
  cost_usd: number;
  cost_per_call: number;
  latency_p50_ms: number;
  latency_p95_ms: number;
  input_tokens: number;
  output_tokens: number;
  tokens_per_call: number;
  error_rate: number;
  first_seen: string;
  last_seen: string;
  /** Average of each automatic score (local scorers, LLM judge) by score name. */
  scores: Record<string, number>;
  /** Human feedback (POST /api/v1/feedback) by name: average value and how many. */
  feedback: Record<string, { avg: number; count: number }>;
}

export function parsePromptRange(q: URLSearchParams, now = Date.now()): { fromMs: number; toMs: number } {
  for (const k of q.keys()) if (k !== 'from' && k !== 'to') throw new CallsInputError(`unknown parameter ${JSON.stringify(k.slice(0, 64))}`);
  const { startMs: fromMs, endMs: toMs } = parseMsRange(q, { start: 'from', end: 'to' }, DEFAULT_PROMPT_RANGE_MS, now);
  return { fromMs, toMs };
}

export async function promptVersions(r: JsonReader, name: string, range: { fromMs: number; toMs: number }, project: string | null): Promise<PromptVersion[]> {
  if (name === '' || name.length > MAX_NAME) throw new CallsInputError(`prompt name must be 1–${MAX_NAME} characters`);
  const db = r.database;
  const params = { name, from: range.fromMs / 1000, to: range.toMs / 1000 };
  const calls = `prompt_name = {name:String} AND timestamp >= fromUnixTimestamp64Milli(toInt64({from:Float64} * 1000)) AND timestamp <= fromUnixTimestamp64Milli(toInt64({to:Float64} * 1000))`;
  // quantile(): linear interpolation over a reservoir of 8192 values — exact up to 8192 calls per version.
  const main = rowObjects(
    await readJson(
      r,
      `SELECT prompt_version AS version, count() AS calls, sum(cost_usd) AS total_cost, avg(cost_usd) AS cost_per_call,
              quantile(0.5)(duration_ms) AS latency_p50_ms, quantile(0.95)(duration_ms) AS latency_p95_ms,
              sum(input_tokens) AS total_input_tokens, sum(output_tokens) AS total_output_tokens,
              avg(input_tokens + output_tokens) AS tokens_per_call,
              countIf(status = 'error') / count() AS error_rate, min(timestamp) AS first_seen, max(timestamp) AS last_seen
       FROM ${db}.llm_calls WHERE ${calls} GROUP BY version ORDER BY first_seen, version LIMIT 1000`,
      params,
      project,
    ),
  );
  const scores = rowObjects(
    await readJson(
      r,
      `SELECT c.prompt_version AS version, s.name AS name, s.source = 'human' AS human, avg(s.value) AS avg, count() AS n
       FROM ${db}.scores AS s
       INNER JOIN (SELECT project_id, trace_id, span_id, prompt_version FROM ${db}.llm_calls WHERE ${calls}) AS c
         ON s.project_id = c.project_id AND s.trace_id = c.trace_id AND s.span_id = c.span_id
       WHERE s.trace_id IN (SELECT trace_id FROM ${db}.llm_calls WHERE ${calls})
       GROUP BY version, name, human ORDER BY version, name LIMIT 100000`,
      params,
      project,
    ),
  );
  const out = new Map<string, PromptVersion>();
  for (const m of main) {
    out.set(String(m.version), {
      version: String(m.version),
      calls: Number(m.calls),
      cost_usd: Number(m.total_cost),
      cost_per_call: Number(m.cost_per_call),
      latency_p50_ms: Number(m.latency_p50_ms),
      latency_p95_ms: Number(m.latency_p95_ms),
      input_tokens: Number(m.total_input_tokens),
      output_tokens: Number(m.total_output_tokens),
      tokens_per_call: Number(m.tokens_per_call),
      error_rate: Number(m.error_rate),
      first_seen: String(m.first_seen),
      last_seen: String(m.last_seen),
      scores: {},
      feedback: {},
    });
  }
  for (const s of scores) {
    const v = out.get(String(s.version));
    if (!v) continue;
    if (Number(s.human) === 1) v.feedback[String(s.name)] = { avg: Number(s.avg), count: Number(s.n) };
    else v.scores[String(s.name)] = Number(s.avg);
  }
  return [...out.values()];
}
