/**
 * Forwarding to downstream OTLP back ends (--forward-otlp). offer() is called on the accept path
 * with the request as it is stored (valid items within limits, redacted with --redact): it is
 * encoded once and pushed onto each destination's disk-backed queue, without waiting for disk or
 * network. Each destination sends its queue in order, one batch at a time (consecutive requests of
 * one signal concatenated: repeated protobuf fields merge), and retries a failed batch with the
 * one backoff formula (src/util/backoff.ts), waiting at least what Retry-After / RetryInfo asks.
 * A down or hanging destination only fills its own queue, whose bound drops the oldest.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Signal } from '../otlp/parse.ts';
import type { ExportTraceRequest } from '../otlp/types.ts';
import type { ExportLogsRequest } from '../otlp/log-types.ts';
import type { ExportMetricsRequest } from '../otlp/metric-types.ts';
import type { Logger } from '../log.ts';
import { backoffMs } from '../util/backoff.ts';
import { encodeRequest } from './encode-otlp.ts';
import { originalBodyOf } from '../pipeline/original-body.ts';
import { ForwardQueue, type DropReason, type QueueEntry } from './queue.ts';
import { destinationLabel, type ForwardSettings } from './settings.ts';
import type { Transport } from './transport.ts';
import { HttpTransport } from './transport-http.ts';
import { GrpcTransport } from './transport-grpc.ts';

/** Per destination and signal, in items (spans, data points, log records). */
export interface SignalForwardCounts {
  forwarded: number;
  /** Items in batches that failed and were sent again (counted per retry). */
  retried: number;
  dropped: Record<DropReason, number>;
}

export interface DestinationStats {
  destination: string;
  queuedBytes: number;
  queuedRequests: number;
  signals: Record<Signal, SignalForwardCounts>;
}

const MAX_BATCH_BYTES = 4 * 1024 * 1024;
const MAX_BATCH_REQUESTS = 512;
/**
 * Requests are merged into batches of at most this many spans, data points or log records (a
 * single larger request still goes alone): below per-request limits downstream, such as
 * llmscope's own 10,000 spans, which would refuse the rest of a larger batch.
 */
const MAX_BATCH_ITEMS = 8192;
const BACKOFF = { baseMs: 500, maxMs: 30_000 };
/** A server's Retry-After beyond this is capped (a typo must not stall forwarding for days). */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

function newCounts(): SignalForwardCounts {
  return { forwarded: 0, retried: 0, dropped: { queue_full: 0, too_large: 0, rejected: 0, queue_failed: 0 } };
}

export interface DestinationOptions {
  url: string;
  queue: ForwardQueue;
  transport: Transport;
  timeoutMs: number;
  log: Logger;
  counts: Record<Signal, SignalForwardCounts>;
  /** Backoff bounds (tests shorten them). */
  backoff?: { baseMs: number; maxMs: number };
}

/** One downstream back end: its queue and the loop that delivers it. */
export class Destination {
  readonly label: string;
  readonly queue: ForwardQueue;
  readonly counts: Record<Signal, SignalForwardCounts>;
  readonly #o: DestinationOptions;
  readonly #stop = new AbortController();
  #loop: Promise<void> = Promise.resolve();
  #failing = false;
  /** Closing: deliver what is queued, then stop (or stop at the grace deadline). */
  #draining = false;

  constructor(o: DestinationOptions) {
    this.#o = o;
    this.label = destinationLabel(o.url);
    this.queue = o.queue;
    this.counts = o.counts;
  }

  start(): void {
    this.#loop = this.#run().catch((e: unknown) => this.#o.log.error('forwarding stopped on an error', { destination: this.label, error: String(e) }));
  }

  async #run(): Promise<void> {
    const stop = this.#stop.signal;
    while (!stop.aborted) {
      const batch = this.queue.take(MAX_BATCH_BYTES, MAX_BATCH_REQUESTS, MAX_BATCH_ITEMS);
      if (batch.length === 0) {
        if (this.#draining && this.queue.length === 0) return;
        await this.queue.waitForWork(stop);
        continue;
      }
      await this.#deliver(batch);
    }
  }

  /** Sends one batch until it is delivered or refused, or forwarding stops (then it stays queued). */
  async #deliver(batch: QueueEntry[]): Promise<void> {
    const stop = this.#stop.signal;
    const signal = batch[0]!.signal;
    const items = batch.reduce((n, e) => n + e.items, 0);
    let bodies: Uint8Array[];
    try {
      bodies = await this.queue.bodies(batch);
    } catch (e) {
      // The queue's log lost them (disk trouble): counted, never blocking the rest.
      this.counts[signal].dropped.queue_failed += items;
      this.#o.log.error('forward queue records unreadable; dropped', { destination: this.label, signal, items, error: String(e) });
      await this.queue.release(batch).catch(() => {});
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const r = await this.#o.transport.send(signal, bodies, this.#o.timeoutMs);
      if (r.kind === 'ok') {
        // A partial success is final (the OTLP spec forbids retrying it): what was refused is dropped.
        const refused = Math.min(items, r.partial?.rejected ?? 0);
        this.counts[signal].forwarded += items - refused;
        this.counts[signal].dropped.rejected += refused;
        if (r.partial) this.#o.log.warn('downstream accepted a forwarded batch in part', { destination: this.label, signal, items, rejected: refused, message: r.partial.message });
        if (this.#failing) this.#o.log.info('forwarding recovered', { destination: this.label });
        this.#failing = false;
        await this.queue.release(batch);
        return;
      }
      if (r.kind === 'rejected') {
        this.counts[signal].dropped.rejected += items;
        this.#o.log.warn('downstream refused a forwarded batch; dropped', { destination: this.label, signal, items, reason: r.reason });
        await this.queue.release(batch);
        return;
      }
      if (!this.#failing) this.#o.log.warn('forwarding failed; retrying with backoff', { destination: this.label, signal, reason: r.reason });
      this.#failing = true;
      if (stop.aborted) return void unTake(batch);
      this.counts[signal].retried += items;
      const wait = Math.max(backoffMs(attempt, this.#o.backoff ?? BACKOFF), Math.min(r.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
      await sleep(wait, stop);
      if (stop.aborted) return void unTake(batch);
    }
  }

  /**
   * Delivers what is queued for up to graceMs, then stops (a send in flight is cut); what is not
   * delivered stays queued on disk for the next start.
   */
  async close(graceMs: number): Promise<void> {
    this.#draining = true;
    this.queue.wake();
    const cut = setTimeout(() => {
      this.#stop.abort();
      this.#o.transport.close();
    }, graceMs);
    await this.#loop;
    clearTimeout(cut);
    this.#stop.abort();
    this.#o.transport.close();
    await this.queue.close();
  }

  stats(): DestinationStats {
    return { destination: this.label, queuedBytes: this.queue.queuedBytes, queuedRequests: this.queue.length, signals: this.counts };
  }
}

function unTake(batch: QueueEntry[]): void {
  for (const e of batch) e.inFlight = false;
}

function sleep(ms: number, stop: AbortSignal): Promise<void> {
  if (stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      stop.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    stop.addEventListener('abort', onAbort, { once: true });
  });
}

/** Items in a decoded request (what was kept, not what the decoder skipped). */
export function itemsOf(signal: Signal, req: unknown): number {
  let n = 0;
  if (signal === 'traces') for (const rs of (req as ExportTraceRequest).resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  else if (signal === 'logs') for (const rl of (req as ExportLogsRequest).resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  else for (const rm of (req as ExportMetricsRequest).resourceMetrics) for (const sm of rm.scopeMetrics) for (const m of sm.metrics) n += m.data.dataPoints.length;
  return n;
}

export interface ForwarderOptions {
  settings: ForwardSettings;
  /** Queues live in <dir>/<n>-<hash of the URL>/. */
  dir: string;
  log: Logger;
  /** --redact is on: requests are changed after decoding, so their original bodies are never sent. */
  redacting: boolean;
  backoff?: { baseMs: number; maxMs: number };
}

export class Forwarder {
  readonly destinations: Destination[];
  readonly #signals: ReadonlySet<Signal>;
  readonly #log: Logger;
  readonly #redacting: boolean;
  #encodeFailures = 0;
  /** Requests sent as they arrived / encoded again (tests and benchmarks read them). */
  readonly bodies = { passedThrough: 0, encoded: 0 };

  private constructor(destinations: Destination[], signals: ReadonlySet<Signal>, log: Logger, redacting: boolean) {
    this.destinations = destinations;
    this.#signals = signals;
    this.#log = log;
    this.#redacting = redacting;
  }

  static async open(o: ForwarderOptions): Promise<Forwarder> {
    const s = o.settings;
    const destinations: Destination[] = [];
    try {
      for (const url of s.urls) {
        const counts = { traces: newCounts(), metrics: newCounts(), logs: newCounts() };
        const label = destinationLabel(url);
        const dir = join(o.dir, createHash('sha256').update(`${s.protocol} ${url}`).digest('hex').slice(0, 16));
        const queue = await ForwardQueue.open({
          dir,
          maxBytes: s.maxBytes,
          onDrop: (signal, items, reason) => {
            counts[signal].dropped[reason] += items;
          },
          onError: (e) => o.log.warn('forward queue error', { destination: label, error: String(e) }),
        });
        const transport = s.protocol === 'grpc' ? new GrpcTransport(url, s.headers, s.compression) : new HttpTransport(url, s.headers, s.compression);
        destinations.push(new Destination({ url, queue, transport, timeoutMs: s.timeoutMs, log: o.log, counts, backoff: o.backoff }));
      }
    } catch (e) {
      for (const d of destinations) await d.close(0).catch(() => {});
      throw e;
    }
    for (const d of destinations) {
      if (d.queue.length) o.log.info('forward queue from before the start resumes', { destination: d.label, requests: d.queue.length, bytes: d.queue.queuedBytes });
      d.start();
    }
    return new Forwarder(destinations, s.signals, o.log, o.redacting);
  }

  /** Queues an accepted request for every destination (never throws, never waits). */
  offer(signal: Signal, req: unknown): void {
    if (!this.#signals.has(signal)) return;
    let body: Uint8Array;
    let items: number;
    try {
      items = itemsOf(signal, req);
      if (items === 0) return;
      const original = this.#redacting ? undefined : originalBodyOf(req as object);
      if (original) this.bodies.passedThrough++;
      else this.bodies.encoded++;
      body = original ?? encodeRequest(signal, req);
    } catch (e) {
      // Storage goes on; this request is not forwarded (and counted).
      if (this.#encodeFailures++ === 0) this.#log.error('cannot encode a request for forwarding', { signal, error: String(e) });
      for (const d of this.destinations) d.counts[signal].dropped.queue_failed += itemsOf(signal, req);
      return;
    }
    for (const d of this.destinations) d.queue.push(signal, items, body);
  }

  stats(): DestinationStats[] {
    return this.destinations.map((d) => d.stats());
  }

  async close(graceMs = 5000): Promise<void> {
    await Promise.all(this.destinations.map((d) => d.close(graceMs)));
  }
}
