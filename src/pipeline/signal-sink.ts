/**
 * Where an accepted request of a signal goes: its rows queued in the batch writer (accept), or
 * built for write-ahead-log replay (build). Traces go through Ingest (GenAI understanding,
 * pricing, enrichment); logs and metrics become rows of their otel_* tables directly.
 */
import type { BatchWriter, WriteUnit } from '../store/batch-writer.ts';
import type { SignalRows } from './logs-rows.ts';

export type { Signal } from '../otlp/parse.ts';

export interface SignalSink<R> {
  accept(req: R, projectId: string, opts?: { walSeq?: number; onStored?: () => void }): { ok: boolean };
  build(req: R, projectId: string, walSeq?: number): Promise<WriteUnit>;
}

/** A sink that turns a request into rows with `toRows` and queues them as one write unit. */
export class RowsSink<R> implements SignalSink<R> {
  readonly #writer: BatchWriter;
  readonly #toRows: (req: R, projectId: string) => SignalRows;
  /** Rows accepted into the writer, by table. */
  readonly accepted: Record<string, number> = {};

  readonly #prepare: (req: R) => R;
  readonly #onAccepted: ((req: R) => void) | undefined;

  /**
   * prepare: what is done to a request before its rows are built (--redact), on accept and replay
   * alike; onAccepted sees each request accept() took, as prepared (forwarding's feed).
   */
  constructor(writer: BatchWriter, toRows: (req: R, projectId: string) => SignalRows, o: { prepare?: (req: R) => R; onAccepted?: (req: R) => void } = {}) {
    this.#writer = writer;
    this.#toRows = toRows;
    this.#prepare = o.prepare ?? ((req) => req);
    this.#onAccepted = o.onAccepted;
  }

  accept(req: R, projectId: string, opts: { walSeq?: number; onStored?: () => void } = {}): { ok: boolean } {
    const prepared = this.#prepare(req);
    const unit = this.#unit(prepared, projectId, opts.walSeq);
    if (!this.#writer.hasCapacity(unit.rows) || !this.#writer.enqueue({ ...unit, onStored: opts.onStored })) return { ok: false };
    for (const t in unit.counts) this.accepted[t] = (this.accepted[t] ?? 0) + unit.counts[t]!;
    this.#onAccepted?.(prepared);
    return { ok: true };
  }

  async build(req: R, projectId: string, walSeq?: number): Promise<WriteUnit> {
    return this.#unit(this.#prepare(req), projectId, walSeq);
  }

  #unit(req: R, projectId: string, walSeq: number | undefined): WriteUnit & { counts: Record<string, number> } {
    const r = this.#toRows(req, projectId);
    const lines: Record<string, string> = {};
    const counts: Record<string, number> = {};
    for (const t in r.lines) {
      if (!r.lines[t]) continue;
      lines[t] = r.lines[t]!;
      counts[t] = r.counts[t] ?? 0;
    }
    return { lines, rows: r.rows, counts, walSeq };
  }
}
