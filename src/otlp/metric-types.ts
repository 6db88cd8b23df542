/**
 * The decoded form of an OTLP ExportMetricsServiceRequest, shared by the protobuf and JSON decoders.
 * Times are exact uint64 nanoseconds as bigint; counts are numbers when ≤ 2^53 − 1, else bigint.
 * Optional doubles (histogram sum/min/max) are null when the sender did not set them.
 */
import type { AttrMap, InstrumentationScope } from './types.ts';

/** A uint64 / int64: a number when it fits a JS safe integer, else a bigint. */
export type Int64 = number | bigint;

export interface Exemplar {
  filteredAttributes: AttrMap;
  timeUnixNano: bigint;
  /** as_double or as_int, whichever was set (0 when neither). */
  value: number | bigint;
  spanId: string;
  traceId: string;
}

interface PointBase {
  attributes: AttrMap;
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  flags: number;
}

export interface NumberDataPoint extends PointBase {
  /** as_double or as_int, whichever was set (0 when neither). */
  value: number | bigint;
  exemplars: Exemplar[];
}

export interface HistogramDataPoint extends PointBase {
  count: Int64;
  sum: number | null;
  bucketCounts: Int64[];
  explicitBounds: number[];
  exemplars: Exemplar[];
  min: number | null;
  max: number | null;
}

export interface ExponentialBuckets {
  offset: number;
  bucketCounts: Int64[];
}

export interface ExponentialHistogramDataPoint extends PointBase {
  count: Int64;
  sum: number | null;
  scale: number;
  zeroCount: Int64;
  positive: ExponentialBuckets;
  negative: ExponentialBuckets;
  exemplars: Exemplar[];
  min: number | null;
  max: number | null;
  zeroThreshold: number;
}

export interface ValueAtQuantile {
  quantile: number;
  value: number;
}

export interface SummaryDataPoint extends PointBase {
  count: Int64;
  sum: number;
  quantileValues: ValueAtQuantile[];
}

/** OTLP AggregationTemporality: 0 unspecified, 1 delta, 2 cumulative. */
export type AggregationTemporality = 0 | 1 | 2;

export type MetricData =
  | { type: 'gauge'; dataPoints: NumberDataPoint[] }
  | { type: 'sum'; dataPoints: NumberDataPoint[]; aggregationTemporality: AggregationTemporality; isMonotonic: boolean }
  | { type: 'histogram'; dataPoints: HistogramDataPoint[]; aggregationTemporality: AggregationTemporality }
  | { type: 'exponential_histogram'; dataPoints: ExponentialHistogramDataPoint[]; aggregationTemporality: AggregationTemporality }
  | { type: 'summary'; dataPoints: SummaryDataPoint[] }
  /** A metric with no data field set: kept so it can be counted, it has no points. */
  | { type: 'empty'; dataPoints: never[] };

export interface Metric {
  name: string;
  description: string;
  unit: string;
  data: MetricData;
  /** Metric.metadata (key/values that are not dimensions). */
  metadata: AttrMap;
}

export interface ScopeMetrics {
  scope: InstrumentationScope;
  schemaUrl: string;
  metrics: Metric[];
}

export interface ResourceMetrics {
  resource: { attributes: AttrMap; droppedAttributesCount: number };
  schemaUrl: string;
  scopeMetrics: ScopeMetrics[];
}

export interface ExportMetricsRequest {
  resourceMetrics: ResourceMetrics[];
  /** Number of invalid UTF-8 sequences replaced with U+FFFD while decoding; absent when none. */
  invalidUtf8?: number;
  /** Data points and attributes the decoder skipped over the limits without decoding them. */
  skippedAtDecode?: { items: number; attributes: number };
}

/** Data points in the request (what partial_success counts as rejected_data_points), those skipped at decode included. */
export function countDataPoints(req: ExportMetricsRequest): number {
  let n = req.skippedAtDecode?.items ?? 0;
  for (const rm of req.resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.data.dataPoints.length;
  return n;
}

export function aggregationTemporalityOf(value: number): AggregationTemporality {
  return value === 1 || value === 2 ? value : 0;
}
