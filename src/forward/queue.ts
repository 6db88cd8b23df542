/**
 * One destination's forwarding queue: a bounded FIFO of encoded OTLP requests kept in a
 * write-ahead log of its own (src/wal, the same segment format as ingest's), so what was accepted
 * but not yet delivered survives a restart. push() never waits and never fails the caller: the
 * append's fsync happens in the background (group commit), and when the bound is hit the oldest
 * waiting requests are dropped (released from the log) and counted. A request is released once
 * the destination acknowledged it. Bodies stay in memory up to a budget; the rest is read back
 * from the log when sent.
 */
import { WalFullError, WriteAheadLog } from '../wal/wal.ts';
import type { Signal } from '../otlp/parse.ts';

export type DropReason = 'queue_full' | 'too_large' | 'rejected' | 'queue_failed';

export interface QueueEntry {
  seq: number;
  signal: Signal;
  /** Spans, data points or log records in it. */
  items: number;
  /** Body bytes (the encoded Export*ServiceRequest). */
  bytes: number;
  /** The body, while within the memory budget; else read back from the log. */
  body: Uint8Array | null;
  /** Its append is on disk (only then can it be read back or sent). */
  durable: boolean;
  inFlight: boolean;
  /** Delivered, refused or dropped: no longer queued. */
  removed: boolean;
}

export interface QueueOptions {
  dir: string;
  /** Bound on queued body bytes; beyond it the oldest waiting requests are dropped. */
  maxBytes: number;
  /** Bodies kept in memory (default 16 MiB). */
  memoryBytes?: number;
  onDrop: (signal: Signal, items: number, reason: DropReason) => void;
  onError?: (e: unknown) => void;
}

const SIGNALS: readonly Signal[] = ['traces', 'metrics', 'logs'];
const SIGNAL_CODE: Readonly<Record<Signal, number>> = { traces: 0, metrics: 1, logs: 2 };
const RECORD_PREFIX = 5; // [u8 signal][u32 LE items]

export class ForwardQueue {
  readonly #wal: WriteAheadLog;
  readonly #o: QueueOptions;
  readonly #memoryBytes: number;
  /** FIFO; entries before #head are gone (compacted now and then). */
  #entries: QueueEntry[] = [];
  #head = 0;
  /** Removed entries at or after #head. */
  #dead = 0;
  #queuedBytes = 0;
  #memoryUsed = 0;
  #waiters: Array<() => void> = [];
  #appends = new Set<Promise<unknown>>();

  private constructor(wal: WriteAheadLog, o: QueueOptions) {
    this.#wal = wal;
    this.#o = o;
    this.#memoryBytes = o.memoryBytes ?? 16 * 1024 * 1024;
  }

  static async open(o: QueueOptions): Promise<ForwardQueue> {
    // Segments of an eighth of the bound (at most 8 MiB): dropping the oldest frees whole segments
    // soon, and the log's own bound leaves room for the active and a partly released segment.
    const segmentBytes = Math.max(64 * 1024, Math.min(8 * 1024 * 1024, Math.floor(o.maxBytes / 8)));
    const wal = await WriteAheadLog.open(o.dir, { maxBytes: o.maxBytes + 3 * segmentBytes + 1024 * 1024, segmentBytes, groupCommitMs: 20 }); // nobody waits on these appends: fewer, larger fsyncs
    const q = new ForwardQueue(wal, o);
    for await (const r of wal.pending()) {
      if (r.kind !== 'data' || r.payload.byteLength < RECORD_PREFIX || SIGNALS[r.payload[0]!] === undefined) {
        await wal.release([r.seq]);
        continue;
      }
      const items = Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength).readUInt32LE(1);
      const bytes = r.payload.byteLength - RECORD_PREFIX;
      const keep = q.#memoryUsed + bytes <= q.#memoryBytes;
      if (keep) q.#memoryUsed += bytes;
      q.#entries.push({ seq: r.seq, signal: SIGNALS[r.payload[0]!]!, items, bytes, body: keep ? r.payload.slice(RECORD_PREFIX) : null, durable: true, inFlight: false, removed: false });
      q.#queuedBytes += bytes;
    }
    return q;
  }

  /** Requests waiting or in flight. */
  get length(): number {
    return this.#entries.length - this.#head - this.#dead;
  }

  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  /** Queues one encoded request; returns at once (drops the oldest when the bound is hit). */
  push(signal: Signal, items: number, body: Uint8Array): void {
    if (body.byteLength > this.#o.maxBytes) {
      this.#o.onDrop(signal, items, 'too_large');
      return;
    }
    while (this.#queuedBytes + body.byteLength > this.#o.maxBytes && this.#dropOldestWaiting()) {
      // dropped one
    }
    const prefix = Buffer.allocUnsafe(RECORD_PREFIX);
    prefix[0] = SIGNAL_CODE[signal];
    prefix.writeUInt32LE(items, 1);
    let append: Promise<number>;
    try {
      append = this.#wal.append('data', [prefix, body]); // no copy of the body to join them
    } catch (e) {
      append = Promise.reject(e);
    }
    const keep = this.#memoryUsed + body.byteLength <= this.#memoryBytes;
    if (keep) this.#memoryUsed += body.byteLength;
    const entry: QueueEntry = { seq: -1, signal, items, bytes: body.byteLength, body: keep ? body : null, durable: false, inFlight: false, removed: false };
    this.#entries.push(entry);
    this.#queuedBytes += body.byteLength;
    const p = append.then(
      (seq) => {
        entry.seq = seq;
        entry.durable = true;
        if (!entry.removed) this.#wake();
        else void this.#wal.release([seq]).catch(this.#o.onError); // dropped while being written
      },
      (e: unknown) => {
        if (this.#remove(entry)) this.#o.onDrop(signal, items, 'queue_failed');
        if (!(e instanceof WalFullError)) this.#o.onError?.(e);
      },
    );
    this.#appends.add(p);
    void p.finally(() => this.#appends.delete(p));
  }

  /**
   * The next batch to send: durable head entries of one signal, up to maxBytes and maxItems (at
   * least one entry) and maxEntries, marked in flight. Empty when the head is not on disk yet or
   * nothing waits.
   */
  take(maxBytes: number, maxEntries: number, maxItems = Infinity): QueueEntry[] {
    const out: QueueEntry[] = [];
    let bytes = 0;
    let items = 0;
    for (let i = this.#head; i < this.#entries.length && out.length < maxEntries; i++) {
      const e = this.#entries[i]!;
      if (e.inFlight || e.removed) continue;
      if (!e.durable || (out.length > 0 && (e.signal !== out[0]!.signal || bytes + e.bytes > maxBytes || items + e.items > maxItems))) break;
      e.inFlight = true;
      out.push(e);
      bytes += e.bytes;
      items += e.items;
    }
    return out;
  }

  /** The bodies of a taken batch, from memory or read back from the log. */
  async bodies(batch: readonly QueueEntry[]): Promise<Uint8Array[]> {
    const missing = new Map<number, number>();
    const out: Uint8Array[] = batch.map((e, i) => {
      if (e.body === null) missing.set(e.seq, i);
      return e.body ?? new Uint8Array(0);
    });
    if (missing.size === 0) return out;
    const first = Math.min(...missing.keys());
    for await (const r of this.#wal.read(first)) {
      const i = missing.get(r.seq);
      if (i === undefined) continue;
      out[i] = r.payload.subarray(RECORD_PREFIX);
      missing.delete(r.seq);
      if (missing.size === 0) break;
    }
    if (missing.size > 0) throw new Error(`forward queue: ${missing.size} record(s) missing from the log`);
    return out;
  }

  /** The batch was delivered (or refused for good): out of the queue and the log. */
  async release(batch: readonly QueueEntry[]): Promise<void> {
    const seqs: number[] = [];
    for (const e of batch) if (this.#remove(e)) seqs.push(e.seq);
    if (seqs.length) await this.#wal.release(seqs);
  }

  /** Resolves when there may be something new to take. */
  waitForWork(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => resolve();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
    });
  }

  /** Finishes background appends, then closes the log (what is left is sent after the next start). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#appends]);
    this.#wake();
    await this.#wal.close();
  }

  /** Wakes whoever waits for work (to look at the queue again). */
  wake(): void {
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const r of w) r();
  }

  #dropOldestWaiting(): boolean {
    for (let i = this.#head; i < this.#entries.length; i++) {
      const e = this.#entries[i]!;
      if (e.inFlight || e.removed) continue;
      this.#remove(e);
      if (e.durable) void this.#wal.release([e.seq]).catch(this.#o.onError);
      this.#o.onDrop(e.signal, e.items, 'queue_full');
      return true;
    }
    return false;
  }

  /**
   * Takes an entry out of the FIFO (false when it already was): a tombstone, skipped by take()
   * and dropping; the array is compacted once tombstones outnumber live entries, so the cost per
   * entry stays constant however long a downstream is away.
   */
  #remove(entry: QueueEntry): boolean {
    if (entry.removed) return false;
    entry.removed = true;
    this.#dead++;
    this.#queuedBytes -= entry.bytes;
    if (entry.body !== null) this.#memoryUsed -= entry.bytes;
    entry.body = null;
    while (this.#head < this.#entries.length && this.#entries[this.#head]!.removed) {
      this.#head++;
      this.#dead--;
    }
    if (this.#head + this.#dead > 1024 && (this.#head + this.#dead) * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head).filter((e) => !e.removed);
      this.#head = 0;
      this.#dead = 0;
    }
    return true;
  }
}
