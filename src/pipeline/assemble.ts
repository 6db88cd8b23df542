/**
 * Builds the write path in dependency order — write-ahead log → batch writer → enrichment → ingest
 * (traces) and row sinks (metrics, logs) → durable layer — and hands back what the server and the start/stop sequence need: accept(),
 * replay(), flush(), close(), health and metric figures. Nothing outside reads the parts' insides.
 */
import { join } from 'node:path';
import type { CollectorConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Limits } from '../otlp/limits.ts';
import type { ExportTraceRequest } from '../otlp/types.ts';
import type { Signal, WireFormat } from '../otlp/parse.ts';
import type { Pricer } from '../pricing/pricer.ts';
import { understandSpan } from '../genai/understand.ts';
import { BatchWriter } from '../store/batch-writer.ts';
import type { Store } from '../store/store.ts';
import type { LlmCallRowInput } from '../store/tables/llm_calls.ts';
import { DurableIngest } from './durable.ts';
import { WorkerEnricher, type ScoringStats } from './enrichment.ts';
import { Ingest, type Enricher } from './ingest.ts';
import { WalJournal } from './wal-journal.ts';
import { RowsSink } from './signal-sink.ts';
import { logsRows, offerContentEvents } from './logs-rows.ts';
import { EventJoin } from './event-join.ts';
import { metricsRows } from './metrics-rows.ts';
import type { AcceptSignalFn } from './export.ts';
import { failClosed, redactLogsRequest, redactMetricsRequest, redactTraceRequest } from './redact-signals.ts';
import type { FindingCategory } from '../enrich/pii/detectors.ts';
import type { ExportLogsRequest } from '../otlp/log-types.ts';
import type { ExportMetricsRequest } from '../otlp/metric-types.ts';

export type AcceptOutcome = { ok: true } | { ok: false; message: string };

export interface PipelineOptions {
  config: CollectorConfig;
  store: Store;
  pricer: Pricer;
  limits: Readonly<Limits>;
  log: Logger;
  /** Use this enricher instead of the scoring workers the config asks for (tests). */
  enricher?: Enricher;
  /** Sees every LLM call with captured content once its row is final (the LLM judge's feed). */
  onContentCall?: (row: LlmCallRowInput) => void;
  /** Longest wait between insert retries (tests shorten it). */
  retryMaxMs?: number;
  /** Spilled request bodies kept in memory before reading them back from the log. */
  spillMemoryBytes?: number;
  /** --forward-otlp: sees every accepted request as stored (redacted), traces, metrics and logs. */
  forwarder?: { offer(signal: Signal, req: unknown): void };
}

export interface Pipeline {
  writer: BatchWriter;
  ingest: Ingest;
  /** Present with --durability wal. */
  durable?: DurableIngest;
  /** Queues (memory mode) or logs then queues (wal mode) a parsed trace request. */
  accept(req: ExportTraceRequest, spans: number, projectId: string, format: WireFormat, body: Uint8Array): AcceptOutcome | Promise<AcceptOutcome>;
  /** The same for any signal (the export step of every transport). */
  acceptSignal: AcceptSignalFn;
  /**
   * Stores what the write-ahead log holds from before a restart (no-op without it). Never rejects:
   * a failed replay is logged and its records stay in the log for the next start.
   */
  replay(): Promise<void>;
  /** Waits until everything accepted so far is stored. */
  flush(): Promise<void>;
  /** Rows waiting for the scoring workers, drained before the writer closes. */
  drainEnrichment(): Promise<void>;
  /** Stops every stage in order; resolves with the rows that could not be stored (and logs them). */
  close(): Promise<{ abandonedRows: number }>;
  healthDetail(): Record<string, unknown>;
  walStats?: () => { liveBytes: number; appends: number; fsyncs: number; spilledRecords: number; quarantinedTotal: number; quarantinePresent: number };
  scoringStats?: () => ScoringStats;
  /** GenAI content events waiting for (or joined to) their call spans. */
  eventJoin: EventJoin;
}

export async function assemblePipeline(o: PipelineOptions): Promise<Pipeline> {
  const { config, log } = o;
  const journal =
    config.durability === 'wal' ? await WalJournal.open({ dir: config.walDir || join(config.dataDir, 'wal'), maxBytes: config.walMaxBytes, log }) : undefined;
  let scorers: WorkerEnricher | undefined;
  try {
    const writer = new BatchWriter(o.store, {
      database: config.database,
      maxBatchRows: config.batchRows,
      flushIntervalMs: config.flushIntervalMs,
      maxQueuedRows: config.maxQueueRows,
      onError: (e, attempt) => log.warn('insert failed, retrying', { attempt, error: String(e) }),
      retryMaxMs: o.retryMaxMs,
      onRejectedRow: (table, line, error) =>
        log.error('row refused by ClickHouse; set aside', { table, error: String(error), row: line.length > 500 ? line.slice(0, 500) + '…' : line }),
      beginBatch: journal?.beginBatch,
      endBatch: journal?.endBatch,
    });
    scorers =
      o.enricher === undefined && (config.scorers.length > 0 || config.redact.length > 0)
        ? new WorkerEnricher({ scorers: config.scorers, redact: config.redact as Array<'pii' | 'secrets'>, threads: config.scorerThreads })
        : undefined;
    await scorers?.ready();
    // GenAI content sent as events (log records) joins its call span here, whichever comes first.
    const eventJoin = new EventJoin({ maxWaitMs: config.eventWaitMs });
    const ingest = new Ingest({
      events: eventJoin,
      writer,
      understand: understandSpan,
      price: o.pricer,
      enricher: o.enricher ?? scorers,
      onEnrichError: (e) => log.warn('enrichment failed; stored unscored', { error: String(e) }),
      onContentCall: o.onContentCall,
      onAccepted: o.forwarder ? (req) => o.forwarder!.offer('traces', req) : undefined,
      redactRequest:
        config.redact.length > 0
          ? (req) => redactTraceRequest(req, failClosed(new Set(config.redact as FindingCategory[]), () => ingest.counters.redactionFailures++))
          : undefined,
    });
    // Metrics and logs become rows of their otel_* tables (the same pipeline for OTLP/HTTP and gRPC).
    // With --redact, their strings are redacted before any row is built (as span content is).
    const redactCategories = new Set(config.redact as FindingCategory[]);
    const sinks = {
      metrics: new RowsSink(writer, metricsRows, {
        prepare: redactCategories.size ? (req: ExportMetricsRequest) => redactMetricsRequest(req, redactCategories) : undefined,
        onAccepted: o.forwarder ? (req) => o.forwarder!.offer('metrics', req) : undefined,
      }),
      logs: new RowsSink(
        writer,
        (r: ExportLogsRequest, projectId: string) => {
          offerContentEvents(r, projectId, eventJoin);
          return logsRows(r, projectId);
        },
        {
          prepare: redactCategories.size ? (req: ExportLogsRequest) => redactLogsRequest(req, redactCategories) : undefined,
          onAccepted: o.forwarder ? (req) => o.forwarder!.offer('logs', req) : undefined,
        },
      ),
    };
    const durable = journal
      ? new DurableIngest({
          journal,
          maxBytes: config.walMaxBytes,
          ingest,
          writer,
          limits: o.limits,
          log,
          spillMemoryBytes: o.spillMemoryBytes,
          signals: { metrics: { sink: sinks.metrics as RowsSink<unknown> }, logs: { sink: sinks.logs as RowsSink<unknown> } },
        })
      : undefined;
    const overloaded: AcceptOutcome = { ok: false, message: 'collector is overloaded; retry later' };
    const acceptSignal: AcceptSignalFn = durable
      ? (signal, req, items, projectId, format, body) => durable.accept(req, items, projectId, format, body, signal)
      : (signal, req, _items, projectId) => {
          const ok = signal === 'traces' ? ingest.accept(req as ExportTraceRequest, projectId).ok : sinks[signal].accept(req as never, projectId).ok;
          return ok ? { ok: true } : overloaded;
        };

    const drainEnrichment = async () => {
      while (ingest.enrichingRows > 0) await new Promise((r) => setTimeout(r, 10));
    };
    const ownScorers = scorers;
    return {
      writer,
      ingest,
      durable,
      accept: (req, spans, projectId, format, body) => acceptSignal('traces', req, spans, projectId, format, body),
      acceptSignal,
      replay: async () => {
        if (!durable) return;
        try {
          const replayed = await durable.replay();
          if (replayed.records) log.info('write-ahead log replayed', replayed);
        } catch (e) {
          log.error('write-ahead log replay failed; records stay in the log for the next start', { error: String(e) });
        }
      },
      flush: async () => {
        for (;;) {
          await drainEnrichment();
          await writer.flush();
          if (!durable || durable.spilledRecords === 0) break;
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      drainEnrichment,
      close: async () => {
        await drainEnrichment();
        // Requests spilled to the log while memory was full are stored too, unless the store is away.
        await durable?.drainSpilled(15_000);
        await drainEnrichment();
        // With the log, rows not confirmed are replayed at the next start: do not wait for long on
        // a store that is away. Without it they would be lost, so try harder.
        const { abandonedRows } = await writer.close(durable ? 15_000 : 120_000);
        if (abandonedRows) log.error(durable ? 'store unreachable at shutdown; rows stay in the write-ahead log' : 'store unreachable at shutdown; rows lost', { rows: abandonedRows });
        await durable?.close();
        await journal?.close();
        await ownScorers?.close();
        return { abandonedRows };
      },
      healthDetail: () => ({
        queued_rows: writer.queuedRows,
        insert_errors: writer.stats.insertErrors,
        ...(journal && durable ? { wal_bytes: journal.stats().liveBytes, wal_spilled_records: durable.spilledRecords, wal_quarantined: durable.quarantine.present } : {}),
      }),
      walStats:
        journal && durable
          ? () => ({ ...journal.stats(), spilledRecords: durable.spilledRecords, quarantinedTotal: durable.quarantine.quarantined, quarantinePresent: durable.quarantine.present })
          : undefined,
      scoringStats: ownScorers ? () => ownScorers.stats() : undefined,
      eventJoin,
    };
  } catch (e) {
    await scorers?.close().catch(() => {});
    await journal?.close().catch(() => {});
    throw e;
  }
}
