import { Worker } from 'node:worker_threads';
import type { WorkerInit, WorkerItemResult, WorkerRequest, WorkerResponse } from './protocol.ts';

interface Pending {
  resolve: (items: WorkerItemResult[]) => void;
  reject: (e: Error) => void;
}

/** A fixed set of scoring workers; each batch goes to the least busy one. */
export class ScoringPool {
  readonly #workers: Array<{ w: Worker; busy: number; ready: Promise<void> }> = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  /** Batch latencies in ms (the last 1024), for /metrics. */
  readonly latenciesMs: number[] = [];
  /** Batches scored so far. */
  batches = 0;

  constructor(size: number, init: WorkerInit) {
    for (let i = 0; i < Math.max(1, size); i++) {
      const w = new Worker(new URL('./worker.ts', import.meta.url), { workerData: init });
      const slot = { w, busy: 0, ready: Promise.resolve() };
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
      w.on('message', (m: WorkerResponse | { ready: true }) => {
        if ('ready' in m) return;
        const p = this.#pending.get(m.id);
        if (!p) return;
        this.#pending.delete(m.id);
        slot.busy--;
        if (m.ok) p.resolve(m.items);
        else p.reject(new Error(m.error));
      });
      w.on('error', (e) => {
        // A crashed worker fails its in-flight batches; the callers store those rows unscored.
        for (const [id, p] of this.#pending) {
          this.#pending.delete(id);
          p.reject(e);
        }
      });
      this.#workers.push(slot);
    }
  }

  async ready(): Promise<void> {
    await Promise.all(this.#workers.map((s) => s.ready));
  }

  async run(items: WorkerRequest['items']): Promise<WorkerItemResult[]> {
    const slot = this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    await slot.ready;
    const id = this.#nextId++;
    const started = performance.now();
    slot.busy++;
    const result = await new Promise<WorkerItemResult[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.w.postMessage({ id, items } satisfies WorkerRequest);
    });
    if (this.latenciesMs.length >= 1024) this.latenciesMs.shift();
    this.latenciesMs.push(performance.now() - started);
    this.batches++;
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((s) => s.w.terminate()));
  }
}
