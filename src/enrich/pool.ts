import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerItemResult, WorkerRequest, WorkerResponse } from './protocol.ts';

/**
 * Why a batch could not be scored: the worker ran past the batch's time budget, past its memory
 * limit, or crashed. The caller stores the calls unscored (scores rows say why).
 */
export class ScoringFailure extends Error {
  override name = 'ScoringFailure';
  readonly reason: 'timeout' | 'out_of_memory' | 'crashed';
  constructor(reason: 'timeout' | 'out_of_memory' | 'crashed', message: string) {
    super(message);
    this.reason = reason;
  }
}

export interface ScoringPoolOptions {
  /** Heap limit of each worker (V8 old generation); a worker past it is ended and replaced. */
  maxWorkerHeapMb?: number;
  /** Time budget of one batch: base + perItem × items; a worker past it is ended and replaced. */
  batchBudgetMs?: { base: number; perItem: number };
}

export const DEFAULT_MAX_WORKER_HEAP_MB = 512;
export const DEFAULT_BATCH_BUDGET_MS = { base: 10_000, perItem: 1_000 };

interface Pending {
  items: WorkerRequest['items'];
  resolve: (items: WorkerItemResult[]) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  /** Already moved to a fresh worker once after its worker was ended. */
  retried: boolean;
}

interface Slot {
  w: Worker;
  busy: number;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  /** Set once the slot's worker is being ended (timeout) or died: its batches are already failed. */
  dead: boolean;
}

/**
 * A fixed set of scoring workers; each batch goes to the least busy one. Scoring never takes the
 * process down: each worker runs under a heap limit (resourceLimits), and a watchdog ends a worker
 * whose batch exceeds its time budget; either way only that worker's batches fail (ScoringFailure)
 * and a fresh worker takes its place.
 */
export class ScoringPool {
  readonly #slots: Slot[] = [];
  readonly #init: WorkerInit;
  readonly #heapMb: number;
  readonly #budget: { base: number; perItem: number };
  #nextId = 1;
  #closed = false;
  /** Batch latencies in ms (the last 1024), for /metrics. */
  readonly latenciesMs: number[] = [];
  /** Batches scored so far. */
  batches = 0;
  /** Workers ended and replaced, by reason. */
  readonly failures = { timeout: 0, out_of_memory: 0, crashed: 0 };

  constructor(size: number, init: WorkerInit, o: ScoringPoolOptions = {}) {
    this.#init = init;
    this.#heapMb = o.maxWorkerHeapMb ?? DEFAULT_MAX_WORKER_HEAP_MB;
    this.#budget = o.batchBudgetMs ?? DEFAULT_BATCH_BUDGET_MS;
    for (let i = 0; i < Math.max(1, size); i++) this.#slots.push(this.#spawn());
  }

  #spawn(): Slot {
    const w = new Worker(new URL('./worker.ts', import.meta.url), {
      workerData: this.#init,
      resourceLimits: { maxOldGenerationSizeMb: this.#heapMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, this.#heapMb / 8)) },
    });
    const slot: Slot = { w, busy: 0, ready: Promise.resolve(), pending: new Map(), dead: false };
    slot.ready = new Promise<void>((resolve, reject) => {
      const onReady = (m: unknown) => {
        if ((m as { ready?: boolean }).ready) {
          w.off('message', onReady);
          resolve();
        }
      };
      w.on('message', onReady);
      w.once('error', reject);
    });
    slot.ready.catch(() => {}); // a worker that dies before ready fails its batches via 'error'/'exit'
    w.on('message', (m: WorkerResponse | { ready: true }) => {
      if ('ready' in m) return;
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      clearTimeout(p.timer);
      slot.busy--;
      if (m.ok) p.resolve(m.items);
      else p.reject(new Error(m.error));
    });
    w.on('error', (e: Error & { code?: string }) => {
      const oom = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.#retire(slot, oom ? 'out_of_memory' : 'crashed', oom ? `scoring worker ran out of memory (${this.#heapMb} MB heap limit)` : `scoring worker crashed: ${e.message}`);
    });
    w.on('exit', () => this.#retire(slot, 'crashed', 'scoring worker exited'));
    return slot;
  }

  /** Fails the slot's batches and puts a fresh worker in its place (once per slot). */
  #retire(slot: Slot, reason: ScoringFailure['reason'], message: string): void {
    if (slot.dead) return;
    slot.dead = true;
    if (this.#closed) return;
    this.failures[reason]++;
    const fresh = this.#spawn();
    const i = this.#slots.indexOf(slot);
    if (i >= 0) this.#slots[i] = fresh;
    void slot.w.terminate();
    // A worker runs its batches in order: the oldest one is the culprit and fails; the ones queued
    // behind it never started and go to the fresh worker (once).
    let first = true;
    for (const [id, p] of [...slot.pending].sort((a, b) => a[0] - b[0])) {
      slot.pending.delete(id);
      clearTimeout(p.timer);
      if (first || p.retried) p.reject(new ScoringFailure(reason, message));
      else void this.#dispatch(fresh, id, p.items, true).then(p.resolve, p.reject);
      first = false;
    }
  }

  async ready(): Promise<void> {
    await Promise.all(this.#slots.map((s) => s.ready));
  }

  async run(items: WorkerRequest['items']): Promise<WorkerItemResult[]> {
    const slot = this.#slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const started = performance.now();
    const result = await this.#dispatch(slot, this.#nextId++, items, false);
    if (this.latenciesMs.length >= 1024) this.latenciesMs.shift();
    this.latenciesMs.push(performance.now() - started);
    this.batches++;
    return result;
  }

  async #dispatch(slot: Slot, id: number, items: WorkerRequest['items'], retried: boolean): Promise<WorkerItemResult[]> {
    await slot.ready.catch(() => {});
    if (slot.dead) throw new ScoringFailure('crashed', 'scoring worker failed to start');
    slot.busy++;
    const budgetMs = this.#budget.base + this.#budget.perItem * items.length;
    return new Promise<WorkerItemResult[]>((resolve, reject) => {
      // The budget counts from now (queueing behind the worker's other batches included).
      const timer = setTimeout(() => {
        this.#retire(slot, 'timeout', `scoring took longer than its ${budgetMs} ms budget`);
      }, budgetMs);
      timer.unref();
      slot.pending.set(id, { items, resolve, reject, timer, retried });
      slot.w.postMessage({ id, items } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map((s) => s.w.terminate()));
  }
}
