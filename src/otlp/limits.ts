/**
 * Every per-request limit of the intake chain, in one place (otlp/parse.ts applies them).
 *
 * Decoding: AnyValue nesting deeper than MAX_ANY_VALUE_DEPTH (array_value / kvlist_value levels
 * inside one attribute value; the top-level value is depth 0) is rejected with DecodeError rather
 * than truncated. Real attributes are a few levels deep; the cap keeps hostile input from
 * exhausting the stack.
 *
 * After decoding and validation: per-request limits applied before ingest. Nothing is
 * silently lost: what is cut is counted in the OTLP dropped_* fields of the span it came from, in
 * the returned numbers and in the caller's counters.
 *
 * - maxSpansPerRequest: spans past the limit (in request order) are rejected and reported through
 *   OTLP partial_success (rejectedSpans + errorMessage, merged by the caller with the validator's).
 *   Why not 413: OTLP defines partial_success for "the server accepts only parts of the data and
 *   rejects the rest", and an exporter drops a request answered with a non-retryable 4xx whole,
 *   so 413 would lose every span where partial acceptance loses only the excess. The limit exists
 *   to bound per-request work downstream (rows, enrichment); keeping a prefix does that. The byte
 *   size of a request stays bounded separately by --max-body-bytes (413).
 * - maxAttributesPerSpan: every attribute map (span, event, link, resource, scope) keeps its first
 *   N keys in wire order, as the OpenTelemetry SDK attribute-count limit does; the rest are dropped
 *   and added to that map's droppedAttributesCount.
 * - maxEventsPerSpan / maxLinksPerSpan: the first N are kept; droppedEventsCount/droppedLinksCount
 *   grow by the excess.
 * - maxAttributeValueLength: strings longer than N UTF-16 code units are cut to N (one less if that
 *   would split a surrogate pair), byte values to N bytes; applies inside arrays and kvlists too.
 * - maxAnyValueDepth: arrays/kvlists nested N levels deep (the attribute's own value is level 0)
 *   are replaced by their JSON text, so the content stays readable, and that string is then subject
 *   to the length limit. (The decoders reject input deeper than MAX_ANY_VALUE_DEPTH outright.)
 *
 * The request is modified in place (the handler owns it). When nothing exceeds a limit the pass
 * only reads: no allocation beyond the result object.
 */
import type { AttrMap, AttrValue, ExportTraceRequest, Span } from './types.ts';

export const MAX_ANY_VALUE_DEPTH = 32;

export interface Limits {
  maxSpansPerRequest: number;
  maxAttributesPerSpan: number;
  maxAttributeValueLength: number;
  maxAnyValueDepth: number;
  maxEventsPerSpan: number;
  maxLinksPerSpan: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = {
  // The SDK's BatchSpanProcessor exports ≤ 512 spans per request; collectors forward bigger batches.
  maxSpansPerRequest: 10_000,
  // Above the SDK default (128): OpenLLMetry-style gen_ai.prompt.N.* spans carry 2–3 per message.
  maxAttributesPerSpan: 1024,
  // Attribute values carry prompts and completions; 1 Mi code units keeps long contexts whole.
  maxAttributeValueLength: 1024 * 1024,
  maxAnyValueDepth: 16,
  maxEventsPerSpan: 1024,
  maxLinksPerSpan: 1024,
};

/** Running totals kept by the caller (e.g. exported as metrics); applyLimits adds to them. */
export interface LimitCounters {
  rejectedSpans: number;
  droppedAttributes: number;
  truncatedValues: number;
  cappedValues: number;
  droppedEvents: number;
  droppedLinks: number;
}

export function newLimitCounters(): LimitCounters {
  return { rejectedSpans: 0, droppedAttributes: 0, truncatedValues: 0, cappedValues: 0, droppedEvents: 0, droppedLinks: 0 };
}

export interface LimitResult extends LimitCounters {
  /** The same request object, limited in place. */
  req: ExportTraceRequest;
  /** '' unless spans were rejected; else the partial_success error_message part. */
  errorMessage: string;
  /** Whether anything was cut. */
  changed: boolean;
}

class Walk {
  readonly maxLen: number;
  readonly maxDepth: number;
  readonly maxAttrs: number;
  droppedAttributes = 0;
  truncatedValues = 0;
  cappedValues = 0;
  constructor(l: Limits) {
    this.maxLen = l.maxAttributeValueLength;
    this.maxDepth = l.maxAnyValueDepth;
    this.maxAttrs = l.maxAttributesPerSpan;
  }
}

export function applyLimits(req: ExportTraceRequest, limits: Limits = DEFAULT_LIMITS, counters?: LimitCounters): LimitResult {
  const w = new Walk(limits);
  let droppedEvents = 0;
  let droppedLinks = 0;

  // Spans past the per-request limit: rejected (partial_success).
  // Spans and attributes the decoder already skipped over the limits count here too.
  const skipped = req.skippedAtDecode;
  if (skipped) {
    w.droppedAttributes += skipped.attributes;
    req.skippedAtDecode = undefined;
  }
  let total = skipped?.spans ?? 0;
  for (const rs of req.resourceSpans) for (const ss of rs.scopeSpans) total += ss.spans.length;
  let rejectedSpans = 0;
  if (total > limits.maxSpansPerRequest) {
    let room = limits.maxSpansPerRequest;
    for (const rs of req.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        if (ss.spans.length > room) ss.spans.length = room;
        room -= ss.spans.length;
      }
      rs.scopeSpans = rs.scopeSpans.filter((ss) => ss.spans.length > 0);
    }
    req.resourceSpans = req.resourceSpans.filter((rs) => rs.scopeSpans.length > 0);
    rejectedSpans = total - limits.maxSpansPerRequest;
  }

  for (const rs of req.resourceSpans) {
    rs.resource.droppedAttributesCount += limitMap(rs.resource.attributes, w);
    for (const ss of rs.scopeSpans) {
      ss.scope.droppedAttributesCount += limitMap(ss.scope.attributes, w);
      for (const span of ss.spans) {
        span.droppedAttributesCount += limitMap(span.attributes, w);
        droppedEvents += limitEvents(span, limits.maxEventsPerSpan);
        droppedLinks += limitLinks(span, limits.maxLinksPerSpan);
        for (const e of span.events) e.droppedAttributesCount += limitMap(e.attributes, w);
        for (const l of span.links) l.droppedAttributesCount += limitMap(l.attributes, w);
      }
    }
  }

  const result: LimitResult = {
    req,
    rejectedSpans,
    errorMessage:
      rejectedSpans === 0
        ? ''
        : `${rejectedSpans} ${rejectedSpans === 1 ? 'span' : 'spans'} rejected: the request has ${total} spans, more than the limit of ${limits.maxSpansPerRequest} per request`,
    droppedAttributes: w.droppedAttributes,
    truncatedValues: w.truncatedValues,
    cappedValues: w.cappedValues,
    droppedEvents,
    droppedLinks,
    changed: rejectedSpans + w.droppedAttributes + w.truncatedValues + w.cappedValues + droppedEvents + droppedLinks > 0,
  };
  if (counters) {
    counters.rejectedSpans += rejectedSpans;
    counters.droppedAttributes += w.droppedAttributes;
    counters.truncatedValues += w.truncatedValues;
    counters.cappedValues += w.cappedValues;
    counters.droppedEvents += droppedEvents;
    counters.droppedLinks += droppedLinks;
  }
  return result;
}

function limitEvents(span: Span, max: number): number {
  const excess = span.events.length - max;
  if (excess <= 0) return 0;
  span.events.length = max;
  span.droppedEventsCount += excess;
  return excess;
}

function limitLinks(span: Span, max: number): number {
  const excess = span.links.length - max;
  if (excess <= 0) return 0;
  span.links.length = max;
  span.droppedLinksCount += excess;
  return excess;
}

/** Limits one attribute map in place; returns how many keys it dropped. */
function limitMap(m: AttrMap, w: Walk): number {
  let n = 0;
  let dropped = 0;
  for (const k in m) {
    if (++n > w.maxAttrs) {
      delete m[k]; // deleting the key being visited is allowed during for-in
      dropped++;
      continue;
    }
    const v = m[k]!;
    const limited = limitValue(v, 0, w);
    if (limited !== v) m[k] = limited;
  }
  w.droppedAttributes += dropped;
  return dropped;
}

/** The value within limits: the same reference when it already was (containers are fixed in place). */
function limitValue(v: AttrValue, depth: number, w: Walk): AttrValue {
  if (typeof v === 'string') {
    if (v.length <= w.maxLen) return v;
    w.truncatedValues++;
    return truncateString(v, w.maxLen);
  }
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Uint8Array) {
    if (v.length <= w.maxLen) return v;
    w.truncatedValues++;
    return v.subarray(0, w.maxLen);
  }
  if (depth >= w.maxDepth) {
    w.cappedValues++;
    return limitValue(valueJson(v), depth, w);
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      const y = limitValue(x, depth + 1, w);
      if (y !== x) v[i] = y;
    }
    return v;
  }
  for (const k in v) {
    const x = v[k]!;
    const y = limitValue(x, depth + 1, w);
    if (y !== x) v[k] = y;
  }
  return v;
}

/** The first max UTF-16 code units of s, one fewer when the cut would split a surrogate pair. */
export function truncateString(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  if (end > 0) {
    const c = s.charCodeAt(end - 1);
    if (c >= 0xd800 && c <= 0xdbff) end--;
  }
  return s.slice(0, end);
}

/** JSON text of an AnyValue: int64 beyond 2^53 as a bare number, bytes as a base64 string. */
export function valueJson(v: AttrValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'));
  if (Array.isArray(v)) return `[${v.map(valueJson).join(',')}]`;
  const parts: string[] = [];
  for (const k in v) parts.push(`${JSON.stringify(k)}:${valueJson(v[k]!)}`);
  return `{${parts.join(',')}}`;
}

/**
 * The attribute-map and value limits above, for the other signals (log records, metric points):
 * the same rules as for spans, with counts accumulated until addTo().
 */
export class ValueLimiter {
  readonly #w: Walk;
  constructor(limits: Limits) {
    this.#w = new Walk(limits);
  }

  /** Limits one attribute map in place; returns how many keys it dropped. */
  map(m: AttrMap): number {
    return limitMap(m, this.#w);
  }

  /** The value within the length and depth limits (a log body). */
  value(v: AttrValue): AttrValue {
    return limitValue(v, 0, this.#w);
  }

  get changed(): number {
    return this.#w.droppedAttributes + this.#w.truncatedValues + this.#w.cappedValues;
  }

  addTo(counters: LimitCounters | undefined): void {
    if (!counters) return;
    counters.droppedAttributes += this.#w.droppedAttributes;
    counters.truncatedValues += this.#w.truncatedValues;
    counters.cappedValues += this.#w.cappedValues;
  }
}
