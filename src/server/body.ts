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
  const wire = wireChunks(body, o.minBytesPerSecond ?? 0, o.graceMs ?? BODY_RATE_GRACE_MS);
  const source: AsyncIterable<Uint8Array> = gzip ? Readable.from(wire).pipe(createGunzip()) : wire;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > o.maxBytes) throw new BodyTooLargeError(`request body exceeds ${o.maxBytes} bytes`);
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

/** The body's chunks as they arrive; throws BodyTooSlowError when the upload falls behind the minimum rate. */
async function* wireChunks(body: ReadableStream<Uint8Array>, minBytesPerSecond: number, graceMs: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  const started = Date.now();
  let received = 0;
  let timer: NodeJS.Timeout | undefined;
  let tooSlow: Promise<never> | undefined;
  if (minBytesPerSecond > 0) {
    tooSlow = new Promise<never>((_, reject) => {
      timer = setInterval(() => {
        const elapsed = Date.now() - started;
        if (elapsed > graceMs && received < (minBytesPerSecond * (elapsed - graceMs)) / 1000) {
          reject(new BodyTooSlowError(`request body arrived slower than ${minBytesPerSecond} bytes/s (${received} bytes in ${elapsed} ms)`));
        }
      }, RATE_CHECK_MS);
    });
    tooSlow.catch(() => {}); // observed through the race below
  }
  try {
    for (;;) {
      const read = reader.read();
      const r = tooSlow ? await Promise.race([read, tooSlow]) : await read;
      if (r.done) return;
      received += r.value.byteLength;
      yield r.value;
    }
  } finally {
    clearInterval(timer);
    // Stop reading: the connection is closed after the answer (Connection: close), dropping the rest.
    reader.cancel().catch(() => {});
  }
}
