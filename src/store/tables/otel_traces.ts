/** otel_traces: every span, in the OpenTelemetry Collector ClickHouse exporter's layout. */
import type { AttrMap, Span } from '../../otlp/types.ts';
import { attrMapJson } from '../attr-format.ts';
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

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

/** OTLP SpanKind/StatusCode numbers → the exporter's proto-name strings. */
export const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
export const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

/**
 * The columns every span of one scope shares, as a JSON fragment (`"project_id":…,…,"ScopeVersion":…`):
 * built once per scope, not per span (JSONEachRow does not care about key order).
 */
export function traceScopeJson(projectId: string, serviceName: string, resourceAttrsJson: string, scopeName: string, scopeVersion: string): string {
  return (
    `"project_id":${JSON.stringify(projectId)},"ServiceName":${JSON.stringify(serviceName)}` +
    `,"ResourceAttributes":${resourceAttrsJson},"ScopeName":${JSON.stringify(scopeName)},"ScopeVersion":${JSON.stringify(scopeVersion)}`
  );
}

/** One otel_traces row as a JSONEachRow line (built as text: the hot path never stringifies objects). */
export function traceRowJson(
  projectId: string,
  serviceName: string,
  resourceAttrsJson: string,
  scopeName: string,
  scopeVersion: string,
  span: Span,
): string {
  return traceRowJsonIn(traceScopeJson(projectId, serviceName, resourceAttrsJson, scopeName, scopeVersion), span);
}

/** One otel_traces row of a span, given its scope's shared columns (traceScopeJson). */
export function traceRowJsonIn(scopeJson: string, span: Span): string {
  const duration = span.endTimeUnixNano - span.startTimeUnixNano;
  let events = '';
  if (span.events.length > 0) {
    let ts = '';
    let names = '';
    let attrs = '';
    for (let i = 0; i < span.events.length; i++) {
      const e = span.events[i]!;
      if (i > 0) {
        ts += ',';
        names += ',';
        attrs += ',';
      }
      ts += e.timeUnixNano.toString();
      names += JSON.stringify(e.name);
      attrs += attrMapJson(e.attributes);
    }
    events = `,"Events.Timestamp":[${ts}],"Events.Name":[${names}],"Events.Attributes":[${attrs}]`;
  }
  let links = '';
  if (span.links.length > 0) {
    let tids = '';
    let sids = '';
    let states = '';
    let attrs = '';
    for (let i = 0; i < span.links.length; i++) {
      const l = span.links[i]!;
      const sep = i > 0 ? ',' : '';
      tids += sep + '"' + l.traceId + '"';
      sids += sep + '"' + l.spanId + '"';
      states += sep + JSON.stringify(l.traceState);
      attrs += sep + attrMapJson(l.attributes);
    }
    links = `,"Links.TraceId":[${tids}],"Links.SpanId":[${sids}],"Links.TraceState":[${states}],"Links.Attributes":[${attrs}]`;
  }
  // Ids are validated lowercase hex and the enum names fixed: only free text goes through JSON.stringify.
  return (
    `{${scopeJson},"Timestamp":${span.startTimeUnixNano}` +
    `,"TraceId":"${span.traceId}","SpanId":"${span.spanId}","ParentSpanId":"${span.parentSpanId}"` +
    `,"TraceState":${span.traceState === '' ? '""' : JSON.stringify(span.traceState)},"SpanName":${JSON.stringify(span.name)}` +
    `,"SpanKind":"${SPAN_KIND_NAMES[span.kind] ?? SPAN_KIND_NAMES[0]}","SpanAttributes":${attrMapJson(span.attributes)}` +
    `,"Duration":${duration < 0n ? '0' : duration}` +
    `,"StatusCode":"${STATUS_CODE_NAMES[span.status.code] ?? STATUS_CODE_NAMES[0]}","StatusMessage":${span.status.message === '' ? '""' : JSON.stringify(span.status.message)}` +
    events +
    links +
    '}\n'
  );
}

export function serviceNameOf(resourceAttributes: AttrMap): string {
  const v = resourceAttributes['service.name'];
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}
