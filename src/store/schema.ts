/**
 * The one source of the ClickHouse schema. Every table is described once here and rendered
 * either for a single node (MergeTree) or for a cluster (ON CLUSTER, Replicated*MergeTree local
 * tables behind Distributed tables of the plain name, so every query reads the same names).
 */

export interface Column {
  name: string;
  type: string;
  codec?: string;
  /** A DEFAULT/MATERIALIZED/ALIAS clause, e.g. "DEFAULT 'default'". */
  default?: string;
  comment?: string;
}

export interface TableDef {
  name: string;
  columns: Column[];
  indexes?: string[];
  /** MergeTree flavour without the Replicated prefix: MergeTree, ReplacingMergeTree(ver), … */
  engine: string;
  partitionBy?: string;
  orderBy: string;
  /** Column expression that TTL retention is measured from; omitted = no TTL. */
  ttlFrom?: string;
  settings?: string[];
  /** Sharding key for the Distributed table in cluster mode. */
  shardingKey: string;
}

export interface SchemaOptions {
  database: string;
  /** ClickHouse cluster name; empty = single node. */
  cluster?: string;
  /** Retention in days; 0 = keep forever. */
  ttlDays?: number;
}

const ZSTD = 'ZSTD(1)';

/** Columns first in every table: the tenant, then the time. */
const PROJECT: Column = { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: ZSTD };

export const OTEL_TRACES: TableDef = {
  name: 'otel_traces',
  // Column names and types follow the OpenTelemetry Collector ClickHouse exporter so that the Grafana
  // ClickHouse plugin's trace views and existing queries for that schema work unchanged.
  columns: [
    PROJECT,
    { name: 'Timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'TraceId', type: 'String', codec: ZSTD },
    { name: 'SpanId', type: 'String', codec: ZSTD },
    { name: 'ParentSpanId', type: 'String', codec: ZSTD },
    { name: 'TraceState', type: 'String', codec: ZSTD },
    { name: 'SpanName', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'SpanKind', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'ResourceAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
    { name: 'ScopeName', type: 'String', codec: ZSTD },
    { name: 'ScopeVersion', type: 'String', codec: ZSTD },
    { name: 'SpanAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
    { name: 'Duration', type: 'UInt64', codec: ZSTD },
    { name: 'StatusCode', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'StatusMessage', type: 'String', codec: ZSTD },
    {
      name: 'Events',
      type: 'Nested(Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String))',
      codec: ZSTD,
    },
    {
      name: 'Links',
      type: 'Nested(TraceId String, SpanId String, TraceState String, Attributes Map(LowCardinality(String), String))',
      codec: ZSTD,
    },
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
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(TraceId)',
};

/**
 * Trace id → time range, as the exporter keeps it (the Grafana plugin's OTel mode looks traces up
 * here first). The exporter fills it with a materialized view; that view cost ~40% of insert
 * throughput, so the collector writes these rows itself (one per trace per request, min/max start).
 */
export const OTEL_TRACES_TRACE_ID_TS: TableDef = {
  name: 'otel_traces_trace_id_ts',
  columns: [
    PROJECT,
    { name: 'TraceId', type: 'String', codec: ZSTD },
    { name: 'Start', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
    { name: 'End', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
  ],
  indexes: ['INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toDate(Start)',
  orderBy: '(project_id, TraceId, Start)',
  ttlFrom: 'Start',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(TraceId)',
};

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

export const SCORES: TableDef = {
  name: 'scores',
  columns: [
    PROJECT,
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: ZSTD },
    { name: 'span_id', type: 'String', codec: ZSTD },
    { name: 'name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'value', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'label', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'source', type: 'LowCardinality(String)', codec: ZSTD, comment: 'heuristic | model | llm_judge | human' },
    { name: 'explanation', type: 'String', codec: 'ZSTD(3)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'request_model', type: 'LowCardinality(String)', codec: ZSTD },
  ],
  indexes: ['INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, name, toDateTime(timestamp), trace_id)',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};

/** The tables the batch writer inserts into, in flush order. */
export const INGEST_TABLES = [OTEL_TRACES, LLM_CALLS, SCORES] as const;
export type IngestTable = (typeof INGEST_TABLES)[number]['name'];

/** Settings that make a retried insert with the same dedup token a no-op on single-node MergeTree. */
const DEDUP_WINDOW_SETTING = 'non_replicated_deduplication_window = 10000';

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid identifier: ${name}`);
  return name;
}

function onCluster(o: SchemaOptions): string {
  return o.cluster ? ` ON CLUSTER ${quoteIdent(o.cluster)}` : '';
}

function renderColumns(t: TableDef): string {
  const cols = t.columns.map((c) => {
    let s = `    ${c.name} ${c.type}`;
    if (c.default) s += ` ${c.default}`;
    if (c.comment) s += ` COMMENT '${c.comment.replace(/'/g, "\\'")}'`;
    if (c.codec) s += ` CODEC(${c.codec})`;
    return s;
  });
  for (const i of t.indexes ?? []) cols.push(`    ${i}`);
  return cols.join(',\n');
}

/** CREATE TABLE statements for one table: one for a single node, two (local + Distributed) for a cluster. */
export function renderTable(t: TableDef, o: SchemaOptions): string[] {
  const db = quoteIdent(o.database);
  const ttlDays = o.ttlDays ?? 0;
  const ttl = t.ttlFrom && ttlDays > 0 ? `\nTTL ${t.ttlFrom} + toIntervalDay(${Math.floor(ttlDays)})` : '';
  const settings = [...(t.settings ?? [])];
  const local = o.cluster ? `${t.name}_local` : t.name;
  const engine = o.cluster ? `Replicated${t.engine}` : t.engine;
  if (!o.cluster && t.engine.endsWith('MergeTree')) settings.push(DEDUP_WINDOW_SETTING);
  const createLocal =
    `CREATE TABLE IF NOT EXISTS ${db}.${local}${onCluster(o)}\n(\n${renderColumns(t)}\n)\n` +
    `ENGINE = ${engine}${engine.includes('(') ? '' : '()'}\n` +
    (t.partitionBy ? `PARTITION BY ${t.partitionBy}\n` : '') +
    `ORDER BY ${t.orderBy}${ttl}\n` +
    (settings.length ? `SETTINGS ${settings.join(', ')}` : '');
  if (!o.cluster) return [createLocal];
  const dist =
    `CREATE TABLE IF NOT EXISTS ${db}.${t.name}${onCluster(o)} AS ${db}.${local}\n` +
    `ENGINE = Distributed(${quoteIdent(o.cluster)}, ${db}, ${local}, ${t.shardingKey})`;
  return [createLocal, dist];
}

export function renderDatabase(o: SchemaOptions): string {
  return `CREATE DATABASE IF NOT EXISTS ${quoteIdent(o.database)}${onCluster(o)}`;
}

/** One row per (budget, period, threshold, channel): the notification state that survives restarts. */
export const BUDGET_NOTIFICATIONS: TableDef = {
  name: 'budget_notifications',
  columns: [
    PROJECT,
    { name: 'budget', type: 'String' },
    { name: 'period_start', type: 'DateTime' },
    { name: 'period_end', type: 'DateTime' },
    { name: 'threshold', type: 'Float64' },
    { name: 'channel', type: 'String', comment: 'channel name from the budgets file; one row per channel' },
    { name: 'metric', type: 'LowCardinality(String)' },
    { name: 'limit', type: 'Float64' },
    { name: 'spent', type: 'Float64' },
    { name: 'status', type: 'LowCardinality(String)', comment: 'pending | delivered | failed' },
    { name: 'attempts', type: 'UInt32' },
    { name: 'last_error', type: 'String' },
    { name: 'updated_at', type: 'DateTime64(3)' },
  ],
  engine: 'ReplacingMergeTree(updated_at)',
  orderBy: '(project_id, budget, period_start, threshold, channel)',
  shardingKey: 'cityHash64(budget)',
};
