/** otel_metrics_exponential_histogram: OTLP ExponentialHistogram points, in the OpenTelemetry Collector ClickHouse exporter's layout. */
import type { ExponentialHistogramDataPoint } from '../../otlp/metric-types.ts';
import { ZSTD } from './columns.ts';
import { EXEMPLARS_COLUMN, exemplarColumns, float64, metricTable, pointColumns, type RepeatedTexts, uint64, uint64Array } from './otel_metrics_common.ts';

export const OTEL_METRICS_EXPONENTIAL_HISTOGRAM = metricTable('otel_metrics_exponential_histogram', [
  { name: 'Count', type: 'UInt64', codec: 'Delta, ZSTD(1)' },
  { name: 'Sum', type: 'Float64', codec: ZSTD },
  { name: 'Scale', type: 'Int32', codec: ZSTD },
  { name: 'ZeroCount', type: 'UInt64', codec: ZSTD },
  { name: 'PositiveOffset', type: 'Int32', codec: ZSTD },
  { name: 'PositiveBucketCounts', type: 'Array(UInt64)', codec: ZSTD },
  { name: 'NegativeOffset', type: 'Int32', codec: ZSTD },
  { name: 'NegativeBucketCounts', type: 'Array(UInt64)', codec: ZSTD },
  EXEMPLARS_COLUMN,
  { name: 'Flags', type: 'UInt32', codec: ZSTD },
  { name: 'Min', type: 'Float64', codec: ZSTD },
  { name: 'Max', type: 'Float64', codec: ZSTD },
  { name: 'AggregationTemporality', type: 'Int32', codec: ZSTD },
]);

/** One row; an unset sum/min/max is stored as 0, as the exporter does (the exporter keeps no zero threshold either). */
export function exponentialHistogramRowJson(metricPrefix: string, p: ExponentialHistogramDataPoint, aggregationTemporality: number, texts: RepeatedTexts): string {
  return (
    `${metricPrefix}${pointColumns(p.attributes, p.startTimeUnixNano, p.timeUnixNano, texts)},"Count":${uint64(p.count)},"Sum":${float64(p.sum ?? 0)}` +
    `,"Scale":${p.scale},"ZeroCount":${uint64(p.zeroCount)}` +
    `,"PositiveOffset":${p.positive.offset},"PositiveBucketCounts":${uint64Array(p.positive.bucketCounts)}` +
    `,"NegativeOffset":${p.negative.offset},"NegativeBucketCounts":${uint64Array(p.negative.bucketCounts)}${exemplarColumns(p.exemplars)}` +
    `,"Flags":${p.flags},"Min":${float64(p.min ?? 0)},"Max":${float64(p.max ?? 0)},"AggregationTemporality":${aggregationTemporality}}\n`
  );
}
