import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import { StoreError, type InsertOptions, type Store } from './store.ts';
import { serializeRows } from './rows.ts';

/**
 * The embedded store: real ClickHouse in-process through chdb, data in a local folder.
 * chdb binds one data directory per process, so one EmbeddedStore per process.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded';
  readonly dataDir: string;
  #session: Session | null;
  // chdb runs one statement at a time per session; serialise so callers need not care.
  #tail: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.dataDir = dataDir;
    mkdirSync(dataDir, { recursive: true });
    try {
      this.#session = new Session(dataDir);
    } catch (e) {
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

  insertJsonEachRow(table: string, text: string, options?: InsertOptions): Promise<void> {
    if (text.length === 0) return Promise.resolve();
    const payload = Buffer.from(text);
    const token = options?.dedupToken ?? '';
    return this.#run(async (s) => {
      // chdb ignores settings in an INSERT's SETTINGS clause, so the token is set on the session,
      // for every insert (an empty token switches token-based deduplication off again).
      await s.queryAsync(`SET insert_deduplication_token = ${sqlString(token)}`);
      await s.insert({ table, values: payload, format: 'JSONEachRow' });
    });
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
    await this.#tail;
    this.#session = null;
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

function sqlString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}
