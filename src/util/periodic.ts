/**
 * The timer loop of periodic work (budgets, drift, API changes): run now, then every interval until
 * stop(); runs are serialised, so a manual run waits for the one in progress; stop() aborts
 * `signal` (backoff waits, deliveries in flight) and waits for the run in progress to end.
 */
export class PeriodicRunner {
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #abort = new AbortController();
  #tail: Promise<unknown> = Promise.resolve();

  /** Aborted by stop(); renewed by the next start(). */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** Calls `run` now and then `intervalMs` after each run ended; a failed run goes to `onError`. */
  start(run: () => Promise<unknown>, intervalMs: number, onError: (e: unknown) => void): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    const tick = async () => {
      this.#timer = null;
      try {
        await run();
      } catch (e) {
        onError(e);
      }
      if (this.#running) {
        this.#timer = setTimeout(tick, intervalMs);
        this.#timer.unref();
      }
    };
    this.#timer = setTimeout(tick, 0);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#abort.abort();
    await this.#tail.catch(() => undefined);
  }

  /** Runs `fn` after every run started before it (one at a time). */
  serialise<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
