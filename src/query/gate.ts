/**
 * At most `limit` reads at once; up to `maxWaiting` more wait their turn (a dashboard fires a dozen
 * panel queries together), at most `maxWaitMs` each. Beyond that a read is refused at once, so a
 * flood of queries cannot pile up behind the store while the collector keeps ingesting.
 */
export class QueryGate {
  readonly limit: number;
  readonly maxWaiting: number;
  readonly maxWaitMs: number;
  #running = 0;
  readonly #waiting: Array<{ go: () => void; timer: NodeJS.Timeout }> = [];
  /** Reads refused because the queue was full or the wait too long. */
  refused = 0;
  /** Reads that ran, by outcome, and the most recent durations (ms, queue wait excluded). */
  readonly stats = { ok: 0, errors: 0, recentMs: [] as number[] };

  constructor(limit: number, maxWaiting = 64, maxWaitMs = 30_000) {
    this.limit = Math.max(1, limit);
    this.maxWaiting = maxWaiting;
    this.maxWaitMs = maxWaitMs;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  /** Runs fn when a slot is free; rejects with GateFullError when it cannot get one. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.#enter();
    const started = performance.now();
    try {
      const r = await fn();
      this.stats.ok++;
      return r;
    } catch (e) {
      this.stats.errors++;
      throw e;
    } finally {
      this.stats.recentMs.push(performance.now() - started);
      if (this.stats.recentMs.length > 2048) this.stats.recentMs.splice(0, 1024);
      this.#leave();
    }
  }

  #enter(): Promise<void> {
    if (this.#running < this.limit) {
      this.#running++;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.maxWaiting) {
      this.refused++;
      return Promise.reject(new GateFullError(`too many queries (${this.#running} running, ${this.#waiting.length} waiting); retry later`));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        go: () => {
          clearTimeout(entry.timer);
          this.#running++;
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.#waiting.indexOf(entry);
          if (i >= 0) this.#waiting.splice(i, 1);
          this.refused++;
          reject(new GateFullError(`waited ${this.maxWaitMs} ms for a free query slot; retry later`));
        }, this.maxWaitMs),
      };
      entry.timer.unref();
      this.#waiting.push(entry);
    });
  }

  #leave(): void {
    this.#running--;
    const next = this.#waiting.shift();
    if (next) next.go();
  }
}

export class GateFullError extends Error {
  override name = 'GateFullError';
}
