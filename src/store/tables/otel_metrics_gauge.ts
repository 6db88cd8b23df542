/** otel_metrics_gauge: OTLP Gauge points, in the OpenTelemetry Collector ClickHouse exporter's layout. */
import type { NumberDataPoint } from '../../otlp/metric-types.ts';
import { ZSTD } from './columns.ts';
import { EXEMPLARS_COLUMN, exemplarColumns, float64, metricTable, pointColumns, type RepeatedTexts } from './otel_metrics_common.ts';

export const OTEL_METRICS_GAUGE = metricTable('otel_metrics_gauge', [
  { name: 'Value', type: 'Float64', codec: ZSTD },
  { name: 'Flags', type: 'UInt32', codec: ZSTD },
  EXEMPLARS_COLUMN,
]);

/** One row; `metricPrefix` is metricPrefix(…) of the point's metric. */
export function gaugeRowJson(metricPrefix: string, p: NumberDataPoint, texts: RepeatedTexts): string {
  return `${metricPrefix}${pointColumns(p.attributes, p.startTimeUnixNano, p.timeUnixNano, texts)},"Value":${float64(p.value)},"Flags":${p.flags}${exemplarColumns(p.exemplars)}}\n`;
}
