/**
 * Migration 1 as released: the tables exactly as they were created. Frozen — never edit this file
 * (nor render today's table definitions here); a schema change is a new migration.
 * test/store/migrations.test.ts compares its rendering with test/store/fixtures/migrations.sql.
 */
import { renderTable, type SchemaOptions, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const OTEL_TRACES: TableDef = {
  name: 'otel_traces',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: 'DEFAULT \'default\'', codec: 'ZSTD(1)' },
    { name: 'Timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'TraceId', type: 'String', codec: 'ZSTD(1)' },
    { name: 'SpanId', type: 'String', codec: 'ZSTD(1)' },
    { name: 'ParentSpanId', type: 'String', codec: 'ZSTD(1)' },
    { name: 'TraceState', type: 'String', codec: 'ZSTD(1)' },
    { name: 'SpanName', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'SpanKind', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'ResourceAttributes', type: 'Map(LowCardinality(String), String)', codec: 'ZSTD(1)' },
    { name: 'ScopeName', type: 'String', codec: 'ZSTD(1)' },
    { name: 'ScopeVersion', type: 'String', codec: 'ZSTD(1)' },
    { name: 'SpanAttributes', type: 'Map(LowCardinality(String), String)', codec: 'ZSTD(1)' },
    { name: 'Duration', type: 'UInt64', codec: 'ZSTD(1)' },
    { name: 'StatusCode', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'StatusMessage', type: 'String', codec: 'ZSTD(1)' },
    { name: 'Events', type: 'Nested(Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String))', codec: 'ZSTD(1)' },
    { name: 'Links', type: 'Nested(TraceId String, SpanId String, TraceState String, Attributes Map(LowCardinality(String), String))', codec: 'ZSTD(1)' },
  ],
  indexes: [
    'INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    'INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_duration Duration TYPE minmax GRANULARITY 1',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(Timestamp)',
  orderBy: '(project_id, ServiceName, SpanName, toDateTime(Timestamp))',
  ttlFrom: 'toDateTime(Timestamp)',
  settings: [
    'index_granularity = 8192',
    'ttl_only_drop_parts = 1',
  ],
  shardingKey: 'cityHash64(TraceId)',
};

const OTEL_TRACES_TRACE_ID_TS: TableDef = {
  name: 'otel_traces_trace_id_ts',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: 'DEFAULT \'default\'', codec: 'ZSTD(1)' },
    { name: 'TraceId', type: 'String', codec: 'ZSTD(1)' },
    { name: 'Start', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
    { name: 'End', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
  ],
  indexes: [
    'INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(Start)',
  orderBy: '(project_id, TraceId, Start)',
  ttlFrom: 'Start',
  settings: [
    'index_granularity = 8192',
    'ttl_only_drop_parts = 1',
  ],
  shardingKey: 'cityHash64(TraceId)',
};

const LLM_CALLS: TableDef = {
  name: 'llm_calls',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: 'DEFAULT \'default\'', codec: 'ZSTD(1)' },
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'parent_span_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'environment', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'deployment.environment(.name)' },
    { name: 'operation', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'provider', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'request_model', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'response_model', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'response_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'input_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'output_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'cache_read_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'cache_write_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'reasoning_tokens', type: 'UInt64', codec: 'T64, ZSTD(1)' },
    { name: 'tokens_estimated', type: 'Bool', codec: 'ZSTD(1)' },
    { name: 'cost_usd', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'cost_source', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'table | override | provided | unpriced' },
    { name: 'priced', type: 'Bool', codec: 'ZSTD(1)' },
    { name: 'duration_ms', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'ttft_ms', type: 'Nullable(Float64)', codec: 'ZSTD(1)' },
    { name: 'stream', type: 'Bool', codec: 'ZSTD(1)' },
    { name: 'status', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'ok | error' },
    { name: 'error_type', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'finish_reasons', type: 'Array(LowCardinality(String))', codec: 'ZSTD(1)' },
    { name: 'user_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'session_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'prompt_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'server_address', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'convention', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'input_text', type: 'String', codec: 'ZSTD(3)', comment: 'empty unless content capture was on' },
    { name: 'output_text', type: 'String', codec: 'ZSTD(3)', comment: 'empty unless content capture was on' },
    { name: 'toxicity', type: 'Nullable(Float32)', codec: 'ZSTD(1)', comment: '0-1 risk; NULL = not scored' },
    { name: 'hallucination', type: 'Nullable(Float32)', codec: 'ZSTD(1)', comment: '0-1 risk; NULL = not scored' },
    { name: 'readability', type: 'Nullable(Float32)', codec: 'ZSTD(1)', comment: 'Flesch Reading Ease; NULL = not scored' },
    { name: 'pii_count', type: 'Nullable(UInt32)', codec: 'ZSTD(1)', comment: 'PII/secret findings; NULL = not scanned' },
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
  settings: [
    'index_granularity = 8192',
    'ttl_only_drop_parts = 1',
  ],
  shardingKey: 'cityHash64(trace_id)',
};

const SCORES: TableDef = {
  name: 'scores',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: 'DEFAULT \'default\'', codec: 'ZSTD(1)' },
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'value', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'label', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'source', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'heuristic | model | llm_judge | human' },
    { name: 'explanation', type: 'String', codec: 'ZSTD(3)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'request_model', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
  ],
  indexes: [
    'INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1',
  ],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, name, toDateTime(timestamp), trace_id)',
  ttlFrom: 'toDateTime(timestamp)',
  settings: [
    'index_granularity = 8192',
    'ttl_only_drop_parts = 1',
  ],
  shardingKey: 'cityHash64(trace_id)',
};

export const V1: Migration = {
  version: 1,
  name: 'traces, llm calls, scores',
  statements: (o: SchemaOptions) => [
    ...renderTable(OTEL_TRACES, o),
    ...renderTable(OTEL_TRACES_TRACE_ID_TS, o),
    ...renderTable(LLM_CALLS, o),
    ...renderTable(SCORES, o),
  ],
};
