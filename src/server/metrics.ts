/** The collector's own metrics (GET /metrics), read from the stages' counters at scrape time. */
import { Registry, type Histogram } from './prometheus.ts';
import type { DriftJobStats } from '../drift/job.ts';
import type { ReceiveCounters } from './app.ts';
import type { LimitCounters } from '../otlp/limits.ts';
import type { BatchWriter } from '../store/batch-writer.ts';
import type { Ingest } from '../pipeline/ingest.ts';
import type { ScoringStats } from '../pipeline/enrichment.ts';
import type { WalStatsView } from '../pipeline/wal-journal.ts';
import type { Pricer } from '../pricing/pricer.ts';
import type { SignalCounters } from '../pipeline/export.ts';
import type { EventJoin } from '../pipeline/event-join.ts';
import type { DestinationStats } from '../forward/forwarder.ts';

/** Write-ahead-log figures: the log's own and the requests spilled to it. */
export interface WalMetrics extends WalStatsView {
  spilledRecords: number;
  /** Poison records quarantined by this process / present in the quarantine folder. */
  quarantinedTotal: number;
  quarantinePresent: number;
}

/** LLM judge figures. */
export interface JudgeMetrics {
  judged: number;
  failed: number;
  dropped: number;
  rowsWritten: number;
  rowsLost: number;
}

export interface MetricSources {
  counters: ReceiveCounters;
  limitCounters: LimitCounters;
  writer: BatchWriter;
  ingest: Ingest;
  wal?: () => WalMetrics;
  scoring?: () => ScoringStats;
  judge?: () => JudgeMetrics;
  pricer: Pricer;
  /** Metrics and logs: requests, bytes and items (data points / log records) by signal. */
  signals?: Record<'metrics' | 'logs', SignalCounters>;
  /** OTLP/gRPC calls by `signal:code`. */
  grpc?: Record<string, number>;
  /** The GenAI content-event join. */
  events?: EventJoin;
  /** Forwarding (--forward-otlp), per destination. */
  forward?: () => DestinationStats[];
  /** Drift (src/drift/), while this replica has run it. */
  drift?: () => DriftJobStats;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(s: MetricSources): Registry {
  const r = new Registry();
  const c = s.counters;
  r.counter({ name: 'llmscope_requests_total', help: 'OTLP export requests received', collect: (m) => m.set(undefined, c.requests) });
  r.counter({ name: 'llmscope_received_bytes_total', help: 'Request body bytes received (after decompression)', collect: (m) => m.set(undefined, c.bytes) });
  r.counter({ name: 'llmscope_spans_received_total', help: 'Spans in decoded requests', collect: (m) => m.set(undefined, c.spansReceived) });
  r.counter({ name: 'llmscope_spans_accepted_total', help: 'Spans acknowledged with 200', collect: (m) => m.set(undefined, c.spansAccepted) });
  r.counter<'reason'>({
    name: 'llmscope_spans_rejected_total',
    help: 'Spans rejected, by reason (invalid_span, too_many_spans, overloaded, malformed, too_large, unauthorized, unsupported_media_type)',
    labelNames: ['reason'],
    collect: (m) => {
      for (const [reason, n] of Object.entries(c.spansRejected)) m.set({ reason }, n);
    },
  });
  r.counter({ name: 'llmscope_shed_requests_total', help: 'Requests answered 429 before their body was read (too many in progress)', collect: (m) => m.set(undefined, c.shedRequests) });
  r.counter({ name: 'llmscope_invalid_utf8_total', help: 'Invalid UTF-8 sequences replaced with U+FFFD', collect: (m) => m.set(undefined, c.invalidUtf8) });
  if (s.signals) {
    const sig = s.signals;
    const each = (f: (c: SignalCounters) => number) => (m: { set(labels: { signal: string }, v: number): void }) => {
      for (const [signal, c] of Object.entries(sig)) m.set({ signal }, f(c));
    };
    r.counter<'signal'>({ name: 'llmscope_signal_requests_total', help: 'OTLP/HTTP metrics and logs export requests', labelNames: ['signal'], collect: each((c) => c.requests) });
    r.counter<'signal'>({ name: 'llmscope_signal_received_bytes_total', help: 'Metrics and logs request bytes (after decompression)', labelNames: ['signal'], collect: each((c) => c.bytes) });
    r.counter<'signal'>({ name: 'llmscope_signal_items_received_total', help: 'Data points / log records in decoded requests (HTTP and gRPC)', labelNames: ['signal'], collect: each((c) => c.received) });
    r.counter<'signal'>({ name: 'llmscope_signal_items_accepted_total', help: 'Data points / log records acknowledged', labelNames: ['signal'], collect: each((c) => c.accepted) });
    r.counter<'signal' | 'reason'>({
      name: 'llmscope_signal_items_rejected_total',
      help: 'Data points / log records rejected, by reason (invalid, over_limit, overloaded, malformed)',
      labelNames: ['signal', 'reason'],
      collect: (m) => {
        for (const [signal, c] of Object.entries(sig)) for (const [reason, n] of Object.entries(c.rejected)) m.set({ signal, reason }, n);
      },
    });
  }
  if (s.grpc) {
    const g = s.grpc;
    r.counter<'signal' | 'code'>({
      name: 'llmscope_grpc_calls_total',
      help: 'OTLP/gRPC Export calls, by signal and gRPC status code',
      labelNames: ['signal', 'code'],
      collect: (m) => {
        for (const [k, n] of Object.entries(g)) {
          const [signal, code] = k.split(':');
          m.set({ signal: signal!, code: code! }, n);
        }
      },
    });
  }
  if (s.events) {
    const e = s.events;
    r.counter<'kind'>({
      name: 'llmscope_genai_events_total',
      help: 'GenAI content events joined to calls: pieces received, requests held for events, holds that timed out, calls evicted',
      labelNames: ['kind'],
      collect: (m) => {
        m.set({ kind: 'pieces' }, e.stats.pieces);
        m.set({ kind: 'held' }, e.stats.held);
        m.set({ kind: 'timed_out' }, e.stats.timedOut);
        m.set({ kind: 'evicted' }, e.stats.evicted);
      },
    });
  }
  if (s.forward) {
    const fwd = s.forward;
    const each = (f: (d: DestinationStats, signal: string, c: DestinationStats['signals']['traces']) => void) => {
      for (const d of fwd()) for (const [signal, c] of Object.entries(d.signals)) f(d, signal, c);
    };
    r.counter<'destination' | 'signal'>({
      name: 'llmscope_forward_items_total',
      help: 'Spans, data points and log records delivered to a forward destination (acknowledged), by destination and signal',
      labelNames: ['destination', 'signal'],
      collect: (m) => each((d, signal, c) => m.set({ destination: d.destination, signal }, c.forwarded)),
    });
    r.counter<'destination' | 'signal'>({
      name: 'llmscope_forward_retried_items_total',
      help: 'Items in forward batches that failed and were sent again (per retry), by destination and signal',
      labelNames: ['destination', 'signal'],
      collect: (m) => each((d, signal, c) => m.set({ destination: d.destination, signal }, c.retried)),
    });
    r.counter<'destination' | 'signal' | 'reason'>({
      name: 'llmscope_forward_dropped_items_total',
      help: 'Items never delivered to a forward destination, by reason (queue_full: oldest dropped at the queue bound; rejected: refused by the destination, whole batches or the rejected_* count of an OTLP partial success; too_large; queue_failed)',
      labelNames: ['destination', 'signal', 'reason'],
      collect: (m) => each((d, signal, c) => {
        for (const [reason, n] of Object.entries(c.dropped)) m.set({ destination: d.destination, signal, reason }, n);
      }),
    });
    r.gauge<'destination'>({ name: 'llmscope_forward_queue_bytes', help: 'Bytes waiting in a forward destination\'s disk queue', labelNames: ['destination'], collect: (m) => { for (const d of fwd()) m.set({ destination: d.destination }, d.queuedBytes); } });
    r.gauge<'destination'>({ name: 'llmscope_forward_queue_requests', help: 'Requests waiting in a forward destination\'s disk queue', labelNames: ['destination'], collect: (m) => { for (const d of fwd()) m.set({ destination: d.destination }, d.queuedRequests); } });
  }
  const l = s.limitCounters;
  r.counter<'kind'>({
    name: 'llmscope_limited_total',
    help: 'Data cut by the per-request limits and counted in the OTLP dropped_* fields',
    labelNames: ['kind'],
    collect: (m) => {
      m.set({ kind: 'dropped_attributes' }, l.droppedAttributes);
      m.set({ kind: 'truncated_values' }, l.truncatedValues);
      m.set({ kind: 'capped_values' }, l.cappedValues);
      m.set({ kind: 'dropped_events' }, l.droppedEvents);
      m.set({ kind: 'dropped_links' }, l.droppedLinks);
    },
  });
  r.gauge({ name: 'llmscope_queue_rows', help: 'Rows held in memory by the batch writer', collect: (m) => m.set(s.writer.queuedRows) });
  r.gauge({ name: 'llmscope_enriching_rows', help: 'Rows waiting for the scoring workers', collect: (m) => m.set(s.ingest.enrichingRows) });
  r.gauge({ name: 'llmscope_store_degraded', help: '1 while inserts are failing and being retried', collect: (m) => m.set(s.writer.stats.degraded ? 1 : 0) });
  r.counter<'table'>({
    name: 'llmscope_rows_written_total',
    help: 'Rows confirmed stored, by table',
    labelNames: ['table'],
    collect: (m) => {
      for (const [table, n] of Object.entries(s.writer.stats.rowsWritten)) m.set({ table }, n);
    },
  });
  r.counter<'table'>({
    name: 'llmscope_rows_rejected_total',
    help: 'Rows ClickHouse refused as data (set aside, logged, never retried), by table',
    labelNames: ['table'],
    collect: (m) => {
      for (const [table, n] of Object.entries(s.writer.stats.rejectedRows)) m.set({ table }, n);
    },
  });
  r.counter({ name: 'llmscope_insert_errors_total', help: 'Failed insert attempts (each is retried)', collect: (m) => m.set(undefined, s.writer.stats.insertErrors) });
  r.counter({ name: 'llmscope_llm_calls_total', help: 'GenAI spans understood as LLM calls', collect: (m) => m.set(undefined, s.ingest.counters.llmCalls) });
  r.counter({ name: 'llmscope_unpriced_calls_total', help: 'LLM calls of models without a price', collect: (m) => m.set(undefined, s.ingest.counters.unpriced) });
  r.counter({ name: 'llmscope_redaction_failures_total', help: 'Strings on which --redact failed; stored as [REDACTED:redaction_failed], never in clear', collect: (m) => m.set(undefined, s.ingest.counters.redactionFailures) });
  r.counter({ name: 'llmscope_resource_attributes_dropped_total', help: 'Resource attributes left out of span rows (over the per-row resource budget)', collect: (m) => m.set(undefined, s.ingest.counters.resourceAttributesDropped) });
  r.counter({ name: 'llmscope_resource_attribute_values_truncated_total', help: 'Resource attribute values cut to fit the per-row resource budget', collect: (m) => m.set(undefined, s.ingest.counters.resourceValuesTruncated) });
  r.counter({ name: 'llmscope_enrich_failures_total', help: 'Enrichment batches that failed (rows stored unscored)', collect: (m) => m.set(undefined, s.ingest.counters.enrichFailures) });
  let flushesSeen = 0;
  r.histogram({
    name: 'llmscope_flush_duration_seconds',
    help: 'Time to insert one batch into ClickHouse',
    buckets: SECONDS_BUCKETS,
    collect: (h) => {
      flushesSeen = observeNew(h, s.writer.stats.flushDurationsMs, s.writer.stats.flushes, flushesSeen);
    },
  });
  if (s.scoring) {
    const scoring = s.scoring;
    let seen = 0;
    r.histogram({
      name: 'llmscope_scorer_batch_duration_seconds',
      help: 'Time for the scoring workers to score one batch',
      buckets: SECONDS_BUCKETS,
      collect: (h) => {
        const st = scoring();
        seen = observeNew(h, st.latenciesMs, st.batches, seen);
      },
    });
    r.counter<'reason'>({
      name: 'llmscope_scorer_workers_replaced_total',
      labelNames: ['reason'],
      help: 'Scoring workers ended by the watchdog (batch over its time budget, heap limit, crash) and replaced; their calls stored unscored',
      collect: (m) => {
        const f = scoring().workerFailures;
        for (const reason of ['timeout', 'out_of_memory', 'crashed'] as const) m.set({ reason }, f[reason]);
      },
    });
  }
  r.gauge({ name: 'process_resident_memory_bytes', help: 'Resident memory of the collector process (includes the embedded ClickHouse engine)', collect: (m) => m.set(process.memoryUsage().rss) });
  r.gauge({ name: 'nodejs_heap_used_bytes', help: 'V8 heap in use', collect: (m) => m.set(process.memoryUsage().heapUsed) });
  r.gauge({ name: 'nodejs_external_memory_bytes', help: 'Memory of buffers and other objects outside the V8 heap', collect: (m) => m.set(process.memoryUsage().external) });
  if (s.wal) {
    const wal = s.wal;
    r.gauge({ name: 'llmscope_wal_bytes', help: 'Bytes in the write-ahead log not yet released', collect: (m) => m.set(wal().liveBytes) });
    r.gauge({ name: 'llmscope_wal_spilled_records', help: 'Logged requests waiting on disk for room in memory', collect: (m) => m.set(wal().spilledRecords) });
    r.counter({ name: 'llmscope_wal_quarantined_total', help: 'Poison records moved from the write-ahead log to its quarantine/ folder by this process', collect: (m) => m.set(undefined, wal().quarantinedTotal) });
    r.gauge({ name: 'llmscope_wal_quarantine_records', help: 'Records in the quarantine/ folder (from earlier runs too)', collect: (m) => m.set(wal().quarantinePresent) });
    r.counter({ name: 'llmscope_wal_fsyncs_total', help: 'Group commits (one write + fdatasync each)', collect: (m) => m.set(undefined, wal().fsyncs) });
    r.counter({ name: 'llmscope_wal_appends_total', help: 'Records appended to the write-ahead log', collect: (m) => m.set(undefined, wal().appends) });
  }
  if (s.judge) {
    const judge = s.judge;
    r.counter<'outcome'>({
      name: 'llmscope_judge_calls_total',
      help: 'LLM calls offered to the LLM judge, by outcome (judged, failed, dropped)',
      labelNames: ['outcome'],
      collect: (m) => {
        const j = judge();
        m.set({ outcome: 'judged' }, j.judged);
        m.set({ outcome: 'failed' }, j.failed);
        m.set({ outcome: 'dropped' }, j.dropped);
      },
    });
    r.counter<'result'>({
      name: 'llmscope_judge_score_rows_total',
      help: 'Score rows from the LLM judge, by result (written, lost)',
      labelNames: ['result'],
      collect: (m) => {
        const j = judge();
        m.set({ result: 'written' }, j.rowsWritten);
        m.set({ result: 'lost' }, j.rowsLost);
      },
    });
  }
  if (s.drift) registerDriftMetrics(r, s.drift);
  return r;
}

function registerDriftMetrics(r: Registry, drift: () => DriftJobStats): void {
  r.counter({ name: 'llmscope_drift_windows_total', help: 'Drift windows computed by this replica', collect: (m) => m.set(undefined, drift().windowsComputed) });
  r.counter({ name: 'llmscope_drift_rows_total', help: 'Drift rows written (one per group, feature and window)', collect: (m) => m.set(undefined, drift().rowsWritten) });
  r.counter({ name: 'llmscope_drift_drifted_total', help: 'Drift rows over their threshold', collect: (m) => m.set(undefined, drift().drifted) });
  r.counter({ name: 'llmscope_drift_groups_cut_total', help: 'Groups not compared because of the per-project cap (--drift-max-groups)', collect: (m) => m.set(undefined, drift().groupsCut) });
  r.counter({ name: 'llmscope_drift_errors_total', help: 'Drift runs that failed (retried at the next interval)', collect: (m) => m.set(undefined, drift().errors) });
  r.counter<'result'>({
    name: 'llmscope_drift_notifications_total',
    help: 'Drift notifications by result: sent, failed (retried), continued (the drift notified for the previous window goes on: not sent)',
    labelNames: ['result'],
    collect: (m) => {
      const d = drift();
      m.set({ result: 'sent' }, d.notificationsSent);
      m.set({ result: 'failed' }, d.notificationsFailed);
      m.set({ result: 'continued' }, d.notificationsContinued);
    },
  });
}

/** Observes the durations recorded since the last scrape (the list keeps only the most recent ones). */
function observeNew(h: Histogram, recentMs: readonly number[], total: number, seen: number): number {
  const fresh = Math.min(total - seen, recentMs.length);
  for (let i = recentMs.length - fresh; i < recentMs.length; i++) h.observe(recentMs[i]! / 1000);
  return total;
}
