/**
 * Decoder for OTLP/JSON ExportTraceServiceRequest (OTLP/HTTP `application/json`).
 * Follows the OTLP/JSON mapping: lowerCamelCase field names (the proto snake_case names are
 * accepted too), hex ids (any case, returned lowercase), 64-bit integers as decimal strings or
 * numbers, enums as integers or value names, bytes as base64, `{}` as the empty AnyValue.
 * Unknown fields are ignored, as the OTLP spec requires of receivers. Invalid JSON or a value of
 * the wrong type throws DecodeError naming the path, e.g. "resourceSpans[0].scopeSpans[0].spans[2].name: …".
 */
import { MAX_ANY_VALUE_DEPTH } from './limits.ts';
import { takeStringRepairs, jsonBool, jsonBytes, jsonDouble, jsonEnum, jsonId, jsonInt64, jsonString, jsonUint32, jsonUint64Time } from './json-scalars.ts';
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

export type JsonObject = Record<string, unknown>;

const SPAN_KIND_NAMES: ReadonlyMap<string, number> = new Map([
  ['SPAN_KIND_UNSPECIFIED', 0],
  ['SPAN_KIND_INTERNAL', 1],
  ['SPAN_KIND_SERVER', 2],
  ['SPAN_KIND_CLIENT', 3],
  ['SPAN_KIND_PRODUCER', 4],
  ['SPAN_KIND_CONSUMER', 5],
]);

const STATUS_CODE_NAMES: ReadonlyMap<string, number> = new Map([
  ['STATUS_CODE_UNSET', 0],
  ['STATUS_CODE_OK', 1],
  ['STATUS_CODE_ERROR', 2],
]);

/**
 * Deepest JSON nesting an OTLP request can need: request → resourceSpans → scopeSpans → spans →
 * attributes → value is 10 levels, and each AnyValue level adds at most 4 (kvlistValue, values,
 * the KeyValue, its value); a little slack for unknown fields. Deeper input is refused before
 * JSON.parse sees it: 5 M levels inside an unknown field used to take 1.6 s and ~1 GB to parse.
 */
export const MAX_JSON_DEPTH = 12 + 4 * (MAX_ANY_VALUE_DEPTH + 1) + 16;

/** The deepest [ / { nesting outside strings, stopping early past `limit` (one linear scan). */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote (escapes included)
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/** Parses an OTLP/JSON request body to its top-level object (and resets the string-repair count). */
export function parseRequestObject(text: string): JsonObject {
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) throw new DecodeError(`invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new DecodeError(`invalid JSON: ${(err as Error).message}`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new DecodeError('request: expected a JSON object');
  takeStringRepairs();
  return root as JsonObject;
}

/** Caps applied while converting the parsed JSON (spans past maxSpans are skipped, counted). */
export interface JsonDecodeLimits {
  maxSpans?: number;
}

export function decodeTraceRequestJson(text: string, limits: JsonDecodeLimits = {}): ExportTraceRequest {
  const request = parseRequestObject(text);
  const list = arrayOf(pick(request, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  const resourceSpans: ResourceSpans[] = new Array(list.length);
  const budget = { room: limits.maxSpans ?? Infinity, skipped: 0 };
  for (let i = 0; i < list.length; i++) {
    try {
      resourceSpans[i] = decodeResourceSpans(list[i], budget);
    } catch (err) {
      throw within(err, `resourceSpans[${i}]`);
    }
  }
  const repaired = takeStringRepairs();
  const out: ExportTraceRequest = { resourceSpans };
  if (repaired > 0) out.invalidUtf8 = repaired;
  if (budget.skipped > 0) out.skippedAtDecode = { spans: budget.skipped, attributes: 0 };
  return out;
}

interface SpanBudget {
  room: number;
  skipped: number;
}

function decodeResourceSpans(value: unknown, budget: SpanBudget): ResourceSpans {
  const o = objectOrNull(value, 'element') ?? {};
  const resource = objectOrNull(o.resource, 'resource');
  const list = arrayOf(pick(o, 'scopeSpans', 'scope_spans'), 'scopeSpans');
  const scopeSpans: ScopeSpans[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      scopeSpans[i] = decodeScopeSpans(list[i], budget);
    } catch (err) {
      throw within(err, `scopeSpans[${i}]`);
    }
  }
  return {
    resource: decodeResource(resource),
    schemaUrl: jsonString(pick(o, 'schemaUrl', 'schema_url'), 'schemaUrl'),
    scopeSpans,
  };
}

export function decodeResource(resource: JsonObject | null): { attributes: AttrMap; droppedAttributesCount: number } {
  return {
    attributes: resource === null ? newAttrMap() : decodeAttributes(resource.attributes, 'resource.attributes'),
    droppedAttributesCount:
      resource === null ? 0 : jsonUint32(pick(resource, 'droppedAttributesCount', 'dropped_attributes_count'), 'resource.droppedAttributesCount'),
  };
}

function decodeScopeSpans(value: unknown, budget: SpanBudget): ScopeSpans {
  const o = objectOrNull(value, 'element') ?? {};
  const all = arrayOf(o.spans, 'spans');
  // Spans past the per-request limit are not converted (counted as skipped, rejected later).
  const take = Math.min(all.length, budget.room);
  budget.room -= take;
  budget.skipped += all.length - take;
  const list = take < all.length ? all.slice(0, take) : all;
  const spans: Span[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      spans[i] = decodeSpan(list[i]);
    } catch (err) {
      throw within(err, `spans[${i}]`);
    }
  }
  return {
    scope: decodeScope(objectOrNull(o.scope, 'scope')),
    schemaUrl: jsonString(pick(o, 'schemaUrl', 'schema_url'), 'schemaUrl'),
    spans,
  };
}

export function decodeScope(o: JsonObject | null): InstrumentationScope {
  if (o === null) return { name: '', version: '', attributes: newAttrMap(), droppedAttributesCount: 0 };
  return {
    name: jsonString(o.name, 'scope.name'),
    version: jsonString(o.version, 'scope.version'),
    attributes: decodeAttributes(o.attributes, 'scope.attributes'),
    droppedAttributesCount: jsonUint32(pick(o, 'droppedAttributesCount', 'dropped_attributes_count'), 'scope.droppedAttributesCount'),
  };
}

function decodeSpan(value: unknown): Span {
  const o = objectOrNull(value, 'element') ?? {};
  const status = objectOrNull(o.status, 'status');
  const eventList = arrayOf(o.events, 'events');
  const events: SpanEvent[] = new Array(eventList.length);
  for (let i = 0; i < eventList.length; i++) {
    try {
      events[i] = decodeEvent(eventList[i]);
    } catch (err) {
      throw within(err, `events[${i}]`);
    }
  }
  const linkList = arrayOf(o.links, 'links');
  const links: SpanLink[] = new Array(linkList.length);
  for (let i = 0; i < linkList.length; i++) {
    try {
      links[i] = decodeLink(linkList[i]);
    } catch (err) {
      throw within(err, `links[${i}]`);
    }
  }
  return {
    traceId: jsonId(pick(o, 'traceId', 'trace_id'), 'traceId'),
    spanId: jsonId(pick(o, 'spanId', 'span_id'), 'spanId'),
    parentSpanId: jsonId(pick(o, 'parentSpanId', 'parent_span_id'), 'parentSpanId'),
    traceState: jsonString(pick(o, 'traceState', 'trace_state'), 'traceState'),
    flags: jsonUint32(o.flags, 'flags'),
    name: jsonString(o.name, 'name'),
    kind: spanKindOf(jsonEnum(o.kind, 'kind', SPAN_KIND_NAMES)),
    startTimeUnixNano: jsonUint64Time(pick(o, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    endTimeUnixNano: jsonUint64Time(pick(o, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano'),
    attributes: decodeAttributes(o.attributes, 'attributes'),
    droppedAttributesCount: jsonUint32(pick(o, 'droppedAttributesCount', 'dropped_attributes_count'), 'droppedAttributesCount'),
    events,
    droppedEventsCount: jsonUint32(pick(o, 'droppedEventsCount', 'dropped_events_count'), 'droppedEventsCount'),
    links,
    droppedLinksCount: jsonUint32(pick(o, 'droppedLinksCount', 'dropped_links_count'), 'droppedLinksCount'),
    status:
      status === null
        ? { code: 0, message: '' }
        : {
            code: statusCodeOf(jsonEnum(status.code, 'status.code', STATUS_CODE_NAMES)),
            message: jsonString(status.message, 'status.message'),
          },
  };
}

/** Enum values this schema version does not define are read as UNSPECIFIED / UNSET (as the protobuf decoder does). */
function spanKindOf(value: number): SpanKindNumber {
  return value >= 0 && value <= 5 ? (value as SpanKindNumber) : 0;
}

function statusCodeOf(value: number): StatusCodeNumber {
  return value >= 0 && value <= 2 ? (value as StatusCodeNumber) : 0;
}

function decodeEvent(value: unknown): SpanEvent {
  const o = objectOrNull(value, 'element') ?? {};
  return {
    timeUnixNano: jsonUint64Time(pick(o, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    name: jsonString(o.name, 'name'),
    attributes: decodeAttributes(o.attributes, 'attributes'),
    droppedAttributesCount: jsonUint32(pick(o, 'droppedAttributesCount', 'dropped_attributes_count'), 'droppedAttributesCount'),
  };
}

function decodeLink(value: unknown): SpanLink {
  const o = objectOrNull(value, 'element') ?? {};
  return {
    traceId: jsonId(pick(o, 'traceId', 'trace_id'), 'traceId'),
    spanId: jsonId(pick(o, 'spanId', 'span_id'), 'spanId'),
    traceState: jsonString(pick(o, 'traceState', 'trace_state'), 'traceState'),
    attributes: decodeAttributes(o.attributes, 'attributes'),
    droppedAttributesCount: jsonUint32(pick(o, 'droppedAttributesCount', 'dropped_attributes_count'), 'droppedAttributesCount'),
    flags: jsonUint32(o.flags, 'flags'),
  };
}

export function newAttrMap(): AttrMap {
  // No prototype: keys such as "__proto__" or "constructor" stay ordinary data.
  return Object.create(null) as AttrMap;
}

/** A repeated KeyValue list into a map (a repeated key: the last wins). */
export function decodeAttributes(value: unknown, field: string, depth = 0): AttrMap {
  const map = newAttrMap();
  if (value === undefined || value === null) return map;
  if (!Array.isArray(value)) throw new DecodeError(`${field}: expected an array of {key, value}`);
  for (let i = 0; i < value.length; i++) {
    const kv = objectOrNull(value[i], `${field}[${i}]`);
    if (kv === null) continue;
    const key = jsonString(kv.key, `${field}[${i}].key`);
    try {
      map[key] = decodeAnyValue(kv.value, depth);
    } catch (err) {
      throw within(err, `${field}[${i}]`);
    }
  }
  return map;
}

export function decodeAnyValue(value: unknown, depth: number): AttrValue {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new DecodeError('value: expected an AnyValue object');
  let out: AttrValue = null;
  // One pass over the keys handles both spellings; if several are set, the last one wins (oneof).
  for (const key in value) {
    const field = (value as JsonObject)[key];
    if (field === null || field === undefined) continue;
    switch (key) {
      case 'stringValue':
      case 'string_value':
        out = jsonString(field, 'value.stringValue');
        break;
      case 'boolValue':
      case 'bool_value':
        out = jsonBool(field, 'value.boolValue');
        break;
      case 'intValue':
      case 'int_value':
        out = jsonInt64(field, 'value.intValue');
        break;
      case 'doubleValue':
      case 'double_value':
        out = jsonDouble(field, 'value.doubleValue');
        break;
      case 'bytesValue':
      case 'bytes_value':
        out = jsonBytes(field, 'value.bytesValue');
        break;
      case 'arrayValue':
      case 'array_value':
        out = decodeArrayValue(field, depth + 1);
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        out = decodeKvlistValue(field, depth + 1);
        break;
    }
  }
  return out;
}

function decodeArrayValue(value: unknown, depth: number): AttrValue[] {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(`value: nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const o = objectOrNull(value, 'value.arrayValue') ?? {};
  const list = arrayOf(o.values, 'value.arrayValue.values');
  const out: AttrValue[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = decodeAnyValue(list[i], depth);
    } catch (err) {
      throw within(err, `arrayValue.values[${i}]`);
    }
  }
  return out;
}

function decodeKvlistValue(value: unknown, depth: number): AttrMap {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new DecodeError(`value: nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const o = objectOrNull(value, 'value.kvlistValue') ?? {};
  return decodeAttributes(o.values, 'kvlistValue.values', depth);
}

export function pick(o: JsonObject, camel: string, snake: string): unknown {
  const v = o[camel];
  return v !== undefined ? v : o[snake];
}

export function objectOrNull(value: unknown, field: string): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value)) return value as JsonObject;
  throw new DecodeError(`${field}: expected an object`);
}

export function arrayOf(value: unknown, field: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined || value === null) return EMPTY;
  throw new DecodeError(`${field}: expected an array`);
}

const EMPTY: unknown[] = [];

/** Prefixes a DecodeError's message with the path segment it happened under. */
export function within(err: unknown, segment: string): unknown {
  return err instanceof DecodeError ? new DecodeError(`${segment}.${err.message}`) : err;
}
