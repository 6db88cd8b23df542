import { Hono } from 'hono';
import type { Context } from 'hono';
import { DecodeError, countSpans, type ExportTraceRequest } from '../otlp/types.ts';
import { TRACES } from '../pipeline/export.ts';
import { validateTraceRequest } from '../otlp/validate.ts';
import {
  RpcCode,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatusJson,
  encodeStatusProtobuf,
} from '../otlp/response.ts';
import { BadEncodingError, BodyTooLargeError, readBody } from './body.ts';
import { applyLimits, type Limits, type LimitCounters } from './limits.ts';
import { Admission } from './admission.ts';
import { otlpHttpRoute, type OtlpRouteDeps } from './otlp-route.ts';

/** What the receiver hands a valid request to: memory mode queues it, durable mode logs it first. */
export type AcceptFn = (
  req: ExportTraceRequest,
  spans: number,
  projectId: string,
  format: 'protobuf' | 'json',
  body: Uint8Array,
) => { ok: true } | { ok: false; message: string } | Promise<{ ok: true } | { ok: false; message: string }>;

export interface AppDeps {
  accept: AcceptFn;
  limits: Limits;
  limitCounters: LimitCounters;
  /** Resolves the tenant of a request; null = unauthorised (401). */
  projectOf: (c: Context) => string | null;
  health: () => Promise<{ ok: boolean; detail: Record<string, unknown> }>;
  maxBodyBytes: number;
  /** Seconds a client should wait before retrying when we shed load. */
  retryAfterSeconds: number;
  /**
   * Requests being read, decoded or logged at once; beyond it new ones get 429 + Retry-After before
   * their body is read, so an overload is shed instead of buffered (each request in progress holds
   * its body and decoded spans).
   */
  maxRequestsInFlight: number;
  counters: ReceiveCounters;
  /** Shared with the other transports (gRPC); one is made from maxRequestsInFlight when absent. */
  admission?: Admission;
  /** POST /v1/metrics and /v1/logs: the transport-neutral export and its per-signal counters. */
  signals?: Pick<OtlpRouteDeps, 'exportSignal'> & { counters: Record<'metrics' | 'logs', OtlpRouteDeps['counters']> };
  /** Extra routes (budgets API, metrics …) mounted by the collector. */
  extend?: (app: Hono) => void;
}

export interface ReceiveCounters {
  requests: number;
  bytes: number;
  spansReceived: number;
  spansAccepted: number;
  spansRejected: Record<string, number>;
  invalidUtf8: number;
  /** Requests answered 429 before their body was read (too many in progress). */
  shedRequests: number;
}

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

export function createApp(d: AppDeps): Hono {
  const app = new Hono();

  const admission = d.admission ?? new Admission(d.maxRequestsInFlight);
  /** Sheds a request beyond the in-flight bound with 429 + Retry-After before its body is read. */
  const admitted =
    (handler: (c: Context) => Promise<Response>) =>
    async (c: Context): Promise<Response> => {
      if (!admission.tryEnter()) {
        reject(d, 'overloaded', 0);
        d.counters.shedRequests++;
        c.header('Retry-After', String(d.retryAfterSeconds));
        const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        return statusResponse(c, ct === PROTOBUF || ct === 'application/protobuf', 429, `too many requests in progress (${admission.max}); retry later`);
      }
      try {
        return await handler(c);
      } finally {
        admission.leave();
      }
    };
  app.post('/v1/traces', async (c) => {
    d.counters.requests++;
    return admitted(receiveTraces)(c);
  });

  async function receiveTraces(c: Context): Promise<Response> {
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const isProto = contentType === PROTOBUF || contentType === 'application/protobuf';
    const isJson = contentType === JSON_TYPE;
    if (!isProto && !isJson) {
      reject(d, 'unsupported_media_type', 0);
      return statusResponse(c, false, 415, `unsupported Content-Type "${contentType}"; use ${PROTOBUF} or ${JSON_TYPE}`);
    }
    const projectId = d.projectOf(c);
    if (projectId === null) {
      reject(d, 'unauthorized', 0);
      return statusResponse(c, isProto, 401, 'missing or invalid API key');
    }
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > d.maxBodyBytes) {
      reject(d, 'too_large', 0);
      return statusResponse(c, isProto, 413, `request body of ${declared} bytes exceeds the limit of ${d.maxBodyBytes}`);
    }
    let body: Uint8Array;
    try {
      body = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', d.maxBodyBytes);
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        reject(d, 'too_large', 0);
        return statusResponse(c, isProto, 413, e.message);
      }
      if (e instanceof BadEncodingError) {
        reject(d, 'malformed', 0);
        return statusResponse(c, isProto, 400, e.message);
      }
      throw e;
    }
    d.counters.bytes += body.byteLength;

    let req: ExportTraceRequest;
    try {
      req = TRACES.decode(isProto ? 'protobuf' : 'json', body, d.limits);
    } catch (e) {
      if (e instanceof DecodeError) {
        reject(d, 'malformed', 0);
        return statusResponse(c, isProto, 400, `malformed ${isProto ? 'protobuf' : 'JSON'} ExportTraceServiceRequest: ${e.message}`);
      }
      throw e;
    }
    const received = countSpans(req);
    d.counters.spansReceived += received;
    if (req.invalidUtf8) d.counters.invalidUtf8 += req.invalidUtf8;
    const v = validateTraceRequest(req);
    if (v.rejectedSpans > 0) reject(d, 'invalid_span', v.rejectedSpans);
    const lim = applyLimits(v.accepted, d.limits, d.limitCounters);
    if (lim.rejectedSpans > 0) reject(d, 'too_many_spans', lim.rejectedSpans);
    const rejected = v.rejectedSpans + lim.rejectedSpans;
    const kept = received - rejected;

    const r = await d.accept(lim.req, kept, projectId, isProto ? 'protobuf' : 'json', body);
    if (!r.ok) {
      reject(d, 'overloaded', kept);
      c.header('Retry-After', String(d.retryAfterSeconds));
      return statusResponse(c, isProto, 503, r.message);
    }
    d.counters.spansAccepted += kept;
    // partial_success also carries warnings with zero rejected spans (e.g. invalid UTF-8 replaced).
    const message = [v.errorMessage, lim.errorMessage].filter(Boolean).join('; ');
    const partial = rejected > 0 || message ? { rejectedSpans: rejected, errorMessage: message } : undefined;
    if (isProto) return c.body(toArrayBuffer(encodeExportResponseProtobuf(partial)), 200, { 'content-type': PROTOBUF });
    return c.body(encodeExportResponseJson(partial), 200, { 'content-type': JSON_TYPE });
  }

  if (d.signals) {
    const s = d.signals;
    const route = (signal: 'metrics' | 'logs') =>
      admitted(otlpHttpRoute(signal, { exportSignal: s.exportSignal, projectOf: d.projectOf, maxBodyBytes: d.maxBodyBytes, retryAfterSeconds: d.retryAfterSeconds, counters: s.counters[signal] }));
    app.post('/v1/metrics', route('metrics'));
    app.post('/v1/logs', route('logs'));
  }

  app.get('/healthz', async (c) => {
    const h = await d.health();
    return c.json({ status: h.ok ? 'ok' : 'degraded', ...h.detail }, h.ok ? 200 : 503);
  });

  d.extend?.(app);

  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((e, c) => {
    // Never crash on input: anything unexpected is a 500 for this request only.
    console.error(JSON.stringify({ level: 'error', msg: 'request failed', error: String(e) }));
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}


function reject(d: AppDeps, reason: string, spans: number): void {
  d.counters.spansRejected[reason] = (d.counters.spansRejected[reason] ?? 0) + spans;
}

/** google.rpc.Code for each HTTP status we answer with (the Status body carries the RPC code). */
const RPC_CODE_OF = { 400: RpcCode.INVALID_ARGUMENT, 401: 16, 413: RpcCode.RESOURCE_EXHAUSTED, 415: RpcCode.UNIMPLEMENTED, 429: RpcCode.RESOURCE_EXHAUSTED, 503: RpcCode.UNAVAILABLE } as const;

function statusResponse(c: Context, proto: boolean, status: keyof typeof RPC_CODE_OF, message: string): Response {
  const code = RPC_CODE_OF[status];
  if (proto) return c.body(toArrayBuffer(encodeStatusProtobuf(code, message)), status, { 'content-type': PROTOBUF });
  return c.body(encodeStatusJson(code, message), status, { 'content-type': JSON_TYPE });
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}
