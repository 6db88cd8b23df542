/**
 * The write-ahead log as the batch writer and the durable layer share it: the log itself (one
 * collector per folder, a lock file), the folder's incarnation id, and the batch markers — before a
 * batch is first inserted, its composition (the log seqs of its units) is appended as a marker and
 * the batch's insert_deduplication_token is derived from it; once stored, its records are released.
 * Opened first, so the writer (which needs the markers) and the durable layer (which needs the
 * writer) are built in order, without a forward reference.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WriteAheadLog } from '../wal/wal.ts';
import type { BatchUnit } from '../store/batch-writer.ts';
import type { Logger } from '../log.ts';
import { isProcessAlive } from '../util/process.ts';

const SEGMENT_BYTES = 8 * 1024 * 1024;

/** What /metrics and /healthz read of the log. */
export interface WalStatsView {
  liveBytes: number;
  appends: number;
  fsyncs: number;
}

export class WalJournal {
  readonly wal: WriteAheadLog;
  /** The log folder. */
  get dir(): string {
    return this.#dir;
  }
  readonly incarnation: string;
  readonly #dir: string;
  readonly #log: Logger;
  readonly #released = new Set<() => void>();

  private constructor(dir: string, wal: WriteAheadLog, incarnation: string, log: Logger) {
    this.#dir = dir;
    this.wal = wal;
    this.incarnation = incarnation;
    this.#log = log;
  }

  static async open(o: { dir: string; maxBytes: number; log: Logger; groupCommitMs?: number }): Promise<WalJournal> {
    mkdirSync(o.dir, { recursive: true, mode: 0o700 }); // the log holds raw request bodies: owner only
    lockDir(o.dir);
    try {
      // The log's own seqs restart if its folder is deleted; the incarnation keeps tokens unique anyway.
      const idFile = join(o.dir, 'incarnation');
      let incarnation: string;
      try {
        incarnation = readFileSync(idFile, 'utf8').trim();
      } catch {
        incarnation = randomUUID();
        writeFileSync(idFile, incarnation + '\n', { mode: 0o600 });
      }
      const wal = await WriteAheadLog.open(o.dir, { maxBytes: o.maxBytes, groupCommitMs: o.groupCommitMs ?? 2, segmentBytes: SEGMENT_BYTES });
      return new WalJournal(o.dir, wal, incarnation, o.log);
    } catch (e) {
      unlockDir(o.dir);
      throw e;
    }
  }

  stats(): WalStatsView {
    return { liveBytes: this.wal.liveBytes, appends: this.wal.stats.appends, fsyncs: this.wal.stats.fsyncs };
  }

  /** Calls fn each time a stored batch's records were released (room for spilled records). */
  onBatchReleased(fn: () => void): void {
    this.#released.add(fn);
  }

  /** BatchWriter hook: records the batch's composition; returns its token prefix. */
  readonly beginBatch = async (units: readonly BatchUnit[]): Promise<string> => {
    const seqs = units.map((u) => u.walSeq).filter((s): s is number => s !== undefined);
    if (seqs.length === 0) return `${this.incarnation}:nolog:${randomUUID()}`;
    const markerSeq = await this.wal.append('marker', encodeMarker(seqs));
    return `${this.incarnation}:${markerSeq}`;
  };

  /** BatchWriter hook: the batch is stored, release its records and its marker. */
  readonly endBatch = (units: readonly BatchUnit[], tokenPrefix: string): void => {
    const seqs = units.map((u) => u.walSeq).filter((s): s is number => s !== undefined);
    const marker = Number(tokenPrefix.slice(this.incarnation.length + 1));
    if (Number.isSafeInteger(marker)) seqs.push(marker);
    if (seqs.length) this.wal.release(seqs).catch((e: unknown) => this.#log.error('WAL release failed', { error: String(e) }));
    for (const fn of this.#released) fn();
  };

  async close(): Promise<void> {
    await this.wal.close();
    unlockDir(this.#dir);
  }
}

/** Throws when another live process holds the log folder (a start-up check before anything is opened). */
export function checkWalDirFree(dir: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(join(dir, 'lock'), 'utf8'));
  } catch {
    return; // no lock file (or no folder yet)
  }
  if (pid && pid !== process.pid && isProcessAlive(pid)) throw new Error(`write-ahead log folder ${dir} is in use by process ${pid} (use another --wal-dir)`);
}

/** One collector per log folder: a second one would interleave records and releases. */
function lockDir(dir: string): void {
  const lock = join(dir, 'lock');
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(`write-ahead log folder ${dir} is in use by process ${pid} (use another --wal-dir)`);
    }
    if (pid === process.pid) throw new Error(`write-ahead log folder ${dir} is already open in this process`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  writeFileSync(lock, String(process.pid), { mode: 0o600 });
}

function unlockDir(dir: string): void {
  try {
    unlinkSync(join(dir, 'lock'));
  } catch {
    // already gone
  }
}

// marker: the data seqs of one batch as float64 (seqs stay below 2^53)
function encodeMarker(seqs: readonly number[]): Uint8Array {
  return new Uint8Array(Float64Array.from(seqs).buffer);
}

export function decodeMarker(p: Uint8Array): number[] {
  const copy = new Uint8Array(p); // alignment for Float64Array
  return Array.from(new Float64Array(copy.buffer, 0, copy.byteLength / 8));
}
