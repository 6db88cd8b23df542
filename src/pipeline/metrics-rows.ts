/**
 * A decoded, validated OTLP metrics request → rows of the five otel_metrics_* tables (JSONEachRow
 * text), one per data point, in the table of the metric's type. Resource/scope and metric columns
 * are rendered once per scope and once per metric, not once per point.
 */
import type { ExportMetricsRequest } from '../otlp/metric-types.ts';
import { serviceNameOf } from '../store/tables/otel_traces.ts';
import { RepeatedTexts, metricPrefix, metricScopePrefix } from '../store/tables/otel_metrics_common.ts';
import { OTEL_METRICS_GAUGE, gaugeRowJson } from '../store/tables/otel_metrics_gauge.ts';
import { OTEL_METRICS_SUM, sumRowJson } from '../store/tables/otel_metrics_sum.ts';
import { OTEL_METRICS_HISTOGRAM, histogramRowJson } from '../store/tables/otel_metrics_histogram.ts';
import { OTEL_METRICS_EXPONENTIAL_HISTOGRAM, exponentialHistogramRowJson } from '../store/tables/otel_metrics_exponential_histogram.ts';
import { OTEL_METRICS_SUMMARY, summaryRowJson } from '../store/tables/otel_metrics_summary.ts';
import type { SignalRows } from './logs-rows.ts';
import { countDataPoints } from '../otlp/metric-types.ts';
import { boundResourceAttributes, resourceRowBudget } from './resource-budget.ts';

export function metricsRows(req: ExportMetricsRequest, projectId: string): SignalRows {
  let gauge = '';
  let sum = '';
  let histogram = '';
  let exponential = '';
  let summary = '';
  let nGauge = 0;
  let nSum = 0;
  let nHistogram = 0;
  let nExponential = 0;
  let nSummary = 0;
  // Resource and scope attributes are copied into every row: each copy is bounded (resource-budget.ts).
  const budget = resourceRowBudget(countDataPoints(req));
  const texts = new RepeatedTexts();
  for (const rm of req.resourceMetrics) {
    const serviceName = serviceNameOf(rm.resource.attributes);
    for (const sm of rm.scopeMetrics) {
      if (sm.metrics.length === 0) continue;
      const scopePrefix = metricScopePrefix({
        projectId,
        serviceName,
        resourceSchemaUrl: rm.schemaUrl,
        resourceAttributes: boundResourceAttributes(rm.resource.attributes, budget).attributes,
        scopeName: sm.scope.name,
        scopeVersion: sm.scope.version,
        scopeAttributes: boundResourceAttributes(sm.scope.attributes, budget).attributes,
        scopeDroppedAttributesCount: sm.scope.droppedAttributesCount,
        scopeSchemaUrl: sm.schemaUrl,
      });
      for (const m of sm.metrics) {
        const d = m.data;
        if (d.dataPoints.length === 0) continue;
        const prefix = metricPrefix(scopePrefix, m.name, m.description, m.unit);
        switch (d.type) {
          case 'gauge':
            for (const p of d.dataPoints) gauge += gaugeRowJson(prefix, p, texts);
            nGauge += d.dataPoints.length;
            break;
          case 'sum':
            for (const p of d.dataPoints) sum += sumRowJson(prefix, p, d.aggregationTemporality, d.isMonotonic, texts);
            nSum += d.dataPoints.length;
            break;
          case 'histogram':
            for (const p of d.dataPoints) histogram += histogramRowJson(prefix, p, d.aggregationTemporality, texts);
            nHistogram += d.dataPoints.length;
            break;
          case 'exponential_histogram':
            for (const p of d.dataPoints) exponential += exponentialHistogramRowJson(prefix, p, d.aggregationTemporality, texts);
            nExponential += d.dataPoints.length;
            break;
          case 'summary':
            for (const p of d.dataPoints) summary += summaryRowJson(prefix, p, texts);
            nSummary += d.dataPoints.length;
            break;
        }
      }
    }
  }
  return {
    lines: {
      [OTEL_METRICS_GAUGE.name]: gauge,
      [OTEL_METRICS_SUM.name]: sum,
      [OTEL_METRICS_HISTOGRAM.name]: histogram,
      [OTEL_METRICS_EXPONENTIAL_HISTOGRAM.name]: exponential,
      [OTEL_METRICS_SUMMARY.name]: summary,
    },
    counts: {
      [OTEL_METRICS_GAUGE.name]: nGauge,
      [OTEL_METRICS_SUM.name]: nSum,
      [OTEL_METRICS_HISTOGRAM.name]: nHistogram,
      [OTEL_METRICS_EXPONENTIAL_HISTOGRAM.name]: nExponential,
      [OTEL_METRICS_SUMMARY.name]: nSummary,
    },
    rows: nGauge + nSum + nHistogram + nExponential + nSummary,
  };
}
