/**
 * guardrail_results: what guardrails reported — one row per apply_guardrail span (its overall
 * result, if any, and its latency) and one per gen_ai.guardrail.result event (span event or log
 * record; typically one per category, filter or check). Values are the provider's own (the GenAI
 * conventions forbid turning them into a generic allow/deny).
 */
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const GUARDRAIL_RESULTS: TableDef = {
  name: 'guardrail_results',
  columns: [
    PROJECT,
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: ZSTD },
    { name: 'span_id', type: 'String', codec: ZSTD, comment: 'the apply_guardrail span, or the span the event is attached to' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'environment', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'origin', type: 'LowCardinality(String)', codec: ZSTD, comment: 'span | span_event | log' },
    { name: 'guardrail', type: 'LowCardinality(String)', codec: ZSTD, comment: 'gen_ai.guardrail.component.name' },
    { name: 'provider', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'policy_id', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'policy_version', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'rule_id', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'source', type: 'LowCardinality(String)', codec: ZSTD, comment: 'what was checked, as the provider names it: INPUT, OUTPUT, tool_input, …' },
    { name: 'result_type', type: 'LowCardinality(String)', codec: ZSTD, comment: 'the provider-native result field: action, tripwire_triggered, severity, …' },
    { name: 'result_value', type: 'LowCardinality(String)', codec: ZSTD, comment: 'its value: GUARDRAIL_INTERVENED, true, 6, …' },
    { name: 'reason', type: 'String', codec: ZSTD },
    { name: 'risk_category', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'risk_score', type: 'Nullable(Float64)', codec: ZSTD },
    { name: 'duration_ms', type: 'Nullable(Float64)', codec: ZSTD, comment: 'the apply_guardrail span; NULL for events' },
    { name: 'status', type: 'LowCardinality(String)', codec: ZSTD, comment: 'ok | error' },
    { name: 'error_type', type: 'LowCardinality(String)', codec: ZSTD },
  ],
  indexes: ['INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, guardrail, toDateTime(timestamp))',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};

/** What one guardrail span or result event says (src/genai/guardrails.ts reads it). */
export interface GuardrailResult {
  guardrail: string;
  provider: string;
  policyId: string;
  policyVersion: string;
  ruleId: string;
  source: string;
  resultType: string;
  resultValue: string;
  reason: string;
  riskCategory: string;
  riskScore: number | null;
  errorType: string;
}

export interface GuardrailRowInput {
  projectId: string;
  timeUnixNano: bigint;
  traceId: string;
  spanId: string;
  serviceName: string;
  environment: string;
  origin: 'span' | 'span_event' | 'log';
  result: GuardrailResult;
  durationMs: number | null;
}

/** One guardrail_results row as a JSONEachRow line. */
export function guardrailRowJson(r: GuardrailRowInput): string {
  const g = r.result;
  return (
    `{"project_id":${JSON.stringify(r.projectId)},"timestamp":${r.timeUnixNano.toString()},` +
    JSON.stringify({
      trace_id: r.traceId,
      span_id: r.spanId,
      service_name: r.serviceName,
      environment: r.environment,
      origin: r.origin,
      guardrail: g.guardrail,
      provider: g.provider,
      policy_id: g.policyId,
      policy_version: g.policyVersion,
      rule_id: g.ruleId,
      source: g.source,
      result_type: g.resultType,
      result_value: g.resultValue,
      reason: g.reason,
      risk_category: g.riskCategory,
      risk_score: g.riskScore !== null && Number.isFinite(g.riskScore) ? g.riskScore : null,
      duration_ms: r.durationMs,
      status: g.errorType ? 'error' : 'ok',
      error_type: g.errorType,
    }).slice(1) +
    '\n'
  );
}
