/**
 * What the five otel_metrics_* tables share, in the OpenTelemetry Collector ClickHouse exporter's
 * layout: the resource/scope/metric columns, the attribute indexes, the sort key (with project_id
 * first) and the row text they start with. Each table's own file adds its value columns.
 */
import type { AttrMap } from '../../otlp/types.ts';
import type { Exemplar } from '../../otlp/metric-types.ts';
import { attrMapJson } from '../attr-format.ts';
import type { Column, TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const METRIC_COMMON_COLUMNS: readonly Column[] = [
  PROJECT,
  { name: 'ResourceAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
  { name: 'ResourceSchemaUrl', type: 'String', codec: ZSTD },
  { name: 'ScopeName', type: 'String', codec: ZSTD },
  { name: 'ScopeVersion', type: 'String', codec: ZSTD },
  { name: 'ScopeAttributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
  { name: 'ScopeDroppedAttrCount', type: 'UInt32', codec: ZSTD },
  { name: 'ScopeSchemaUrl', type: 'String', codec: ZSTD },
  { name: 'ServiceName', type: 'LowCardinality(String)', codec: ZSTD },
  { name: 'MetricName', type: 'String', codec: ZSTD },
  { name: 'MetricDescription', type: 'String', codec: ZSTD },
  { name: 'MetricUnit', type: 'String', codec: ZSTD },
  { name: 'Attributes', type: 'Map(LowCardinality(String), String)', codec: ZSTD },
  { name: 'StartTimeUnix', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
  { name: 'TimeUnix', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
];

export const EXEMPLARS_COLUMN: Column = {
  name: 'Exemplars',
  type: 'Nested(FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String)',
  codec: ZSTD,
};

/** Table settings every metrics table shares; `columns` are its value columns after the common ones. */
export function metricTable(name: string, columns: Column[]): TableDef {
  return {
    name,
    columns: [...METRIC_COMMON_COLUMNS, ...columns],
    indexes: [
      'INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1',
      'INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1',
    ],
    engine: 'MergeTree',
    partitionBy: 'toDate(TimeUnix)',
    orderBy: '(project_id, ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))',
    ttlFrom: 'toDateTime(TimeUnix)',
    settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
    shardingKey: 'cityHash64(ServiceName, MetricName)',
  };
}

export interface MetricContext {
  projectId: string;
  serviceName: string;
  resourceSchemaUrl: string;
  resourceAttributes: AttrMap;
  scopeName: string;
  scopeVersion: string;
  scopeAttributes: AttrMap;
  scopeDroppedAttributesCount: number;
  scopeSchemaUrl: string;
}

/** The JSON text shared by every row of one (resource, scope): built once per scope. */
export function metricScopePrefix(c: MetricContext): string {
  return (
    `{"project_id":${JSON.stringify(c.projectId)},"ResourceAttributes":${attrMapJson(c.resourceAttributes)}` +
    `,"ResourceSchemaUrl":${JSON.stringify(c.resourceSchemaUrl)},"ScopeName":${JSON.stringify(c.scopeName)}` +
    `,"ScopeVersion":${JSON.stringify(c.scopeVersion)},"ScopeAttributes":${attrMapJson(c.scopeAttributes)}` +
    `,"ScopeDroppedAttrCount":${c.scopeDroppedAttributesCount},"ScopeSchemaUrl":${JSON.stringify(c.scopeSchemaUrl)}` +
    `,"ServiceName":${JSON.stringify(c.serviceName)}`
  );
}

/** Adds the metric's own columns to a scope prefix: built once per metric, shared by its points. */
export function metricPrefix(scopePrefix: string, name: string, description: string, unit: string): string {
  return `${scopePrefix},"MetricName":${JSON.stringify(name)},"MetricDescription":${JSON.stringify(description)},"MetricUnit":${JSON.stringify(unit)}`;
}

/**
 * Texts that repeat from one data point to the next — the times (an SDK exports every point of a
 * collection with the same start and time) and a histogram's explicit bounds (the same for each
 * point of a metric) — rendered once and reused while they repeat. One per request's rows.
 */
export class RepeatedTexts {
  #start = -1n;
  #startText = '';
  #time = -1n;
  #timeText = '';
  #bounds: readonly number[] | null = null;
  #boundsText = '';

  /** `,"StartTimeUnix":…,"TimeUnix":…`. */
  times(startTimeUnixNano: bigint, timeUnixNano: bigint): string {
    if (startTimeUnixNano !== this.#start) {
      this.#start = startTimeUnixNano;
      this.#startText = `,"StartTimeUnix":${startTimeUnixNano.toString()}`;
    }
    if (timeUnixNano !== this.#time) {
      this.#time = timeUnixNano;
      this.#timeText = `,"TimeUnix":${timeUnixNano.toString()}`;
    }
    return this.#startText + this.#timeText;
  }

  /** float64Array(bounds), rendered again only when a bound differs (Object.is: -0 and NaN too). */
  bounds(bounds: readonly number[]): string {
    const last = this.#bounds;
    if (bounds !== last && (last === null || !sameValues(bounds, last))) this.#boundsText = float64Array(bounds);
    this.#bounds = bounds;
    return this.#boundsText;
  }
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** `,"Attributes":{…},"StartTimeUnix":…,"TimeUnix":…` of one point. */
export function pointColumns(attributes: AttrMap, startTimeUnixNano: bigint, timeUnixNano: bigint, texts: RepeatedTexts): string {
  return `,"Attributes":${attrMapJson(attributes)}${texts.times(startTimeUnixNano, timeUnixNano)}`;
}

/**
 * A Float64 as JSON text. ClickHouse reads the quoted forms "nan", "inf" and "-inf" (JSON has no
 * literal for them; JSON.stringify would write null, which is not a number).
 */
export function float64(v: number | bigint): string {
  if (typeof v === 'bigint') return Number(v).toString();
  if (Number.isFinite(v)) return Object.is(v, -0) ? '-0' : String(v);
  return Number.isNaN(v) ? '"nan"' : v > 0 ? '"inf"' : '"-inf"';
}

/** A UInt64 as JSON text (bigint counts beyond 2^53 exactly). */
export function uint64(v: number | bigint): string {
  return typeof v === 'bigint' ? v.toString() : String(v);
}

export function uint64Array(values: ReadonlyArray<number | bigint>): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + uint64(values[i]!);
  return out + ']';
}

export function float64Array(values: readonly number[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i ? ',' : '') + float64(values[i]!);
  return out + ']';
}

/** `,"Exemplars.FilteredAttributes":[…],…` (empty arrays when there are none). */
export function exemplarColumns(exemplars: readonly Exemplar[]): string {
  let attrs = '';
  let times = '';
  let values = '';
  let spans = '';
  let traces = '';
  for (let i = 0; i < exemplars.length; i++) {
    const e = exemplars[i]!;
    const sep = i ? ',' : '';
    attrs += sep + attrMapJson(e.filteredAttributes);
    times += sep + e.timeUnixNano.toString();
    values += sep + float64(e.value);
    spans += sep + JSON.stringify(e.spanId);
    traces += sep + JSON.stringify(e.traceId);
  }
  return (
    `,"Exemplars.FilteredAttributes":[${attrs}],"Exemplars.TimeUnix":[${times}],"Exemplars.Value":[${values}]` +
    `,"Exemplars.SpanId":[${spans}],"Exemplars.TraceId":[${traces}]`
  );
}
