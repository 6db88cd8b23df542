import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Session } from './chdb.ts';
import { StoreError, type InsertOptions, type InsertStaging, type Store } from './store.ts';
import { serializeRows } from './rows.ts';

/**
 * The embedded store: real ClickHouse in-process through chdb, data in a local folder.
 * chdb binds one data directory per process, so one EmbeddedStore per process.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded';
  readonly dataDir: string;
  /** Where insert payloads are staged as files (see insertJsonEachRow); emptied at open. */
  readonly #stagingDir: string;
  #stagedFiles = 0;
  #session: Session | null = null;
  // chdb runs one statement at a time per session; serialise so callers need not care.
  #tail: Promise<unknown> = Promise.resolve();
  /**
   * Inserts into different tables run at once, each on its own connection to the same folder (chdb
   * allows several on one data directory; they share the one engine): a batch's otel_traces and
   * llm_calls inserts then take the longer of the two, not the sum. Each lane runs one statement at
   * a time; an insert goes to the lane with the fewest bytes waiting.
   */
  readonly #lanes: Array<{ session: Session; tail: Promise<unknown>; bytes: number }> = [];

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    mkdirSync(dataDir, { recursive: true });
    this.#stagingDir = join(dataDir, 'insert-staging');
    // Files left by a crash mid-insert: their rows are either stored or still in the write-ahead log.
    rmSync(this.#stagingDir, { recursive: true, force: true });
    mkdirSync(this.#stagingDir, { recursive: true });
    // Engine configuration that has no command-line form (merge_tree defaults): a file, rewritten at every open.
    const configFile = join(dataDir, ENGINE_CONFIG_FILE);
    writeFileSync(configFile, ENGINE_CONFIG);
    const connectionArgs = [...ENGINE_ARGS, `--config-file=${configFile}`];
    try {
      this.#session = new Session(dataDir, { connectionArgs });
      for (let i = 0; i < INSERT_LANES; i++) this.#lanes.push({ session: new Session(dataDir, { connectionArgs }), tail: Promise.resolve(), bytes: 0 });
    } catch (e) {
      this.#session?.close();
      for (const l of this.#lanes) l.session.close();
      throw new StoreError(`cannot open the embedded store in ${dataDir}: ${(e as Error).message}`);
    }
  }

  #run<T>(fn: (s: Session) => Promise<T>): Promise<T> {
    const s = this.#session;
    if (!s) return Promise.reject(new StoreError('store is closed'));
    const p = this.#tail.then(() => fn(s));
    this.#tail = p.catch(() => undefined);
    return p.catch((e: unknown) => {
      throw toStoreError(e);
    });
  }

  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return this.insertJsonEachRow(table, serializeRows(rows), options);
  }

  /**
   * The rows are staged in a file and inserted with `INSERT … FROM INFILE`: chdb's inline insert
   * hands the payload to ClickHouse as part of the query text, whose parser then walks the whole
   * batch (measured: 1.6× slower at 20k otel_traces rows, 2–3× at 100k, growing with the batch).
   * FROM INFILE is the same INSERT with the same format parser, settings and deduplication (an
   * identical block or a repeated insert_deduplication_token is a no-op), only reading from a file.
   * The parts go to the file in one writev, so a batch is never joined into one string in memory.
   */
  async insertJsonEachRow(table: string, text: string | readonly (string | Uint8Array)[], options?: InsertOptions): Promise<void> {
    const parts = typeof text === 'string' ? [text] : text;
    if (!parts.some((p) => p.length > 0)) return;
    const refused = this.#refusal(table);
    if (refused) throw refused;
    const file = this.#newFile();
    try {
      const bytes = await writeParts(file, parts).catch((e: unknown) => {
        throw toStoreError(e);
      });
      await this.#insertFile(table, file, bytes, options);
    } finally {
      await unlink(file).catch(() => undefined);
    }
  }

  /** The batch writer stages queued rows in files here and inserts them from there (store/row-spool.ts). */
  readonly staging: InsertStaging = {
    newFile: () => this.#newFile(),
    insertFile: (table, path, bytes, options) => {
      const refused = this.#refusal(table);
      return refused ? Promise.reject(refused) : this.#insertFile(table, path, bytes, options);
    },
  };

  /** Why an insert into table cannot run, checked before its file is written. */
  #refusal(table: string): StoreError | undefined {
    if (!this.#session) return new StoreError('store is closed');
    if (!TABLE_RE.test(table)) return new StoreError(`invalid table name: ${table}`);
    return undefined;
  }

  #newFile(): string {
    return join(this.#stagingDir, `${process.pid}-${++this.#stagedFiles}.jsonl`);
  }

  async #insertFile(table: string, file: string, bytes: number, options?: InsertOptions): Promise<void> {
    const token = options?.dedupToken ?? '';
    // Settings in the statement apply to this insert only (the session keeps none). Parallel
    // parsing is off: it costs more CPU than it saves on batches of this size (measured: 14.3 →
    // 12.8 µs per span at 20k spans, 33 → 23 at 2k), and the collector's own thread needs the cores.
    const sql =
      `INSERT INTO ${table} FROM INFILE ${sqlString(file)} ` +
      `SETTINGS insert_deduplication_token = ${sqlString(token)}, input_format_parallel_parsing = 0${extraSettings(options)} FORMAT JSONEachRow`;
    const lane = this.#lanes.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lane.bytes += bytes;
    const run = lane.tail.then(() => {
      if (!this.#session) throw new StoreError('store is closed');
      return lane.session.queryAsync(sql);
    });
    lane.tail = run.catch(() => undefined);
    try {
      await run;
    } catch (e) {
      throw toStoreError(e);
    } finally {
      lane.bytes -= bytes;
    }
  }

  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
    return this.#run(async (s) => {
      const r = params && Object.keys(params).length
        ? await s.queryBindAsync(sql, params, { format: 'JSONEachRow' })
        : await s.queryAsync(sql, { format: 'JSONEachRow' });
      return parseJsonEachRow<T>(r.text());
    });
  }

  command(sql: string, params?: Record<string, unknown>): Promise<void> {
    return this.#run(async (s) => {
      if (params && Object.keys(params).length) await s.queryBindAsync(sql, params, { format: 'JSONEachRow' });
      else await s.queryAsync(sql, { format: 'JSONEachRow' });
    });
  }

  async ping(): Promise<boolean> {
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const s = this.#session;
    if (!s) return;
    await Promise.all([this.#tail, ...this.#lanes.map((l) => l.tail)]);
    this.#session = null;
    for (const l of this.#lanes) l.session.close();
    s.close();
  }
}

export function parseJsonEachRow<T>(text: string): T[] {
  const out: T[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const line = nl < 0 ? text.slice(start) : text.slice(start, nl);
    if (line.length > 0) out.push(JSON.parse(line) as T);
    if (nl < 0) break;
    start = nl + 1;
  }
  return out;
}

function toStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const m = /Code: (\d+)/.exec(msg);
  return new StoreError(msg, m ? Number(m[1]) : undefined);
}

/**
 * Engine settings for a collector that shares its process with ClickHouse: the mark caches default
 * to 5 GiB each (sized for a server), and fill as queries and merges read parts; 64 MiB each keeps a
 * long-running collector's memory bounded.
 */
const ENGINE_ARGS = ['--mark_cache_size=67108864', '--index_mark_cache_size=67108864'];

/**
 * Every merge of the embedded engine is vertical (ClickHouse's default only past 131,072 rows): the
 * sort key columns are merged first, then the other columns one by one, instead of every column
 * of every source part at once — a horizontal merge of otel_traces parts (dozens of column streams
 * each: maps, nested events and links) held 170–210 MB while it ran, most of the collector's
 * memory growth under sustained ingest. bench/ingest, alternating runs: 200k spans peak RSS 756–789
 * → 677–705 MiB, chdb's thread-pool CPU 3.5–3.7 → 2.0 s; 60k spans peak RSS 568–602 → 569–576 MiB.
 * Defaults for every MergeTree table (a table's own SETTINGS would win; ours set none of these).
 */
const ENGINE_CONFIG =
  '<clickhouse>\n  <merge_tree>\n' +
  '    <vertical_merge_algorithm_min_rows_to_activate>1</vertical_merge_algorithm_min_rows_to_activate>\n' +
  '    <vertical_merge_algorithm_min_columns_to_activate>1</vertical_merge_algorithm_min_columns_to_activate>\n' +
  '  </merge_tree>\n</clickhouse>\n';
const ENGINE_CONFIG_FILE = 'engine-config.xml';

/** Connections that run inserts (besides the one for queries and DDL). */
const INSERT_LANES = 2;

/** All parts in one writev (one trip to the thread pool, no joined copy); resolves with the bytes written. */
async function writeParts(file: string, parts: readonly (string | Uint8Array)[]): Promise<number> {
  const fh = await open(file, 'w');
  try {
    const bufs = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
    let total = 0;
    for (const b of bufs) total += b.byteLength;
    // libuv writes every buffer (looping over short writes and IOV_MAX) or fails.
    const { bytesWritten } = await fh.writev(bufs);
    if (bytesWritten !== total) throw new Error(`short write to ${file}: ${bytesWritten} of ${total} bytes`);
    return total;
  } finally {
    await fh.close();
  }
}

const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function sqlString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}

function extraSettings(options: InsertOptions | undefined): string {
  let out = '';
  for (const [k, v] of Object.entries(options?.settings ?? {})) {
    if (!/^[A-Za-z_]+$/.test(k) || !Number.isFinite(v)) throw new StoreError(`invalid insert setting: ${k}`);
    out += `, ${k} = ${v}`;
  }
  return out;
}
