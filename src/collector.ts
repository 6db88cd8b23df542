/**
 * The collector's start and stop order. Start: settings and files → store + schema → pipeline
 * (pipeline/assemble.ts) → listen → replay the write-ahead log (ingest answers 503 until it is
 * done) → budgets. Stop: stop listening → budgets → judge → pipeline → store.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { defaults, withoutUndefined, type CollectorConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { migrate } from './store/migrations.ts';
import type { Store } from './store/store.ts';
import type { BatchWriter } from './store/batch-writer.ts';
import type { Ingest, Enricher } from './pipeline/ingest.ts';
import type { DurableIngest } from './pipeline/durable.ts';
import { assemblePipeline, type Pipeline } from './pipeline/assemble.ts';
import { checkWalDirFree } from './pipeline/wal-journal.ts';
import { createApp, type ReceiveCounters } from './server/app.ts';
import { DEFAULT_LIMITS, newLimitCounters } from './otlp/limits.ts';
import { exportSignal, newSignalCounters, type ExportDeps } from './pipeline/export.ts';
import { Admission } from './server/admission.ts';
import { startGrpcServer, type GrpcServer } from './server/grpc.ts';
import type { Signal, WireFormat } from './otlp/parse.ts';
import { createMetrics } from './server/metrics.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './server/prometheus.ts';
import { createPricer } from './pricing/pricer.ts';
import { createLogger, type Logger } from './log.ts';
import { loadBudgetFile } from './alerts/budget-file.ts';
import { BudgetEvaluator } from './alerts/evaluator.ts';
import { Lease, Leadership } from './lease/lease.ts';
import { mountBudgetRoutes } from './alerts/api.ts';
import { LlmJudge, judgeSettings } from './judge/judge.ts';
import { loadApiKeys } from './auth/api-keys.ts';
import { mountReadSide, type ReadSide } from './api/mount.ts';
import { mountFeedbackRoute } from './api/feedback-route.ts';
import { FeedbackService } from './feedback/feedback.ts';
import { budgetProjectOf } from './api/caller.ts';
import { mountConsole } from './console/mount.ts';

export interface RunningCollector {
  url: string;
  port: number;
  /** The OTLP/gRPC port; 0 when gRPC is off. */
  grpcPort: number;
  store: Store;
  config: CollectorConfig;
  ingest: Ingest;
  writer: BatchWriter;
  durable?: DurableIngest;
  counters: ReceiveCounters;
  budgets?: BudgetEvaluator;
  /** Runs the budget evaluator while this replica holds the "periodic" lease. */
  leadership?: Leadership;
  /** Write-ahead-log figures (durable mode). */
  walStats?: () => { liveBytes: number; appends: number; fsyncs: number; spilledRecords: number; quarantinedTotal: number; quarantinePresent: number };
  /** Resolves once the write-ahead log from before the start is replayed (ingest is open). */
  ready: Promise<void>;
  /** Waits until everything accepted so far is stored. */
  flush(): Promise<void>;
  /** Stops accepting, flushes every buffer, closes the store. */
  close(): Promise<void>;
}

export interface StartOptions extends Partial<CollectorConfig> {
  /** Use this store instead of opening one from the config (tests). */
  store?: Store;
  enricher?: Enricher;
  logger?: Logger;
  /** Longest wait between insert retries (tests shorten it). */
  retryMaxMs?: number;
  /** Spilled request bodies kept in memory before reading them back from the log (tests set 0). */
  spillMemoryBytes?: number;
}

/** A start-up failure the CLI reports as one line (and exits non-zero). */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** Seconds a client is asked to wait before retrying (429/503 Retry-After, gRPC RetryInfo). */
const RETRY_AFTER_SECONDS = 1;

const START_OPTION_KEYS = new Set(['store', 'enricher', 'logger', 'retryMaxMs', 'spillMemoryBytes']);

export async function startCollector(options: StartOptions = {}): Promise<RunningCollector> {
  const config: CollectorConfig = { ...defaults(), ...withoutUndefined(options, START_OPTION_KEYS) };
  // Embedded on an ephemeral HTTP port (tests, tools), no fixed gRPC port is taken unless asked for.
  if (options.grpcPort === undefined && options.port === 0) config.grpcPort = 0;
  const log = options.logger ?? createLogger(config.logLevel);
  // A taken port or log folder, like a bad file, stops start-up before anything is opened.
  await checkStartable(config);
  const budgetFile = config.budgets ? await loadBudgetFile(config.budgets) : null;
  const apiKeys = config.apiKeys ? loadApiKeys(config.apiKeys) : null;
  const tls = config.tlsCert ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : null;
  const pricer = await createPricer(config.prices || undefined);
  const store =
    options.store ??
    openStore({ clickhouseUrl: config.clickhouseUrl, clickhouseUser: config.clickhouseUser, clickhousePassword: config.clickhousePassword, dataDir: config.dataDir, cluster: config.cluster });

  let pipeline: Pipeline | undefined;
  let judge: LlmJudge | undefined;
  try {
    const m = await migrate(store, { database: config.database, cluster: config.cluster || undefined, ttlDays: config.ttlDays });
    if (m.applied.length) log.info('schema migrated', { applied: m.applied, version: m.current });
    // The optional LLM judge (--judge-url …): a consumer of stored calls, best-effort, never blocks ingest.
    const judgeConfig = judgeSettings(config);
    judge = judgeConfig ? new LlmJudge({ ...judgeConfig, store, database: config.database, logger: log }) : undefined;
    const j = judge;
    const limits = DEFAULT_LIMITS;
    const limitCounters = newLimitCounters();
    pipeline = await assemblePipeline({
      config,
      store,
      pricer,
      limits,
      log,
      enricher: options.enricher,
      retryMaxMs: options.retryMaxMs,
      spillMemoryBytes: options.spillMemoryBytes,
      onContentCall: j
        ? (r) =>
            j.offer({
              projectId: r.projectId,
              traceId: r.traceId,
              spanId: r.spanId,
              timestampNs: r.startTimeUnixNano,
              serviceName: r.serviceName,
              requestModel: r.call.requestModel,
              inputText: r.call.inputText,
              outputText: r.call.outputText,
              contextText: r.call.contextText,
            })
        : undefined,
    });
    const p = pipeline;
    // One replica at a time runs the periodic work, under a lease held in ClickHouse (src/lease/).
    const lease = new Lease({ store, database: config.database, name: 'periodic', ttlMs: config.leaseTtlMs, cluster: Boolean(config.cluster) });
    const budgets = budgetFile
      ? new BudgetEvaluator({ store, budgets: budgetFile, database: config.database, intervalMs: config.budgetIntervalMs, logger: log, fence: lease })
      : undefined;
    const leadership = budgets
      ? new Leadership(lease, [budgets], {
          onChange: (leader, token) => log.info(leader ? 'lease acquired: running periodic work' : 'lease lost: periodic work stopped', { holder: lease.holder, token }),
          onError: (e) => log.warn('lease step failed', { error: String(e) }),
        })
      : undefined;

    // Metrics and logs: one transport-neutral export step (OTLP/HTTP routes and gRPC alike).
    const signalCounters = { metrics: newSignalCounters(), logs: newSignalCounters() };
    const exportDeps: ExportDeps = { accept: p.acceptSignal, limits, limitCounters, counters: signalCounters };
    const admission = new Admission(config.maxRequestsInFlight);
    const grpcCounters: Record<string, number> = {};

    let replaying = true;
    // Every transport's export: unavailable (retry later) until the write-ahead log is replayed.
    const exportOtlp = (signal: Signal, format: WireFormat, body: Uint8Array, projectId: string) =>
      replaying
        ? Promise.resolve({ kind: 'unavailable' as const, message: 'collector is starting: replaying the write-ahead log; retry later' })
        : exportSignal(exportDeps, signal, format, body, projectId);
    let readSide: ReadSide | undefined;
    let feedback: FeedbackService | undefined;
    const counters: ReceiveCounters = { requests: 0, bytes: 0, spansReceived: 0, spansAccepted: 0, spansRejected: {}, invalidUtf8: 0, shedRequests: 0 };
    const metrics = createMetrics({
      counters,
      limitCounters,
      writer: p.writer,
      ingest: p.ingest,
      wal: p.walStats,
      scoring: p.scoringStats,
      judge: j ? () => j.stats : undefined,
      pricer,
      signals: signalCounters,
      grpc: grpcCounters,
      events: p.eventJoin,
    });
    const projectOf = apiKeys ? (h: Parameters<typeof apiKeys.projectFor>[0]) => apiKeys.projectFor(h) : undefined;
    const app = createApp({
      accept: p.accept,
      limits,
      limitCounters,
      projectOf,
      publicHealth: config.publicHealth,
      ready: () => !replaying,
      health: async () => {
        const writable = !p.writer.stats.degraded && (await store.ping().catch(() => false));
        return {
          status: replaying ? 'replaying' : writable ? 'ok' : 'degraded',
          detail: { store: store.kind, durability: config.durability, ...p.healthDetail() },
        };
      },
      maxBodyBytes: config.maxBodyBytes,
      minBodyBytesPerSecond: config.minBodyRate,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      maxRequestsInFlight: config.maxRequestsInFlight,
      admission,
      signals: { exportSignal: exportOtlp, counters: signalCounters },
      counters,
      extend: (app, auth) => {
        app.get('/metrics', auth, (c) => c.body(renderMetrics(metrics), 200, { 'content-type': METRICS_CONTENT_TYPE }));
        if (budgets) mountBudgetRoutes(app, budgets, apiKeys ? { projectOf: budgetProjectOf(apiKeys) } : {});
        readSide = mountReadSide(app, { store, config, apiKeys, secure: tls !== null, metrics, priceBook: pricer.book });
        feedback = new FeedbackService({ store, database: config.database });
        mountFeedbackRoute(app, { service: feedback, projectOf: projectOf ?? (() => 'default') });
        // last: the console answers only its own page paths and /assets/, after every API route
        if (config.ui === 'on') mountConsole(app);
      },
    });

    const server = await listen(app.fetch, config, tls);
    const port = (server.address() as AddressInfo).port;
    const url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    readSide?.announce(url);
    let grpcServer: GrpcServer | undefined;
    if (config.grpcPort > 0) {
      try {
        grpcServer = await startGrpcServer(config.host, config.grpcPort, {
          exportSignal: exportOtlp,
          projectOf: projectOf ?? (() => 'default'),
          admission,
          maxMessageBytes: config.maxBodyBytes,
          retryAfterSeconds: RETRY_AFTER_SECONDS,
          counters: grpcCounters,
          onError: (e) => log.error('gRPC export failed', { error: String(e) }),
          tls,
        });
      } catch (e) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        throw new StartupError(`cannot listen for OTLP/gRPC on ${config.host}:${config.grpcPort}: ${(e as Error).message} (use --grpc-port, 0 = off)`);
      }
    }
    const grpc = grpcServer;
    log.info('collector listening', {
      url,
      grpc: grpc ? `${config.host}:${grpc.port}` : 'off',
      store: store.kind,
      database: config.database,
      durability: config.durability,
      auth: apiKeys ? 'api-keys' : 'off',
    });

    // Listening first: a supervisor sees the process up (healthz: replaying) while the log is replayed.
    const ready = p.replay().then(
      (replayed) => {
        if (replayed.records) log.info('write-ahead log replayed', replayed);
        replaying = false;
        leadership?.start();
      },
      (e: unknown) => {
        log.error('write-ahead log replay failed; records stay in the log for the next start', { error: String(e) });
        replaying = false;
        leadership?.start();
      },
    );

    let closed: Promise<void> | null = null;
    return {
      url,
      port,
      grpcPort: grpc?.port ?? 0,
      store,
      config,
      ingest: p.ingest,
      writer: p.writer,
      durable: p.durable,
      counters,
      budgets,
      leadership,
      walStats: p.walStats,
      ready,
      flush: async () => {
        await ready;
        await p.flush();
      },
      close: () =>
        (closed ??= (async () => {
          await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), grpc?.close()]);
          await readSide?.close();
          await ready;
          await leadership?.stop();
          await p.drainEnrichment();
          if (j) {
            await Promise.race([j.flush(), new Promise((r) => setTimeout(r, 5000).unref())]);
            await j.close();
          }
          const { abandonedRows } = await p.close();
          if (abandonedRows) {
            log.error(p.durable ? 'store unreachable at shutdown; rows stay in the write-ahead log' : 'store unreachable at shutdown; rows lost', { rows: abandonedRows });
          }
          // after the pipeline wrote its calls, so waiting feedback finds as many of them as it can
          await feedback?.close();
          if (!options.store) await store.close();
          log.info('collector stopped', { rows_written: p.writer.stats.rowsWritten });
        })()),
    };
  } catch (e) {
    // Close what was opened, so the process can exit (a supervisor restarts it).
    await judge?.close().catch(() => {});
    await pipeline?.close().catch(() => {});
    if (!options.store) await store.close().catch(() => {});
    throw e;
  }
}

/** The quick start-up checks (port free, log folder not held by another process), before any slow step. */
export async function checkStartable(config: CollectorConfig): Promise<void> {
  await ensurePortFree(config.host, config.port);
  if (config.durability === 'wal') {
    try {
      checkWalDirFree(config.walDir || join(config.dataDir, 'wal'));
    } catch (e) {
      throw new StartupError((e as Error).message);
    }
  }
}

/**
 * Fails at once when the port is taken (the real listen comes after the store and the pipeline are
 * up, which takes seconds; a supervisor should learn of a taken port without waiting for that).
 */
export async function ensurePortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', (e: NodeJS.ErrnoException) => reject(listenError(e, `${host}:${port}`)));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function listenError(e: NodeJS.ErrnoException, where: string): StartupError {
  return new StartupError(
    e.code === 'EADDRINUSE' ? `cannot listen on ${where}: the port is in use (set --port)` : e.code === 'EACCES' ? `cannot listen on ${where}: permission denied` : `cannot listen on ${where}: ${e.message}`,
  );
}

async function listen(fetch: (req: Request) => Response | Promise<Response>, config: CollectorConfig, tls: { cert: Buffer; key: Buffer } | null): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const s = serve({ fetch, port: config.port, hostname: config.host, ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}) }, () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) => {
      s.close();
      reject(listenError(e, `${config.host}:${config.port}`));
    });
  });
}
