/** OTLP/HTTP answers in the request's own encoding: success with partial_success, or a google.rpc.Status. */
import type { Context } from 'hono';
import type { WireFormat } from '../otlp/parse.ts';
import { encodeExportResponse, encodeStatus, rpcCodeForHttpStatus, type PartialSuccess, type RejectedField } from '../otlp/response.ts';

export const PROTOBUF = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

export type ErrorStatus = 400 | 401 | 408 | 413 | 415 | 429 | 503;

export function otlpError(c: Context, format: WireFormat, status: ErrorStatus, message: string, headers: Record<string, string> = {}): Response {
  const body = encodeStatus(format, rpcCodeForHttpStatus(status), message);
  return c.body(typeof body === 'string' ? body : toArrayBuffer(body), status, { 'content-type': format === 'protobuf' ? PROTOBUF : JSON_TYPE, ...headers });
}

export function otlpSuccess(c: Context, format: WireFormat, partial?: PartialSuccess, rejectedField?: RejectedField): Response {
  const body = encodeExportResponse(format, partial, rejectedField);
  return c.body(typeof body === 'string' ? body : toArrayBuffer(body), 200, { 'content-type': format === 'protobuf' ? PROTOBUF : JSON_TYPE });
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}
