import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { defaults, type CollectorConfig } from './config.ts';
import { openStore } from './store/open.ts';
import { migrate } from './store/migrations.ts';
import type { Store } from './store/store.ts';
import { BatchWriter } from './store/batch-writer.ts';
import { Ingest, type Enricher } from './pipeline/ingest.ts';
import { createApp, type ReceiveCounters } from './server/app.ts';
import { understandSpan } from './genai/understand.ts';
import { createPricer } from './pricing/pricer.ts';
import { createLogger, type Logger } from './log.ts';
import { WorkerEnricher } from './enrich/pipeline.ts';
import { loadBudgetFile } from './alerts/budget-file.ts';
import { BudgetEvaluator } from './alerts/evaluator.ts';
import { mountBudgetRoutes } from './alerts/api.ts';
import { LlmJudge, judgeConfigFromEnv } from './enrich/judge/judge.ts';

export interface RunningCollector {
  url: string;
  port: number;
  store: Store;
  config: CollectorConfig;
  ingest: Ingest;
  writer: BatchWriter;
  counters: ReceiveCounters;
  budgets?: BudgetEvaluator;
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
}

export async function startCollector(options: StartOptions = {}): Promise<RunningCollector> {
  const config: CollectorConfig = { ...defaults(), ...stripUndefined(options) };
  const log = options.logger ?? createLogger(config.logLevel);
  // A bad budgets file stops start-up before anything is opened.
  const budgetFile = config.budgets ? await loadBudgetFile(config.budgets) : null;
  const store =
    options.store ??
    openStore({
      clickhouseUrl: config.clickhouseUrl,
      clickhouseUser: config.clickhouseUser,
      clickhousePassword: config.clickhousePassword,
      dataDir: config.dataDir,
    });
  const schema = { database: config.database, cluster: config.cluster || undefined, ttlDays: config.ttlDays };
  const m = await migrate(store, schema);
  if (m.applied.length) log.info('schema migrated', { applied: m.applied, version: m.current });
  const budgets = budgetFile
    ? new BudgetEvaluator({ store, budgets: budgetFile, database: config.database, intervalMs: config.budgetIntervalMs, logger: log })
    : undefined;

  const writer = new BatchWriter(store, {
    database: config.database,
    maxBatchRows: config.batchRows,
    flushIntervalMs: config.flushIntervalMs,
    maxQueuedRows: config.maxQueueRows,
    onError: (e, attempt) => log.warn('insert failed, retrying', { attempt, error: String(e) }),
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
  const ingest = new Ingest({
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
  const counters: ReceiveCounters = { requests: 0, bytes: 0, spansReceived: 0, spansAccepted: 0, spansRejected: {} };
  const app = createApp({
    ingest,
    projectOf: () => 'default',
    health: async () => {
      const writable = !writer.stats.degraded && (await store.ping().catch(() => false));
      return { ok: writable, detail: { store: store.kind, queued_rows: writer.queuedRows, insert_errors: writer.stats.insertErrors } };
    },
    maxBodyBytes: config.maxBodyBytes,
    retryAfterSeconds: 2,
    counters,
    extend: (app) => {
      if (budgets) mountBudgetRoutes(app, budgets);
    },
  });

  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  log.info('collector listening', { url, store: store.kind, database: config.database });
  budgets?.start();

  let closed: Promise<void> | null = null;
  return {
    url,
    port,
    store,
    config,
    ingest,
    writer,
    counters,
    budgets,
    flush: async () => {
      while (ingest.enrichingRows > 0) await new Promise((r) => setTimeout(r, 10));
      await writer.flush();
    },
    close: () =>
      (closed ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await budgets?.stop();
        while (ingest.enrichingRows > 0) await new Promise((r) => setTimeout(r, 10));
        if (judge) {
          await Promise.race([judge.flush(), new Promise((r) => setTimeout(r, 5000).unref())]);
          await judge.close();
        }
        await writer.close();
        await ownEnricher?.close();
        if (!options.store) await store.close();
        log.info('collector stopped', { rows_written: writer.stats.rowsWritten });
      })()),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k in o) if (o[k] !== undefined && k !== 'store' && k !== 'enricher' && k !== 'logger') out[k] = o[k];
  return out;
}
