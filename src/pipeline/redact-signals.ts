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
import type { AttrMap, AttrValue, ExportTraceRequest } from '../otlp/types.ts';
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

/** What a string becomes when redaction itself failed on it (fail closed: never stored in clear). */
export const REDACTION_FAILED_TEXT = '[REDACTED:redaction_failed]';

/** A redactor that never throws: a string it fails on is replaced (and counted). */
export function failClosed(categories: ReadonlySet<FindingCategory>, onFailure: () => void): (s: string) => string {
  return (s) => {
    try {
      return redact(s, categories);
    } catch {
      onFailure();
      return REDACTION_FAILED_TEXT;
    }
  };
}

function redactKeysAndValues(m: AttrMap, r: (s: string) => string): AttrMap {
  const out = Object.create(null) as AttrMap; // no prototype: a "__proto__" key stays data
  for (const k in m) out[r(k)] = redactDeep(m[k]!, r);
  return out;
}

function redactDeep(v: AttrValue, r: (s: string) => string): AttrValue {
  if (typeof v === 'string') return r(v);
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, r));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) return redactKeysAndValues(v, r);
  return v;
}

/**
 * --redact for traces: every string of every span — GenAI or not, with or without content —
 * before any row is built: names, attribute keys and values (span, event, link, resource, scope),
 * event names, status messages, trace states, scope name and version. So every column of
 * otel_traces, llm_calls (user/session ids, error type, service name…) and scores is built from
 * redacted text. In place (the request is the handler's).
 */
export function redactTraceRequest(req: ExportTraceRequest, r: (s: string) => string): ExportTraceRequest {
  for (const rs of req.resourceSpans) {
    rs.resource.attributes = redactKeysAndValues(rs.resource.attributes, r);
    for (const ss of rs.scopeSpans) {
      ss.scope.name = r(ss.scope.name);
      ss.scope.version = r(ss.scope.version);
      ss.scope.attributes = redactKeysAndValues(ss.scope.attributes, r);
      for (const span of ss.spans) {
        span.name = r(span.name);
        span.traceState = r(span.traceState);
        span.status.message = r(span.status.message);
        span.attributes = redactKeysAndValues(span.attributes, r);
        for (const e of span.events) {
          e.name = r(e.name);
          e.attributes = redactKeysAndValues(e.attributes, r);
        }
        for (const l of span.links) {
          l.traceState = r(l.traceState);
          l.attributes = redactKeysAndValues(l.attributes, r);
        }
      }
    }
  }
  return req;
}
