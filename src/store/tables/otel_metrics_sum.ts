/** otel_metrics_sum: OTLP Sum points, in the OpenTelemetry Collector ClickHouse exporter's layout. */
import type { NumberDataPoint } from '../../otlp/metric-types.ts';
import { ZSTD } from './columns.ts';
import { EXEMPLARS_COLUMN, exemplarColumns, float64, metricTable, pointColumns, type RepeatedTexts } from './otel_metrics_common.ts';

export const OTEL_METRICS_SUM = metricTable('otel_metrics_sum', [
  { name: 'Value', type: 'Float64', codec: ZSTD },
  { name: 'Flags', type: 'UInt32', codec: ZSTD },
  EXEMPLARS_COLUMN,
  { name: 'AggregationTemporality', type: 'Int32', codec: ZSTD },
  { name: 'IsMonotonic', type: 'Bool', codec: 'Delta, ZSTD(1)' },
]);

export function sumRowJson(metricPrefix: string, p: NumberDataPoint, aggregationTemporality: number, isMonotonic: boolean, texts: RepeatedTexts): string {
  return (
    `${metricPrefix}${pointColumns(p.attributes, p.startTimeUnixNano, p.timeUnixNano, texts)},"Value":${float64(p.value)},"Flags":${p.flags}` +
    `${exemplarColumns(p.exemplars)},"AggregationTemporality":${aggregationTemporality},"IsMonotonic":${isMonotonic}}\n`
  );
}
