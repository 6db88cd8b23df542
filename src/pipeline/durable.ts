/**
 * Durable ingest: every accepted OTLP request is appended to the write-ahead log (group commit)
 * before the 200 is sent, and released only after ClickHouse confirmed every row built from it.
 *
 * Exactly once: before a batch is first inserted, its composition (the WAL seqs of its units) is
 * appended to the log as a marker, and the batch's insert_deduplication_token is derived from the
 * marker. A replay after a crash rebuilds each marked batch from the same records and inserts it
 * with the same token, so a batch that did reach ClickHouse is not stored twice; unmarked records
 * are batched anew.
 *
 * Spill: when the in-memory queue is full, requests are still accepted into the log (up to its
 * size bound) and read back from disk once the writer has room, so memory stays bounded while
 * the store is slow or away.
 */
import { WalFullError, WriteAheadLog, HEADER_BYTES } from '../wal/wal.ts';
import type { ExportTraceRequest } from '../otlp/types.ts';
import { parseSignal, type Signal, type WireFormat } from '../otlp/parse.ts';
import { newLimitCounters, type Limits } from '../otlp/limits.ts';
import { cutCount, rememberIfUnchanged } from './original-body.ts';
import type { BatchWriter, WriteUnit } from '../store/batch-writer.ts';
import type { Ingest } from './ingest.ts';
import { decodeMarker, type WalJournal } from './wal-journal.ts';
import { MAX_REPLAY_ATTEMPTS, Quarantine } from './quarantine.ts';
import type { SignalSink } from './signal-sink.ts';
import type { Logger } from '../log.ts';

export type BodyFormat = WireFormat;

export interface DurableOptions {
  /** The log, opened before the writer (which writes its batch markers into it). */
  journal: WalJournal;
  maxBytes: number;
  ingest: Ingest;
  writer: BatchWriter;
  /** A logged body goes through the same intake chain (otlp/parse.ts) as a live request, with these limits. */
  limits: Readonly<Limits>;
  /** Logs and metrics: where their requests go (traces go to ingest). */
  signals?: Partial<Record<Exclude<Signal, 'traces'>, { sink: SignalSink<unknown> }>>;
  log: Logger;
  /** Bodies of spilled requests kept in memory before they are read back from disk (default 32 MiB). */
  spillMemoryBytes?: number;
}

/** Room kept free for batch markers, so a full log can still drain (an eighth of small logs). */
const MARKER_RESERVE = 1024 * 1024;
const SPILL_MEMORY_BYTES = 32 * 1024 * 1024;

export type DurableAcceptResult = { ok: true; spilled: boolean } | { ok: false; reason: 'log_full' | 'log_failed'; message: string };

export class DurableIngest {
  readonly #o: DurableOptions;
  readonly #wal: WriteAheadLog;
  readonly #incarnation: string;
  /** Bytes of data appends not yet resolved (the WAL counts them too, we need them for the reserve). */
  #appending = 0;
  /** Seqs accepted into the log but not into the writer's queue, in order. */
  #spilled: number[] = [];
  /** Span count of each spilled record (known at accept), so a refill can wait for room before decoding. */
  #spilledSpans = new Map<number, number>();
  /**
   * Bodies of recently spilled requests kept in memory (up to SPILL_MEMORY_BYTES), so a short
   * overload is refilled without reading the log back; the rest is read from disk.
   */
  #spilledBodies = new Map<number, { projectId: string; format: BodyFormat; body: Uint8Array; signal: Signal }>();
  #spilledBodyBytes = 0;
  #refilling: Promise<void> | null = null;
  #closed = false;
  /** readBack: spilled requests parsed again to be queued (once each, when the writer has room). */
  readonly stats = { spilled: 0, replayed: 0, replayedBatches: 0, logFull: 0, readBack: 0 };
  /** Poison records moved out of the log (see quarantine.ts). */
  readonly quarantine: Quarantine;

  constructor(o: DurableOptions) {
    this.#o = o;
    this.quarantine = new Quarantine(o.journal.dir);
    this.#wal = o.journal.wal;
    this.#incarnation = o.journal.incarnation;
    // A stored batch released its records: the writer has room for spilled ones.
    o.journal.onBatchReleased(() => this.#kickRefill());
  }

  get spilledRecords(): number {
    return this.#spilled.length;
  }

  /**
   * Logs the request (waiting for its group commit), then queues its rows — or, when memory is
   * full, leaves it on disk for later. Resolves once the request is durable.
   */
  async accept(
    req: ExportTraceRequest | unknown,
    spans: number,
    projectId: string,
    format: BodyFormat,
    body: Uint8Array,
    signal: Signal = 'traces',
  ): Promise<DurableAcceptResult> {
    const payload = encodeData(projectId, format, body, signal);
    const size = payload.byteLength + HEADER_BYTES;
    if (this.#wal.liveBytes + this.#appending + size > this.#o.maxBytes - Math.min(MARKER_RESERVE, this.#o.maxBytes / 8)) {
      this.stats.logFull++;
      return { ok: false, reason: 'log_full', message: `write-ahead log is full (${this.#o.maxBytes} bytes)` };
    }
    let seq: number;
    this.#appending += size;
    try {
      seq = await this.#wal.append('data', payload);
    } catch (e) {
      if (e instanceof WalFullError) {
        this.stats.logFull++;
        return { ok: false, reason: 'log_full', message: e.message };
      }
      return { ok: false, reason: 'log_failed', message: `write-ahead log failed: ${(e as Error).message}` };
    } finally {
      this.#appending -= size;
    }
    // Keep order: nothing jumps ahead of records already waiting on disk.
    if (this.#spilled.length === 0) {
      let queued: boolean;
      try {
        queued = this.#acceptInto(signal, req, projectId, seq, payload);
      } catch (e) {
        // Logged but cannot be processed: out of the log (never pinning it), kept for inspection.
        await this.#quarantineRecord(seq, payload, `processing failed: ${String(e)}`);
        throw e;
      }
      if (queued) return { ok: true, spilled: false };
    }
    this.#spilled.push(seq);
    this.#spilledSpans.set(seq, spans);
    if (this.#spilledBodyBytes + body.byteLength <= (this.#o.spillMemoryBytes ?? SPILL_MEMORY_BYTES)) {
      this.#spilledBodies.set(seq, { projectId, format, body, signal });
      this.#spilledBodyBytes += body.byteLength;
    }
    this.stats.spilled++;
    this.#kickRefill();
    return { ok: true, spilled: true };
  }

  /**
   * Replays what the log holds from before a restart: marked batches are rebuilt and inserted
   * with their original tokens; unmarked records are queued like new requests.
   */
  async replay(): Promise<{ records: number; batches: number }> {
    const markers = new Map<number, number[]>(); // marker seq → data seqs
    const markerOf = new Map<number, number>(); // data seq → marker seq
    for await (const r of this.#wal.pending()) {
      if (r.kind !== 'marker') continue;
      const seqs = decodeMarker(r.payload);
      markers.set(r.seq, seqs);
      for (const s of seqs) markerOf.set(s, r.seq);
    }
    const groups = new Map<number, Map<number, WriteUnit>>();
    let records = 0;
    let batches = 0;
    const present = new Set<number>();
    for await (const r of this.#wal.pending()) if (r.kind === 'data') present.add(r.seq);
    for await (const r of this.#wal.pending()) {
      if (r.kind !== 'data') continue;
      records++;
      // Persisted before the record is touched: a record that kills the process each time it is
      // replayed is quarantined after MAX_REPLAY_ATTEMPTS starts instead of crash-looping.
      const attempts = this.quarantine.beginAttempt(r.seq);
      const unit =
        attempts > MAX_REPLAY_ATTEMPTS
          ? await this.#quarantineRecord(r.seq, r.payload, `replay did not finish ${MAX_REPLAY_ATTEMPTS} times (the collector stopped while processing it)`).then(() => null)
          : await this.#rebuild(r.seq, r.payload);
      this.quarantine.endAttempt(r.seq);
      const m = markerOf.get(r.seq);
      if (m === undefined) {
        if (!unit) {
          await this.#wal.release([r.seq]);
          continue;
        }
        while (!this.#o.writer.enqueue({ ...unit, onStored: undefined })) await new Promise((res) => setTimeout(res, 20));
        continue;
      }
      let g = groups.get(m);
      if (!g) groups.set(m, (g = new Map()));
      g.set(r.seq, unit ?? EMPTY_UNIT(r.seq));
      const wanted = markers.get(m)!.filter((s) => present.has(s));
      if (g.size === wanted.length) {
        // The batch as first attempted: same units, same token (a no-op if it did reach ClickHouse).
        await this.#o.writer.writeBatch([...g.values()], `${this.#incarnation}:${m}`);
        await this.#wal.release([...g.keys(), m]);
        groups.delete(m);
        batches++;
      }
    }
    // Markers whose records were all released already carry nothing left to do.
    const orphanMarkers = [...markers.keys()].filter((m) => !groups.has(m));
    if (orphanMarkers.length) await this.#wal.release(orphanMarkers);
    this.quarantine.endAttempts();
    this.stats.replayed += records;
    this.stats.replayedBatches += batches;
    return { records, batches };
  }

  async #rebuild(seq: number, payload: Uint8Array): Promise<WriteUnit | null> {
    try {
      const { projectId, format, body, signal } = decodeData(payload);
      const req = parseSignal(signal, format, body, this.#o.limits).req;
      if (signal === 'traces') return await this.#o.ingest.build(req as ExportTraceRequest, projectId, seq);
      return await this.#signal(signal).sink.build(req, projectId, seq);
    } catch (e) {
      // A record that no longer decodes or builds (it did when it was accepted) cannot be stored.
      await this.#quarantineRecord(seq, payload, `replay failed: ${String(e)}`);
      return null;
    }
  }

  /** Moves a poison record out of the log (quarantine.ts) and says so loudly. */
  async #quarantineRecord(seq: number, payload: Uint8Array, reason: string): Promise<void> {
    let entry = { seq, reason, signal: 'unknown', projectId: '', format: '' };
    let body = payload;
    try {
      const d = decodeData(payload);
      entry = { ...entry, signal: d.signal, projectId: d.projectId, format: d.format };
      body = d.body;
    } catch {
      // keep the whole payload
    }
    try {
      this.quarantine.put(entry, body);
    } catch (e) {
      this.#o.log.error('could not write a quarantined record; it is dropped from the log', { seq, error: String(e) });
    }
    this.#o.log.error('write-ahead log record quarantined', { seq, reason });
    this.#dropSpilled(seq);
    await this.#wal.release([seq]);
  }

  #kickRefill(): void {
    if (this.#refilling || this.#spilled.length === 0 || this.#closed) return;
    this.#refilling = this.#refill().finally(() => {
      this.#refilling = null;
      if (this.#spilled.length) setTimeout(() => this.#kickRefill(), 50).unref();
    });
  }

  /** Feeds spilled records back (from memory, else from the log) while the writer has room. */
  async #refill(): Promise<void> {
    for (const [seq, r] of this.#spilledBodies) {
      if (!(await this.#feed(seq, r.projectId, r.format, r.body, r.signal))) return; // no room yet
      this.#spilledBodies.delete(seq);
      this.#spilledBodyBytes -= r.body.byteLength;
    }
    if (this.#spilled.length === 0) return;
    const wanted = new Set(this.#spilled);
    for await (const rec of this.#wal.read(this.#spilled[0]!)) {
      if (rec.kind !== 'data' || !wanted.has(rec.seq)) continue;
      const { projectId, format, body, signal } = decodeData(rec.payload);
      if (!(await this.#feed(rec.seq, projectId, format, body, signal))) return;
      if (this.#spilled.length === 0) return;
    }
  }

  /** Queues one spilled request; false when the writer has no room yet (it stays spilled). */
  async #feed(seq: number, projectId: string, format: BodyFormat, body: Uint8Array, signal: Signal): Promise<boolean> {
    // Decoding is most of a request's cost: while the writer is full, do not decode only to find no room.
    const items = this.#spilledSpans.get(seq);
    if (items !== undefined && !(signal === 'traces' ? this.#o.ingest.hasCapacity(items) : this.#o.writer.hasCapacity(items))) return false;
    let req: unknown;
    try {
      const cut = newLimitCounters();
      const p = parseSignal(signal, format, body, this.#o.limits, cut);
      req = p.req;
      rememberIfUnchanged(p, format, body, cutCount(cut)); // forwarding may send it as it came
      this.stats.readBack++;
    } catch (e) {
      // It decoded when it was accepted; only an incompatible decoder change can get here.
      await this.#quarantineRecord(seq, encodeData(projectId, format, body, signal), `read-back failed: ${String(e)}`);
      return true;
    }
    if (!this.#acceptInto(signal, req, projectId, seq, encodeData(projectId, format, body, signal))) return false;
    this.#dropSpilled(seq);
    return true;
  }

  #acceptInto(signal: Signal, req: unknown, projectId: string, walSeq: number, payload: Uint8Array): boolean {
    if (signal === 'traces') {
      const onFailed = (e: unknown) => void this.#quarantineRecord(walSeq, payload, `processing failed: ${String(e)}`);
      return this.#o.ingest.accept(req as ExportTraceRequest, projectId, { walSeq, onFailed }).ok;
    }
    return this.#signal(signal).sink.accept(req, projectId, { walSeq }).ok;
  }

  #signal(signal: Exclude<Signal, 'traces'>): { sink: SignalSink<unknown> } {
    const s = this.#o.signals?.[signal];
    if (!s) throw new Error(`no ${signal} pipeline configured`);
    return s;
  }

  #dropSpilled(seq: number): void {
    this.#spilledSpans.delete(seq);
    if (this.#spilled[0] === seq) this.#spilled.shift();
    else this.#spilled = this.#spilled.filter((s) => s !== seq);
  }

  /**
   * Reads spilled records back until none is left, or until no progress was made for maxStallMs
   * (the store is away: they stay in the log and are replayed at the next start).
   */
  async drainSpilled(maxStallMs: number): Promise<void> {
    let left = this.#spilled.length;
    let progressAt = Date.now();
    while (this.#spilled.length > 0 && !this.#closed) {
      this.#kickRefill();
      await new Promise((r) => setTimeout(r, 20));
      if (this.#spilled.length < left) {
        left = this.#spilled.length;
        progressAt = Date.now();
      } else if (Date.now() - progressAt > maxStallMs) {
        this.#o.log.warn('store not draining; spilled requests stay in the write-ahead log for the next start', { records: left });
        return;
      }
    }
  }

  /** Stops feeding spilled records back (the journal, closed after the writer, closes the log). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#refilling;
  }
}

const EMPTY_UNIT = (seq: number): WriteUnit => ({ lines: {}, rows: 0, walSeq: seq });

// Record payloads. data: [u8 version][u8 format 0=protobuf 1=json][u8 project length][project][body];
// version 1 = traces (records written before other signals existed), 2 = metrics, 3 = logs.
const SIGNAL_VERSION: Readonly<Record<Signal, number>> = { traces: 1, metrics: 2, logs: 3 };
const VERSION_SIGNAL: readonly (Signal | undefined)[] = [undefined, 'traces', 'metrics', 'logs'];

function encodeData(projectId: string, format: BodyFormat, body: Uint8Array, signal: Signal): Uint8Array {
  const project = Buffer.from(projectId, 'utf8');
  const out = Buffer.allocUnsafe(3 + project.length + body.byteLength);
  out[0] = SIGNAL_VERSION[signal];
  out[1] = format === 'json' ? 1 : 0;
  out[2] = project.length;
  project.copy(out, 3);
  out.set(body, 3 + project.length);
  return out;
}

function decodeData(p: Uint8Array): { projectId: string; format: BodyFormat; body: Uint8Array; signal: Signal } {
  const signal = VERSION_SIGNAL[p[0]!];
  if (signal === undefined) throw new Error(`unknown WAL data record version ${p[0]}`);
  const n = p[2]!;
  return {
    signal,
    format: p[1] === 1 ? 'json' : 'protobuf',
    projectId: Buffer.from(p.buffer, p.byteOffset + 3, n).toString('utf8'),
    body: p.subarray(3 + n),
  };
}
