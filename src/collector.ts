/**
 * The collector's start and stop order, and nothing else: each part is built by its owner module.
 * Start: settings and files → store + schema → pipeline (pipeline/assemble.ts) → serving side
 * (server/collector-app.ts) → listen (server/serve.ts) → replay the write-ahead log (every export
 * answers 503 until it is done) → budgets, drift and API-change detection under the lease (alerts/periodic.ts).
 * Stop: stop listening → read side → judge → pipeline (budgets, drift and API-change detection
 * stopping meanwhile) → forwarding → feedback → store.
 */
import { join } from 'node:path';
import { defaults, withoutUndefined, type CollectorConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { migrate } from './store/migrations.ts';
import type { Store } from './store/store.ts';
import type { BatchWriter } from './store/batch-writer.ts';
import type { Ingest, Enricher } from './pipeline/ingest.ts';
import type { DurableIngest } from './pipeline/durable.ts';
import { assemblePipeline, type Pipeline } from './pipeline/assemble.ts';
import { ExportGate, newSignalCounters } from './pipeline/export.ts';
import { DEFAULT_LIMITS, newLimitCounters } from './otlp/limits.ts';
import type { ReceiveCounters } from './server/app.ts';
import { collectorServing } from './server/collector-app.ts';
import { serveCollector, StartupError } from './server/serve.ts';
import { readStartupInputs } from './startup/inputs.ts';
import { createPricer } from './pricing/pricer.ts';
import { MODEL_PRICES, modelPriceRows } from './store/tables/model_prices.ts';
import { createLogger, type Logger } from './log.ts';
import { periodicUnderLease } from './alerts/periodic.ts';
import type { DriftJob } from './drift/job.ts';
import type { BudgetEvaluator } from './alerts/evaluator.ts';
import type { Leadership } from './lease/lease.ts';
import { LlmJudge, judgeSettings } from './judge/judge.ts';
import { FeedbackService } from './feedback/feedback.ts';
import type { ChangeDetector } from './changes/detector.ts';

import { Forwarder } from './forward/forwarder.ts';

export { StartupError };
export { checkStartable } from './startup/inputs.ts';

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
  /** Drift (src/drift/); undefined with --drift-interval 0. */
  drift?: DriftJob;
  /** API-change monitoring (src/changes/); undefined with --changes-interval 0. */
  changes?: ChangeDetector;
  /** Runs the budget evaluator, drift and change detection while this replica holds the "periodic" lease. */
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
  /** Forwarding retry backoff bounds (tests shorten them). */
  forwardBackoff?: { baseMs: number; maxMs: number };
}

const START_OPTION_KEYS = new Set(['store', 'enricher', 'logger', 'retryMaxMs', 'spillMemoryBytes', 'forwardBackoff']);

export async function startCollector(options: StartOptions = {}): Promise<RunningCollector> {
  const config: CollectorConfig = { ...defaults(), ...withoutUndefined(options, START_OPTION_KEYS) };
  // Embedded on an ephemeral HTTP port (tests, tools), no fixed gRPC port is taken unless asked for.
  if (options.grpcPort === undefined && options.port === 0) config.grpcPort = 0;
  const log = options.logger ?? createLogger(config.logLevel);
  // A taken port or log folder, a bad file or setting stops start-up before anything is opened.
  const { budgetFile, driftFile, apiKeys, forwarding, tls } = await readStartupInputs(config);
  const pricer = await createPricer(config.prices || undefined);
  const store =
    options.store ??
    openStore({ clickhouseUrl: config.clickhouseUrl, clickhouseUser: config.clickhouseUser, clickhousePassword: config.clickhousePassword, dataDir: config.dataDir, cluster: config.cluster });

  let p: Pipeline | undefined;
  let judge: LlmJudge | undefined;
  let forwarder: Forwarder | undefined;
  try {
    const m = await migrate(store, { database: config.database, cluster: config.cluster || undefined, ttlDays: config.ttlDays });
    if (m.applied.length) log.info('schema migrated', { applied: m.applied, version: m.current });
    // Dashboards price cheaper models from the table loaded now (replace-on-start: src/store/tables/model_prices.ts).
    await store.insert(`${config.database}.${MODEL_PRICES.name}`, modelPriceRows(pricer.book, Date.now()));
    // The optional LLM judge (--judge-url …): a consumer of stored calls, best-effort, never blocks ingest.
    const judgeConfig = judgeSettings(config);
    const j = (judge = judgeConfig ? new LlmJudge({ ...judgeConfig, store, database: config.database, logger: log }) : undefined);
    const limits = DEFAULT_LIMITS;
    const { retryMaxMs, spillMemoryBytes } = options;
    // Forward queues before the pipeline, which offers them every request it accepts (--forward-otlp).
    const fwd = (forwarder = forwarding ? await Forwarder.open({ settings: forwarding, dir: join(config.dataDir, 'forward'), log, redacting: config.redact.length > 0, backoff: options.forwardBackoff }) : undefined);
    const pipeline = (p = await assemblePipeline({
      config,
      store,
      pricer,
      limits,
      log,
      enricher: options.enricher,
      retryMaxMs,
      spillMemoryBytes,
      onContentCall: j && ((r) => j.offerCall(r)),
      forwarder: fwd,
    }));
    const periodic = periodicUnderLease({ store, config, budgetFile, driftFile, log });
    // Every transport's export stays closed (503, retry later) until the write-ahead log is replayed.
    const gate = new ExportGate({ accept: pipeline.acceptSignal, limits, limitCounters: newLimitCounters(), counters: { metrics: newSignalCounters(), logs: newSignalCounters() } });
    const feedback = new FeedbackService({ store, database: config.database });
    const serving = collectorServing({ config, store, pipeline, gate, pricer, apiKeys, secure: tls !== null, budgets: periodic?.budgets, judgeStats: j && (() => j.stats), forwardStats: fwd && (() => fwd.stats()), driftStats: periodic?.drift && (() => periodic.drift!.stats), feedback, log });
    const listening = await serveCollector({ fetch: serving.fetch, host: config.host, port: config.port, grpcPort: config.grpcPort, tls, grpc: serving.grpc });
    serving.readSide.announce(listening.url);
    const grpc = listening.grpcPort ? `${config.host}:${listening.grpcPort}` : 'off';
    log.info('collector listening', { url: listening.url, grpc, store: store.kind, database: config.database, durability: config.durability, auth: apiKeys ? 'api-keys' : 'off' });

    // Listening first: a supervisor sees the process up (healthz: replaying) while the log is replayed.
    const ready = pipeline.replay().then(() => {
      gate.open();
      periodic?.leadership.start();
    });

    let closed: Promise<void> | null = null;
    const close = async () => {
      await listening.close();
      await serving.readSide.close();
      await ready;
      // Periodic work (budgets, drift, change detection, the lease's release) stops while the
      // pipeline drains, not before: neither needs the other, both only the store (closed last), and
      // the final flush is what a stopping collector waits for (the stop took 18–52 ms, bench/ingest).
      const periodicStopped = periodic?.leadership.stop();
      await pipeline.drainEnrichment();
      await j?.finish(5000);
      await pipeline.close();
      await periodicStopped;
      // After the pipeline: every accepted request was offered; what is not delivered stays queued on disk.
      await fwd?.close();
      // after the pipeline wrote its calls, so waiting feedback finds as many of them as it can
      await feedback.close();
      if (!options.store) await store.close();
      log.info('collector stopped', { rows_written: pipeline.writer.stats.rowsWritten });
    };
    return {
      url: listening.url,
      port: listening.port,
      grpcPort: listening.grpcPort,
      store,
      config,
      counters: serving.counters,
      ready,
      ingest: pipeline.ingest,
      writer: pipeline.writer,
      durable: pipeline.durable,
      walStats: pipeline.walStats,
      budgets: periodic?.budgets,
      drift: periodic?.drift,
      changes: periodic?.changes,
      leadership: periodic?.leadership,
      flush: () => ready.then(() => pipeline.flush()),
      close: () => (closed ??= close()),
    };
  } catch (e) {
    // Close what was opened, so the process can exit (a supervisor restarts it).
    await judge?.close().catch(() => {});
    await p?.close().catch(() => {});
    await forwarder?.close(0).catch(() => {});
    if (!options.store) await store.close().catch(() => {});
    throw e;
  }
}

