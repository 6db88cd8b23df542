import { serve, type ServerType } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { defaults, type CollectorConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { migrate } from './store/migrations.ts';
import type { Store } from './store/store.ts';
import { BatchWriter } from './store/batch-writer.ts';
import { Ingest, type Enricher } from './pipeline/ingest.ts';
import { DurableIngest } from './pipeline/durable.ts';
import { RowsSink, type Signal } from './pipeline/signal-sink.ts';
import { logsRows, offerContentEvents } from './pipeline/logs-rows.ts';
import { EventJoin } from './pipeline/event-join.ts';
import { metricsRows } from './pipeline/metrics-rows.ts';
import { redactLogsRequest, redactMetricsRequest } from './pipeline/redact-signals.ts';
import type { FindingCategory } from './enrich/pii/detectors.ts';
import type { ExportLogsRequest } from './otlp/log-types.ts';
import type { ExportMetricsRequest } from './otlp/metric-types.ts';
import { exportSignal, newSignalCounters, parseSignal, TRACES, type AcceptSignalFn, type ExportDeps } from './pipeline/export.ts';
import { Admission } from './server/admission.ts';
import { startGrpcServer, type GrpcServer } from './server/grpc.ts';
import { createApp, type AcceptFn, type ReceiveCounters } from './server/app.ts';
import { DEFAULT_LIMITS, newLimitCounters, applyLimits } from './server/limits.ts';
import { createMetrics } from './server/collector-metrics.ts';
import { METRICS_CONTENT_TYPE, renderMetrics } from './server/metrics.ts';
import { validateTraceRequest } from './otlp/validate.ts';
import { understandSpan } from './genai/understand.ts';
import { createPricer } from './pricing/pricer.ts';
import { createLogger, type Logger } from './log.ts';
import { WorkerEnricher } from './enrich/pipeline.ts';
import { loadBudgetFile } from './alerts/budget-file.ts';
import { BudgetEvaluator } from './alerts/evaluator.ts';
import { Lease, Leadership } from './lease/lease.ts';
import { mountBudgetRoutes } from './alerts/api.ts';
import { LlmJudge, judgeConfigFromEnv } from './enrich/judge/judge.ts';
import { loadApiKeys } from './auth/api-keys.ts';
import { mountReadSide, type ReadSide } from './api/mount.ts';
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

export async function startCollector(options: StartOptions = {}): Promise<RunningCollector> {
  const config: CollectorConfig = { ...defaults(), ...stripUndefined(options) };
  // Embedded on an ephemeral HTTP port (tests, tools), no fixed gRPC port is taken unless asked for.
  if (options.grpcPort === undefined && options.port === 0) config.grpcPort = 0;
  const log = options.logger ?? createLogger(config.logLevel);
  // Bad files stop start-up before anything is opened.
  const budgetFile = config.budgets ? await loadBudgetFile(config.budgets) : null;
  const apiKeys = config.apiKeys ? loadApiKeys(config.apiKeys) : null;
  const tls = config.tlsCert ? { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) } : null;
  const store =
    options.store ??
    openStore({
      clickhouseUrl: config.clickhouseUrl,
      clickhouseUser: config.clickhouseUser,
      clickhousePassword: config.clickhousePassword,
      dataDir: config.dataDir,
      cluster: config.cluster,
    });
  const schema = { database: config.database, cluster: config.cluster || undefined, ttlDays: config.ttlDays };
  const m = await migrate(store, schema);
  if (m.applied.length) log.info('schema migrated', { applied: m.applied, version: m.current });
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

  // The durable layer and the writer reference each other (batch markers ↔ queued units).
  let durable: DurableIngest | undefined;
  const writer = new BatchWriter(store, {
    database: config.database,
    maxBatchRows: config.batchRows,
    flushIntervalMs: config.flushIntervalMs,
    maxQueuedRows: config.maxQueueRows,
    onError: (e, attempt) => log.warn('insert failed, retrying', { attempt, error: String(e) }),
    retryMaxMs: options.retryMaxMs,
    onRejectedRow: (table, line, error) =>
      log.error('row refused by ClickHouse; set aside', { table, error: String(error), row: line.length > 500 ? line.slice(0, 500) + '…' : line }),
    beginBatch: config.durability === 'wal' ? (units) => durable!.beginBatch(units) : undefined,
    endBatch: config.durability === 'wal' ? (units, token) => durable!.endBatch(units, token) : undefined,
  });
  const pricer = await createPricer(config.prices || undefined);
  const ownEnricher =
    options.enricher === undefined && (config.scorers.length > 0 || config.redact.length > 0)
      ? new WorkerEnricher({ scorers: config.scorers, redact: config.redact as Array<'pii' | 'secrets'>, threads: config.scorerThreads })
      : undefined;
  await ownEnricher?.pool.ready();
  // The optional LLM judge (LLMSCOPE_JUDGE_URL …): best-effort, asynchronous, never blocks ingest.
  const judgeConfig = judgeConfigFromEnv(process.env);
  const judge = judgeConfig ? new LlmJudge({ ...judgeConfig, store, database: config.database, logger: log }) : undefined;
  // GenAI content sent as events (log records) joins its call span here, whichever comes first.
  const eventJoin = new EventJoin({ maxWaitMs: config.eventWaitMs });
  const ingest = new Ingest({
    events: eventJoin,
    writer,
    understand: understandSpan,
    price: pricer,
    enricher: options.enricher ?? ownEnricher,
    onEnrichError: (e) => log.warn('enrichment failed; stored unscored', { error: String(e) }),
    onContentCall: judge
      ? (r) =>
          judge.offer({
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
  const limits = DEFAULT_LIMITS;
  const limitCounters = newLimitCounters();

  // Metrics and logs become rows of their otel_* tables (the same pipeline for OTLP/HTTP and gRPC).
  // With --redact, their strings are redacted before any row is built (as span content is).
  const redactCategories = new Set(config.redact as FindingCategory[]);
  const sinks = {
    metrics: new RowsSink(writer, (req: ExportMetricsRequest, projectId: string) =>
      metricsRows(redactCategories.size ? redactMetricsRequest(req, redactCategories) : req, projectId),
    ),
    logs: new RowsSink(writer, (req: ExportLogsRequest, projectId: string) => {
      const r = redactCategories.size ? redactLogsRequest(req, redactCategories) : req;
      offerContentEvents(r, projectId, eventJoin);
      return logsRows(r, projectId);
    }),
  };
  let accept: AcceptFn;
  let acceptSignal: AcceptSignalFn;
  if (config.durability === 'wal') {
    durable = await DurableIngest.open({
      dir: config.walDir || join(config.dataDir, 'wal'),
      maxBytes: config.walMaxBytes,
      ingest,
      writer,
      log,
      spillMemoryBytes: options.spillMemoryBytes,
      signals: {
        metrics: { redecode: (format, body) => parseSignal('metrics', format, body, limits).req, sink: sinks.metrics as RowsSink<unknown> },
        logs: { redecode: (format, body) => parseSignal('logs', format, body, limits).req, sink: sinks.logs as RowsSink<unknown> },
      },
      // A logged body goes through the same decode → validate → limits path as a live request.
      redecode: (format, body) => {
        const req = TRACES.decode(format, body, limits);
        return applyLimits(validateTraceRequest(req).accepted, limits).req;
      },
    });
    const replayed = await durable.replay();
    if (replayed.records) log.info('write-ahead log replayed', replayed);
    const d = durable;
    accept = (req, spans, projectId, format, body) => d.accept(req, spans, projectId, format, body);
    acceptSignal = (signal, req, items, projectId, format, body) => d.accept(req, items, projectId, format, body, signal);
  } else {
    accept = (req, _spans, projectId) =>
      ingest.accept(req, projectId).ok ? { ok: true } : { ok: false, message: 'collector is overloaded; retry later' };
    acceptSignal = (signal, req, _items, projectId) => {
      const ok = signal === 'traces' ? ingest.accept(req as Parameters<typeof ingest.accept>[0], projectId).ok : sinks[signal].accept(req as never, projectId).ok;
      return ok ? { ok: true } : { ok: false, message: 'collector is overloaded; retry later' };
    };
  }
  const signalCounters = { metrics: newSignalCounters(), logs: newSignalCounters() };
  const exportDeps: ExportDeps = { accept: acceptSignal, limits, limitCounters, counters: signalCounters };
  const exportOtlp = (signal: Signal, format: 'protobuf' | 'json', body: Uint8Array, projectId: string) => exportSignal(exportDeps, signal, format, body, projectId);
  const admission = new Admission(config.maxRequestsInFlight);
  const grpcCounters: Record<string, number> = {};

  const counters: ReceiveCounters = { requests: 0, bytes: 0, spansReceived: 0, spansAccepted: 0, spansRejected: {}, invalidUtf8: 0, shedRequests: 0 };
  let readSide: ReadSide | undefined;
  const metrics = createMetrics({ counters, limitCounters, writer, ingest, durable, enricher: ownEnricher, pricer, signals: signalCounters, grpc: grpcCounters, events: eventJoin });
  const app = createApp({
    accept,
    limits,
    limitCounters,
    projectOf: apiKeys
      ? (c) => apiKeys.projectFor({ authorization: c.req.header('authorization'), 'x-api-key': c.req.header('x-api-key') })
      : () => 'default',
    health: async () => {
      const writable = !writer.stats.degraded && (await store.ping().catch(() => false));
      return {
        ok: writable,
        detail: {
          store: store.kind,
          durability: config.durability,
          queued_rows: writer.queuedRows,
          insert_errors: writer.stats.insertErrors,
          ...(durable ? { wal_bytes: durable.wal.liveBytes, wal_spilled_records: durable.spilledRecords } : {}),
        },
      };
    },
    maxBodyBytes: config.maxBodyBytes,
    retryAfterSeconds: 2,
    maxRequestsInFlight: config.maxRequestsInFlight,
    admission,
    signals: { exportSignal: exportOtlp, counters: signalCounters },
    counters,
    extend: (app) => {
      app.get('/metrics', (c) => c.body(renderMetrics(metrics), 200, { 'content-type': METRICS_CONTENT_TYPE }));
      if (budgets) {
        mountBudgetRoutes(app, budgets, apiKeys ? { projectOf: budgetProjectOf(apiKeys) } : {});
      }
      readSide = mountReadSide(app, { store, config, apiKeys, secure: tls !== null, metrics });
      // last: the console answers only its own page paths and /assets/, after every API route
      if (config.ui === 'on') mountConsole(app);
    },
  });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        hostname: config.host,
        ...(tls ? { createServer: createHttpsServer, serverOptions: tls } : {}),
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  readSide?.announce(url);
  let grpcServer: GrpcServer | undefined;
  if (config.grpcPort > 0) {
    try {
      grpcServer = await startGrpcServer(config.host, config.grpcPort, {
        exportSignal: exportOtlp,
        projectOf: apiKeys ? (h) => apiKeys.projectFor(h) : () => 'default',
        admission,
        maxMessageBytes: config.maxBodyBytes,
        retryAfterSeconds: 2,
        counters: grpcCounters,
        onError: (e) => log.error('gRPC export failed', { error: String(e) }),
        tls,
      });
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw new Error(`cannot listen for OTLP/gRPC on ${config.host}:${config.grpcPort}: ${(e as Error).message} (use --grpc-port, 0 = off)`);
    }
  }
  log.info('collector listening', {
    url,
    grpc: grpcServer ? `${config.host}:${grpcServer.port}` : 'off',
    store: store.kind,
    database: config.database,
    durability: config.durability,
    auth: apiKeys ? 'api-keys' : 'off',
  });
  leadership?.start();

  let closed: Promise<void> | null = null;
  const drainEnrichment = async () => {
    while (ingest.enrichingRows > 0) await new Promise((r) => setTimeout(r, 10));
  };
  return {
    url,
    port,
    grpcPort: grpcServer?.port ?? 0,
    store,
    config,
    ingest,
    writer,
    durable,
    counters,
    budgets,
    leadership,
    flush: async () => {
      for (;;) {
        await drainEnrichment();
        await writer.flush();
        if (!durable || durable.spilledRecords === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      (closed ??= (async () => {
        await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), grpcServer?.close()]);
        await readSide?.close();
        await leadership?.stop();
        await drainEnrichment();
        // Requests spilled to the log while memory was full are stored too, unless the store is away.
        await durable?.drainSpilled(15_000);
        await drainEnrichment();
        if (judge) {
          await Promise.race([judge.flush(), new Promise((r) => setTimeout(r, 5000).unref())]);
          await judge.close();
        }
        // With the log, rows not confirmed are replayed at the next start: do not wait for long on
        // a store that is away. Without it they would be lost, so try harder.
        const { abandonedRows } = await writer.close(durable ? 15_000 : 120_000);
        if (abandonedRows) {
          log.error(durable ? 'store unreachable at shutdown; rows stay in the write-ahead log' : 'store unreachable at shutdown; rows lost', { rows: abandonedRows });
        }
        await durable?.close();
        await ownEnricher?.close();
        if (!options.store) await store.close();
        log.info('collector stopped', { rows_written: writer.stats.rowsWritten });
      })()),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== undefined && k !== 'store' && k !== 'enricher' && k !== 'logger' && k !== 'retryMaxMs' && k !== 'spillMemoryBytes') out[k] = o[k];
  return out;
}
