/** llm_calls: one row per GenAI span — the call understood, priced and scored. */
import type { LlmCall } from '../../genai/types.ts';
import type { CostResult } from '../../pricing/types.ts';
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

/** What the provider said about the API behind each call: read by the API-change detector (src/changes/). */
const API_SIGNAL_COLUMNS: TableDef['columns'] = [
  { name: 'system_fingerprint', type: 'LowCardinality(String)', codec: ZSTD, comment: 'openai.response.system_fingerprint' },
  { name: 'service_tier', type: 'LowCardinality(String)', codec: ZSTD, comment: 'openai.response.service_tier' },
  { name: 'http_status', type: 'UInt16', codec: ZSTD, comment: 'http.response.status_code; 0 = not reported' },
  { name: 'api_version', type: 'LowCardinality(String)', codec: ZSTD, comment: 'API version the server answered with (openai-version header)' },
  { name: 'api_deprecation', type: 'String', codec: ZSTD, comment: 'Deprecation response header (RFC 9745)' },
  { name: 'api_sunset', type: 'String', codec: ZSTD, comment: 'Sunset response header (RFC 8594)' },
  { name: 'sdk_deprecation_warning', type: 'String', codec: ZSTD, comment: 'deprecation warning the provider SDK printed for the call' },
];

export const LLM_CALLS: TableDef = {
  name: 'llm_calls',
  columns: [
    PROJECT,
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: ZSTD },
    { name: 'span_id', type: 'String', codec: ZSTD },
    { name: 'parent_span_id', type: 'String', codec: ZSTD },
    { name: 'span_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'service_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'environment', type: 'LowCardinality(String)', codec: ZSTD, comment: 'deployment.environment(.name)' },
    { name: 'operation', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'provider', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'request_model', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'response_model', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'response_id', type: 'String', codec: ZSTD },
    { name: 'input_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'output_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'cache_read_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'cache_write_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'reasoning_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'tokens_estimated', type: 'Bool', codec: ZSTD },
    { name: 'cost_usd', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'cost_source', type: 'LowCardinality(String)', codec: ZSTD, comment: 'table | override | provided | unpriced' },
    { name: 'priced', type: 'Bool', codec: ZSTD },
    { name: 'duration_ms', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'ttft_ms', type: 'Nullable(Float64)', codec: ZSTD },
    { name: 'stream', type: 'Bool', codec: ZSTD },
    { name: 'status', type: 'LowCardinality(String)', codec: ZSTD, comment: 'ok | error' },
    { name: 'error_type', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'finish_reasons', type: 'Array(LowCardinality(String))', codec: ZSTD },
    { name: 'user_id', type: 'String', codec: ZSTD },
    { name: 'session_id', type: 'String', codec: ZSTD },
    { name: 'prompt_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'server_address', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'convention', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'input_text', type: 'String', codec: 'ZSTD(3)', comment: 'empty unless content capture was on' },
    { name: 'output_text', type: 'String', codec: 'ZSTD(3)', comment: 'empty unless content capture was on' },
    { name: 'toxicity', type: 'Nullable(Float32)', codec: ZSTD, comment: '0-1 risk; NULL = not scored' },
    { name: 'hallucination', type: 'Nullable(Float32)', codec: ZSTD, comment: '0-1 risk; NULL = not scored' },
    { name: 'readability', type: 'Nullable(Float32)', codec: ZSTD, comment: 'Flesch Reading Ease; NULL = not scored' },
    { name: 'pii_count', type: 'Nullable(UInt32)', codec: ZSTD, comment: 'PII/secret findings; NULL = not scanned' },
    { name: 'prompt_injection', type: 'Nullable(Float32)', codec: ZSTD, comment: '0-1 risk of prompt injection/jailbreak (input or retrieved context); NULL = not scored' },
    { name: 'relevance', type: 'Nullable(Float32)', codec: ZSTD, comment: '0-1 answer addresses the question; NULL = not scored' },
    ...API_SIGNAL_COLUMNS,
    { name: 'request_hash', type: 'String', codec: ZSTD, comment: 'keyed hash of the canonical request (llmscope.request.hash); empty = unknown' },
    { name: 'request_hash_normalized', type: 'String', codec: ZSTD, comment: 'same after case/whitespace normalisation of the texts' },
    { name: 'max_tokens', type: 'UInt32', codec: 'T64, ZSTD(1)', comment: 'gen_ai.request.max_tokens; 0 = not set' },
    { name: 'cache_hit', type: 'Bool', codec: ZSTD, comment: 'answered by a response cache (llmscope.cache.hit), priced 0' },
  ],
  indexes: [
    'INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1',
    'INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4',
    'INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4',
    'INDEX idx_status status TYPE set(2) GRANULARITY 4',
    'INDEX idx_cost cost_usd TYPE minmax GRANULARITY 4',
  ],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, service_name, request_model, toDateTime(timestamp))',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};

/** Score columns of llm_calls, filled by enrichment (null = not scored). */
export interface CallScores {
  toxicity: number | null;
  hallucination: number | null;
  readability: number | null;
  pii_count: number | null;
  prompt_injection: number | null;
  relevance: number | null;
}

export interface LlmCallRowInput {
  projectId: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  spanName: string;
  serviceName: string;
  environment: string;
  call: LlmCall;
  cost: CostResult;
  scores: CallScores;
}

export const NO_SCORES: Readonly<CallScores> = Object.freeze({
  toxicity: null,
  hallucination: null,
  readability: null,
  pii_count: null,
  prompt_injection: null,
  relevance: null,
});

/**
 * One llm_calls row as a JSONEachRow line. A field whose value is its column's default (empty
 * string, 0, false, NULL, empty array) is left out: ClickHouse fills omitted fields with the
 * default (input_format_defaults_for_omitted_fields, on by default), and most of a call's fields
 * are empty — the line is about 40% shorter, which is less to build, encode, stage and parse.
 * (A non-finite number, which JSON cannot carry, is left out too: the column's default, as the
 * JSON null it used to be written as.)
 */
export function llmCallRowJson(r: LlmCallRowInput): string {
  const c = r.call;
  const sc = r.scores;
  const durationNs = r.endTimeUnixNano - r.startTimeUnixNano;
  return (
    `{"project_id":${JSON.stringify(r.projectId)},"timestamp":${r.startTimeUnixNano.toString()}` +
    str('trace_id', r.traceId) +
    str('span_id', r.spanId) +
    str('parent_span_id', r.parentSpanId) +
    str('span_name', r.spanName) +
    str('service_name', r.serviceName) +
    str('environment', r.environment) +
    str('operation', c.operation) +
    str('provider', c.provider) +
    str('request_model', c.requestModel) +
    str('response_model', c.responseModel) +
    str('response_id', c.responseId) +
    num('input_tokens', c.inputTokens) +
    num('output_tokens', c.outputTokens) +
    num('cache_read_tokens', c.cacheReadTokens) +
    num('cache_write_tokens', c.cacheWriteTokens) +
    num('reasoning_tokens', c.reasoningTokens) +
    bool('tokens_estimated', c.tokensEstimated) +
    num('cost_usd', r.cost.costUsd) +
    str('cost_source', r.cost.source) +
    bool('priced', r.cost.priced) +
    num('duration_ms', durationNs > 0n ? Number(durationNs) / 1e6 : 0) +
    nullable('ttft_ms', c.ttftMs) +
    bool('stream', c.stream) +
    (c.errorType ? `,"status":"error"${str('error_type', c.errorType)}` : ',"status":"ok"') +
    (c.finishReasons.length > 0 ? `,"finish_reasons":${JSON.stringify(c.finishReasons)}` : '') +
    str('user_id', c.userId) +
    str('session_id', c.sessionId) +
    str('prompt_name', c.promptName) +
    str('prompt_version', c.promptVersion) +
    str('server_address', c.serverAddress) +
    str('convention', c.convention) +
    str('input_text', c.inputText) +
    str('output_text', c.outputText) +
    nullable('toxicity', sc.toxicity) +
    nullable('hallucination', sc.hallucination) +
    nullable('readability', sc.readability) +
    nullable('pii_count', sc.pii_count) +
    nullable('prompt_injection', sc.prompt_injection) +
    nullable('relevance', sc.relevance) +
    str('system_fingerprint', c.systemFingerprint) +
    str('service_tier', c.serviceTier) +
    num('http_status', c.httpStatus) +
    str('api_version', c.apiVersion) +
    str('api_deprecation', c.apiDeprecation) +
    str('api_sunset', c.apiSunset) +
    str('sdk_deprecation_warning', c.sdkDeprecationWarning) +
    str('request_hash', c.requestHash) +
    str('request_hash_normalized', c.requestHashNormalized) +
    num('max_tokens', c.maxTokens) +
    bool('cache_hit', c.cacheHit) +
    '}\n'
  );
}

/** ,"name":value — or nothing for the column's default. */
const str = (name: string, v: string): string => (v === '' ? '' : `,"${name}":${JSON.stringify(v)}`);
const num = (name: string, v: number): string => (v === 0 || !Number.isFinite(v) ? '' : `,"${name}":${v}`);
const bool = (name: string, v: boolean): string => (v ? `,"${name}":true` : '');
const nullable = (name: string, v: number | null): string => (v === null || !Number.isFinite(v) ? '' : `,"${name}":${v}`);
