/**
 * Hand-written decoder for opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
 * (OTLP/HTTP `application/x-protobuf`). One pass, no intermediate messages: each sub-message is
 * read straight into the shapes of types.ts. Cases switch on the whole tag (field << 3 | wire type),
 * so a known field arriving with an unexpected wire type is skipped like an unknown field, as the
 * protobuf runtimes do.
 *
 * AnyValue nesting deeper than MAX_ANY_VALUE_DEPTH (limits.ts) throws DecodeError. Invalid UTF-8
 * is replaced with U+FFFD; the count is reported as `invalidUtf8` on the result when non-zero.
 */
import { MAX_ANY_VALUE_DEPTH } from './limits.ts';
import { ProtoReader } from './proto-reader.ts';
import {
  DecodeError,
  type AttrMap,
  type AttrValue,
  type ExportTraceRequest,
  type InstrumentationScope,
  type ResourceSpans,
  type ScopeSpans,
  type Span,
  type SpanEvent,
  type SpanKindNumber,
  type SpanLink,
  type StatusCodeNumber,
} from './types.ts';

export function decodeTraceRequestProtobuf(buf: Uint8Array): ExportTraceRequest {
  const r = new ProtoReader(buf);
  const resourceSpans: ResourceSpans[] = [];
  const end = r.length;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) {
      // 1 resource_spans
      const len = r.readLength();
      resourceSpans.push(decodeResourceSpans(r, r.pos + len));
    } else {
      r.skipField(tag);
    }
  }
  const request: ExportTraceRequest = { resourceSpans };
  if (r.invalidUtf8 > 0) request.invalidUtf8 = r.invalidUtf8;
  return request;
}

export function newAttrMap(): AttrMap {
  // No prototype: keys such as "__proto__" or "constructor" stay ordinary data.
  return Object.create(null) as AttrMap;
}

function decodeResourceSpans(r: ProtoReader, end: number): ResourceSpans {
  let attributes: AttrMap | null = null;
  let droppedAttributesCount = 0;
  let schemaUrl = '';
  const scopeSpans: ScopeSpans[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: {
        // 1 resource
        const len = r.readLength();
        attributes ??= newAttrMap();
        droppedAttributesCount = decodeResourceInto(r, r.pos + len, attributes, droppedAttributesCount);
        break;
      }
      case 18: {
        // 2 scope_spans
        const len = r.readLength();
        scopeSpans.push(decodeScopeSpans(r, r.pos + len));
        break;
      }
      case 26: // 3 schema_url
        schemaUrl = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'resource_spans');
  return { resource: { attributes: attributes ?? newAttrMap(), droppedAttributesCount }, schemaUrl, scopeSpans };
}

/**
 * Reads a Resource's attributes into `attributes` (a repeated resource field merges, as protobuf
 * merges repeated sub-messages); returns dropped_attributes_count, or `dropped` when it is absent.
 */
export function decodeResourceInto(r: ProtoReader, end: number, attributes: AttrMap, dropped: number): number {
  let droppedAttributesCount = dropped;
  while (r.pos < end) {
    const t = r.readVarint32();
    if (t === 10) decodeKeyValueInto(r, attributes, 0);
    else if (t === 16) droppedAttributesCount = r.readVarint32();
    else r.skipField(t);
  }
  r.expectEnd(end, 'resource');
  return droppedAttributesCount;
}

function decodeScopeSpans(r: ProtoReader, end: number): ScopeSpans {
  let scope: InstrumentationScope | null = null;
  let schemaUrl = '';
  const spans: Span[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: {
        // 1 scope
        const len = r.readLength();
        scope = decodeScope(r, r.pos + len);
        break;
      }
      case 18: {
        // 2 spans
        const len = r.readLength();
        spans.push(decodeSpan(r, r.pos + len));
        break;
      }
      case 26: // 3 schema_url
        schemaUrl = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'scope_spans');
  scope ??= { name: '', version: '', attributes: newAttrMap(), droppedAttributesCount: 0 };
  return { scope, schemaUrl, spans };
}

export function decodeScope(r: ProtoReader, end: number): InstrumentationScope {
  let name = '';
  let version = '';
  const attributes = newAttrMap();
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: // 1 name
        name = r.readString();
        break;
      case 18: // 2 version
        version = r.readString();
        break;
      case 26: // 3 attributes
        decodeKeyValueInto(r, attributes, 0);
        break;
      case 32: // 4 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'scope');
  return { name, version, attributes, droppedAttributesCount };
}

function decodeSpan(r: ProtoReader, end: number): Span {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let traceState = '';
  let flags = 0;
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes = newAttrMap();
  let droppedAttributesCount = 0;
  const events: SpanEvent[] = [];
  let droppedEventsCount = 0;
  const links: SpanLink[] = [];
  let droppedLinksCount = 0;
  let statusCode = 0;
  let statusMessage = '';
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: // 1 trace_id
        traceId = r.readIdHex();
        break;
      case 18: // 2 span_id
        spanId = r.readIdHex();
        break;
      case 26: // 3 trace_state
        traceState = r.readString();
        break;
      case 34: // 4 parent_span_id
        parentSpanId = r.readIdHex();
        break;
      case 42: // 5 name
        name = r.readString();
        break;
      case 48: // 6 kind
        kind = r.readVarint32();
        break;
      case 57: // 7 start_time_unix_nano (fixed64)
        startTimeUnixNano = r.readFixed64();
        break;
      case 65: // 8 end_time_unix_nano (fixed64)
        endTimeUnixNano = r.readFixed64();
        break;
      case 74: // 9 attributes
        decodeKeyValueInto(r, attributes, 0);
        break;
      case 80: // 10 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      case 90: {
        // 11 events
        const len = r.readLength();
        events.push(decodeEvent(r, r.pos + len));
        break;
      }
      case 96: // 12 dropped_events_count
        droppedEventsCount = r.readVarint32();
        break;
      case 106: {
        // 13 links
        const len = r.readLength();
        links.push(decodeLink(r, r.pos + len));
        break;
      }
      case 112: // 14 dropped_links_count
        droppedLinksCount = r.readVarint32();
        break;
      case 122: {
        // 15 status: 2 message, 3 code (1 is the reserved deprecated_code)
        const len = r.readLength();
        const statusEnd = r.pos + len;
        while (r.pos < statusEnd) {
          const t = r.readVarint32();
          if (t === 18) statusMessage = r.readString();
          else if (t === 24) statusCode = r.readVarint32();
          else r.skipField(t);
        }
        r.expectEnd(statusEnd, 'status');
        break;
      }
      case 133: // 16 flags (fixed32)
        flags = r.readFixed32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'span');
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState,
    flags,
    name,
    kind: spanKindOf(kind),
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links,
    droppedLinksCount,
    status: { code: statusCodeOf(statusCode), message: statusMessage },
  };
}

/** Enum values this schema version does not define are read as UNSPECIFIED / UNSET. */
function spanKindOf(value: number): SpanKindNumber {
  return value <= 5 ? (value as SpanKindNumber) : 0;
}

function statusCodeOf(value: number): StatusCodeNumber {
  return value <= 2 ? (value as StatusCodeNumber) : 0;
}

function decodeEvent(r: ProtoReader, end: number): SpanEvent {
  let timeUnixNano = 0n;
  let name = '';
  const attributes = newAttrMap();
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 9: // 1 time_unix_nano (fixed64)
        timeUnixNano = r.readFixed64();
        break;
      case 18: // 2 name
        name = r.readString();
        break;
      case 26: // 3 attributes
        decodeKeyValueInto(r, attributes, 0);
        break;
      case 32: // 4 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'event');
  return { timeUnixNano, name, attributes, droppedAttributesCount };
}

function decodeLink(r: ProtoReader, end: number): SpanLink {
  let traceId = '';
  let spanId = '';
  let traceState = '';
  const attributes = newAttrMap();
  let droppedAttributesCount = 0;
  let flags = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: // 1 trace_id
        traceId = r.readIdHex();
        break;
      case 18: // 2 span_id
        spanId = r.readIdHex();
        break;
      case 26: // 3 trace_state
        traceState = r.readString();
        break;
      case 34: // 4 attributes
        decodeKeyValueInto(r, attributes, 0);
        break;
      case 40: // 5 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      case 53: // 6 flags (fixed32)
        flags = r.readFixed32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'link');
  return { traceId, spanId, traceState, attributes, droppedAttributesCount, flags };
}

/** Reads one length-delimited KeyValue and stores it in `into` (a repeated key: the last wins). */
export function decodeKeyValueInto(r: ProtoReader, into: AttrMap, depth: number): void {
  const len = r.readLength();
  const end = r.pos + len;
  let key = '';
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) key = r.readString();
    else if (tag === 18) value = decodeAnyValue(r, r.readLength(), depth);
    else r.skipField(tag);
  }
  r.expectEnd(end, 'key_value');
  into[key] = value;
}

/** Reads an AnyValue of `len` bytes; an AnyValue with no field set is null. */
export function decodeAnyValue(r: ProtoReader, len: number, depth: number): AttrValue {
  const end = r.pos + len;
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: // 1 string_value
        value = r.readString();
        break;
      case 16: // 2 bool_value
        value = r.readBool();
        break;
      case 24: // 3 int_value
        value = r.readInt64();
        break;
      case 33: // 4 double_value
        value = r.readDouble();
        break;
      case 42: // 5 array_value
        value = decodeArrayValue(r, r.readLength(), depth + 1);
        break;
      case 50: // 6 kvlist_value
        value = decodeKeyValueList(r, r.readLength(), depth + 1);
        break;
      case 58: // 7 bytes_value
        value = r.readBytesCopy();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'any_value');
  return value;
}

function decodeArrayValue(r: ProtoReader, len: number, depth: number): AttrValue[] {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(`attribute value nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const end = r.pos + len;
  const values: AttrValue[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) values.push(decodeAnyValue(r, r.readLength(), depth));
    else r.skipField(tag);
  }
  r.expectEnd(end, 'array_value');
  return values;
}

function decodeKeyValueList(r: ProtoReader, len: number, depth: number): AttrMap {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(`attribute value nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const end = r.pos + len;
  const values = newAttrMap();
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) decodeKeyValueInto(r, values, depth);
    else r.skipField(tag);
  }
  r.expectEnd(end, 'kvlist_value');
  return values;
}
