import { open, unlink, type FileHandle } from 'node:fs/promises';

/**
 * One table's queued rows of one batch, written to a staging file as each request's rows arrive,
 * so that a store which inserts from files (the embedded engine) inserts the batch from it and the
 * rows do not wait in memory. Queued rows otherwise live about a second: long enough for V8 to
 * promote them, so their buffers were freed only by the next full garbage collection, and queued
 * plus dead row bytes were 50–100 MB of the collector's memory under sustained ingest. Written
 * within a few requests, row bytes die young, and at most about WRITE_BYTES per table wait in memory.
 * The page cache holds the file; the engine reads it as it read the staging file written at flush before.
 */
export class RowSpool {
  readonly path: string;
  readonly #file: Promise<FileHandle>;
  #bytes = 0;
  #appends = 0;
  #writes: Array<Promise<void>> = [];
  /** Appended ranges not yet handed to a write. */
  #group: SpooledRange[] = [];
  #groupBytes = 0;
  #failed = false;
  #closed: Promise<void> | null = null;
  /** The handle read() shares, opened at the first read back. */
  #reader: Promise<FileHandle> | null = null;

  constructor(path: string) {
    this.path = path;
    this.#file = open(path, 'w');
    // A failed open fails each append (their bytes stay in memory); nothing is left unhandled.
    this.#file.catch(() => undefined);
  }

  /** Bytes appended. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Appends made; a batch whose pieces are all of them, in order, is the whole file. */
  get appends(): number {
    return this.#appends;
  }

  /**
   * Adds bytes at the end. They are written in groups of about WRITE_BYTES (one positional writev
   * each, issued without waiting for the ones before): one write per request and table cost the
   * main thread more than the bytes did. The range keeps its bytes until they are written, and for
   * good if the write fails (then read() returns them).
   */
  append(bytes: Buffer): SpooledRange {
    if (this.#closed) throw new Error(`spool ${this.path} is sealed`);
    const range: SpooledRange = { spool: this, offset: this.#bytes, length: bytes.length, bytes };
    this.#bytes += bytes.length;
    this.#appends++;
    this.#group.push(range);
    this.#groupBytes += bytes.length;
    if (this.#groupBytes >= WRITE_BYTES) this.#writeGroup();
    return range;
  }

  #writeGroup(): void {
    const group = this.#group;
    if (group.length === 0) return;
    const bytes = this.#groupBytes;
    this.#group = [];
    this.#groupBytes = 0;
    this.#writes.push(
      this.#file
        .then((fh) => fh.writev(group.map((r) => r.bytes!), group[0]!.offset))
        .then(({ bytesWritten }) => {
          if (bytesWritten !== bytes) throw new Error(`short write to ${this.path}`);
          for (const r of group) r.bytes = null;
        })
        .catch(() => {
          this.#failed = true;
        }),
    );
  }

  /** Waits for every append and closes the file; true when all of them are in it (it then holds exactly what was appended). */
  async seal(): Promise<boolean> {
    if (!this.#closed) this.#writeGroup();
    this.#closed ??= Promise.all(this.#writes).then(() =>
      this.#file.then(
        (fh) => fh.close(),
        () => {
          this.#failed = true;
        },
      ),
    );
    await this.#closed;
    this.#writes = [];
    return !this.#failed;
  }

  /**
   * The bytes of a range: still in memory, or read back from the file. Reads share one handle: a
   * batch of tens of thousands of units read back at once must not open the file once each
   * (past the process's file limit every open fails, and the insert would be retried forever).
   */
  async read(range: SpooledRange): Promise<Buffer> {
    if (range.bytes) return range.bytes;
    await this.seal();
    if (!this.#reader) {
      const reader = open(this.path, 'r');
      this.#reader = reader;
      // A failed open is not kept: the next read (the insert's next attempt) opens again.
      reader.catch(() => {
        if (this.#reader === reader) this.#reader = null;
      });
    }
    const fh = await this.#reader;
    const buf = Buffer.allocUnsafe(range.length);
    const { bytesRead } = await fh.read(buf, 0, range.length, range.offset);
    if (bytesRead !== range.length) throw new Error(`short read from ${this.path}: ${bytesRead} of ${range.length} bytes`);
    return buf;
  }

  /** Deletes the file (once its batch is stored, or abandoned: the write-ahead log still has it). */
  async remove(): Promise<void> {
    await this.seal();
    const reader = this.#reader;
    this.#reader = null;
    await reader?.then(
      (fh) => fh.close(),
      () => undefined,
    );
    await unlink(this.path).catch(() => undefined);
  }
}

/** Bytes gathered before a write: a few requests' rows of one table. */
const WRITE_BYTES = 1 << 20;

/** One unit's lines of one table in a spool. */
export interface SpooledRange {
  readonly spool: RowSpool;
  readonly offset: number;
  readonly length: number;
  /** The bytes until written to the file; null once they are there. */
  bytes: Buffer | null;
}
