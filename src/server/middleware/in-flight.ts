import { createMiddleware } from 'hono/factory';
import type { Admission } from '../admission.ts';
import { otlpError } from '../otlp-reply.ts';
import type { IngestEnv, RejectFn } from './types.ts';

/**
 * Requests read, decoded and logged at once (Admission, shared with the gRPC transport). Beyond
 * the limit a request is shed with 429 + Retry-After before its body is read, so an overload is
 * refused instead of buffered. The slot is taken only after the request is authenticated, and is
 * released when the handler returns — also when its body arrives too slowly (otlpBody answers
 * 408), so slow uploads cannot hold every slot.
 */
export function inFlightLimit(admission: Admission, retryAfterSeconds: number, reject: RejectFn, onShed: () => void) {
  return createMiddleware<IngestEnv>(async (c, next) => {
    if (!admission.tryEnter()) {
      onShed();
      reject('overloaded');
      return otlpError(c, c.get('format'), 429, `too many requests in progress (${admission.max}); retry later`, { 'retry-after': String(retryAfterSeconds) });
    }
    try {
      await next();
    } finally {
      admission.leave();
    }
  });
}
