/**
 * Migration 11 as released: agent_spans (agent, workflow and tool spans, out of llm_calls) and
 * guardrail_results (apply_guardrail spans and gen_ai.guardrail.result events) — issue 9.
 * Frozen — never edit this file; a schema change is a new migration.
 */
import { renderTable, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const AGENT_SPANS: TableDef = {
  name: 'agent_spans',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: 'ZSTD(1)' },
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'parent_span_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'environment', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'operation', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'create_agent | invoke_agent | invoke_workflow | execute_tool' },
    { name: 'agent_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'agent_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'workflow_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'tool_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'tool_type', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'function | extension | datastore | …' },
    { name: 'tool_call_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'provider', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'request_model', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: "the agent's model when the span names one" },
    { name: 'remote', type: 'Bool', codec: 'ZSTD(1)', comment: 'CLIENT span: a call to a remote agent service (its usage is an llm_calls row of the same span)' },
    { name: 'duration_ms', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'status', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'ok | error' },
    { name: 'error_type', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'user_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'session_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'convention', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
  ],
  indexes: ['INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, operation, service_name, toDateTime(timestamp))',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};
const GUARDRAIL_RESULTS: TableDef = {
  name: 'guardrail_results',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: 'ZSTD(1)' },
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_id', type: 'String', codec: 'ZSTD(1)', comment: 'the apply_guardrail span, or the span the event is attached to' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'environment', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'origin', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'span | span_event | log' },
    { name: 'guardrail', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'gen_ai.guardrail.component.name' },
    { name: 'provider', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'policy_id', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'policy_version', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'rule_id', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'source', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'what was checked, as the provider names it: INPUT, OUTPUT, tool_input, …' },
    { name: 'result_type', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'the provider-native result field: action, tripwire_triggered, severity, …' },
    { name: 'result_value', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'its value: GUARDRAIL_INTERVENED, true, 6, …' },
    { name: 'reason', type: 'String', codec: 'ZSTD(1)' },
    { name: 'risk_category', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'risk_score', type: 'Nullable(Float64)', codec: 'ZSTD(1)' },
    { name: 'duration_ms', type: 'Nullable(Float64)', codec: 'ZSTD(1)', comment: 'the apply_guardrail span; NULL for events' },
    { name: 'status', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'ok | error' },
    { name: 'error_type', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
  ],
  indexes: ['INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, guardrail, toDateTime(timestamp))',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};
export const V11: Migration = {
  version: 11,
  name: 'agent_spans, guardrail_results',
  statements: (o) => [...renderTable(AGENT_SPANS, o), ...renderTable(GUARDRAIL_RESULTS, o)],
};
