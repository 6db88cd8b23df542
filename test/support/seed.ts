/**
 * Deterministic seed data for the dashboard tests: llm_calls, scores, otel_traces and
 * budget_notifications, all generated from a fixed PRNG seed and a fixed anchor time, so every
 * expected value can be computed in plain JS from the rows returned here.
 *
 * Score values are multiples of 1/256 (readability of 1/4): exact in Float32, so threshold tests
 * (toxicity ≥ 0.5) mean the same in ClickHouse and in JS.
 */
import type { Store } from '../../src/store/store.ts';
import { driftRows, type SeedDrift } from './seed-drift.ts';
import { changeRows, type SeedChanges } from './seed-changes.ts';
import { mulberry32 } from '../../src/util/prng.ts';

export const DB = 'llmscope';

/** The dashboards' "to"; the seeded range is the 48 h before it (2026-03-16 15:30 → 2026-03-18 15:30 UTC). */
export const ANCHOR_MS = Date.UTC(2026, 2, 18, 15, 30, 0);
export const RANGE_FROM_MS = ANCHOR_MS - 48 * 3600_000;

export interface SeedModel {
  provider: string;
  model: string;
  /** USD per token; null = not in the price table (unpriced). */
  input: number | null;
  output: number | null;
  cacheRead: number | null;
}

export const MODELS: readonly SeedModel[] = [
  { provider: 'openai', model: 'gpt-4o-mini', input: 0.15e-6, output: 0.6e-6, cacheRead: 0.075e-6 },
  { provider: 'openai', model: 'gpt-4.1', input: 2e-6, output: 8e-6, cacheRead: 0.5e-6 },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', input: 3e-6, output: 15e-6, cacheRead: 0.3e-6 },
  { provider: 'anthropic', model: 'claude-haiku-4-5', input: 1e-6, output: 5e-6, cacheRead: 0.1e-6 },
  { provider: 'acme', model: 'acme-large', input: null, output: null, cacheRead: null },
];
export const SERVICES = ['chat-api', 'rag-worker', 'summarizer'] as const;
export const ENVIRONMENTS = ['prod', 'staging'] as const;
export const USERS = ['', 'u-alice', 'u-bob', 'u-carol', 'u-dave', 'u-erin'] as const;
export const PII_TYPES = ['email', 'phone', 'credit_card'] as const;

export interface SeedCall {
  /** ms since epoch (what JS compares with); `tsNs` is the exact stored value. */
  tsMs: number;
  tsNs: bigint;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  span_name: string;
  service_name: string;
  environment: string;
  operation: string;
  provider: string;
  request_model: string;
  response_model: string;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_usd: number;
  cost_source: string;
  priced: boolean;
  duration_ms: number;
  ttft_ms: number | null;
  stream: boolean;
  status: 'ok' | 'error';
  error_type: string;
  user_id: string;
  session_id: string;
  toxicity: number | null;
  hallucination: number | null;
  readability: number | null;
  pii_count: number | null;
  prompt_injection: number | null;
  relevance: number | null;
  prompt_name: string;
  prompt_version: string;
  /** Cost advice (seeded by adviceFields): request hashes ('' = not instrumented), max_tokens (0 = none), cache hit. */
  request_hash?: string;
  request_hash_normalized?: string;
  max_tokens?: number;
  cache_hit?: boolean;
}

export interface SeedScore {
  tsNs: bigint;
  trace_id: string;
  span_id: string;
  name: string;
  value: number;
  source: string;
  service_name: string;
  request_model: string;
  explanation?: string;
  label?: string;
  /** human feedback: who gave it */
  user_id?: string;
}

export interface SeedSpan {
  tsMs: number;
  tsNs: bigint;
  TraceId: string;
  SpanId: string;
  ParentSpanId: string;
  SpanName: string;
  SpanKind: string;
  ServiceName: string;
  DurationNs: bigint;
  StatusCode: string;
  StatusMessage: string;
  SpanAttributes: Record<string, string>;
  ResourceAttributes: Record<string, string>;
  ScopeName: string;
  ScopeVersion: string;
  events: { tsNs: bigint; name: string; attributes: Record<string, string> }[];
  links: { traceId: string; spanId: string; attributes: Record<string, string> }[];
}

export interface SeedBudgetRow {
  budget: string;
  period_start: string;
  period_end: string;
  threshold: number;
  metric: string;
  limit: number;
  spent: number;
  status: string;
  attempts: number;
  last_error: string;
  updated_at: string;
}

export interface Seed {
  calls: SeedCall[];
  scores: SeedScore[];
  spans: SeedSpan[];
  budgets: SeedBudgetRow[];
  /** Rows of the drift table (test/support/seed-drift.ts). */
  drift: SeedDrift;
  /** Rows of the api_changes table (test/support/seed-changes.ts). */
  changes: SeedChanges;
}

export const prng = mulberry32;

function hex(rand: () => number, chars: number): string {
  let s = '';
  for (let i = 0; i < chars; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** 'YYYY-MM-DD hh:mm:ss' (UTC) for DateTime columns. */
export function chDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function costOf(m: SeedModel, input: number, output: number, cacheRead: number): number {
  if (m.input === null || m.output === null || m.cacheRead === null) return 0;
  return (input - cacheRead) * m.input + cacheRead * m.cacheRead + output * m.output;
}

/**
 * Human feedback (source = human) on about a quarter of the calls, from a stream of its own so
 * that every other seeded value stays as it was: thumbs (1 up, 0 down), some ratings 1–5, a few
 * calls with two items; linked rows carry the call's timestamp, service and model.
 */
function humanFeedback(calls: readonly SeedCall[], seed: number): SeedScore[] {
  const rand = prng(seed ^ 0xfeedbac);
  const out: SeedScore[] = [];
  calls.forEach((c, i) => {
    if (rand() >= 0.25) return;
    const base = { tsNs: c.tsNs, trace_id: c.trace_id, span_id: c.span_id, service_name: c.service_name, request_model: c.request_model, source: 'human' };
    const up = rand() < (c.status === 'error' ? 0.2 : 0.7);
    out.push({ ...base, name: 'thumbs', value: up ? 1 : 0, label: up ? 'up' : 'down', explanation: up ? '' : `wrong answer #${i}`, user_id: `fb-user-${i % 7}` });
    if (rand() < 0.3) out.push({ ...base, name: 'rating', value: 1 + Math.floor(rand() * 5), label: '', explanation: '', user_id: `fb-user-${i % 5}` });
  });
  return out;
}

/**
 * Request hashes, output caps and cache hits, from a stream of their own (every other seeded value
 * stays as it was): 80% of the calls hashed, drawn from 6 requests per (service, prompt version) so
 * repeats occur, two exact requests per normalised one; 70% with a max_tokens of 256/512/1024 (an
 * output reaching it is truncated: finish reason length); 5% of the hashed successful calls are cache hits.
 */
function adviceFields(calls: SeedCall[], seed: number): void {
  const rand = prng(seed ^ 0xadd1ce);
  for (const c of calls) {
    const hashed = rand() < 0.8;
    const pick = Math.floor(rand() * 6);
    const group = `${c.service_name}|${c.prompt_name}|${c.prompt_version}`;
    let g = 0;
    for (let i = 0; i < group.length; i++) g = (g * 31 + group.charCodeAt(i)) >>> 0;
    c.request_hash = hashed ? (g.toString(16).padStart(8, '0') + pick.toString(16).padStart(8, '0')) : '';
    c.request_hash_normalized = hashed ? (g.toString(16).padStart(8, '0') + (100 + (pick >> 1)).toString(16).padStart(8, '0')) : '';
    c.max_tokens = rand() < 0.7 ? pick3(rand) : 0;
    c.cache_hit = hashed && c.status === 'ok' && rand() < 0.05;
  }
}

function pick3(rand: () => number): number {
  return [256, 512, 1024][Math.floor(rand() * 3)]!;
}

/** Whether the output-token cap cut the call off (its finish reason is then `length`). */
export function truncatedByCap(c: Pick<SeedCall, 'status' | 'max_tokens' | 'output_tokens'>): boolean {
  return c.status === 'ok' && (c.max_tokens ?? 0) > 0 && c.output_tokens >= c.max_tokens!;
}

/** Calls spread over the 48 h range, plus a few before it (same month) and in the previous month. */
export function generateSeed(seed = 20260318): Seed {
  const rand = prng(seed);
  const calls: SeedCall[] = [];
  const scores: SeedScore[] = [];
  const spans: SeedSpan[] = [];
  const times: number[] = [];
  for (let i = 0; i < 480; i++) times.push(RANGE_FROM_MS + 1000 + Math.floor(rand() * (48 * 3600_000 - 2000)));
  for (let i = 0; i < 12; i++) times.push(Date.UTC(2026, 2, 15, 8, 0, 0) + i * 611_000); // before the range, same month
  for (let i = 0; i < 6; i++) times.push(Date.UTC(2026, 1, 26, 12, 0, 0) + i * 977_000); // previous month
  times.sort((a, b) => a - b);

  // prompt_injection / relevance / prompt version come from their own stream so that adding them
  // left every other seeded value unchanged.
  const abuseRand = prng(seed ^ 0x0ab05e);
  times.forEach((tsMs, i) => {
    const m = MODELS[i % 11 === 7 ? 4 : Math.floor(rand() * 4)]!;
    const service = pick(rand, SERVICES);
    const environment = rand() < 0.75 ? 'prod' : 'staging';
    const error = rand() < 0.08;
    const input = 200 + Math.floor(rand() * 3800);
    const output = error ? 0 : 20 + Math.floor(rand() * 780);
    const cacheRead = m.input !== null && rand() < 0.4 ? Math.floor(input * (0.3 + rand() * 0.5)) : 0;
    const stream = rand() < 0.5;
    const durationMs = Math.round((300 + rand() * rand() * 14000) * 1000) / 1000;
    const trace = hex(rand, 32);
    const rootSpan = hex(rand, 16);
    const span = hex(rand, 16);
    const tsNs = BigInt(tsMs) * 1_000_000n + BigInt(Math.floor(rand() * 1_000_000));
    const toxicity = rand() < 0.7 ? Math.round(rand() ** 6 * 256) / 256 : null;
    const hallucination = rand() < 0.6 ? Math.round(rand() ** 5 * 256) / 256 : null;
    const readability = rand() < 0.7 ? Math.round((15 + rand() * 75) * 4) / 4 : null;
    let piiCount: number | null = null;
    const piiByType: number[] = [0, 0, 0];
    if (rand() < 0.5) {
      piiCount = 0;
      if (rand() < 0.3) {
        const n = 1 + Math.floor(rand() * 3);
        for (let k = 0; k < n; k++) piiByType[Math.floor(rand() * 3)]!++;
        piiCount = n;
      }
    }
    const injectionScored = abuseRand() < 0.6;
    const injectionFlagged = abuseRand() < 0.12;
    const injectionLevel = abuseRand();
    const promptInjection = !injectionScored ? null : injectionFlagged ? (128 + Math.floor(injectionLevel * 128)) / 256 : Math.floor(injectionLevel * 100) / 256;
    const relevanceScored = !error && abuseRand() < 0.7;
    const relevance = relevanceScored ? Math.round(abuseRand() ** 0.5 * 255) / 256 : null;
    const promptName = abuseRand() < 0.3 ? '' : i % 2 === 0 ? 'support-answer' : 'summarize';
    const promptVersion = promptName === '' ? '' : `v${1 + Math.floor(abuseRand() * 3)}`;
    const priced = m.input !== null;
    const call: SeedCall = {
      tsMs,
      tsNs,
      trace_id: trace,
      span_id: span,
      parent_span_id: rootSpan,
      span_name: `chat ${m.model}`,
      service_name: service,
      environment,
      operation: 'chat',
      provider: m.provider,
      request_model: m.model,
      response_model: m.model === 'gpt-4o-mini' ? 'gpt-4o-mini-2024-07-18' : m.model,
      input_tokens: input,
      output_tokens: output,
      cache_read_tokens: cacheRead,
      cache_write_tokens: cacheRead > 0 && rand() < 0.3 ? 128 : 0,
      reasoning_tokens: m.model === 'gpt-4.1' ? Math.floor(output / 4) : 0,
      cost_usd: costOf(m, input, output, cacheRead),
      cost_source: priced ? 'table' : 'unpriced',
      priced,
      duration_ms: durationMs,
      ttft_ms: stream && !error ? Math.round(durationMs * 0.2 * 1000) / 1000 : null,
      stream,
      status: error ? 'error' : 'ok',
      error_type: error ? pick(rand, ['rate_limit_exceeded', 'timeout', '500']) : '',
      user_id: pick(rand, USERS),
      session_id: `s-${i % 37}`,
      toxicity,
      hallucination,
      readability,
      pii_count: piiCount,
      prompt_injection: promptInjection,
      relevance,
      prompt_name: promptName,
      prompt_version: promptVersion,
    };
    calls.push(call);

    const scoreBase = { tsNs: tsNs + 1_000_000n, trace_id: trace, span_id: span, service_name: service, request_model: m.model };
    if (toxicity !== null) scores.push({ ...scoreBase, name: 'toxicity.output', value: toxicity, source: 'heuristic' });
    if (hallucination !== null) scores.push({ ...scoreBase, name: 'hallucination', value: hallucination, source: 'model' });
    if (readability !== null) scores.push({ ...scoreBase, name: 'flesch_reading_ease', value: readability, source: 'heuristic' });
    if (promptInjection !== null) {
      const explanation = promptInjection >= 0.5 ? `likely prompt injection, p=${promptInjection.toFixed(3)}: override: "ignore all previous instructions"` : `unlikely prompt injection, p=${promptInjection.toFixed(3)}: no attack pattern`;
      scores.push({ ...scoreBase, name: 'prompt_injection.input', value: promptInjection, source: 'model', explanation });
    }
    if (relevance !== null) scores.push({ ...scoreBase, name: 'relevance', value: relevance, source: 'model' });
    PII_TYPES.forEach((t, k) => {
      if (piiByType[k]! > 0) scores.push({ ...scoreBase, name: `pii.${t}`, value: piiByType[k]!, source: 'heuristic' });
    });

    // The trace: an HTTP server root span and the GenAI client span under it. Every fifth trace
    // uses the newer exporter spellings ('Server', 'Client', 'Error', 'Ok', 'Unset').
    const newer = i % 5 === 0;
    const rootStatus = error ? (newer ? 'Error' : 'STATUS_CODE_ERROR') : newer ? 'Unset' : 'STATUS_CODE_UNSET';
    const llmStatus = error ? (newer ? 'Error' : 'STATUS_CODE_ERROR') : newer ? 'Ok' : 'STATUS_CODE_OK';
    const resource = { 'service.name': service, 'deployment.environment.name': environment, 'telemetry.sdk.language': 'nodejs' };
    const durNs = BigInt(Math.round(durationMs * 1e6));
    spans.push({
      tsMs: tsMs - 5,
      tsNs: tsNs - 5_000_000n,
      TraceId: trace,
      SpanId: rootSpan,
      ParentSpanId: '',
      SpanName: service === 'rag-worker' ? 'POST /v1/answer' : 'POST /v1/chat',
      SpanKind: newer ? 'Server' : 'SPAN_KIND_SERVER',
      ServiceName: service,
      DurationNs: durNs + 12_000_000n,
      StatusCode: rootStatus,
      StatusMessage: '',
      SpanAttributes: { 'http.request.method': 'POST', 'http.response.status_code': error ? '502' : '200' },
      ResourceAttributes: resource,
      ScopeName: '@opentelemetry/instrumentation-http',
      ScopeVersion: '0.301.0',
      events: [],
      links: [],
    });
    spans.push({
      tsMs,
      tsNs,
      TraceId: trace,
      SpanId: span,
      ParentSpanId: rootSpan,
      SpanName: `chat ${m.model}`,
      SpanKind: newer ? 'Client' : 'SPAN_KIND_CLIENT',
      ServiceName: service,
      DurationNs: durNs,
      StatusCode: llmStatus,
      StatusMessage: error ? call.error_type : '',
      SpanAttributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': m.provider,
        'gen_ai.request.model': m.model,
        'gen_ai.usage.input_tokens': String(input),
        'gen_ai.usage.output_tokens': String(output),
      },
      ResourceAttributes: resource,
      ScopeName: '@llmscope/instrumentation',
      ScopeVersion: '0.1.0',
      events: error
        ? [{ tsNs: tsNs + durNs, name: 'exception', attributes: { 'exception.type': call.error_type } }]
        : [{ tsNs: tsNs + durNs / 2n, name: 'gen_ai.choice', attributes: { index: '0', finish_reason: 'stop' } }],
      links: i % 9 === 0 && calls.length > 1 ? [{ traceId: calls[calls.length - 2]!.trace_id, spanId: calls[calls.length - 2]!.span_id, attributes: { 'link.kind': 'follows_from' } }] : [],
    });
  });

  // Traces with no LLM call at all (a health-check service).
  for (let i = 0; i < 8; i++) {
    const tsMs = RANGE_FROM_MS + 3600_000 * (2 + i * 5) + 137;
    spans.push({
      tsMs,
      tsNs: BigInt(tsMs) * 1_000_000n,
      TraceId: hex(rand, 32),
      SpanId: hex(rand, 16),
      ParentSpanId: '',
      SpanName: 'GET /healthz',
      SpanKind: 'SPAN_KIND_SERVER',
      ServiceName: 'gateway',
      DurationNs: 1_500_000n + BigInt(i) * 100_000n,
      StatusCode: 'STATUS_CODE_UNSET',
      StatusMessage: '',
      SpanAttributes: { 'http.request.method': 'GET' },
      ResourceAttributes: { 'service.name': 'gateway' },
      ScopeName: '@opentelemetry/instrumentation-http',
      ScopeVersion: '0.301.0',
      events: [],
      links: [],
    });
  }

  const budgets: SeedBudgetRow[] = [
    // monthly-total, March: 50 % then 80 % notified; the 80 % row is the latest.
    bud('monthly-total', '2026-03-01 00:00:00', '2026-04-01 00:00:00', 0.5, 500, 251.2, 'delivered', 1, '', '2026-03-09 10:00:00.000'),
    bud('monthly-total', '2026-03-01 00:00:00', '2026-04-01 00:00:00', 0.8, 500, 404.75, 'delivered', 1, '', '2026-03-17 18:20:00.000'),
    // February: an older period of the same budget (must not win over March).
    bud('monthly-total', '2026-02-01 00:00:00', '2026-03-01 00:00:00', 1, 500, 530, 'delivered', 2, '', '2026-02-27 22:00:00.000'),
    // daily-chat-api: yesterday 100 %, today 50 % (first pending, then delivered — ReplacingMergeTree keeps the later).
    bud('daily-chat-api', '2026-03-17 00:00:00', '2026-03-18 00:00:00', 0.5, 20, 10.4, 'delivered', 1, '', '2026-03-17 11:00:00.000'),
    bud('daily-chat-api', '2026-03-17 00:00:00', '2026-03-18 00:00:00', 1, 20, 20.9, 'delivered', 1, '', '2026-03-17 21:45:00.000'),
    bud('daily-chat-api', '2026-03-18 00:00:00', '2026-03-19 00:00:00', 0.5, 20, 10.05, 'pending', 0, '', '2026-03-18 13:00:00.000'),
    bud('daily-chat-api', '2026-03-18 00:00:00', '2026-03-19 00:00:00', 0.5, 20, 10.05, 'delivered', 1, '', '2026-03-18 13:00:02.000'),
    // tokens-rag: a token budget whose webhook keeps failing.
    bud('tokens-rag', '2026-03-01 00:00:00', '2026-04-01 00:00:00', 0.9, 2_000_000, 1_840_000, 'failed', 5, 'HTTP 503 from https://hooks.example/llm', '2026-03-18 09:12:00.000', 'tokens'),
  ];
  scores.push(...humanFeedback(calls, seed));
  adviceFields(calls, seed);
  return { calls, scores, spans, budgets, drift: driftRows(calls, seed), changes: changeRows(ANCHOR_MS, RANGE_FROM_MS) };
}

function bud(
  budget: string,
  period_start: string,
  period_end: string,
  threshold: number,
  limit: number,
  spent: number,
  status: string,
  attempts: number,
  last_error: string,
  updated_at: string,
  metric = 'cost_usd',
): SeedBudgetRow {
  return { budget, period_start, period_end, threshold, metric, limit, spent, status, attempts, last_error, updated_at };
}

/**
 * gen_ai.client.token.usage and gen_ai.client.operation.duration histogram points as an
 * instrumented app exports them, one per call (and token type): services other than CUMULATIVE_METRICS_SERVICE export delta points (the call's
 * tokens); that service exports cumulative series (running totals per service, environment,
 * provider, model and token type, StartTimeUnix = the series' first call).
 */
export const CUMULATIVE_METRICS_SERVICE = 'chat-api';

/** The semconv's explicit bucket bounds of the duration histograms (seconds). */
export const SEED_DURATION_BOUNDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** The explicit bucket a value falls in (OTel: bucket i holds (bounds[i-1], bounds[i]]; the last one everything above). */
export function bucketIndex(value: number, bounds: readonly number[] = SEED_DURATION_BOUNDS): number {
  const i = bounds.findIndex((b) => value <= b);
  return i === -1 ? bounds.length : i;
}

/** The histogram measurements of a call: metric name, token type ('' for latencies), value. */
export function callMeasurements(c: SeedCall): [metric: string, type: string, value: number][] {
  const out: [string, string, number][] = [
    ['gen_ai.client.token.usage', 'input', c.input_tokens],
    ['gen_ai.client.token.usage', 'output', c.output_tokens],
    ['gen_ai.client.operation.duration', '', c.duration_ms / 1000],
  ];
  if (c.ttft_ms !== null) {
    out.push(['gen_ai.client.operation.time_to_first_chunk', '', c.ttft_ms / 1000]);
    if (c.output_tokens > 0) out.push(['gen_ai.client.operation.time_per_output_chunk', '', (c.duration_ms - c.ttft_ms) / 1000 / c.output_tokens]);
  }
  return out;
}

export function tokenUsagePoints(calls: readonly SeedCall[]): Record<string, unknown>[] {
  const totals = new Map<string, { total: number; count: number; startNs: bigint; buckets: number[] }>();
  const out: Record<string, unknown>[] = [];
  for (const c of [...calls].sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1))) {
    for (const [metric, type, value] of callMeasurements(c)) {
      const cumulative = c.service_name === CUMULATIVE_METRICS_SERVICE;
      const latency = type === '';
      const key = `${metric}|${c.service_name}|${c.environment}|${c.provider}|${c.request_model}|${type}`;
      let t = totals.get(key);
      if (!t) totals.set(key, (t = { total: 0, count: 0, startNs: c.tsNs, buckets: SEED_DURATION_BOUNDS.map(() => 0).concat(0) }));
      t.total += value;
      t.count++;
      const own = SEED_DURATION_BOUNDS.map(() => 0).concat(0);
      own[bucketIndex(value)]!++;
      t.buckets[bucketIndex(value)]!++;
      out.push({
        ResourceAttributes: { 'service.name': c.service_name, 'deployment.environment.name': c.environment },
        ServiceName: c.service_name,
        MetricName: metric,
        MetricUnit: latency ? 's' : '{token}',
        Attributes: {
          'gen_ai.provider.name': c.provider,
          'gen_ai.request.model': c.request_model,
          'gen_ai.operation.name': 'chat',
          ...(latency ? {} : { 'gen_ai.token.type': type }),
        },
        StartTimeUnix: cumulative ? t.startNs : c.tsNs - 1_000_000n,
        TimeUnix: c.tsNs,
        Count: cumulative ? t.count : 1,
        Sum: cumulative ? t.total : value,
        BucketCounts: latency ? (cumulative ? [...t.buckets] : own) : [],
        ExplicitBounds: latency ? SEED_DURATION_BOUNDS : [],
        Min: value,
        Max: value,
        AggregationTemporality: cumulative ? 2 : 1,
      });
    }
  }
  return out;
}

/** Inserts the seed; budget rows one insert each, so a repeated key really is two parts until FINAL/merge. */
export async function insertSeed(store: Store, seed: Seed, db = DB): Promise<void> {
  // Superseded versions first: the drift table keeps the newest computed_at of each key.
  await store.insert(`${db}.drift`, [...seed.drift.superseded, ...seed.drift.current]);
  await store.insert(`${db}.api_changes`, [...seed.changes.superseded, ...seed.changes.current]);
  await store.insert(
    `${db}.llm_calls`,
    seed.calls.map(({ tsMs: _ms, tsNs, ...c }) => ({ timestamp: tsNs, ...c, finish_reasons: c.status === 'ok' ? [truncatedByCap(c) ? 'length' : 'stop'] : [] })),
  );
  await store.insert(
    `${db}.scores`,
    seed.scores.map(({ tsNs, explanation, label, user_id, ...s }) => ({ timestamp: tsNs, ...s, label: label ?? '', explanation: explanation ?? '', user_id: user_id ?? '' })),
  );
  await store.insert(
    `${db}.otel_traces`,
    seed.spans.map((s) => ({
      Timestamp: s.tsNs,
      TraceId: s.TraceId,
      SpanId: s.SpanId,
      ParentSpanId: s.ParentSpanId,
      TraceState: '',
      SpanName: s.SpanName,
      SpanKind: s.SpanKind,
      ServiceName: s.ServiceName,
      ResourceAttributes: s.ResourceAttributes,
      ScopeName: s.ScopeName,
      ScopeVersion: s.ScopeVersion,
      SpanAttributes: s.SpanAttributes,
      Duration: s.DurationNs,
      StatusCode: s.StatusCode,
      StatusMessage: s.StatusMessage,
      'Events.Timestamp': s.events.map((e) => e.tsNs),
      'Events.Name': s.events.map((e) => e.name),
      'Events.Attributes': s.events.map((e) => e.attributes),
      'Links.TraceId': s.links.map((l) => l.traceId),
      'Links.SpanId': s.links.map((l) => l.spanId),
      'Links.TraceState': s.links.map(() => ''),
      'Links.Attributes': s.links.map((l) => l.attributes),
    })),
  );
  for (const row of seed.budgets) await store.insert(`${db}.budget_notifications`, [row]);
  await store.insert(`${db}.otel_metrics_histogram`, tokenUsagePoints(seed.calls));
  // agent runs and guardrail results (test/support/seed-agents.ts), when the seed has them
  const extra = seed as Seed & { agentSpans?: { tsMs: number; tsNs: bigint }[]; guardrails?: { tsMs: number; tsNs: bigint }[] };
  if (extra.agentSpans?.length) await store.insert(`${db}.agent_spans`, extra.agentSpans.map(({ tsMs: _ms, tsNs, ...r }) => ({ timestamp: tsNs, ...r })));
  if (extra.guardrails?.length) await store.insert(`${db}.guardrail_results`, extra.guardrails.map(({ tsMs: _ms, tsNs, ...r }) => ({ timestamp: tsNs, ...r })));
}
