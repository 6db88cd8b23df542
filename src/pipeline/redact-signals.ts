/**
 * --redact for logs and metrics: every string in a log record (body, attributes) and in metric
 * attributes (points, exemplars, resource, scope) goes through the same PII/secret redaction as
 * span content before any row is built, so no secret reaches otel_logs or otel_metrics_*.
 * Runs on the request path: regex scanning, linear in the request's text.
 */
import { redact } from '../enrich/pii/redact.ts';
import type { FindingCategory } from '../enrich/pii/detectors.ts';
import type { ExportLogsRequest } from '../otlp/log-types.ts';
import type { ExportMetricsRequest, MetricData } from '../otlp/metric-types.ts';
import { redactMap, redactValue } from './ingest.ts';

export function redactLogsRequest(req: ExportLogsRequest, categories: ReadonlySet<FindingCategory>): ExportLogsRequest {
  const r = (s: string) => redact(s, categories);
  for (const rl of req.resourceLogs) {
    rl.resource.attributes = redactMap(rl.resource.attributes, r);
    for (const sl of rl.scopeLogs) {
      sl.scope.attributes = redactMap(sl.scope.attributes, r);
      for (const rec of sl.logRecords) {
        rec.body = redactValue(rec.body, r);
        rec.attributes = redactMap(rec.attributes, r);
      }
    }
  }
  return req;
}

export function redactMetricsRequest(req: ExportMetricsRequest, categories: ReadonlySet<FindingCategory>): ExportMetricsRequest {
  const r = (s: string) => redact(s, categories);
  for (const rm of req.resourceMetrics) {
    rm.resource.attributes = redactMap(rm.resource.attributes, r);
    for (const sm of rm.scopeMetrics) {
      sm.scope.attributes = redactMap(sm.scope.attributes, r);
      for (const m of sm.metrics) {
        m.metadata = redactMap(m.metadata, r);
        for (const p of m.data.dataPoints as MetricData['dataPoints'][number][]) {
          p.attributes = redactMap(p.attributes, r);
          if ('exemplars' in p) for (const e of p.exemplars) e.filteredAttributes = redactMap(e.filteredAttributes, r);
        }
      }
    }
  }
  return req;
}
