/**
 * The collector's decoded OTLP requests (src/otlp types) written back as OTLP protobuf
 * Export{Trace,Metrics,Logs}ServiceRequest messages — what is forwarded downstream is what was
 * accepted (valid items within limits, redacted with --redact), not the raw body.
 * Field numbers follow opentelemetry-proto (common, resource, trace, logs, metrics v1).
 * Two things the decoded form no longer tells apart are written one way: an integral attribute
 * number goes out as int_value (a double 2.0 becomes int 2), and a data point's number as
 * as_double unless it is a bigint (beyond 2^53, as_int).
 */
import type { AttrMap, AttrValue, ExportTraceRequest, InstrumentationScope, Span } from '../otlp/types.ts';
import type { ExportLogsRequest, LogRecord } from '../otlp/log-types.ts';
import type { Exemplar, ExportMetricsRequest, Metric } from '../otlp/metric-types.ts';
import type { Signal } from '../otlp/parse.ts';
import { ProtoWriter } from './proto-writer.ts';

export function encodeRequest(signal: Signal, req: unknown): Uint8Array {
  return signal === 'traces'
    ? encodeTraceRequest(req as ExportTraceRequest)
    : signal === 'metrics'
      ? encodeMetricsRequest(req as ExportMetricsRequest)
      : encodeLogsRequest(req as ExportLogsRequest);
}

function attributes(w: ProtoWriter, field: number, m: AttrMap): void {
  for (const k in m) {
    w.message(field, () => {
      w.string(1, k);
      anyValue(w, 2, m[k]!);
    });
  }
}

function anyValue(w: ProtoWriter, field: number, v: AttrValue): void {
  w.message(field, () => {
    if (v === null) return;
    if (typeof v === 'string') w.stringAlways(1, v);
    else if (typeof v === 'boolean') w.boolAlways(2, v);
    else if (typeof v === 'bigint') w.int64Always(3, v);
    else if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) w.int64Always(3, v);
      else w.doubleAlways(4, v);
    } else if (v instanceof Uint8Array) w.bytesAlways(7, v);
    else if (Array.isArray(v)) w.message(5, () => v.forEach((x) => anyValue(w, 1, x)));
    else w.message(6, () => attributes(w, 1, v));
  });
}

function resource(w: ProtoWriter, r: { attributes: AttrMap; droppedAttributesCount: number }): void {
  w.message(1, () => {
    attributes(w, 1, r.attributes);
    w.uint(2, r.droppedAttributesCount);
  });
}

function scope(w: ProtoWriter, s: InstrumentationScope): void {
  w.message(1, () => {
    w.string(1, s.name);
    w.string(2, s.version);
    attributes(w, 3, s.attributes);
    w.uint(4, s.droppedAttributesCount);
  });
}

export function encodeTraceRequest(req: ExportTraceRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const rs of req.resourceSpans) {
    w.message(1, () => {
      resource(w, rs.resource);
      for (const ss of rs.scopeSpans) {
        w.message(2, () => {
          scope(w, ss.scope);
          for (const s of ss.spans) w.message(2, () => span(w, s));
          w.string(3, ss.schemaUrl);
        });
      }
      w.string(3, rs.schemaUrl);
    });
  }
  return w.finish();
}

function span(w: ProtoWriter, s: Span): void {
  w.hexId(1, s.traceId);
  w.hexId(2, s.spanId);
  w.string(3, s.traceState);
  w.hexId(4, s.parentSpanId);
  w.string(5, s.name);
  w.uint(6, s.kind);
  w.fixed64(7, s.startTimeUnixNano);
  w.fixed64(8, s.endTimeUnixNano);
  attributes(w, 9, s.attributes);
  w.uint(10, s.droppedAttributesCount);
  for (const e of s.events) {
    w.message(11, () => {
      w.fixed64(1, e.timeUnixNano);
      w.string(2, e.name);
      attributes(w, 3, e.attributes);
      w.uint(4, e.droppedAttributesCount);
    });
  }
  w.uint(12, s.droppedEventsCount);
  for (const l of s.links) {
    w.message(13, () => {
      w.hexId(1, l.traceId);
      w.hexId(2, l.spanId);
      w.string(3, l.traceState);
      attributes(w, 4, l.attributes);
      w.uint(5, l.droppedAttributesCount);
      w.fixed32(6, l.flags);
    });
  }
  w.uint(14, s.droppedLinksCount);
  if (s.status.code !== 0 || s.status.message !== '') {
    w.message(15, () => {
      w.string(2, s.status.message);
      w.uint(3, s.status.code);
    });
  }
  w.fixed32(16, s.flags);
}

export function encodeLogsRequest(req: ExportLogsRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const rl of req.resourceLogs) {
    w.message(1, () => {
      resource(w, rl.resource);
      for (const sl of rl.scopeLogs) {
        w.message(2, () => {
          scope(w, sl.scope);
          for (const r of sl.logRecords) w.message(2, () => logRecord(w, r));
          w.string(3, sl.schemaUrl);
        });
      }
      w.string(3, rl.schemaUrl);
    });
  }
  return w.finish();
}

function logRecord(w: ProtoWriter, r: LogRecord): void {
  w.fixed64(1, r.timeUnixNano);
  w.uint(2, r.severityNumber);
  w.string(3, r.severityText);
  if (r.body !== null) anyValue(w, 5, r.body);
  attributes(w, 6, r.attributes);
  w.uint(7, r.droppedAttributesCount);
  w.fixed32(8, r.flags);
  w.hexId(9, r.traceId);
  w.hexId(10, r.spanId);
  w.fixed64(11, r.observedTimeUnixNano);
  w.string(12, r.eventName);
}

export function encodeMetricsRequest(req: ExportMetricsRequest): Uint8Array {
  const w = new ProtoWriter();
  for (const rm of req.resourceMetrics) {
    w.message(1, () => {
      resource(w, rm.resource);
      for (const sm of rm.scopeMetrics) {
        w.message(2, () => {
          scope(w, sm.scope);
          for (const m of sm.metrics) w.message(2, () => metric(w, m));
          w.string(3, sm.schemaUrl);
        });
      }
      w.string(3, rm.schemaUrl);
    });
  }
  return w.finish();
}

/** as_double (field `dbl`) for numbers, as_int (sfixed64, field `int`) for bigints. */
function numberValue(w: ProtoWriter, dbl: number, int: number, v: number | bigint): void {
  if (typeof v === 'bigint') w.fixed64Always(int, v);
  else w.doubleAlways(dbl, v);
}

function exemplars(w: ProtoWriter, field: number, list: readonly Exemplar[]): void {
  for (const e of list) {
    w.message(field, () => {
      w.fixed64(2, e.timeUnixNano);
      numberValue(w, 3, 6, e.value);
      w.hexId(4, e.spanId);
      w.hexId(5, e.traceId);
      attributes(w, 7, e.filteredAttributes);
    });
  }
}

function metric(w: ProtoWriter, m: Metric): void {
  w.string(1, m.name);
  w.string(2, m.description);
  w.string(3, m.unit);
  const d = m.data;
  switch (d.type) {
    case 'gauge':
    case 'sum':
      w.message(d.type === 'gauge' ? 5 : 7, () => {
        for (const p of d.dataPoints) {
          w.message(1, () => {
            w.fixed64(2, p.startTimeUnixNano);
            w.fixed64(3, p.timeUnixNano);
            numberValue(w, 4, 6, p.value);
            exemplars(w, 5, p.exemplars);
            attributes(w, 7, p.attributes);
            w.uint(8, p.flags);
          });
        }
        if (d.type === 'sum') {
          w.uint(2, d.aggregationTemporality);
          w.bool(3, d.isMonotonic);
        }
      });
      break;
    case 'histogram':
      w.message(9, () => {
        for (const p of d.dataPoints) {
          w.message(1, () => {
            w.fixed64(2, p.startTimeUnixNano);
            w.fixed64(3, p.timeUnixNano);
            w.fixed64(4, p.count);
            if (p.sum !== null) w.doubleAlways(5, p.sum);
            w.packedFixed64(6, p.bucketCounts);
            w.packedDouble(7, p.explicitBounds);
            exemplars(w, 8, p.exemplars);
            attributes(w, 9, p.attributes);
            w.uint(10, p.flags);
            if (p.min !== null) w.doubleAlways(11, p.min);
            if (p.max !== null) w.doubleAlways(12, p.max);
          });
        }
        w.uint(2, d.aggregationTemporality);
      });
      break;
    case 'exponential_histogram':
      w.message(10, () => {
        for (const p of d.dataPoints) {
          w.message(1, () => {
            attributes(w, 1, p.attributes);
            w.fixed64(2, p.startTimeUnixNano);
            w.fixed64(3, p.timeUnixNano);
            w.fixed64(4, p.count);
            if (p.sum !== null) w.doubleAlways(5, p.sum);
            w.sint32(6, p.scale);
            w.fixed64(7, p.zeroCount);
            for (const [field, b] of [[8, p.positive], [9, p.negative]] as const) {
              w.message(field, () => {
                w.sint32(1, b.offset);
                w.packedUint64(2, b.bucketCounts);
              });
            }
            w.uint(10, p.flags);
            exemplars(w, 11, p.exemplars);
            if (p.min !== null) w.doubleAlways(12, p.min);
            if (p.max !== null) w.doubleAlways(13, p.max);
            w.double(14, p.zeroThreshold);
          });
        }
        w.uint(2, d.aggregationTemporality);
      });
      break;
    case 'summary':
      w.message(11, () => {
        for (const p of d.dataPoints) {
          w.message(1, () => {
            w.fixed64(2, p.startTimeUnixNano);
            w.fixed64(3, p.timeUnixNano);
            w.fixed64(4, p.count);
            w.double(5, p.sum);
            for (const q of p.quantileValues) {
              w.message(6, () => {
                w.double(1, q.quantile);
                w.double(2, q.value);
              });
            }
            attributes(w, 7, p.attributes);
            w.uint(8, p.flags);
          });
        }
      });
      break;
    case 'empty':
      break;
  }
  attributes(w, 12, m.metadata);
}
