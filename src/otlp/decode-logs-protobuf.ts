/**
 * Hand-written decoder for opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest
 * (OTLP/HTTP `application/x-protobuf`, and the OTLP/gRPC message). Same rules as the trace
 * decoder (decode-protobuf.ts), whose AnyValue, KeyValue, resource and scope readers it shares:
 * one pass, cases on the whole tag, known fields with the wrong wire type skipped, invalid UTF-8
 * replaced and counted. Limits while reading, as for spans (DecodeLimits): records past maxSpans
 * (the per-request item cap) and attributes of one map past maxAttributes are skipped over without
 * being decoded, and counted in `skippedAtDecode` (and the map's dropped_attributes_count).
 */
import { ProtoReader } from './proto-reader.ts';
import { AttrSink, Budget, decodeAnyValue, newAttrMap, type DecodeLimits, decodeResourceEnvelope, decodeScopeEnvelope } from './decode-protobuf.ts';
import type { AttrValue } from './types.ts';
import type { ExportLogsRequest, LogRecord, ResourceLogs, ScopeLogs } from './log-types.ts';

export function decodeLogsRequestProtobuf(buf: Uint8Array, limits: DecodeLimits = {}): ExportLogsRequest {
  const r = new ProtoReader(buf);
  const budget = new Budget(limits);
  const resourceLogs: ResourceLogs[] = [];
  while (r.pos < r.length) {
    const tag = r.readVarint32();
    if (tag === 10) {
      // 1 resource_logs
      const len = r.readLength();
      resourceLogs.push(decodeResourceLogs(r, r.pos + len, budget));
    } else {
      r.skipField(tag);
    }
  }
  const request: ExportLogsRequest = { resourceLogs };
  if (r.invalidUtf8 > 0) request.invalidUtf8 = r.invalidUtf8;
  if (budget.skippedSpans > 0 || budget.skippedAttributes > 0) request.skippedAtDecode = { items: budget.skippedSpans, attributes: budget.skippedAttributes };
  return request;
}

function decodeResourceLogs(r: ProtoReader, end: number, budget: Budget): ResourceLogs {
  const e = decodeResourceEnvelope(r, end, budget, decodeScopeLogs, 'resource_logs');
  return { resource: e.resource, schemaUrl: e.schemaUrl, scopeLogs: e.scopes };
}

function decodeScopeLogs(r: ProtoReader, end: number, budget: Budget): ScopeLogs {
  // log records count against the per-request item cap, as spans do
  const e = decodeScopeEnvelope(r, end, budget, decodeLogRecord, 'scope_logs', true);
  return { scope: e.scope, schemaUrl: e.schemaUrl, logRecords: e.items };
}

function decodeLogRecord(r: ProtoReader, end: number, budget: Budget): LogRecord {
  let timeUnixNano = 0n;
  let observedTimeUnixNano = 0n;
  let severityNumber = 0;
  let severityText = '';
  let body: AttrValue = null;
  const attributes = new AttrSink(newAttrMap());
  let droppedAttributesCount = 0;
  let flags = 0;
  let traceId = '';
  let spanId = '';
  let eventName = '';
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 9: // 1 time_unix_nano (fixed64)
        timeUnixNano = r.readFixed64();
        break;
      case 16: // 2 severity_number
        severityNumber = r.readVarint32();
        break;
      case 26: // 3 severity_text
        severityText = r.readString();
        break;
      case 42: // 5 body
        body = decodeAnyValue(r, r.readLength(), 0, budget);
        break;
      case 50: // 6 attributes
        attributes.read(r, 0, budget);
        break;
      case 56: // 7 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      case 69: // 8 flags (fixed32)
        flags = r.readFixed32();
        break;
      case 74: // 9 trace_id
        traceId = r.readIdHex();
        break;
      case 82: // 10 span_id
        spanId = r.readIdHex();
        break;
      case 89: // 11 observed_time_unix_nano (fixed64)
        observedTimeUnixNano = r.readFixed64();
        break;
      case 98: // 12 event_name
        eventName = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'log_record');
  return {
    timeUnixNano,
    observedTimeUnixNano,
    severityNumber: severityNumber <= 24 ? severityNumber : 0,
    severityText,
    body,
    attributes: attributes.map,
    droppedAttributesCount: droppedAttributesCount + attributes.dropped,
    flags,
    traceId,
    spanId,
    eventName,
  };
}
