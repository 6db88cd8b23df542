/**
 * The collector's serving side, transport by transport: the OTLP/HTTP app with every route mounted
 * on it (ingest, /healthz, /metrics, budgets, read API, feedback, eval runs, console) and what the OTLP/gRPC
 * services need. Both share one export gate (closed while the write-ahead log is replayed), one
 * admission control and one tenant resolution.
 */
import type { CollectorConfig } from '../config.ts';
import type { DriftJobStats } from '../drift/job.ts';
import type { Store } from '../store/store.ts';
import type { Pipeline } from '../pipeline/assemble.ts';
import type { ExportGate } from '../pipeline/export.ts';
import type { Pricer } from '../pricing/pricer.ts';
import type { ApiKeyTable } from '../auth/api-keys.ts';
import type { BudgetEvaluator } from '../alerts/evaluator.ts';
import { mountBudgetRoutes } from '../alerts/api.ts';
import { mountReadSide, type ReadSide } from '../api/mount.ts';
import { mountFeedbackRoute } from '../api/feedback-route.ts';
import { mountEvalRunsRoute } from '../api/eval-runs-route.ts';
import { budgetProjectOf } from '../api/caller.ts';
import type { FeedbackService } from '../feedback/feedback.ts';
import { mountConsole } from '../console/mount.ts';
import type { Logger } from '../log.ts';
import { createApp, type ReceiveCounters } from './app.ts';
import { Admission } from './admission.ts';
import type { GrpcDeps } from './grpc.ts';
import { createMetrics, type JudgeMetrics } from './metrics.ts';
import type { DestinationStats } from '../forward/forwarder.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './prometheus.ts';

/** Seconds a client is asked to wait before retrying (429/503 Retry-After, gRPC RetryInfo). */
const RETRY_AFTER_SECONDS = 1;

export interface ServingDeps {
  config: CollectorConfig;
  store: Store;
  pipeline: Pipeline;
  gate: ExportGate;
  pricer: Pricer;
  apiKeys: ApiKeyTable | null;
  /** Served over TLS (the read side's cookies are then Secure). */
  secure: boolean;
  budgets?: BudgetEvaluator;
  judgeStats?: () => JudgeMetrics;
  /** Forwarding figures per destination (--forward-otlp). */
  forwardStats?: () => DestinationStats[];
  /** Drift job figures (src/drift/). */
  driftStats?: () => DriftJobStats;
  feedback: FeedbackService;
  log: Logger;
}

export interface Serving {
  fetch: (req: Request) => Response | Promise<Response>;
  grpc: Omit<GrpcDeps, 'tls'>;
  counters: ReceiveCounters;
  readSide: ReadSide;
}

export function collectorServing(d: ServingDeps): Serving {
  const { config, store, pipeline: p, gate } = d;
  const { limits, limitCounters } = gate.deps;
  const signalCounters = { metrics: gate.deps.counters.metrics, logs: gate.deps.counters.logs };
  const admission = new Admission(config.maxRequestsInFlight);
  const grpcCounters: Record<string, number> = {};
  const counters: ReceiveCounters = { requests: 0, bytes: 0, spansReceived: 0, spansAccepted: 0, spansRejected: {}, invalidUtf8: 0, shedRequests: 0 };
  const metrics = createMetrics({
    counters,
    limitCounters,
    writer: p.writer,
    ingest: p.ingest,
    wal: p.walStats,
    scoring: p.scoringStats,
    judge: d.judgeStats,
    pricer: d.pricer,
    signals: signalCounters,
    grpc: grpcCounters,
    events: p.eventJoin,
    forward: d.forwardStats,
    drift: d.driftStats,
  });
  const keys = d.apiKeys;
  const projectOf = keys ? (h: Parameters<typeof keys.projectFor>[0]) => keys.projectFor(h) : undefined;
  let readSide: ReadSide | undefined;
  const app = createApp({
    accept: p.accept,
    limits,
    limitCounters,
    projectOf,
    publicHealth: config.publicHealth,
    ready: () => gate.isOpen,
    health: async () => {
      const writable = !p.writer.stats.degraded && (await store.ping().catch(() => false));
      return {
        status: !gate.isOpen ? 'replaying' : writable ? 'ok' : 'degraded',
        detail: { store: store.kind, durability: config.durability, ...p.healthDetail() },
      };
    },
    maxBodyBytes: config.maxBodyBytes,
    minBodyBytesPerSecond: config.minBodyRate,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    maxRequestsInFlight: config.maxRequestsInFlight,
    admission,
    signals: { exportSignal: gate.exportSignal, counters: signalCounters },
    counters,
    extend: (app, auth) => {
      app.get('/metrics', auth, (c) => c.body(renderMetrics(metrics), 200, { 'content-type': METRICS_CONTENT_TYPE }));
      if (d.budgets) mountBudgetRoutes(app, d.budgets, keys ? { projectOf: budgetProjectOf(keys) } : {});
      readSide = mountReadSide(app, { store, config, apiKeys: keys, secure: d.secure, metrics, priceBook: d.pricer.book });
      mountFeedbackRoute(app, { service: d.feedback, projectOf: projectOf ?? (() => 'default') });
      mountEvalRunsRoute(app, { store, database: config.database, projectOf: projectOf ?? (() => 'default') });
      // last: the console answers only its own page paths and /assets/, after every API route
      if (config.ui === 'on') mountConsole(app);
    },
  });
  return {
    fetch: app.fetch,
    grpc: {
      exportSignal: gate.exportSignal,
      projectOf: projectOf ?? (() => 'default'),
      admission,
      maxMessageBytes: config.maxBodyBytes,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      counters: grpcCounters,
      onError: (e) => d.log.error('gRPC export failed', { error: String(e) }),
    },
    counters,
    readSide: readSide!,
  };
}
