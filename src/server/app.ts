import { Hono, type MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { DecodeError, type ExportTraceRequest } from '../otlp/types.ts';
import { parseTraces, type Parsed, type WireFormat } from '../otlp/parse.ts';
import type { LimitCounters, Limits } from '../otlp/limits.ts';
import { otlpError, otlpSuccess } from './otlp-reply.ts';
import { apiKeyAuth, keyHeaders, requireKey, type ProjectOf } from './middleware/auth.ts';
import { InFlightSlots, inFlightLimit } from './middleware/in-flight.ts';
import { otlpBody } from './middleware/otlp-body.ts';
import { otlpFormat } from './middleware/otlp-format.ts';
import type { IngestEnv, RejectFn } from './middleware/types.ts';

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
  const rejectFn: RejectFn = (reason) => reject(reason);
  const slots = new InFlightSlots(d.maxRequestsInFlight);
  const projectOf: ProjectOf = d.projectOf ?? (() => 'default');

  // Every ingest route, whatever its signal: count → Content-Type → key → not replaying → slot → body.
  const ingest = [
    createMiddleware<IngestEnv>(async (_c, next) => {
      d.counters.requests++;
      await next();
    }),
    otlpFormat(rejectFn),
    apiKeyAuth(projectOf, rejectFn),
    createMiddleware<IngestEnv>(async (c, next) => {
      if (d.ready && !d.ready()) {
        reject('overloaded');
        return otlpError(c, c.get('format'), 503, 'collector is starting: replaying the write-ahead log; retry later', {
          'retry-after': String(d.retryAfterSeconds),
        });
      }
      await next();
    }),
    inFlightLimit(slots, d.retryAfterSeconds, rejectFn, () => d.counters.shedRequests++),
    otlpBody({ maxBodyBytes: d.maxBodyBytes, minBodyBytesPerSecond: d.minBodyBytesPerSecond }, rejectFn, (n) => (d.counters.bytes += n)),
  ] as const;

  app.post('/v1/traces', ...ingest, async (c) => {
    const format = c.get('format');
    let parsed: Parsed<ExportTraceRequest>;
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

  // OTLP metrics (our instrumentation exports its histograms to the same endpoint): the same limits,
  // slots and auth as traces; acknowledged so exporters do not retry, and reported as not stored —
  // the dashboards compute the same figures from the spans.
  app.post('/v1/metrics', ...ingest, (c) =>
    otlpSuccess(c, c.get('format'), { rejectedSpans: 0, errorMessage: 'llmscope stores traces only; metric points are not stored' }, 'rejectedDataPoints'),
  );

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
