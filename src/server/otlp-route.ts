/**
 * OTLP/HTTP for metrics and logs (POST /v1/metrics, /v1/logs): content type, tenant, body size
 * and encoding checks, then the transport-neutral export (pipeline/export.ts), answered as the
 * OTLP/HTTP spec asks: 200 with the Export*ServiceResponse (partial_success when items were
 * rejected), or a google.rpc.Status body with 400/401/413/415/503.
 */
import type { Context } from 'hono';
import { RpcCode, REJECTED_FIELD, encodeExportResponseJson, encodeExportResponseProtobuf, encodeStatusJson, encodeStatusProtobuf } from '../otlp/response.ts';
import type { ExportOutcome, SignalCounters } from '../pipeline/export.ts';
import type { Signal } from '../pipeline/signal-sink.ts';
import type { WireFormat } from '../otlp/intake-common.ts';
import { BadEncodingError, BodyTooLargeError, readBody } from './body.ts';

export const PROTOBUF = 'application/x-protobuf';
export const JSON_TYPE = 'application/json';

export interface OtlpRouteDeps {
  exportSignal: (signal: Signal, format: WireFormat, body: Uint8Array, projectId: string) => Promise<ExportOutcome>;
  projectOf: (c: Context) => string | null;
  maxBodyBytes: number;
  retryAfterSeconds: number;
  counters: SignalCounters;
}

/** The request's OTLP encoding from its Content-Type, or null when it is neither. */
export function formatOf(c: Context): WireFormat | null {
  const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === PROTOBUF || ct === 'application/protobuf') return 'protobuf';
  if (ct === JSON_TYPE) return 'json';
  return null;
}

export function otlpHttpRoute(signal: Exclude<Signal, 'traces'>, d: OtlpRouteDeps): (c: Context) => Promise<Response> {
  const reject = (reason: string) => (d.counters.rejected[reason] = (d.counters.rejected[reason] ?? 0) + 0);
  return async (c) => {
    d.counters.requests++;
    const format = formatOf(c);
    if (format === null) {
      reject('unsupported_media_type');
      const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
      return statusResponse(c, false, 415, `unsupported Content-Type "${ct}"; use ${PROTOBUF} or ${JSON_TYPE}`);
    }
    const proto = format === 'protobuf';
    const projectId = d.projectOf(c);
    if (projectId === null) {
      reject('unauthorized');
      return statusResponse(c, proto, 401, 'missing or invalid API key');
    }
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > d.maxBodyBytes) {
      reject('too_large');
      return statusResponse(c, proto, 413, `request body of ${declared} bytes exceeds the limit of ${d.maxBodyBytes}`);
    }
    let body: Uint8Array;
    try {
      body = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', d.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        reject('too_large');
        return statusResponse(c, proto, 413, e.message);
      }
      if (e instanceof BadEncodingError) {
        reject('malformed');
        return statusResponse(c, proto, 400, e.message);
      }
      throw e;
    }
    d.counters.bytes += body.byteLength;
    const out = await d.exportSignal(signal, format, body, projectId);
    if (out.kind === 'malformed') return statusResponse(c, proto, 400, out.message);
    if (out.kind === 'unavailable') {
      c.header('Retry-After', String(d.retryAfterSeconds));
      return statusResponse(c, proto, 503, out.message);
    }
    const partial = out.rejected > 0 || out.message ? { rejectedSpans: out.rejected, errorMessage: out.message } : undefined;
    if (proto) return c.body(toArrayBuffer(encodeExportResponseProtobuf(partial)), 200, { 'content-type': PROTOBUF });
    return c.body(encodeExportResponseJson(partial, REJECTED_FIELD[signal]), 200, { 'content-type': JSON_TYPE });
  };
}

/** google.rpc.Code for each HTTP status we answer with (the Status body carries the RPC code). */
const RPC_CODE_OF = {
  400: RpcCode.INVALID_ARGUMENT,
  401: RpcCode.UNAUTHENTICATED,
  413: RpcCode.RESOURCE_EXHAUSTED,
  415: RpcCode.UNIMPLEMENTED,
  429: RpcCode.RESOURCE_EXHAUSTED,
  503: RpcCode.UNAVAILABLE,
} as const;

export function statusResponse(c: Context, proto: boolean, status: keyof typeof RPC_CODE_OF, message: string): Response {
  const code = RPC_CODE_OF[status];
  if (proto) return c.body(toArrayBuffer(encodeStatusProtobuf(code, message)), status, { 'content-type': PROTOBUF });
  return c.body(encodeStatusJson(code, message), status, { 'content-type': JSON_TYPE });
}

export function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}
