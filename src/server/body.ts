import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}
export class BadEncodingError extends Error {
  override name = 'BadEncodingError';
}

/**
 * Reads a request body up to maxBytes (after decompression, so a gzip bomb stops at the same
 * limit), without buffering more than that.
 */
export async function readBody(body: ReadableStream<Uint8Array> | null, encoding: string, maxBytes: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const enc = encoding.trim().toLowerCase();
  let source: AsyncIterable<Uint8Array>;
  if (enc === '' || enc === 'identity') source = body as unknown as AsyncIterable<Uint8Array>;
  else if (enc === 'gzip' || enc === 'x-gzip') {
    source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>).pipe(createGunzip());
  } else throw new BadEncodingError(`unsupported Content-Encoding: ${encoding}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new BodyTooLargeError(`request body exceeds ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw e;
    if (enc !== '' && enc !== 'identity') throw new BadEncodingError(`invalid ${enc} body: ${(e as Error).message}`);
    throw e;
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
