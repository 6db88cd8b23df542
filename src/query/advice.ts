/**
 * GET /api/v1/advice — where money goes that need not (issue 10, item 6), over a time range:
 *
 * - cacheable: per (service, prompt name, prompt version), calls whose request was already seen
 *   (same `request_hash`: the canonical request; same `request_hash_normalized`: equal after
 *   case/whitespace folding) and what a response cache would have saved — every repeat's cost, the
 *   first occurrence paid. Hashes come from the instrumentation, so this works without content capture.
 * - cheaper_models: per (provider, model, prompt name), the same tokens priced at the list price of
 *   every cheaper text model of the same vendor (the one price table, src/pricing/), and, where two
 *   models served the same prompt version, their quality and feedback side by side.
 * - output_caps: per (service, model, prompt name), output tokens against `max_tokens`, calls cut
 *   off by the cap (finish reason length / max_tokens), and a suggested cap.
 *
 * Each part is a bounded aggregation (GROUP BY … LIMIT) over the range; the per-hash step of the
 * cache estimate holds one row per distinct request in the range.
 */
import type { PriceBook } from '../pricing/match.ts';
import { tokensCost } from '../pricing/cost.ts';
import { isSuggestableTextModel, modelVendor } from '../pricing/vendors.ts';
import { CallsInputError, parseMsRange } from './calls.ts';
import { readJson, rowObjects, type JsonReader } from './json-read.ts';

export const DEFAULT_ADVICE_RANGE_MS = 7 * 24 * 3600_000;
const MAX_GROUPS = 1000;
const MAX_ALTERNATIVES = 5;
/** Output caps: a cap hit by more than this share of calls is too low. */
export const TRUNCATION_TOO_HIGH = 0.05;
/** Output caps: suggested cap = p99 of the output tokens × this headroom. */
export const CAP_HEADROOM = 1.2;
/** Finish reasons that mean "stopped by the output-token cap" (OpenAI, Anthropic, Gemini, Bedrock). */
export const TRUNCATED_REASONS = ['length', 'max_tokens', 'MAX_TOKENS'];

export interface AdviceRange {
  fromMs: number;
  toMs: number;
  service: string | null;
}

export function parseAdviceQuery(q: URLSearchParams, now = Date.now()): AdviceRange {
  for (const k of q.keys()) if (k !== 'from' && k !== 'to' && k !== 'service') throw new CallsInputError(`unknown parameter ${JSON.stringify(k.slice(0, 64))}`);
  const { startMs: fromMs, endMs: toMs } = parseMsRange(q, { start: 'from', end: 'to' }, DEFAULT_ADVICE_RANGE_MS, now);
  const service = q.get('service');
  if (service !== null && (service === '' || service.length > 256)) throw new CallsInputError('service must be 1–256 characters');
  return { fromMs, toMs, service };
}

export interface CacheableGroup {
  service_name: string;
  prompt_name: string;
  prompt_version: string;
  calls: number;
  /** Calls that carry a request hash (instrumented by @llmscope/instrumentation). */
  hashed_calls: number;
  cost_usd: number;
  exact_duplicates: number;
  exact_share: number;
  exact_saved_usd: number;
  normalized_duplicates: number;
  normalized_share: number;
  normalized_saved_usd: number;
  /** Calls a response cache already answered (llmscope.cache.hit). */
  cache_hits: number;
}

export interface Alternative {
  model: string;
  cost_usd: number;
  saving_usd: number;
  saving_share: number;
  /** Prompt versions (of this prompt) that both models served in the range: compare them in `model_comparisons`. */
  served_same_prompt_versions: string[];
}

export interface CheaperModelAdvice {
  provider: string;
  request_model: string;
  /** The price-table entry the model was priced with. */
  priced_as: string;
  prompt_name: string;
  calls: number;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  alternatives: Alternative[];
}

export interface ModelQuality {
  model: string;
  calls: number;
  cost_per_call: number;
  error_rate: number;
  toxicity: number | null;
  hallucination: number | null;
  relevance: number | null;
  feedback: number;
  negative_share: number | null;
}

export interface ModelComparison {
  prompt_name: string;
  prompt_version: string;
  models: ModelQuality[];
}

export interface OutputCap {
  service_name: string;
  request_model: string;
  prompt_name: string;
  calls: number;
  with_max_tokens: number;
  max_tokens_p50: number | null;
  output_p50: number;
  output_p95: number;
  output_p99: number;
  output_max: number;
  truncated: number;
  truncated_share: number;
  /** raise: the cap cuts answers off; lower: p99 output is under half the cap; set: no cap; ok. */
  suggestion: 'raise' | 'lower' | 'set' | 'ok';
  suggested_max_tokens: number | null;
}

export interface Advice {
  from: string;
  to: string;
  cacheable: CacheableGroup[];
  cheaper_models: CheaperModelAdvice[];
  model_comparisons: ModelComparison[];
  output_caps: OutputCap[];
}

const n = (v: unknown) => Number(v);
const orNull = (v: unknown) => (v === null || v === undefined || Number.isNaN(Number(v)) ? null : Number(v));
const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const NEGATIVE = `(value <= 0 OR (name = 'rating' AND value <= 2))`;

export async function costAdvice(r: JsonReader, book: PriceBook, range: AdviceRange, project: string | null): Promise<Advice> {
  const db = r.database;
  const params = { from: range.fromMs / 1000, to: range.toMs / 1000, service: range.service ?? '' };
  const where = rangeWhere('');
  const rows = async (sql: string) => rowObjects(await readJson(r, sql, params, project));
  const [cacheable, cheaper, comparisons, caps] = await Promise.all([
    cacheableGroups(rows, db, where),
    cheaperModels(rows, db, where, book),
    modelComparisons(rows, db, where),
    outputCaps(rows, db, where),
  ]);
  for (const advice of cheaper) {
    for (const alt of advice.alternatives) {
      alt.served_same_prompt_versions = comparisons
        .filter((c) => c.prompt_name === advice.prompt_name && c.models.some((m) => m.model === advice.request_model) && c.models.some((m) => book.match(advice.provider, m.model)?.key === alt.model))
        .map((c) => c.prompt_version);
    }
  }
  return { from: new Date(range.fromMs).toISOString(), to: new Date(range.toMs).toISOString(), cacheable, cheaper_models: cheaper, model_comparisons: comparisons, output_caps: caps };
}

type Rows = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** The calls in the range (and of the service, when one is asked for); `alias` qualifies the columns. */
function rangeWhere(alias: string): string {
  const p = alias ? `${alias}.` : '';
  return `${p}timestamp >= fromUnixTimestamp64Milli(toInt64({from:Float64} * 1000)) AND ${p}timestamp <= fromUnixTimestamp64Milli(toInt64({to:Float64} * 1000))
    AND ({service:String} = '' OR ${p}service_name = {service:String})`;
}

async function cacheableGroups(rows: Rows, db: string, where: string): Promise<CacheableGroup[]> {
  const group = 'service_name, prompt_name, prompt_version';
  const totals = await rows(
    `SELECT ${group}, count() AS calls, countIf(request_hash != '') AS hashed_calls, sum(cost_usd) AS cost_usd, countIf(cache_hit) AS cache_hits
     FROM ${db}.llm_calls WHERE ${where} GROUP BY ${group} ORDER BY cost_usd DESC, ${group} LIMIT ${MAX_GROUPS}`,
  );
  // A cache answers only successful calls again, and a cache hit is no repeat to save on.
  const repeats = (column: string) =>
    rows(
      `SELECT ${group}, sum(n) - count() AS duplicates, sum(total - first_cost) AS saved_usd
       FROM (SELECT ${group}, ${column} AS h, count() AS n, sum(cost_usd) AS total, argMin(cost_usd, timestamp) AS first_cost
             FROM ${db}.llm_calls WHERE ${where} AND ${column} != '' AND status = 'ok' AND NOT cache_hit GROUP BY ${group}, h)
       GROUP BY ${group} LIMIT ${MAX_GROUPS * 10}`,
    );
  const [exact, normalized] = await Promise.all([repeats('request_hash'), repeats('request_hash_normalized')]);
  const key = (x: Record<string, unknown>) => `${x.service_name}\u0000${x.prompt_name}\u0000${x.prompt_version}`;
  const exactBy = new Map(exact.map((x) => [key(x), x]));
  const normalizedBy = new Map(normalized.map((x) => [key(x), x]));
  return totals.map((t) => {
    const e = exactBy.get(key(t));
    const m = normalizedBy.get(key(t));
    const calls = n(t.calls);
    return {
      service_name: String(t.service_name),
      prompt_name: String(t.prompt_name),
      prompt_version: String(t.prompt_version),
      calls,
      hashed_calls: n(t.hashed_calls),
      cost_usd: n(t.cost_usd),
      exact_duplicates: n(e?.duplicates ?? 0),
      exact_share: ratio(n(e?.duplicates ?? 0), calls),
      exact_saved_usd: n(e?.saved_usd ?? 0),
      normalized_duplicates: n(m?.duplicates ?? 0),
      normalized_share: ratio(n(m?.duplicates ?? 0), calls),
      normalized_saved_usd: n(m?.saved_usd ?? 0),
      cache_hits: n(t.cache_hits),
    };
  });
}

async function cheaperModels(rows: Rows, db: string, where: string, book: PriceBook): Promise<CheaperModelAdvice[]> {
  const groups = await rows(
    `SELECT provider, request_model, prompt_name, count() AS calls, sum(cost_usd) AS cost_usd,
            sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cache_read_tokens) AS cache_read_tokens,
            sum(cache_write_tokens) AS cache_write_tokens, sum(reasoning_tokens) AS reasoning_tokens
     FROM ${db}.llm_calls WHERE ${where} AND operation != 'embeddings' AND NOT cache_hit AND request_model != ''
     GROUP BY provider, request_model, prompt_name ORDER BY cost_usd DESC, provider, request_model, prompt_name LIMIT ${MAX_GROUPS}`,
  );
  const entries = book.entries();
  const out: CheaperModelAdvice[] = [];
  for (const g of groups) {
    const provider = String(g.provider);
    const model = String(g.request_model);
    const match = book.match(provider, model);
    const tokens = {
      inputTokens: n(g.input_tokens),
      outputTokens: n(g.output_tokens),
      cacheReadTokens: n(g.cache_read_tokens),
      cacheWriteTokens: n(g.cache_write_tokens),
      reasoningTokens: n(g.reasoning_tokens),
    };
    const vendor = match ? modelVendor(match.key) : '';
    const current = match ? tokensCost(tokens, match.price) : n(g.cost_usd);
    const alternatives: Alternative[] = [];
    if (vendor !== '') {
      for (const [key, entry] of entries) {
        if (key === match!.key || modelVendor(key) !== vendor || !isSuggestableTextModel(key)) continue;
        const cost = tokensCost(tokens, entry.price);
        if (cost < current) alternatives.push({ model: key, cost_usd: cost, saving_usd: current - cost, saving_share: ratio(current - cost, current), served_same_prompt_versions: [] });
      }
    }
    alternatives.sort((a, b) => a.cost_usd - b.cost_usd || (a.model < b.model ? -1 : 1));
    out.push({
      provider,
      request_model: model,
      priced_as: match?.key ?? '',
      prompt_name: String(g.prompt_name),
      calls: n(g.calls),
      cost_usd: n(g.cost_usd),
      input_tokens: tokens.inputTokens,
      output_tokens: tokens.outputTokens,
      cache_read_tokens: tokens.cacheReadTokens,
      // the cheapest first; the ones that served the same prompt versions are worth a look first
      alternatives: alternatives.slice(0, MAX_ALTERNATIVES),
    });
  }
  return out;
}

async function modelComparisons(rows: Rows, db: string, where: string): Promise<ModelComparison[]> {
  const per = await rows(
    `SELECT c.prompt_name AS prompt_name, c.prompt_version AS prompt_version, c.request_model AS model, count() AS calls,
            avg(c.cost_usd) AS cost_per_call, countIf(c.status = 'error') / count() AS error_rate,
            avg(c.toxicity) AS toxicity, avg(c.hallucination) AS hallucination, avg(c.relevance) AS relevance,
            sum(f.n) AS feedback, sum(f.negative) AS negative
     FROM ${db}.llm_calls AS c
     LEFT JOIN (SELECT trace_id, span_id, count() AS n, countIf${NEGATIVE} AS negative FROM ${db}.scores WHERE source = 'human' GROUP BY trace_id, span_id) AS f
       ON f.trace_id = c.trace_id AND f.span_id = c.span_id
     WHERE ${rangeWhere('c')}
       AND c.prompt_name != '' AND c.operation != 'embeddings' AND NOT c.cache_hit
       AND (c.prompt_name, c.prompt_version) IN (
         SELECT prompt_name, prompt_version FROM ${db}.llm_calls
         WHERE ${where} AND prompt_name != '' AND operation != 'embeddings' AND NOT cache_hit
         GROUP BY prompt_name, prompt_version HAVING uniqExact(request_model) > 1)
     GROUP BY prompt_name, prompt_version, model ORDER BY prompt_name, prompt_version, model LIMIT ${MAX_GROUPS * 10}`,
  );
  const out = new Map<string, ModelComparison>();
  for (const p of per) {
    const k = `${p.prompt_name}\u0000${p.prompt_version}`;
    let c = out.get(k);
    if (!c) out.set(k, (c = { prompt_name: String(p.prompt_name), prompt_version: String(p.prompt_version), models: [] }));
    const feedback = n(p.feedback);
    c.models.push({
      model: String(p.model),
      calls: n(p.calls),
      cost_per_call: n(p.cost_per_call),
      error_rate: n(p.error_rate),
      toxicity: orNull(p.toxicity),
      hallucination: orNull(p.hallucination),
      relevance: orNull(p.relevance),
      feedback,
      negative_share: feedback > 0 ? n(p.negative) / feedback : null,
    });
  }
  return [...out.values()];
}

async function outputCaps(rows: Rows, db: string, where: string): Promise<OutputCap[]> {
  const reasons = TRUNCATED_REASONS.map((x) => `'${x}'`).join(', ');
  const groups = await rows(
    `SELECT service_name, request_model, prompt_name, count() AS calls, countIf(max_tokens > 0) AS with_max_tokens,
            quantileExactIf(0.5)(max_tokens, max_tokens > 0) AS max_tokens_p50,
            quantileExact(0.5)(output_tokens) AS output_p50, quantileExact(0.95)(output_tokens) AS output_p95,
            quantileExact(0.99)(output_tokens) AS output_p99, max(output_tokens) AS output_max,
            countIf(hasAny(finish_reasons, [${reasons}])) AS truncated
     FROM ${db}.llm_calls WHERE ${where} AND status = 'ok' AND operation != 'embeddings' AND NOT cache_hit
     GROUP BY service_name, request_model, prompt_name ORDER BY calls DESC, service_name, request_model, prompt_name LIMIT ${MAX_GROUPS}`,
  );
  return groups.map((g) => {
    const calls = n(g.calls);
    const withCap = n(g.with_max_tokens);
    const cap = withCap > 0 ? n(g.max_tokens_p50) : null;
    const truncated = n(g.truncated);
    const p99 = n(g.output_p99);
    const suggested = Math.max(1, Math.ceil(p99 * CAP_HEADROOM));
    let suggestion: OutputCap['suggestion'] = 'ok';
    if (ratio(truncated, calls) > TRUNCATION_TOO_HIGH) suggestion = 'raise';
    else if (cap === null) suggestion = 'set';
    else if (p99 < cap / 2) suggestion = 'lower';
    return {
      service_name: String(g.service_name),
      request_model: String(g.request_model),
      prompt_name: String(g.prompt_name),
      calls,
      with_max_tokens: withCap,
      max_tokens_p50: cap,
      output_p50: n(g.output_p50),
      output_p95: n(g.output_p95),
      output_p99: p99,
      output_max: n(g.output_max),
      truncated,
      truncated_share: ratio(truncated, calls),
      suggestion,
      suggested_max_tokens: suggestion === 'lower' || suggestion === 'set' ? suggested : null,
    };
  });
}
