import { Session } from '../store/chdb.ts';
import {
  DEFAULT_READ_LIMITS,
  ReadError,
  formatClauseOf,
  limitSettings,
  readErrorFromMessage,
  setStatement,
  sqlString,
  tenantFilter,
  type ReadEngine,
  type ReadLimits,
  type ReadRequest,
  type ReadResult,
} from './read-engine.ts';

export interface ChdbReadEngineOptions {
  /** The data folder the collector's store is open on (same process: chdb shares one engine per folder). */
  dataDir: string;
  /** The llmscope database (its tables with a project_id column are filtered for tenants). */
  database: string;
  limits?: ReadLimits;
  /** Idle connections kept for reuse. */
  maxIdle?: number;
}

interface Conn {
  session: Session;
  key: string;
}

/**
 * Reads on the embedded store while the collector writes to it: chdb allows several connections to
 * the one engine bound to the data folder, each with its own settings. A read connection gets its
 * limits, tenant filter and output settings with SET, then `SET readonly=1` — from then on ClickHouse
 * refuses any write and any settings change on it. Connections are pooled by their settings; one
 * that saw an error is discarded (chdb can keep a failed statement's partial output on it).
 */
export class ChdbReadEngine implements ReadEngine {
  readonly kind = 'embedded';
  readonly #o: Required<Omit<ChdbReadEngineOptions, 'limits'>> & { limits: ReadLimits };
  readonly #idle = new Map<string, Conn[]>();
  #idleCount = 0;
  #closed = false;
  #tenantTables: { at: number; tables: string[] } | null = null;

  constructor(o: ChdbReadEngineOptions) {
    this.#o = { maxIdle: 8, ...o, limits: o.limits ?? DEFAULT_READ_LIMITS };
  }

  async execute(req: ReadRequest): Promise<ReadResult> {
    if (this.#closed) throw new ReadError('the store is closed', 210, 'NETWORK_ERROR');
    const settings: Record<string, string | number> = { ...limitSettings(this.#o.limits), ...(req.settings ?? {}) };
    if (req.project !== null) settings.additional_table_filters = tenantFilter(await this.#tablesWithProject(), req.project);
    const database = req.database ?? 'default';
    const key = `${database}\u0000${JSON.stringify(Object.entries(settings).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    const conn = await this.#acquire(key, settings, database);
    const format = formatClauseOf(req.sql) ?? req.format;
    let ok = false;
    try {
      const r = req.params && Object.keys(req.params).length
        ? await conn.session.queryBindAsync(req.sql, req.params, { format: req.format })
        : await conn.session.queryAsync(req.sql, { format: req.format });
      ok = true;
      return { body: r.bytes(), format, rowsRead: r.rowsRead, bytesRead: r.bytesRead, elapsedMs: r.elapsed * 1000 };
    } catch (e) {
      throw toReadError(e);
    } finally {
      this.#release(conn, ok);
    }
  }

  async #tablesWithProject(): Promise<string[]> {
    const cached = this.#tenantTables;
    if (cached && Date.now() - cached.at < 30_000) return cached.tables;
    const s = new Session(this.#o.dataDir);
    try {
      const r = await s.queryAsync(
        `SELECT DISTINCT table FROM system.columns WHERE database = ${sqlString(this.#o.database)} AND name = 'project_id' ORDER BY table`,
        { format: 'JSONEachRow' },
      );
      const tables = r.text().split('\n').filter(Boolean).map((l) => `${this.#o.database}.${(JSON.parse(l) as { table: string }).table}`);
      if (tables.length === 0) throw new ReadError(`no llmscope tables found in database ${this.#o.database}`, 81, 'UNKNOWN_DATABASE');
      this.#tenantTables = { at: Date.now(), tables };
      return tables;
    } finally {
      s.close();
    }
  }

  async #acquire(key: string, settings: Record<string, string | number>, database: string): Promise<Conn> {
    const list = this.#idle.get(key);
    const reused = list?.pop();
    if (reused) {
      this.#idleCount--;
      return reused;
    }
    const session = new Session(this.#o.dataDir);
    try {
      const set = setStatement(settings);
      if (set) await session.queryAsync(set);
      await session.queryAsync(`USE ${quoteIdent(database)}`);
      await session.queryAsync('SET readonly = 1');
    } catch (e) {
      session.close();
      throw toReadError(e);
    }
    return { session, key };
  }

  #release(conn: Conn, healthy: boolean): void {
    if (!healthy || this.#closed) {
      conn.session.close();
      return;
    }
    if (this.#idleCount >= this.#o.maxIdle) this.#evictOne();
    const list = this.#idle.get(conn.key) ?? [];
    list.push(conn);
    this.#idle.set(conn.key, list);
    this.#idleCount++;
  }

  #evictOne(): void {
    for (const [key, list] of this.#idle) {
      const c = list.shift();
      if (!c) continue;
      if (list.length === 0) this.#idle.delete(key);
      this.#idleCount--;
      c.session.close();
      return;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const list of this.#idle.values()) for (const c of list) c.session.close();
    this.#idle.clear();
    this.#idleCount = 0;
  }
}

function quoteIdent(name: string): string {
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

function toReadError(e: unknown): ReadError {
  if (e instanceof ReadError) return e;
  return readErrorFromMessage(e instanceof Error ? e.message : String(e));
}
