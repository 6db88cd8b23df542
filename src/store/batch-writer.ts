import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';
import { RowSpool, type SpooledRange } from './row-spool.ts';
import { backoffMs } from '../util/backoff.ts';
import { countLines } from '../util/lines.ts';

/** Rows for several tables that were accepted together (one OTLP request), as JSONEachRow text. */
export interface WriteUnit {
  /**
   * table name (without database) → JSONEachRow lines. The writer keeps queued lines as UTF-8
   * bytes (see enqueue), so they may be given either way.
   */
  lines: Record<string, string | Buffer>;
  /** Total rows over all tables (what the memory bound counts). */
  rows: number;
  /** Rows per table, when known (for the written-rows counters); otherwise lines are counted. */
  counts?: Record<string, number>;
  /** Called once every line of this unit is confirmed stored. */
  onStored?: () => void;
  /** Sequence number of the write-ahead-log record the unit was built from (durable mode). */
  walSeq?: number;
}

export interface BatchWriterOptions {
  database: string;
  /**
   * Flush when one table has this many rows pending (each insert is at most about this size) …
   * or when the rows pending in all tables reach half of maxQueuedRows (never below maxBatchRows).
   */
  maxBatchRows: number;
  /** … or when the oldest pending row is this old. */
  flushIntervalMs: number;
  /** Bound on rows held in memory (pending + in flight); beyond it enqueue() refuses. */
  maxQueuedRows: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Prefix of insert_deduplication_token values; a retried batch reuses its token. */
  dedupPrefix?: string;
  onError?: (e: unknown, attempt: number) => void;
  /**
   * Called once before a batch is first inserted; returns its deduplication token prefix (durable
   * mode records the batch's composition in the write-ahead log so a replay rebuilds the same batch
   * with the same token). Without it the prefix is per process.
   */
  beginBatch?: (units: readonly BatchUnit[]) => Promise<string>;
  /** Called once the batch is confirmed stored, before the units' onStored callbacks. */
  endBatch?: (units: readonly BatchUnit[], tokenPrefix: string) => void;
  /** A row ClickHouse refused as data: it is set aside (not stored) and reported here. */
  onRejectedRow?: (table: string, line: string, error: unknown) => void;
}

export interface WriterStats {
  queuedRows: number;
  rowsWritten: Record<string, number>;
  flushes: number;
  insertErrors: number;
  /** Durations of successful flushes in ms (kept for the metrics histogram, bounded). */
  flushDurationsMs: number[];
  lastFlushAt: number;
  degraded: boolean;
  /** Rows ClickHouse refused as data (set aside, never retried), by table. */
  rejectedRows: Record<string, number>;
}

/** What the batch hooks see of a unit. */
export type BatchUnit = Pick<WriteUnit, 'walSeq'>;

/**
 * A queued unit. Its lines per table are bytes in memory, or a range of the batch's spool file
 * (stores with staging); the caller's lines object is not kept, so written bytes can be freed.
 */
interface QueuedUnit extends BatchUnit {
  pieces: Map<string, Buffer | SpooledRange>;
  /** Rows per table (given, or counted when queued). */
  counts: Map<string, number>;
  onStored?: () => void;
}

interface Batch {
  seq: number;
  units: QueuedUnit[];
  rows: number;
  /** Per table, the file its rows were written to as they were queued (stores with staging). */
  spools: Map<string, RowSpool>;
}

/**
 * Few large inserts, as ClickHouse advises: requests append units; one loop flushes when a table
 * has N rows pending or at T ms, with one insert per table per flush, retries a failed batch (same dedup token, so a retry
 * after an ambiguous failure is a no-op) with exponential backoff and jitter, and never holds more
 * than maxQueuedRows in memory.
 */
export class BatchWriter {
  readonly #store: Store;
  readonly #o: Required<Omit<BatchWriterOptions, 'onError' | 'beginBatch' | 'endBatch' | 'onRejectedRow'>> &
    Pick<BatchWriterOptions, 'onError' | 'beginBatch' | 'endBatch' | 'onRejectedRow'>;
  #pending: QueuedUnit[] = [];
  /** The pending batch's spool per table (stores with staging). */
  #spools = new Map<string, RowSpool>();
  #pendingRows = 0;
  /**
   * Rows pending per table and the largest of them. A flush is due on the fullest table, not on the
   * sum: a metrics request spreads its points over three to five tables, and flushing at N rows in
   * all would write parts of N/3–N/5 rows, which cost ClickHouse more per row to write and then to
   * merge (measured with bench/logs-metrics: 25.7 → 18.2 µs CPU per data point).
   */
  readonly #pendingByTable = new Map<string, number>();
  #pendingMaxTable = 0;
  #inFlightRows = 0;
  #firstPendingAt = 0;
  #batchSeq = 0;
  #timer: NodeJS.Timeout | null = null;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #closing = false;
  readonly stats: WriterStats = {
    queuedRows: 0,
    rowsWritten: {},
    flushes: 0,
    insertErrors: 0,
    flushDurationsMs: [],
    lastFlushAt: 0,
    degraded: false,
    rejectedRows: {},
  };

  constructor(store: Store, o: BatchWriterOptions) {
    this.#store = store;
    this.#o = {
      ...o,
      retryBaseMs: o.retryBaseMs ?? 100,
      retryMaxMs: o.retryMaxMs ?? 10_000,
      dedupPrefix: o.dedupPrefix ?? randomUUID(),
    };
    this.#loop = this.#run();
  }

  /** Rows held in memory, pending or being inserted. */
  get queuedRows(): number {
    return this.#pendingRows + this.#inFlightRows;
  }

  hasCapacity(rows: number): boolean {
    return this.queuedRows + rows <= this.#o.maxQueuedRows;
  }

  /**
   * Queues a unit; false (nothing queued) when the bound would be exceeded or the writer is closing.
   * Its lines are queued as UTF-8 bytes, outside the JS heap: queued rows live long enough to be
   * promoted to V8's old space, where as strings (ropes of many small pieces) they cost most of the
   * collector's garbage-collection time and a heap several times their size. The bytes are what
   * the store writes anyway. A store with staging gets them written to the batch's files at once
   * (store/row-spool.ts), so they do not wait in memory at all.
   */
  enqueue(unit: WriteUnit): boolean {
    if (this.#closing || !this.hasCapacity(unit.rows)) return false;
    if (this.#pending.length === 0) this.#firstPendingAt = Date.now();
    const queued = this.#queued(unit, this.#store.staging ? this.#spools : null);
    this.#pending.push(queued);
    this.#pendingRows += unit.rows;
    for (const [table, rows] of queued.counts) {
      const n = (this.#pendingByTable.get(table) ?? 0) + rows;
      this.#pendingByTable.set(table, n);
      if (n > this.#pendingMaxTable) this.#pendingMaxTable = n;
    }
    this.stats.queuedRows = this.queuedRows;
    if (this.#batchFull()) this.#wake?.();
    else this.#armFlushTimer();
    return true;
  }

  /**
   * A batch is due by size when its fullest table reaches maxBatchRows, or when all its rows reach
   * half the memory bound: rows in flight and rows pending then both fit in it, so batching alone
   * never makes enqueue() refuse.
   */
  #batchFull(): boolean {
    return this.#pendingMaxTable >= this.#o.maxBatchRows || this.#pendingRows >= Math.max(this.#o.maxBatchRows, this.#o.maxQueuedRows / 2);
  }

  /**
   * A timer that wakes the write loop when the oldest pending row is due. Node's timers count from
   * the loop time cached at the start of the event-loop turn, so one can fire a millisecond before
   * the batch counts as due; the loop then arms it again for the remainder (never zero timers with
   * rows pending, or a lone request would wait for the next one).
   */
  #armFlushTimer(): void {
    if (this.#timer || this.#pending.length === 0) return;
    const remaining = this.#firstPendingAt + this.#o.flushIntervalMs - Date.now();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#wake?.();
    }, Math.max(1, remaining));
  }

  /** Resolves once everything queued so far is stored. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0 || this.#inFlightRows > 0) {
      this.#forceFlush = true;
      this.#wake?.();
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  #forceFlush = false;

  /** Stops accepting, flushes everything (retrying as needed), then stops the loop. */
  /**
   * Stops accepting and flushes everything, retrying as needed — for at most giveUpAfterMs while
   * the store keeps failing; then the retries stop and the rows still held are reported as
   * abandoned (with a write-ahead log they are replayed at the next start).
   */
  async close(giveUpAfterMs = Infinity): Promise<{ abandonedRows: number }> {
    this.#closing = true;
    this.#wake?.();
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      this.#loop!.then(() => false),
      new Promise<boolean>((r) => {
        if (Number.isFinite(giveUpAfterMs)) timer = setTimeout(() => r(true), giveUpAfterMs);
      }),
    ]);
    clearTimeout(timer);
    let abandonedRows = 0;
    if (gaveUp) {
      abandonedRows = this.queuedRows;
      this.#abandoned = true;
      for (const wake of this.#wakeRetry) wake();
      await this.#loop;
      // Rows never taken into a batch: the write-ahead log (if any) has them.
      await removeSpools(this.#spools);
    }
    if (this.#timer) clearTimeout(this.#timer);
    return { abandonedRows };
  }
  #abandoned = false;
  /** Cuts short the backoff waits in progress (one per table being retried). */
  readonly #wakeRetry = new Set<() => void>();

  async #run(): Promise<void> {
    for (;;) {
      if (this.#abandoned) return;
      const due =
        this.#batchFull() ||
        (this.#pending.length > 0 && (this.#closing || this.#forceFlush || Date.now() - this.#firstPendingAt >= this.#o.flushIntervalMs));
      if (!due) {
        if (this.#closing && this.#pending.length === 0) return;
        this.#armFlushTimer();
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = null;
        continue;
      }
      this.#forceFlush = false;
      const batch = this.#take();
      await this.#writeWithRetry(batch);
    }
  }

  #take(): Batch {
    const units = this.#pending;
    const rows = this.#pendingRows;
    this.#pending = [];
    this.#pendingRows = 0;
    this.#pendingByTable.clear();
    this.#pendingMaxTable = 0;
    this.#inFlightRows = rows;
    const spools = this.#spools;
    this.#spools = new Map();
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    return { seq: this.#batchSeq + 1, units, rows, spools };
  }

  /**
   * The unit as queued: lines as UTF-8 bytes, counted per table, and, given spools, appended to
   * its table's spool file (the bytes are then dropped once written).
   */
  #queued(unit: WriteUnit, spools: Map<string, RowSpool> | null): QueuedUnit {
    const pieces = new Map<string, Buffer | SpooledRange>();
    const counts = new Map<string, number>();
    for (const table in unit.lines) {
      const v = unit.lines[table]!;
      if (!v.length) continue;
      const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      counts.set(table, unit.counts?.[table] ?? countLines(bytes));
      if (!spools) {
        pieces.set(table, bytes);
        continue;
      }
      let spool = spools.get(table);
      if (!spool) spools.set(table, (spool = new RowSpool(this.#store.staging!.newFile())));
      pieces.set(table, spool.append(bytes));
    }
    return { pieces, counts, ...(unit.walSeq !== undefined ? { walSeq: unit.walSeq } : {}), ...(unit.onStored ? { onStored: unit.onStored } : {}) };
  }

  async #writeWithRetry(batch: Batch): Promise<void> {
    let prefix = `${this.#o.dedupPrefix}:${batch.seq}`;
    if (this.#o.beginBatch) {
      try {
        prefix = await this.#o.beginBatch(batch.units);
      } catch (e) {
        this.#o.onError?.(e, 0);
      }
    }
    try {
      await this.#insertUnits(batch.units, prefix, new Set(), batch.spools);
    } catch (e) {
      if (e instanceof AbandonedError) {
        await removeSpools(batch.spools);
        return; // closing with the store away: nothing confirmed
      }
      throw e;
    }
    await removeSpools(batch.spools);
    this.#batchSeq = batch.seq;
    this.#inFlightRows = 0;
    this.stats.queuedRows = this.queuedRows;
    this.#o.endBatch?.(batch.units, prefix);
    for (const u of batch.units) u.onStored?.();
  }

  /**
   * Inserts units as one batch with a given token prefix, retrying until stored, outside the queue:
   * write-ahead-log replay uses it to rebuild a batch exactly as it was first attempted.
   */
  async writeBatch(units: readonly WriteUnit[], tokenPrefix: string): Promise<void> {
    await this.#insertUnits(units.map((u) => this.#queued(u, null)), tokenPrefix);
    for (const u of units) u.onStored?.();
  }

  /**
   * spools: the batch's files per table; a table whose pieces are exactly its spool (every unit's
   * lines, all written) is inserted from that file, otherwise from its pieces (read back as needed).
   */
  async #insertUnits(units: readonly QueuedUnit[], prefix: string, skipTables: ReadonlySet<string> = new Set(), spools?: ReadonlyMap<string, RowSpool>): Promise<void> {
    // Gather each table's pieces once (never joined: the store writes them one by one); the same
    // pieces and token are reused by every retry.
    const perTable = new Map<string, Array<Buffer | SpooledRange>>();
    const rowsPerTable = new Map<string, number>();
    for (const u of units) {
      for (const [table, piece] of u.pieces) {
        if (skipTables.has(table)) continue;
        let pieces = perTable.get(table);
        if (!pieces) perTable.set(table, (pieces = []));
        pieces.push(piece);
        rowsPerTable.set(table, (rowsPerTable.get(table) ?? 0) + u.counts.get(table)!);
      }
    }
    const started = performance.now();
    const done = new Set(skipTables);
    // The tables' inserts run at once (the store may run them in parallel), each retried on its own.
    const results = await Promise.all(
      [...perTable].map(async ([table, pieces]) => {
        const spool = spools?.get(table);
        const whole = spool !== undefined && spool.appends === pieces.length && (await spool.seal());
        const token = `${prefix}:${table}`;
        const r = whole ? await this.#insertFileWithRetry(table, spool, token) : await this.#insertWithRetry(table, pieces, token);
        return [table, r] as const;
      }),
    );
    let rejected = false;
    for (const [table, r] of results) {
      if (r === 'abandoned') throw new AbandonedError();
      if (r === 'rejected') rejected = true;
      else {
        done.add(table);
        this.stats.rowsWritten[table] = (this.stats.rowsWritten[table] ?? 0) + rowsPerTable.get(table)!;
      }
    }
    if (rejected) {
      // ClickHouse refused the data itself (a retry cannot help): find the bad rows, store the rest.
      await this.#isolate(units, prefix, done);
      return;
    }
    const ms = performance.now() - started;
    this.stats.flushes++;
    this.stats.lastFlushAt = Date.now();
    if (this.stats.flushDurationsMs.length >= 1024) this.stats.flushDurationsMs.shift();
    this.stats.flushDurationsMs.push(ms);
  }

  /**
   * A batch with rows ClickHouse refuses: each unit is inserted on its own, and within a refused
   * unit each row, so only the bad rows are set aside (counted, logged). Tokens are derived from the
   * batch token and the unit's log seq / row index, so a replay of the same batch dedups the same way.
   */
  async #isolate(units: readonly QueuedUnit[], prefix: string, doneTables: ReadonlySet<string>): Promise<void> {
    if (units.length > 1) {
      for (let i = 0; i < units.length; i++) await this.#insertUnits([units[i]!], `${prefix}:u${units[i]!.walSeq ?? i}`, doneTables);
      return;
    }
    const unit = units[0]!;
    for (const [table, piece] of unit.pieces) {
      if (doneTables.has(table)) continue;
      const lines = splitLines(await bytesOf(piece));
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]!.length) continue;
        const r = await this.#insertWithRetry(table, [lines[i]!, NEWLINE], `${prefix}:r${i}:${table}`);
        if (r === 'abandoned') throw new AbandonedError();
        if (r === 'ok') this.stats.rowsWritten[table] = (this.stats.rowsWritten[table] ?? 0) + 1;
        else {
          this.stats.rejectedRows[table] = (this.stats.rejectedRows[table] ?? 0) + 1;
          this.#o.onRejectedRow?.(table, lines[i]!.toString('utf8'), this.#lastError);
        }
      }
    }
  }

  #lastError: unknown = null;

  /** Inserts pieces (spooled ones read back for each attempt); see #retry. */
  #insertWithRetry(table: string, pieces: ReadonlyArray<Buffer | SpooledRange>, token: string): Promise<'ok' | 'rejected' | 'abandoned'> {
    return this.#retry(async () => this.#store.insertJsonEachRow(`${this.#o.database}.${table}`, await Promise.all(pieces.map(bytesOf)), { dedupToken: token }));
  }

  #insertFileWithRetry(table: string, spool: RowSpool, token: string): Promise<'ok' | 'rejected' | 'abandoned'> {
    return this.#retry(() => this.#store.staging!.insertFile(`${this.#o.database}.${table}`, spool.path, spool.bytes, { dedupToken: token }));
  }

  /** Retries transient failures with exponential backoff and jitter; 'rejected' when ClickHouse refuses the data. */
  async #retry(insert: () => Promise<void>): Promise<'ok' | 'rejected' | 'abandoned'> {
    for (let attempt = 1; ; attempt++) {
      if (this.#abandoned) return 'abandoned';
      try {
        await insert();
        this.stats.degraded = false;
        return 'ok';
      } catch (e) {
        this.#lastError = e;
        if (isDataError(e)) return 'rejected';
        this.stats.insertErrors++;
        this.stats.degraded = true;
        this.#o.onError?.(e, attempt);
        let wake!: () => void;
        await new Promise<void>((r) => {
          const t = setTimeout(r, backoffMs(attempt, { baseMs: this.#o.retryBaseMs, maxMs: this.#o.retryMaxMs }));
          wake = () => {
            clearTimeout(t);
            r();
          };
          this.#wakeRetry.add(wake);
        });
        this.#wakeRetry.delete(wake);
      }
    }
  }
}

/**
 * ClickHouse error codes that mean "this data can never be inserted" (parsing and conversion of the
 * input), as opposed to an unreachable, overloaded or failing server, which is worth retrying.
 */
const DATA_ERROR_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  130, // CANNOT_READ_ARRAY_FROM_TEXT
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
  457, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE (newer code)
]);

function isDataError(e: unknown): boolean {
  const code = (e as { code?: number }).code;
  return typeof code === 'number' && DATA_ERROR_CODES.has(code);
}

/** The writer gave up retrying at close(); the batch was not stored. */
class AbandonedError extends Error {}

const NL = 0x0a;
const NEWLINE = Buffer.from('\n');

function bytesOf(piece: Buffer | SpooledRange): Promise<Buffer> {
  return Buffer.isBuffer(piece) ? Promise.resolve(piece) : piece.spool.read(piece);
}

async function removeSpools(spools: ReadonlyMap<string, RowSpool>): Promise<void> {
  await Promise.all([...spools.values()].map((s) => s.remove()));
}

/** Lines of JSONEachRow bytes, as views (a raw newline never occurs inside a JSON line), the last one after the final newline. */
function splitLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(NL); i >= 0; i = bytes.indexOf(NL, start)) {
    out.push(bytes.subarray(start, i));
    start = i + 1;
  }
  out.push(bytes.subarray(start));
  return out;
}
