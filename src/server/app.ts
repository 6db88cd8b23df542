import { Hono, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { DecodeError, type ExportTraceRequest } from '../otlp/types.ts';
import { parseTraces, type Parsed, type Signal, type WireFormat } from '../otlp/parse.ts';
import { REJECTED_FIELD } from '../otlp/response.ts';
import type { ExportOutcome, SignalCounters } from '../pipeline/export.ts';
import { Admission } from './admission.ts';
import type { LimitCounters, Limits } from '../otlp/limits.ts';
import { otlpError, otlpSuccess } from './otlp-reply.ts';
import { apiKeyAuth, keyHeaders, requireKey, type ProjectOf } from './middleware/auth.ts';
import { inFlightLimit } from './middleware/in-flight.ts';
import { otlpBody } from './middleware/otlp-body.ts';
import { otlpFormat } from './middleware/otlp-format.ts';
import type { IngestEnv, RejectFn } from './middleware/types.ts';
import { cutCount, rememberIfUnchanged } from '../pipeline/original-body.ts';

/** What the receiver hands a parsed request to: memory mode queues it, durable mode logs it first. */
export type AcceptFn = (
  req: ExportTraceRequest,
  spans: number,
  projectId: string,
  format: WireFormat,
  body: Uint8Array,
) => { ok: true } | { ok: false; message: string } | Promise<{ ok: true } | { ok: false; message: string }>;

export type HealthStatus = 'ok' | 'degraded' | 'replaying';

export interface AppDeps {
  accept: AcceptFn;
  limits: Limits;
  limitCounters: LimitCounters;
  /** Resolves the tenant from the key headers; undefined = no keys configured (everything open, project 'default'). */
  projectOf?: ProjectOf;
  /** /healthz without a key (load balancers): it then answers only {"status": …}. */
  publicHealth?: boolean;
  health: () => Promise<{ status: HealthStatus; detail: Record<string, unknown> }>;
  /** False while the write-ahead log is replayed: ingest answers 503 + Retry-After. */
  ready?: () => boolean;
  maxBodyBytes: number;
  /** Minimum upload rate in bytes/s after a short grace (0 = none): slower bodies get 408. */
  minBodyBytesPerSecond: number;
  /** Seconds a client should wait before retrying when we shed load. */
  retryAfterSeconds: number;
  /** Requests being read, decoded or logged at once; beyond it: 429 + Retry-After before the body is read. */
  maxRequestsInFlight: number;
  counters: ReceiveCounters;
  /** Shared with the other transports (gRPC); one is made from maxRequestsInFlight when absent. */
  admission?: Admission;
  /** POST /v1/metrics and /v1/logs: the transport-neutral export (pipeline/export.ts) and its per-signal counters. */
  signals?: {
    exportSignal: (signal: Exclude<Signal, 'traces'>, format: WireFormat, body: Uint8Array, projectId: string) => Promise<ExportOutcome>;
    counters: Record<'metrics' | 'logs', SignalCounters>;
  };
  /** Extra routes (budgets API, metrics …) mounted by the collector, given the key check every non-OTLP route uses. */
  extend?: (app: Hono, auth: MiddlewareHandler) => void;
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

const OPEN: MiddlewareHandler = async (_c, next) => {
  await next();
};

export function createApp(d: AppDeps): Hono {
  const app = new Hono();
  const reject = (reason: string, spans = 0) => {
    d.counters.spansRejected[reason] = (d.counters.spansRejected[reason] ?? 0) + spans;
  };
  const admission = d.admission ?? new Admission(d.maxRequestsInFlight);
  const projectOf: ProjectOf = d.projectOf ?? (() => 'default');

  /** What the shared chain counts, per route (traces keep the span counters; other signals their own). */
  interface RouteCounters {
    onRequest(): void;
    onBytes(n: number): void;
    reject: RejectFn;
  }
  // Every ingest route, whatever its signal: count → Content-Type → key → not replaying → slot → body.
  const chain = (rc: RouteCounters) =>
    [
      createMiddleware<IngestEnv>(async (_c, next) => {
        rc.onRequest();
        await next();
      }),
      otlpFormat(rc.reject),
      apiKeyAuth(projectOf, rc.reject),
      createMiddleware<IngestEnv>(async (c, next) => {
        if (d.ready && !d.ready()) {
          rc.reject('overloaded');
          return otlpError(c, c.get('format'), 503, 'collector is starting: replaying the write-ahead log; retry later', {
            'retry-after': String(d.retryAfterSeconds),
          });
        }
        await next();
      }),
      inFlightLimit(admission, d.retryAfterSeconds, rc.reject, () => d.counters.shedRequests++),
      otlpBody({ maxBodyBytes: d.maxBodyBytes, minBodyBytesPerSecond: d.minBodyBytesPerSecond }, rc.reject, (n) => rc.onBytes(n)),
    ] as const;
  const ingest = chain({
    onRequest: () => d.counters.requests++,
    onBytes: (n) => (d.counters.bytes += n),
    reject: (reason) => reject(reason),
  });

  app.post('/v1/traces', ...ingest, async (c) => {
    const format = c.get('format');
    let parsed: Parsed<ExportTraceRequest>;
    const cutBefore = cutCount(d.limitCounters);
    try {
      parsed = parseTraces(format, c.get('body'), d.limits, d.limitCounters);
    } catch (e) {
      if (e instanceof DecodeError) {
        reject('malformed');
        return otlpError(c, format, 400, `malformed ${format === 'protobuf' ? 'protobuf' : 'JSON'} ExportTraceServiceRequest: ${e.message}`);
      }
      throw e;
    }
    d.counters.spansReceived += parsed.received;
    d.counters.invalidUtf8 += parsed.invalidUtf8;
    if (parsed.invalid > 0) reject('invalid_span', parsed.invalid);
    if (parsed.overLimit > 0) reject('too_many_spans', parsed.overLimit);
    // Accepted exactly as it came: forwarding may send the body itself.
    rememberIfUnchanged(parsed, format, c.get('body'), cutCount(d.limitCounters) - cutBefore);

    const r = await d.accept(parsed.req, parsed.kept, c.get('projectId'), format, c.get('body'));
    if (!r.ok) {
      reject('overloaded', parsed.kept);
      return otlpError(c, format, 503, r.message, { 'retry-after': String(d.retryAfterSeconds) });
    }
    d.counters.spansAccepted += parsed.kept;
    // partial_success also carries warnings with zero rejected spans (e.g. invalid UTF-8 replaced).
    const rejected = parsed.invalid + parsed.overLimit;
    return otlpSuccess(c, format, rejected > 0 || parsed.message ? { rejectedSpans: rejected, errorMessage: parsed.message } : undefined);
  });

  // Metrics and logs: the same chain (key, slot, body limit and rate), then the transport-neutral export.
  if (d.signals) {
    const s = d.signals;
    for (const signal of ['metrics', 'logs'] as const) {
      const sc = s.counters[signal];
      const routeChain = chain({
        onRequest: () => sc.requests++,
        onBytes: (n) => (sc.bytes += n),
        reject: (reason) => (sc.rejected[reason] = (sc.rejected[reason] ?? 0) + 0),
      });
      app.post(`/v1/${signal}`, ...routeChain, async (c) => {
        const format = c.get('format');
        const out = await s.exportSignal(signal, format, c.get('body'), c.get('projectId'));
        if (out.kind === 'malformed') return otlpError(c, format, 400, out.message);
        if (out.kind === 'unavailable') return otlpError(c, format, 503, out.message, { 'retry-after': String(d.retryAfterSeconds) });
        const partial = out.rejected > 0 || out.message ? { rejectedSpans: out.rejected, errorMessage: out.message } : undefined;
        return otlpSuccess(c, format, partial, REJECTED_FIELD[signal]);
      });
    }
  }

  const auth = d.projectOf ? requireKey(d.projectOf) : OPEN;
  app.get('/healthz', async (c) => {
    const keyed = !d.projectOf || d.projectOf(keyHeaders(c)) !== null;
    if (!keyed && !d.publicHealth) return c.json({ error: 'missing or invalid API key' }, 401);
    const h = await d.health();
    const code = h.status === 'ok' ? 200 : 503;
    // Public health (load balancers, no key): the status only, no counters or sizes.
    return c.json(keyed ? { status: h.status, ...h.detail } : { status: h.status }, code);
  });

  d.extend?.(app, auth);

  app.notFound((c) => c.json({ error: `no route for ${c.req.method} ${c.req.path}` }, 404));
  app.onError((e, c) => {
    // Never crash on input: anything unexpected is a 500 for this request only.
    console.error(JSON.stringify({ level: 'error', msg: 'request failed', error: String(e) }));
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
