/**
 * Hand-written decoder for opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
 * (OTLP/HTTP `application/x-protobuf`). One pass, no intermediate messages: each sub-message is
 * read straight into the shapes of types.ts. Cases switch on the whole tag (field << 3 | wire type),
 * so a known field arriving with an unexpected wire type is skipped like an unknown field, as the
 * protobuf runtimes do.
 *
 * AnyValue nesting deeper than MAX_ANY_VALUE_DEPTH (limits.ts) throws DecodeError. Invalid UTF-8
 * is replaced with U+FFFD; the count is reported as `invalidUtf8` on the result when non-zero.
 *
 * Limits while reading (DecodeLimits): spans past maxSpans and attributes of one map past
 * maxAttributes are skipped over without being decoded (a 20 MiB body of 2.5 M distinct keys, or
 * of 436,884 tiny spans, costs a scan of its tags, not millions of objects), counted in the map's
 * dropped_attributes_count and in `skippedAtDecode`. An attribute past the cap is dropped even if
 * it repeats a kept key (the key is not read).
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

/** Caps applied while decoding (see the header); unlimited when absent. */
export interface DecodeLimits {
  maxSpans?: number;
  /** Per attribute map (span, event, link, resource, scope, kvlist). */
  maxAttributes?: number;
}

/** Per-request decoding state: the caps and what was skipped because of them. */
export class Budget {
  readonly maxSpans: number;
  readonly maxAttributes: number;
  spans = 0;
  skippedSpans = 0;
  skippedAttributes = 0;
  constructor(l: DecodeLimits) {
    this.maxSpans = l.maxSpans ?? Infinity;
    this.maxAttributes = l.maxAttributes ?? Infinity;
  }
}

const UNLIMITED = new Budget({});

export function decodeTraceRequestProtobuf(buf: Uint8Array, limits: DecodeLimits = {}): ExportTraceRequest {
  const r = new ProtoReader(buf);
  const budget = new Budget(limits);
  const resourceSpans: ResourceSpans[] = [];
  const end = r.length;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) {
      // 1 resource_spans
      const len = r.readLength();
      resourceSpans.push(decodeResourceSpans(r, r.pos + len, budget));
    } else {
      r.skipField(tag);
    }
  }
  const request: ExportTraceRequest = { resourceSpans };
  if (r.invalidUtf8 > 0) request.invalidUtf8 = r.invalidUtf8;
  if (budget.skippedSpans > 0 || budget.skippedAttributes > 0) request.skippedAtDecode = { spans: budget.skippedSpans, attributes: budget.skippedAttributes };
  return request;
}

/** Reads attribute KeyValues into a map, skipping those past the cap; returns how many were skipped. */
export class AttrSink {
  readonly map: AttrMap;
  count = 0;
  dropped = 0;
  constructor(map: AttrMap) {
    this.map = map;
  }
  /** Reads (or skips) one length-delimited KeyValue field. */
  read(r: ProtoReader, depth: number, budget: Budget): void {
    if (this.count >= budget.maxAttributes) {
      r.skipField(WIRE_LENGTH_DELIMITED);
      this.dropped++;
      budget.skippedAttributes++;
      return;
    }
    decodeKeyValueInto(r, this.map, depth, budget);
    this.count++;
  }
}

/** skipField(tag) only looks at the wire type (and rejects field 0): any length-delimited tag works. */
const WIRE_LENGTH_DELIMITED = (1 << 3) | 2;

export function newAttrMap(): AttrMap {
  // No prototype: keys such as "__proto__" or "constructor" stay ordinary data.
  return Object.create(null) as AttrMap;
}

function decodeResourceSpans(r: ProtoReader, end: number, budget: Budget): ResourceSpans {
  const e = decodeResourceEnvelope(r, end, budget, decodeScopeSpans, 'resource_spans');
  return { resource: e.resource, schemaUrl: e.schemaUrl, scopeSpans: e.scopes };
}

/**
 * Reads a Resource's attributes into `attributes` (a repeated resource field merges, as protobuf
 * merges repeated sub-messages); returns dropped_attributes_count, or `dropped` when it is absent.
 */
export function decodeResourceInto(r: ProtoReader, end: number, attributes: AttrMap | AttrSink, dropped: number, budget: Budget = UNLIMITED): number {
  let droppedAttributesCount = dropped;
  const sink = attributes instanceof AttrSink ? attributes : new AttrSink(attributes);
  while (r.pos < end) {
    const t = r.readVarint32();
    if (t === 10) sink.read(r, 0, budget);
    else if (t === 16) droppedAttributesCount = r.readVarint32();
    else r.skipField(t);
  }
  r.expectEnd(end, 'resource');
  return droppedAttributesCount;
}

function decodeScopeSpans(r: ProtoReader, end: number, budget: Budget): ScopeSpans {
  const e = decodeScopeEnvelope(r, end, budget, decodeSpan, 'scope_spans', true);
  return { scope: e.scope, schemaUrl: e.schemaUrl, spans: e.items };
}

/**
 * Resource{Spans,Logs,Metrics} share one layout (1 resource, 2 repeated scope_*, 3 schema_url):
 * read once here for every signal.
 */
export function decodeResourceEnvelope<T>(
  r: ProtoReader,
  end: number,
  budget: Budget,
  readScope: (r: ProtoReader, end: number, budget: Budget) => T,
  what: string,
): { resource: { attributes: AttrMap; droppedAttributesCount: number }; schemaUrl: string; scopes: T[] } {
  let attributes: AttrSink | null = null;
  let droppedAttributesCount = 0;
  let schemaUrl = '';
  const scopes: T[] = [];
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
        // 2 scope_*
        const len = r.readLength();
        scopes.push(readScope(r, r.pos + len, budget));
        break;
      }
      case 26: // 3 schema_url
        schemaUrl = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, what);
  return {
    resource: { attributes: attributes?.map ?? newAttrMap(), droppedAttributesCount: droppedAttributesCount + (attributes?.dropped ?? 0) },
    schemaUrl,
    scopes,
  };
}

/**
 * Scope{Spans,Logs,Metrics} share one layout (1 scope, 2 repeated items, 3 schema_url). With
 * `capped`, items past the per-request limit are skipped without being decoded (counted).
 */
export function decodeScopeEnvelope<T>(
  r: ProtoReader,
  end: number,
  budget: Budget,
  readItem: (r: ProtoReader, end: number, budget: Budget) => T,
  what: string,
  capped: boolean,
): { scope: InstrumentationScope; schemaUrl: string; items: T[] } {
  let scope: InstrumentationScope | null = null;
  let schemaUrl = '';
  const items: T[] = [];
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
        // 2 items
        if (capped) {
          if (budget.spans >= budget.maxSpans) {
            r.skipField(tag);
            budget.skippedSpans++;
            break;
          }
          budget.spans++;
        }
        const len = r.readLength();
        items.push(readItem(r, r.pos + len, budget));
        break;
      }
      case 26: // 3 schema_url
        schemaUrl = r.readString();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, what);
  scope ??= { name: '', version: '', attributes: newAttrMap(), droppedAttributesCount: 0 };
  return { scope, schemaUrl, items };
}

export function decodeScope(r: ProtoReader, end: number, budget: Budget = UNLIMITED): InstrumentationScope {
  let name = '';
  let version = '';
  const attributes = new AttrSink(newAttrMap());
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
        attributes.read(r, 0, budget);
        break;
      case 32: // 4 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'scope');
  return { name, version, attributes: attributes.map, droppedAttributesCount: droppedAttributesCount + attributes.dropped };
}

function decodeSpan(r: ProtoReader, end: number, budget: Budget): Span {
  let traceId = '';
  let spanId = '';
  let parentSpanId = '';
  let traceState = '';
  let flags = 0;
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes = new AttrSink(newAttrMap());
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
        attributes.read(r, 0, budget);
        break;
      case 80: // 10 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      case 90: {
        // 11 events
        const len = r.readLength();
        events.push(decodeEvent(r, r.pos + len, budget));
        break;
      }
      case 96: // 12 dropped_events_count
        droppedEventsCount = r.readVarint32();
        break;
      case 106: {
        // 13 links
        const len = r.readLength();
        links.push(decodeLink(r, r.pos + len, budget));
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
    attributes: attributes.map,
    droppedAttributesCount: droppedAttributesCount + attributes.dropped,
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

function decodeEvent(r: ProtoReader, end: number, budget: Budget): SpanEvent {
  let timeUnixNano = 0n;
  let name = '';
  const attributes = new AttrSink(newAttrMap());
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
        attributes.read(r, 0, budget);
        break;
      case 32: // 4 dropped_attributes_count
        droppedAttributesCount = r.readVarint32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'event');
  return { timeUnixNano, name, attributes: attributes.map, droppedAttributesCount: droppedAttributesCount + attributes.dropped };
}

function decodeLink(r: ProtoReader, end: number, budget: Budget): SpanLink {
  let traceId = '';
  let spanId = '';
  let traceState = '';
  const attributes = new AttrSink(newAttrMap());
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
        attributes.read(r, 0, budget);
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
  return { traceId, spanId, traceState, attributes: attributes.map, droppedAttributesCount: droppedAttributesCount + attributes.dropped, flags };
}

/** Reads one length-delimited KeyValue and stores it in `into` (a repeated key: the last wins). */
export function decodeKeyValueInto(r: ProtoReader, into: AttrMap, depth: number, budget: Budget = UNLIMITED): void {
  const len = r.readLength();
  const end = r.pos + len;
  let key = '';
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) key = r.readString();
    else if (tag === 18) value = decodeAnyValue(r, r.readLength(), depth, budget);
    else r.skipField(tag);
  }
  r.expectEnd(end, 'key_value');
  into[key] = value;
}

/** Reads an AnyValue of `len` bytes; an AnyValue with no field set is null. */
export function decodeAnyValue(r: ProtoReader, len: number, depth: number, budget: Budget = UNLIMITED): AttrValue {
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
        value = decodeArrayValue(r, r.readLength(), depth + 1, budget);
        break;
      case 50: // 6 kvlist_value
        value = decodeKeyValueList(r, r.readLength(), depth + 1, budget);
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

function decodeArrayValue(r: ProtoReader, len: number, depth: number, budget: Budget): AttrValue[] {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(`attribute value nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const end = r.pos + len;
  const values: AttrValue[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) values.push(decodeAnyValue(r, r.readLength(), depth, budget));
    else r.skipField(tag);
  }
  r.expectEnd(end, 'array_value');
  return values;
}

function decodeKeyValueList(r: ProtoReader, len: number, depth: number, budget: Budget): AttrMap {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(`attribute value nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const end = r.pos + len;
  const values = new AttrSink(newAttrMap());
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) values.read(r, depth, budget);
    else r.skipField(tag);
  }
  r.expectEnd(end, 'kvlist_value');
  return values.map;
}
