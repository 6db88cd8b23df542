import { createMiddleware } from 'hono/factory';
import { otlpError } from '../otlp-reply.ts';
import type { IngestEnv, RejectFn } from './types.ts';

/**
 * Requests read, decoded and logged at once. Beyond the limit a request is shed with 429 +
 * Retry-After before its body is read, so an overload is refused instead of buffered (each request
 * in progress holds its body and decoded items). A slot is taken only after the request is
 * authenticated, and is released when the handler returns — also when its body arrives too slowly
 * (otlpBody answers 408), so slow uploads cannot hold every slot.
 */
export class InFlightSlots {
  readonly max: number;
  #used = 0;

  constructor(max: number) {
    this.max = max;
  }

  get used(): number {
    return this.#used;
  }

  tryTake(): boolean {
    if (this.#used >= this.max) return false;
    this.#used++;
    return true;
  }

  release(): void {
    this.#used--;
  }
}

export function inFlightLimit(slots: InFlightSlots, retryAfterSeconds: number, reject: RejectFn, onShed: () => void) {
  return createMiddleware<IngestEnv>(async (c, next) => {
    if (!slots.tryTake()) {
      onShed();
      reject('overloaded');
      return otlpError(c, c.get('format'), 429, `too many requests in progress (${slots.max}); retry later`, { 'retry-after': String(retryAfterSeconds) });
    }
    try {
      await next();
    } finally {
      slots.release();
    }
  });
}
