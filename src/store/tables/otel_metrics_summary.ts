/** otel_metrics_summary: OTLP Summary points, in the OpenTelemetry Collector ClickHouse exporter's layout. */
import type { SummaryDataPoint } from '../../otlp/metric-types.ts';
import { ZSTD } from './columns.ts';
import { float64, metricTable, pointColumns, type RepeatedTexts, uint64 } from './otel_metrics_common.ts';

export const OTEL_METRICS_SUMMARY = metricTable('otel_metrics_summary', [
  { name: 'Count', type: 'UInt64', codec: 'Delta, ZSTD(1)' },
  { name: 'Sum', type: 'Float64', codec: ZSTD },
  { name: 'ValueAtQuantiles', type: 'Nested(Quantile Float64, Value Float64)', codec: ZSTD },
  { name: 'Flags', type: 'UInt32', codec: ZSTD },
]);

export function summaryRowJson(metricPrefix: string, p: SummaryDataPoint, texts: RepeatedTexts): string {
  let qs = '';
  let vs = '';
  for (let i = 0; i < p.quantileValues.length; i++) {
    const q = p.quantileValues[i]!;
    qs += (i ? ',' : '') + float64(q.quantile);
    vs += (i ? ',' : '') + float64(q.value);
  }
  return (
    `${metricPrefix}${pointColumns(p.attributes, p.startTimeUnixNano, p.timeUnixNano, texts)},"Count":${uint64(p.count)},"Sum":${float64(p.sum)}` +
    `,"ValueAtQuantiles.Quantile":[${qs}],"ValueAtQuantiles.Value":[${vs}],"Flags":${p.flags}}\n`
  );
}
