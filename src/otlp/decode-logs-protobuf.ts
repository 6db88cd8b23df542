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
import { AttrSink, Budget, decodeAnyValue, decodeResourceInto, decodeScope, newAttrMap, type DecodeLimits } from './decode-protobuf.ts';
import type { AttrValue, InstrumentationScope } from './types.ts';
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
  let attributes: AttrSink | null = null;
  let droppedAttributesCount = 0;
  let schemaUrl = '';
  const scopeLogs: ScopeLogs[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: {
        // 1 resource
        const len = r.readLength();
        attributes ??= new AttrSink(newAttrMap());
        droppedAttributesCount = decodeResourceInto(r, r.pos + len, attributes, droppedAttributesCount, budget);
        break;
      }
      case 18: {
        // 2 scope_logs
        const len = r.readLength();
        scopeLogs.push(decodeScopeLogs(r, r.pos + len, budget));
        break;
      }
      case 26: // 3 schema_url
        schemaUrl = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'resource_logs');
  return { resource: { attributes: attributes?.map ?? newAttrMap(), droppedAttributesCount: droppedAttributesCount + (attributes?.dropped ?? 0) }, schemaUrl, scopeLogs };
}

function decodeScopeLogs(r: ProtoReader, end: number, budget: Budget): ScopeLogs {
  let scope: InstrumentationScope | null = null;
  let schemaUrl = '';
  const logRecords: LogRecord[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: {
        // 1 scope
        const len = r.readLength();
        scope = decodeScope(r, r.pos + len, budget);
        break;
      }
      case 18: {
        // 2 log_records (past the item cap: skipped over, counted)
        if (budget.spans >= budget.maxSpans) {
          r.skipField(tag);
          budget.skippedSpans++;
          break;
        }
        budget.spans++;
        const len = r.readLength();
        logRecords.push(decodeLogRecord(r, r.pos + len, budget));
        break;
      }
      case 26: // 3 schema_url
        schemaUrl = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'scope_logs');
  scope ??= { name: '', version: '', attributes: newAttrMap(), droppedAttributesCount: 0 };
  return { scope, schemaUrl, logRecords };
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
