/**
 * TEST STAND-IN for a ClickHouse server: a small endpoint speaking ClickHouse's HTTP protocol,
 * backed by the real engine in-process (chdb). It exists because no ClickHouse server of a usable
 * version can run on the build machines; the deploy files run a real server.
 *
 * Supported: query in the URL (`query=`) and/or the body (URL part first, body appended, as
 * ClickHouse does for INSERT data), `param_<name>` bound parameters, `database`, `default_format`
 * and a FORMAT clause, `insert_deduplication_token`, gzip request bodies, basic/X-ClickHouse auth,
 * `/ping`, and ClickHouse's error shape (status, `X-ClickHouse-Exception-Code`, "Code: N. DB::Exception: …").
 * Fault injection (stop/start, slow, failing) serves the outage tests.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { Session } from 'chdb';

export interface StandinOptions {
  dataDir: string;
  port?: number;
  user?: string;
  password?: string;
}

export type Fault = { mode: 'none' } | { mode: 'error'; status?: number } | { mode: 'slow'; delayMs: number };

const INSERT_FORMAT_RE = /^\s*INSERT\s+INTO\s+([`"\w.]+)\s*(?:\(([^)]*)\))?\s*FORMAT\s+(\w+)\s*$/is;
const HAS_FORMAT_RE = /\bFORMAT\s+\w+\s*;?\s*$/i;

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
    const params: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (k.startsWith('param_')) params[k.slice(6)] = unescapeParam(v);
    const database = url.searchParams.get('database');
    const dedupToken = url.searchParams.get('insert_deduplication_token');
    const format = url.searchParams.get('default_format') ?? 'TabSeparated';
    const bodyText = body.toString('utf8');

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
      if (!sql.trim()) {
        this.#sendError(res, 400, 62, 'Empty query', 'SYNTAX_ERROR');
        return;
      }
      if (database && /^\s*(SELECT|WITH)\b/i.test(sql)) {
        // The stand-in has no per-request default database: run `USE` first in the same session.
        await this.#serial(() => this.#session.queryAsync(`USE ${database}`));
      }
      const fmt = HAS_FORMAT_RE.test(sql) ? undefined : format;
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

/** param_* values arrive in ClickHouse's escaped text form (as in TabSeparated): undo the escapes. */
function unescapeParam(v: string): string {
  return v.replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' })[c] ?? c);
}
