import { Buffer } from 'node:buffer';

/**
 * JSONEachRow lines encoded to UTF-8 one by one as they are built, into one growing buffer.
 *
 * A request's rows used to be concatenated into one string and encoded when queued
 * (Buffer.from): V8 then flattens a rope of hundreds of rows (each itself a rope of dozens of
 * pieces) into a new flat string of a few hundred KB — a large-object-space allocation that lives
 * only to be copied again — before encoding it (9–18% of the collector's main thread in profiles).
 * Encoding each row as it is made flattens only that row (small, short-lived, young generation)
 * and writes its bytes straight into place. Same bytes: Node's UTF-8 encoder turns a lone
 * surrogate into U+FFFD either way (test/store/row-bytes.test.ts).
 */
export class RowBytes {
  #buf: Buffer;
  #len = 0;
  /** Lines added. */
  rows = 0;

  /** capacityHint: the expected size in bytes (the buffer grows as needed). */
  constructor(capacityHint = 4096) {
    this.#buf = Buffer.allocUnsafeSlow(Math.max(256, capacityHint));
  }

  get byteLength(): number {
    return this.#len;
  }

  /** Adds one line (its trailing newline included, so a surrogate pair is never split between two adds). */
  add(line: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: with that much room, write() never cuts short.
    const most = line.length * 3;
    if (this.#len + most > this.#buf.length) this.#grow(most);
    this.#len += this.#buf.write(line, this.#len, 'utf8');
    this.rows++;
  }

  /**
   * The lines as bytes. With a store that inserts from memory they stay queued until their batch
   * is stored, so a buffer with much unused room is copied out at its exact size (copying costs
   * far less than keeping the room); with a staging store they are written out at once.
   */
  bytes(): Buffer {
    const used = this.#buf.subarray(0, this.#len);
    return this.#buf.length - this.#len > this.#buf.length / 8 ? Buffer.from(used) : used;
  }

  #grow(atLeast: number): void {
    const next = Buffer.allocUnsafeSlow(Math.max(this.#buf.length * 2, this.#len + atLeast));
    this.#buf.copy(next, 0, 0, this.#len);
    this.#buf = next;
  }
}
