import { createMiddleware } from 'hono/factory';
import { BadEncodingError, BodyTooLargeError, BodyTooSlowError, readBody } from '../body.ts';
import { otlpError } from '../otlp-reply.ts';
import type { IngestEnv, RejectFn } from './types.ts';

export interface BodyLimits {
  maxBodyBytes: number;
  /** Bytes per second a body must arrive at, after a short grace (0 = no minimum). */
  minBodyBytesPerSecond: number;
}

/**
 * Reads the whole body (gunzipped) into c.var.body: 413 past the size limit — at once when the
 * declared Content-Length says so — 408 when it trickles in below the minimum rate, 400 for a bad
 * Content-Encoding. After a declared-too-large 413 or a 408 the connection is closed; after a 413
 * found while streaming, the rest is read and dropped for a bounded time first (body.ts), so a
 * client still writing reads the answer.
 */
export function otlpBody(limits: BodyLimits, reject: RejectFn, onBytes: (n: number) => void) {
  return createMiddleware<IngestEnv>(async (c, next) => {
    const format = c.get('format');
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > limits.maxBodyBytes) {
      reject('too_large');
      return otlpError(c, format, 413, `request body of ${declared} bytes exceeds the limit of ${limits.maxBodyBytes}`, { connection: 'close' });
    }
    let body: Uint8Array;
    try {
      body = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', {
        maxBytes: limits.maxBodyBytes,
        minBytesPerSecond: limits.minBodyBytesPerSecond,
      });
    } catch (e) {
      if (e instanceof BodyTooLargeError) {
        reject('too_large');
        return otlpError(c, format, 413, e.message);
      }
      if (e instanceof BodyTooSlowError) {
        reject('too_slow');
        return otlpError(c, format, 408, e.message, { connection: 'close' });
      }
      if (e instanceof BadEncodingError) {
        reject('malformed');
        return otlpError(c, format, 400, e.message);
      }
      throw e;
    }
    onBytes(body.byteLength);
    c.set('body', body);
    await next();
  });
}
