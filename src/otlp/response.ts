/**
 * OTLP/HTTP response bodies.
 * Success: ExportTraceServiceResponse { partial_success = 1: ExportTracePartialSuccess
 * { rejected_spans = 1 (int64), error_message = 2 } } — partial_success is set only when spans were
 * rejected or there is a warning message; otherwise the body is the empty message (0 bytes / `{}`).
 * Failure: google.rpc.Status { code = 1 (int32), message = 2 } in the request's content type, as
 * the OTLP/HTTP spec asks of 4xx/5xx responses.
 */

export interface PartialSuccess {
  /** Items rejected: spans, log records or data points (field 1 of every Export*PartialSuccess). */
  rejectedSpans: number;
  errorMessage: string;
}

/** The JSON name of field 1 of Export{Trace,Logs,Metrics}PartialSuccess. */
export type RejectedField = (typeof REJECTED_FIELD)[keyof typeof REJECTED_FIELD];

/** google.rpc.Code values used by OTLP/HTTP error bodies. */
export const RpcCode = {
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/**
 * The google.rpc.Status code for an OTLP/HTTP error status (Status.code is a gRPC code, not the
 * HTTP status): the one table every route answers with.
 */
export function rpcCodeForHttpStatus(httpStatus: number): number {
  switch (httpStatus) {
    case 401:
      return RpcCode.UNAUTHENTICATED;
    case 403:
      return RpcCode.PERMISSION_DENIED;
    case 404:
    case 405:
    case 415:
      return RpcCode.UNIMPLEMENTED;
    case 408:
      return RpcCode.DEADLINE_EXCEEDED;
    case 413:
    case 429:
      return RpcCode.RESOURCE_EXHAUSTED;
    case 502:
    case 503:
    case 504:
      return RpcCode.UNAVAILABLE;
    default:
      return httpStatus >= 400 && httpStatus < 500 ? RpcCode.INVALID_ARGUMENT : RpcCode.INTERNAL;
  }
}

export type ResponseFormat = 'protobuf' | 'json';

export const CONTENT_TYPE: Readonly<Record<ResponseFormat, string>> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();

function hasPartialSuccess(p: PartialSuccess | undefined): p is PartialSuccess {
  return p !== undefined && (p.rejectedSpans > 0 || p.errorMessage !== '');
}

export function encodeExportResponseProtobuf(partial?: PartialSuccess): Uint8Array {
  if (!hasPartialSuccess(partial)) return EMPTY;
  const inner = new ProtoWriter();
  if (partial.rejectedSpans > 0) inner.varintField(1, partial.rejectedSpans);
  if (partial.errorMessage !== '') inner.bytesField(2, utf8.encode(partial.errorMessage));
  const outer = new ProtoWriter();
  outer.bytesField(1, inner.finish());
  return outer.finish();
}

/**
 * The JSON name of the partial_success count (field 1) per signal's response message; the
 * protobuf layout is the same for all three.
 */
export const REJECTED_FIELD = { traces: 'rejectedSpans', metrics: 'rejectedDataPoints', logs: 'rejectedLogRecords' } as const;

/** proto3 JSON: int64 as a decimal string, default values omitted. */
export function encodeExportResponseJson(partial?: PartialSuccess, rejectedField: RejectedField = REJECTED_FIELD.traces): string {
  if (!hasPartialSuccess(partial)) return '{}';
  const body: { [K in RejectedField]?: string } & { errorMessage?: string } = {};
  if (partial.rejectedSpans > 0) body[rejectedField] = String(partial.rejectedSpans);
  if (partial.errorMessage !== '') body.errorMessage = partial.errorMessage;
  return JSON.stringify({ partialSuccess: body });
}

export function encodeStatusProtobuf(code: number, message: string): Uint8Array {
  const w = new ProtoWriter();
  if (code !== 0) w.varintField(1, code);
  if (message !== '') w.bytesField(2, utf8.encode(message));
  return w.finish();
}

export function encodeStatusJson(code: number, message: string): string {
  const body: { code?: number; message?: string } = {};
  if (code !== 0) body.code = code;
  if (message !== '') body.message = message;
  return JSON.stringify(body);
}

export function encodeExportResponse(format: ResponseFormat, partial?: PartialSuccess, rejectedField: RejectedField = REJECTED_FIELD.traces): Uint8Array | string {
  return format === 'protobuf' ? encodeExportResponseProtobuf(partial) : encodeExportResponseJson(partial, rejectedField);
}

export function encodeStatus(format: ResponseFormat, code: number, message: string): Uint8Array | string {
  return format === 'protobuf' ? encodeStatusProtobuf(code, message) : encodeStatusJson(code, message);
}

/** Just enough protobuf writing for the small response messages above. */
class ProtoWriter {
  private bytes: number[] = [];

  varintField(field: number, value: number): void {
    this.varint((field << 3) | 0);
    this.varint(value);
  }

  bytesField(field: number, payload: Uint8Array): void {
    this.varint((field << 3) | 2);
    this.varint(payload.length);
    for (const b of payload) this.bytes.push(b);
  }

  /** Non-negative integers up to 2^53 (counts, lengths, codes). */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} as an unsigned varint`);
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.bytes.push(v);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}
