/**
 * otel_logs: every OTLP log record, in the OpenTelemetry Collector ClickHouse exporter's layout
 * (same column names and types, so the Grafana ClickHouse plugin's log views work), with
 * project_id first in the sort key.
 */
import type { AttrMap } from '../../otlp/types.ts';
import type { LogRecord } from '../../otlp/log-types.ts';
import { attrMapJson, attrToString } from '../attr-format.ts';
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const OTEL_LOGS: TableDef = {
  name: 'otel_logs',
  columns: [
    PROJECT,
    { name: 'Timestamp', type: 'DateTime64(9)', codec: 'Delta(8), ZSTD(1)' },
    { name: 'TimestampTime', type: 'DateTime', default: 'DEFAULT toDateTime(Timestamp)' },
    { name: 'TraceId', type: 'String', codec: ZSTD },
    { name: 'SpanId', type: 'String', codec: ZSTD },
    { name: 'TraceFlags', type: 'UInt8' },
    { name: 'SeverityText', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'SeverityNumber', type: 'UInt8' },
    { name: 'ServiceName', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'Body', type: 'String', codec: ZSTD },
    { name: 'ResourceSchemaUrl', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'ResourceAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
    { name: 'ScopeSchemaUrl', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'ScopeName', type: 'String', codec: ZSTD },
    { name: 'ScopeVersion', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'ScopeAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
    { name: 'LogAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
    { name: 'EventName', type: 'String', codec: ZSTD },
  ],
  indexes: [
    'INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1',
    'INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    'INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8',
  ],
  engine: 'MergeTree',
  partitionBy: 'toDate(TimestampTime)',
  primaryKey: '(project_id, ServiceName, TimestampTime)',
  orderBy: '(project_id, ServiceName, TimestampTime, Timestamp)',
  ttlFrom: 'TimestampTime',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  // Deterministic, so a retried batch splits into the same per-shard blocks (migration 6).
  shardingKey: 'cityHash64(ServiceName, TraceId, SpanId, Timestamp)',
};

/** What every record of one (resource, scope) pair shares, rendered once. */
export interface LogScopeContext {
  projectId: string;
  serviceName: string;
  resourceSchemaUrl: string;
  resourceAttributes: AttrMap;
  scopeSchemaUrl: string;
  scopeName: string;
  scopeVersion: string;
  scopeAttributes: AttrMap;
}

/** The JSON text shared by every row of one (resource, scope): built once per scope, not per record. */
export function logScopePrefix(c: LogScopeContext): string {
  return (
    `{"project_id":${JSON.stringify(c.projectId)},"ServiceName":${JSON.stringify(c.serviceName)}` +
    `,"ResourceSchemaUrl":${JSON.stringify(c.resourceSchemaUrl)},"ResourceAttributes":${attrMapJson(c.resourceAttributes)}` +
    `,"ScopeSchemaUrl":${JSON.stringify(c.scopeSchemaUrl)},"ScopeName":${JSON.stringify(c.scopeName)}` +
    `,"ScopeVersion":${JSON.stringify(c.scopeVersion)},"ScopeAttributes":${attrMapJson(c.scopeAttributes)}`
  );
}

/**
 * One otel_logs row as a JSONEachRow line. Timestamp is the record's time, else its observed time
 * (as the exporter does), else `receivedNs` (a record with neither is stored when it arrived).
 * Body is the exporter's AsString of the AnyValue: strings as-is, maps and arrays as JSON.
 */
export function logRowJson(scopePrefix: string, r: LogRecord, receivedNs: bigint): string {
  const ts = r.timeUnixNano !== 0n ? r.timeUnixNano : r.observedTimeUnixNano !== 0n ? r.observedTimeUnixNano : receivedNs;
  return (
    scopePrefix +
    `,"Timestamp":${ts.toString()},"TraceId":${JSON.stringify(r.traceId)},"SpanId":${JSON.stringify(r.spanId)},"TraceFlags":${r.flags & 0xff}` +
    `,"SeverityText":${JSON.stringify(r.severityText)},"SeverityNumber":${r.severityNumber}` +
    `,"Body":${JSON.stringify(attrToString(r.body))},"LogAttributes":${attrMapJson(r.attributes)}` +
    `,"EventName":${JSON.stringify(r.eventName)}}\n`
  );
}
