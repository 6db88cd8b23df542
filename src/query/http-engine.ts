import {
  DEFAULT_READ_LIMITS,
  ReadError,
  formatClauseOf,
  limitSettings,
  readErrorFromMessage,
  sqlString,
  tenantFilter,
  type ReadEngine,
  type ReadLimits,
  type ReadRequest,
  type ReadResult,
} from './read-engine.ts';

export interface HttpReadEngineOptions {
  /** ClickHouse server URL (http://host:8123). */
  url: string;
  username?: string;
  password?: string;
  database: string;
  limits?: ReadLimits;
}

/**
 * Reads on a ClickHouse server over its HTTP interface. The limits, the tenant filter and
 * `readonly=1` travel as URL settings of the request: the server applies them before it parses the
 * SQL, so the statement can neither write nor change a setting.
 */
export class HttpReadEngine implements ReadEngine {
  readonly kind = 'server';
  readonly #o: HttpReadEngineOptions & { limits: ReadLimits };
  #tenantTables: { at: number; tables: string[] } | null = null;

  constructor(o: HttpReadEngineOptions) {
    this.#o = { ...o, limits: o.limits ?? DEFAULT_READ_LIMITS };
  }

  async execute(req: ReadRequest): Promise<ReadResult> {
    // max_threads stays the server's own (the collector host's cores say nothing about it)
    const { max_threads: _threads, ...limits } = limitSettings(this.#o.limits);
    const settings: Record<string, string | number> = { ...limits, ...(req.settings ?? {}) };
    if (req.project !== null) settings.additional_table_filters = tenantFilter(await this.#tablesWithProject(), req.project);
    settings.readonly = 1;
    const started = performance.now();
    const r = await this.#post(req.sql, req.format, req.database, settings, req.params);
    return { ...r, format: formatClauseOf(req.sql) ?? req.format, elapsedMs: r.elapsedMs || performance.now() - started };
  }

  async #tablesWithProject(): Promise<string[]> {
    const cached = this.#tenantTables;
    if (cached && Date.now() - cached.at < 30_000) return cached.tables;
    const r = await this.#post(
      `SELECT DISTINCT table FROM system.columns WHERE database = ${sqlString(this.#o.database)} AND name = 'project_id' ORDER BY table`,
      'JSONEachRow',
      undefined,
      { readonly: 1 },
    );
    const tables = new TextDecoder().decode(r.body).split('\n').filter(Boolean).map((l) => `${this.#o.database}.${(JSON.parse(l) as { table: string }).table}`);
    if (tables.length === 0) throw new ReadError(`no llmscope tables found in database ${this.#o.database}`, 81, 'UNKNOWN_DATABASE');
    this.#tenantTables = { at: Date.now(), tables };
    return tables;
  }

  async #post(
    sql: string,
    format: string,
    database: string | undefined,
    settings: Record<string, string | number>,
    params?: Record<string, unknown>,
  ): Promise<Omit<ReadResult, 'format'>> {
    const url = new URL(this.#o.url);
    url.pathname = url.pathname.replace(/\/?$/, '/');
    const q = url.searchParams;
    q.set('default_format', format);
    // Errors after the first row would otherwise arrive inside a 200 body.
    q.set('wait_end_of_query', '1');
    if (database) q.set('database', database);
    for (const [k, v] of Object.entries(settings)) q.set(k, String(v));
    const paramEntries = Object.entries(params ?? {}).map(([k, v]) => [`param_${k}`, paramText(v)] as const);
    // Long parameters go in a multipart body (as @clickhouse/client does): URLs have length limits.
    const multipart = paramEntries.reduce((n, [k, v]) => n + k.length + v.length, 0) > 4096;
    let payload: string | FormData = sql;
    if (multipart) {
      const form = new FormData();
      form.set('query', sql);
      for (const [k, v] of paramEntries) form.set(k, v);
      payload = form;
    } else for (const [k, v] of paramEntries) q.set(k, v);
    const headers: Record<string, string> = multipart ? {} : { 'content-type': 'text/plain; charset=UTF-8' };
    const auth = `${this.#o.username ?? 'default'}:${this.#o.password ?? ''}`;
    headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', body: payload, headers, signal: AbortSignal.timeout((this.#o.limits.maxExecutionSeconds + 10) * 1000) });
    } catch (e) {
      throw new ReadError(`ClickHouse at ${this.#o.url} did not answer: ${(e as Error).message}`, 210, 'NETWORK_ERROR');
    }
    const body = new Uint8Array(await res.arrayBuffer());
    if (!res.ok) {
      const text = new TextDecoder().decode(body);
      const err = readErrorFromMessage(text);
      const headerCode = Number(res.headers.get('x-clickhouse-exception-code'));
      if (err.codeName === 'STD_EXCEPTION' && headerCode) throw new ReadError(text.trim(), headerCode, 'UNKNOWN_EXCEPTION');
      throw err;
    }
    const summary = parseSummary(res.headers.get('x-clickhouse-summary'));
    return { body, rowsRead: summary.read_rows, bytesRead: summary.read_bytes, elapsedMs: summary.elapsed_ns / 1e6 };
  }

  async close(): Promise<void> {}
}

function parseSummary(h: string | null): { read_rows: number; read_bytes: number; elapsed_ns: number } {
  try {
    const s = JSON.parse(h ?? '{}') as Record<string, string>;
    return { read_rows: Number(s.read_rows ?? 0), read_bytes: Number(s.read_bytes ?? 0), elapsed_ns: Number(s.elapsed_ns ?? 0) };
  } catch {
    return { read_rows: 0, read_bytes: 0, elapsed_ns: 0 };
  }
}

/** A query parameter in ClickHouse's escaped text form (strings TSV-escaped; arrays/numbers as literals). */
export function paramText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\0/g, '\\0');
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  return literal(v);
}

function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'string') return sqlString(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) return '[' + v.map(literal).join(',') + ']';
  if (v instanceof Map) return '{' + [...v].map(([k, x]) => `${literal(k)}:${literal(x)}`).join(',') + '}';
  if (typeof v === 'object' && Array.isArray((v as { values?: unknown }).values)) return '(' + (v as { values: unknown[] }).values.map(literal).join(',') + ')';
  throw new ReadError(`unsupported parameter value ${JSON.stringify(v).slice(0, 60)}`, 36, 'BAD_ARGUMENTS');
}
