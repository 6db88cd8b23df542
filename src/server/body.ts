import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}
export class BadEncodingError extends Error {
  override name = 'BadEncodingError';
}
export class BodyTooSlowError extends Error {
  override name = 'BodyTooSlowError';
}

export interface ReadBodyOptions {
  /** Largest body after decompression (a gzip bomb stops at the same limit). */
  maxBytes: number;
  /**
   * Slowest acceptable upload, in bytes per second on the wire, after a grace period: a body that
   * falls behind minBytesPerSecond × (elapsed − grace) is abandoned (0 = no minimum).
   */
  minBytesPerSecond?: number;
  graceMs?: number;
}

/** First part of an upload that is not held to the minimum rate (connection set-up, first chunks). */
export const BODY_RATE_GRACE_MS = 500;
const RATE_CHECK_MS = 100;

/**
 * Reads a request body up to maxBytes (after decompression), without buffering more than that,
 * and gives up on a body that arrives slower than the minimum rate.
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, encoding: string, o: ReadBodyOptions): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const enc = encoding.trim().toLowerCase();
  const gzip = enc === 'gzip' || enc === 'x-gzip';
  if (!gzip && enc !== '' && enc !== 'identity') throw new BadEncodingError(`unsupported Content-Encoding: ${encoding}`);
  const wire = new WireReader(body, o.minBytesPerSecond ?? 0, o.graceMs ?? BODY_RATE_GRACE_MS);
  const source: AsyncIterable<Uint8Array> = gzip ? Readable.from(wire.chunks()).pipe(createGunzip()) : wire.chunks();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > o.maxBytes) {
        // Too large: the sender is fast. Read on and discard a bounded amount while the 413 goes
        // out, so the client can read the answer instead of failing its write on a closed socket.
        wire.discardThenClose(LINGER_MAX_BYTES, LINGER_MS);
        throw new BodyTooLargeError(`request body exceeds ${o.maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof BodyTooLargeError || e instanceof BodyTooSlowError) throw e;
    if (gzip) throw new BadEncodingError(`invalid ${enc} body: ${(e as Error).message}`);
    throw e;
  } finally {
    if (gzip) (source as Readable).destroy();
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return out;
}

/**
 * After a 413, the rest of the body is read and dropped for up to LINGER_MS (and LINGER_MAX_BYTES)
 * — nginx's lingering close: it costs no memory, and a client busy writing gets to read the answer.
 */
const LINGER_MS = 2000;
const LINGER_MAX_BYTES = 1024 * 1024 * 1024;

/** The body's chunks as they arrive, held to the minimum rate. */
class WireReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #minBytesPerSecond: number;
  readonly #graceMs: number;
  #lingering = false;

  constructor(body: ReadableStream<Uint8Array>, minBytesPerSecond: number, graceMs: number) {
    this.#reader = body.getReader();
    this.#minBytesPerSecond = minBytesPerSecond;
    this.#graceMs = graceMs;
  }

  /** Throws BodyTooSlowError when the upload falls behind the minimum rate. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    const started = Date.now();
    let received = 0;
    let timer: NodeJS.Timeout | undefined;
    let tooSlow: Promise<never> | undefined;
    if (this.#minBytesPerSecond > 0) {
      const min = this.#minBytesPerSecond;
      tooSlow = new Promise<never>((_, reject) => {
        timer = setInterval(() => {
          const elapsed = Date.now() - started;
          if (elapsed > this.#graceMs && received < (min * (elapsed - this.#graceMs)) / 1000) {
            reject(new BodyTooSlowError(`request body arrived slower than ${min} bytes/s (${received} bytes in ${elapsed} ms)`));
          }
        }, RATE_CHECK_MS);
      });
      tooSlow.catch(() => {}); // observed through the race below
    }
    try {
      for (;;) {
        const read = this.#reader.read();
        const r = tooSlow ? await Promise.race([read, tooSlow]) : await read;
        if (r.done) return;
        received += r.value.byteLength;
        yield r.value;
      }
    } finally {
      clearInterval(timer);
      // Stop reading without tearing the connection down first: the 413/408 answer still has to go
      // out on it; it carries Connection: close, so the rest of the upload is dropped after it.
      if (!this.#lingering) this.#release();
    }
  }

  /** Reads and drops up to maxBytes more (for at most ms), then lets the connection close. */
  discardThenClose(maxBytes: number, ms: number): void {
    this.#lingering = true;
    const until = Date.now() + ms;
    void (async () => {
      let dropped = 0;
      try {
        while (dropped <= maxBytes && Date.now() < until) {
          const r = await Promise.race([this.#reader.read(), new Promise<null>((res) => (setTimeout(res, Math.max(0, until - Date.now())) as unknown as NodeJS.Timeout).unref())]);
          if (r === null || r.done) break;
          dropped += r.value.byteLength;
        }
      } catch {
        // the client went away
      }
      this.#reader.cancel().catch(() => {});
    })();
  }

  #release(): void {
    try {
      this.#reader.releaseLock();
    } catch {
      // a read is still pending on a closed stream
    }
  }
}
