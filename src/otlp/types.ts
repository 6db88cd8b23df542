/**
 * The decoded form of an OTLP ExportTraceServiceRequest, shared by the protobuf and JSON decoders.
 * Ids are lowercase hex ('' when absent); times are exact int64 nanoseconds as bigint.
 */

/** An OTLP AnyValue: kvlist → plain object, array → array, bytes → Uint8Array, int → number when safe else bigint. */
export type AttrValue = string | number | bigint | boolean | Uint8Array | AttrValue[] | AttrMap | null;
export interface AttrMap {
  [key: string]: AttrValue;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: AttrMap;
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: AttrMap;
  droppedAttributesCount: number;
  flags: number;
}

/** OTLP Span.SpanKind numbers (0 unspecified … 5 consumer). */
export type SpanKindNumber = 0 | 1 | 2 | 3 | 4 | 5;
/** OTLP Status.StatusCode numbers: 0 unset, 1 ok, 2 error. */
export type StatusCodeNumber = 0 | 1 | 2;

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  flags: number;
  name: string;
  kind: SpanKindNumber;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: AttrMap;
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: { code: StatusCodeNumber; message: string };
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: AttrMap;
  droppedAttributesCount: number;
}

export interface ScopeSpans {
  scope: InstrumentationScope;
  schemaUrl: string;
  spans: Span[];
}

export interface ResourceSpans {
  resource: { attributes: AttrMap; droppedAttributesCount: number };
  schemaUrl: string;
  scopeSpans: ScopeSpans[];
}

export interface ExportTraceRequest {
  resourceSpans: ResourceSpans[];
  /** Number of invalid UTF-8 sequences replaced with U+FFFD while decoding; absent when none. */
  invalidUtf8?: number;
  /**
   * What the decoder skipped without decoding because a per-request limit was already reached
   * (spans past maxSpansPerRequest, attributes past maxAttributesPerSpan); absent when nothing.
   * The skipped spans count as received and as rejected over the limit.
   */
  skippedAtDecode?: { spans: number; attributes: number };
}

/** Raised by decoders for input that is not a valid request; the server answers 400 with its message. */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** Spans in the request, those the decoder skipped over the span limit included. */
export function countSpans(req: ExportTraceRequest): number {
  let n = req.skippedAtDecode?.spans ?? 0;
  for (const rs of req.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}
