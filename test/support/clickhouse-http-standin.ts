/**
 * TEST STAND-IN for a ClickHouse server: a small endpoint speaking ClickHouse's HTTP protocol,
 * backed by the real engine in-process (chdb). It exists because no ClickHouse server of a usable
 * version can run on the build machines; the deploy files run a real server.
 *
 * Supported: query in the URL (`query=`) and/or the body (URL part first, body appended, as
 * ClickHouse does for INSERT data), `param_<name>` bound parameters, `database`, `default_format`
 * and a FORMAT clause, `insert_deduplication_token`, a request's other URL parameters as settings when
 * it sets `readonly` (applied on a connection of its own, `readonly` last, before the statement, as
 * the server does), gzip request bodies, basic/X-ClickHouse auth,
 * `/ping`, and ClickHouse's error shape (status, `X-ClickHouse-Exception-Code`, "Code: N. DB::Exception: …").
 * Fault injection (stop/start, slow, failing) serves the outage tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { Session } from 'chdb';
import { paramValue, placeholderTypes } from '../../src/api/clickhouse-http.ts';

export interface StandinOptions {
  dataDir: string;
  port?: number;
  user?: string;
  password?: string;
}

export type Fault = { mode: 'none' } | { mode: 'error'; status?: number } | { mode: 'slow'; delayMs: number };

const INSERT_FORMAT_RE = /^\s*INSERT\s+INTO\s+([`"\w.]+)\s*(?:\(([^)]*)\))?\s*FORMAT\s+(\w+)\s*$/is;
const HAS_FORMAT_RE = /\bFORMAT\s+\w+\s*;?\s*$/i;
/** URL parameters of the HTTP protocol itself; every other one is a setting. */
const PROTOCOL_PARAMS = new Set(['query', 'database', 'default_format', 'user', 'password', 'query_id', 'session_id', 'insert_deduplication_token', 'wait_end_of_query', 'enable_http_compression', 'send_progress_in_http_headers']);

export class ClickHouseHttpStandin {
  readonly #session: Session;
  readonly #opts: StandinOptions;
  #server: Server | null = null;
  #port: number;
  #fault: Fault = { mode: 'none' };
  #tail: Promise<unknown> = Promise.resolve();
  /** Requests served, by kind, for assertions. */
  readonly stats = { queries: 0, inserts: 0, errors: 0 };

  constructor(opts: StandinOptions) {
    this.#opts = opts;
    this.#port = opts.port ?? 0;
    this.#session = new Session(opts.dataDir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  setFault(f: Fault): void {
    this.#fault = f;
  }

  async start(): Promise<void> {
    if (this.#server) return;
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => this.#sendError(res, 500, 1001, String(e)));
    });
    await new Promise<void>((resolve) => server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening (connections refused) but keeps the data; start() resumes on the same port. */
  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    this.#server = null;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async close(): Promise<void> {
    await this.stop();
    await this.#tail;
    this.#session.close();
  }

  /** Runs SQL directly on the backing engine (for test assertions). */
  async query(sql: string): Promise<string> {
    return this.#serial(async () => (await this.#session.queryAsync(sql, { format: 'JSONEachRow' })).text());
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.#tail.then(fn);
    this.#tail = p.catch(() => undefined);
    return p;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://standin');
    const body = await readBody(req);
    const fault = this.#fault;
    if (fault.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
    if (url.pathname === '/ping') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8' }).end('Ok.\n');
      return;
    }
    if (fault.mode === 'error') {
      this.#sendError(res, fault.status ?? 500, 999, 'Injected failure (test stand-in fault mode)', 'KEEPER_EXCEPTION');
      return;
    }
    if (url.pathname !== '/') {
      this.#sendError(res, 404, 0, `There is no handle ${url.pathname}`, 'UNKNOWN');
      return;
    }
    if (!this.#authorised(req, url)) {
      this.#sendError(res, 403, 516, 'default: Authentication failed: password is incorrect, or there is no user with such name.', 'AUTHENTICATION_FAILED');
      return;
    }
    const urlQuery = url.searchParams.get('query') ?? '';
    const rawParams: Array<[string, string]> = [...url.searchParams].filter(([k]) => k.startsWith('param_')).map(([k, v]) => [k.slice(6), v]);
    const database = url.searchParams.get('database');
    const dedupToken = url.searchParams.get('insert_deduplication_token');
    const format = url.searchParams.get('default_format') ?? 'TabSeparated';
    let bodyText = body.toString('utf8');
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      // query and param_* as form parts (what @clickhouse/client sends for long parameters)
      const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
      bodyText = '';
      for (const [k, v] of form) {
        if (typeof v !== 'string') continue;
        if (k === 'query') bodyText = v;
        else if (k.startsWith('param_')) rawParams.push([k.slice(6), v]);
      }
    }

    try {
      const insert = urlQuery ? INSERT_FORMAT_RE.exec(urlQuery) : null;
      if (insert) {
        const table = qualify(insert[1]!.replace(/[`"]/g, ''), database);
        const columns = insert[2]?.split(',').map((c) => c.trim().replace(/[`"]/g, '')).filter(Boolean);
        // chdb ignores an INSERT's SETTINGS clause: set the token on the session for every insert.
        const summary = await this.#serial(async () => {
          await this.#session.queryAsync(`SET insert_deduplication_token = '${(dedupToken ?? '').replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
          return this.#session.insert({ table, values: body, format: insert[3] as 'JSONEachRow', columns });
        });
        this.stats.inserts++;
        res.writeHead(200, {
          'x-clickhouse-summary': JSON.stringify({ written_rows: String(summary.rowsWritten) }),
          'content-type': 'text/plain; charset=UTF-8',
        });
        res.end();
        return;
      }
      let sql = urlQuery ? (bodyText ? `${urlQuery}\n${bodyText}` : urlQuery) : bodyText;
      // param_* text is in the escaped form of its placeholder's type (strings TSV-escaped, arrays as literals).
      const types = placeholderTypes(sql);
      const params: Record<string, unknown> = {};
      for (const [k, v] of rawParams) params[k] = paramValue(types.get(k), v);
      if (!sql.trim()) {
        this.#sendError(res, 400, 62, 'Empty query', 'SYNTAX_ERROR');
        return;
      }
      if (database && /^\s*(SELECT|WITH)\b/i.test(sql)) {
        // The stand-in has no per-request default database: run `USE` first in the same session.
        await this.#serial(() => this.#session.queryAsync(`USE ${database}`));
      }
      const fmt = HAS_FORMAT_RE.test(sql) ? undefined : format;
      const settings = [...url.searchParams].filter(([k]) => !PROTOCOL_PARAMS.has(k) && !k.startsWith('param_'));
      // Requests that set readonly (the collector's reads) get their settings applied; the writer's
      // own requests keep the shared session (their output settings match its defaults).
      if (settings.some(([k]) => k === 'readonly')) {
        const out = await this.#withSettings(settings, database, async (s) =>
          Object.keys(params).length ? s.queryBindAsync(sql, params, fmt ? { format: fmt } : {}) : s.queryAsync(sql, fmt ? { format: fmt } : {}),
        );
        this.stats.queries++;
        res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'x-clickhouse-format': fmt ?? '' });
        res.end(Buffer.from(out.bytes()));
        return;
      }
      const out = await this.#serial(async () =>
        Object.keys(params).length
          ? await this.#session.queryBindAsync(sql, params, fmt ? { format: fmt } : {})
          : await this.#session.queryAsync(sql, fmt ? { format: fmt } : {}),
      );
      this.stats.queries++;
      res.writeHead(200, { 'content-type': 'text/plain; charset=UTF-8', 'x-clickhouse-format': fmt ?? '' });
      res.end(Buffer.from(out.bytes()));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const m = /Code: (\d+)\. DB::Exception: ([\s\S]*?)(?: \((\w+)\))?(?: \(version [^)]*\))?\s*$/.exec(msg);
      const code = m ? Number(m[1]) : 1001;
      this.#sendError(res, code === 62 || code === 47 || code === 60 || code === 457 ? 400 : 500, code, m ? m[2]! : msg, m?.[3] ?? 'STD_EXCEPTION');
    }
  }

  /** Runs on a connection of its own with the request's settings (readonly last), then closes it. */
  async #withSettings<T>(settings: Array<[string, string]>, database: string | null, fn: (s: Session) => Promise<T>): Promise<T> {
    const s = new Session(this.#opts.dataDir);
    try {
      if (database) await s.queryAsync(`USE \`${database.replace(/`/g, '')}\``);
      const lit = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? v : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
      const rest = settings.filter(([k]) => k !== 'readonly' && /^\w+$/.test(k));
      if (rest.length) await s.queryAsync(`SET ${rest.map(([k, v]) => `${k} = ${lit(v)}`).join(', ')}`);
      const ro = settings.find(([k]) => k === 'readonly');
      if (ro) await s.queryAsync(`SET readonly = ${lit(ro[1])}`);
      return await fn(s);
    } finally {
      s.close();
    }
  }

  #authorised(req: IncomingMessage, url: URL): boolean {
    if (this.#opts.user === undefined) return true;
    let user = (req.headers['x-clickhouse-user'] as string | undefined) ?? url.searchParams.get('user') ?? undefined;
    let pass = (req.headers['x-clickhouse-key'] as string | undefined) ?? url.searchParams.get('password') ?? undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [u, ...p] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
      user = u;
      pass = p.join(':');
    }
    return user === this.#opts.user && (pass ?? '') === (this.#opts.password ?? '');
  }

  #sendError(res: ServerResponse, status: number, code: number, message: string, name = 'UNKNOWN'): void {
    this.stats.errors++;
    if (res.headersSent) {
      res.end();
      return;
    }
    res.writeHead(status, { 'content-type': 'text/plain; charset=UTF-8', 'x-clickhouse-exception-code': String(code) });
    res.end(`Code: ${code}. DB::Exception: ${message} (${name}) (version 26.7.2.1 (test stand-in))\n`);
  }
}

function qualify(table: string, database: string | null): string {
  return table.includes('.') || !database ? table : `${database}.${table}`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
}
