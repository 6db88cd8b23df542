/**
 * `/clickhouse/` — ClickHouse's HTTP interface, read-only, on the collector's port, so
 * `@clickhouse/client`, Grafana's ClickHouse data source (HTTP mode) and other ClickHouse tools read
 * the store the collector is writing (the embedded store included, which no other process can open).
 *
 * As ClickHouse does it: the query in the `query` URL parameter and/or the body (multipart form
 * bodies too), `param_<name>` bound parameters, `database`, `default_format` or a FORMAT clause,
 * other URL parameters as settings, credentials as basic auth / X-ClickHouse-User + X-ClickHouse-Key /
 * `user` + `password`, request bodies in gzip/deflate/br/zstd, compressed answers with
 * `enable_http_compression=1`, `X-ClickHouse-*` answer headers, and errors as
 * `Code: N. DB::Exception: … (NAME)` with ClickHouse's HTTP status and `X-ClickHouse-Exception-Code`.
 *
 * The password (or Bearer / X-API-Key) is an llmscope API key with role admin; without
 * --api-keys only loopback clients are served. Every statement runs on a readonly=1 connection
 * with the read limits; a setting in the URL can lower a limit, never raise it.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import type { Context, Hono } from 'hono';
import type { ApiKeyTable } from '../auth/api-keys.ts';
import { GateFullError, type QueryGate } from '../query/gate.ts';
import { DEFAULT_READ_LIMITS, ReadError, type ReadEngine, type ReadLimits } from '../query/read-engine.ts';
import { csrfProblem, resolveCaller } from './caller.ts';

export interface ClickHouseHttpOptions {
  engine: ReadEngine;
  gate: QueryGate;
  apiKeys: ApiKeyTable | null;
  database: string;
  maxSqlBytes: number;
  limits?: ReadLimits;
}

/** URL parameters that are part of the protocol, not settings. */
const PROTOCOL_PARAMS = new Set([
  'query', 'database', 'default_format', 'user', 'password', 'query_id', 'session_id', 'session_timeout', 'session_check',
  'compress', 'decompress', 'enable_http_compression', 'http_zlib_compression_level', 'buffer_size', 'wait_end_of_query',
  'send_progress_in_http_headers', 'http_headers_progress_interval_ms', 'quota_key', 'role', 'stacktrace', 'client_protocol_version',
  'http_response_buffer_size', 'cancel_http_readonly_queries_on_client_close', 'add_http_cors_header', 'http_wait_end_of_query',
  'default_session_timeout', 'query_kind',
]);

/** Limit settings: a client may lower them, not raise them. */
const CLAMPED: Record<string, keyof ReadLimits> = {
  max_execution_time: 'maxExecutionSeconds',
  max_result_rows: 'maxResultRows',
  max_result_bytes: 'maxResultBytes',
  max_memory_usage: 'maxMemoryBytes',
  max_threads: 'maxThreads',
};
/** Settings whose value we fix; a request may repeat our value, not change it. */
const FIXED: Record<string, string> = { readonly: '1', result_overflow_mode: 'throw', timeout_overflow_mode: 'throw' };

export function mountClickHouseHttp(app: Hono, o: ClickHouseHttpOptions): void {
  const limits = o.limits ?? DEFAULT_READ_LIMITS;
  const handler = async (c: Context): Promise<Response> => {
    const url = new URL(c.req.url);
    const sub = url.pathname.replace(/^\/clickhouse/, '') || '/';
    const queryId = url.searchParams.get('query_id') || c.req.header('x-clickhouse-query-id') || randomUUID();
    const fail = (e: ReadError) => errorResponse(e, queryId);
    if (sub === '/ping' || sub === '/replicas_status') return text('Ok.\n');
    if (sub !== '/') return fail(new ReadError(`There is no handle ${sub.slice(0, 200)}`, 0, 'UNKNOWN_EXCEPTION')).status(404);
    // ClickHouse answers a bare GET / with "Ok." (health checks), without credentials.
    if (c.req.method === 'GET' && !url.searchParams.has('query')) return text('Ok.\n');
    if (c.req.method !== 'GET' && c.req.method !== 'POST') return fail(new ReadError(`method ${c.req.method} is not allowed`, 0, 'UNKNOWN_EXCEPTION')).status(405);

    // Credentials, in ClickHouse's order: basic auth, X-ClickHouse headers, URL; our key headers too.
    let key: string | null = null;
    const auth = c.req.header('authorization') ?? '';
    if (/^basic /i.test(auth)) {
      const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      key = colon >= 0 ? decoded.slice(colon + 1) : '';
    } else if (/^bearer /i.test(auth)) key = auth.slice(7).trim();
    key ??= c.req.header('x-clickhouse-key') ?? c.req.header('x-api-key') ?? url.searchParams.get('password');
    const caller = resolveCaller(c, o.apiKeys, o.apiKeys ? (key ?? '') : null);
    const csrf = csrfProblem(c, { ...caller, via: 'header' });
    if (csrf) return fail(new ReadError(csrf, 497, 'ACCESS_DENIED')).build();
    if (o.apiKeys && caller.role === null) {
      return fail(new ReadError('Authentication failed: password is incorrect, or there is no user with such name (the password is an llmscope API key).', 516, 'AUTHENTICATION_FAILED')).build();
    }
    if (caller.role !== 'admin') {
      return fail(new ReadError(o.apiKeys
        ? 'Not enough privileges: raw SQL needs an API key with role admin.'
        : 'Not enough privileges: without --api-keys raw SQL is served to loopback clients only.', 497, 'ACCESS_DENIED')).build();
    }

    // ClickHouse's own block compression (compress=1 / decompress=1, LZ4/ZSTD with checksums) is
    // not spoken here: say so instead of answering in a form the client would misread.
    for (const p of ['compress', 'decompress']) {
      if (url.searchParams.get(p) === '1') {
        return fail(new ReadError(`${p}=1 (ClickHouse block compression) is not supported here; use HTTP compression (enable_http_compression=1 with gzip, deflate or br)`, 48, 'NOT_IMPLEMENTED')).build();
      }
    }

    // The statement: URL part first, then the body (as ClickHouse concatenates them).
    let sql = url.searchParams.get('query') ?? '';
    const rawParams: Record<string, string> = {};
    for (const [k, v] of url.searchParams) if (k.startsWith('param_')) rawParams[k.slice(6)] = v;
    if (c.req.method === 'POST') {
      let body: Uint8Array;
      try {
        body = await readLimited(c, o.maxSqlBytes);
      } catch (e) {
        if (e instanceof ReadError) return fail(e).build();
        throw e;
      }
      const ct = (c.req.header('content-type') ?? '').toLowerCase();
      if (ct.startsWith('multipart/form-data')) {
        let form: FormData;
        try {
          form = await new Response(body as BodyInit, { headers: { 'content-type': c.req.header('content-type')! } }).formData();
        } catch (e) {
          return fail(new ReadError(`cannot parse the multipart body: ${(e as Error).message}`, 36, 'BAD_ARGUMENTS')).build();
        }
        for (const [k, v] of form) {
          if (typeof v !== 'string') continue;
          if (k === 'query') sql = sql ? `${sql}\n${v}` : v;
          else if (k.startsWith('param_')) rawParams[k.slice(6)] = v;
        }
      } else if (body.byteLength) {
        const bodyText = new TextDecoder().decode(body);
        sql = sql ? `${sql}\n${bodyText}` : bodyText;
      }
    }
    if (Buffer.byteLength(sql) > o.maxSqlBytes) {
      return fail(new ReadError(`Query is too large (${Buffer.byteLength(sql)} bytes; the limit is ${o.maxSqlBytes})`, 36, 'QUERY_IS_TOO_LARGE')).build();
    }
    if (!sql.trim()) {
      return fail(new ReadError('Empty query', 62, 'SYNTAX_ERROR')).build();
    }

    const types = placeholderTypes(sql);
    const params: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rawParams)) params[k] = paramValue(types.get(k), v);

    // Settings from the URL: limits clamped, fixed ones checked, the rest set on the connection.
    const settings: Record<string, string | number> = {};
    for (const [k, v] of url.searchParams) {
      if (PROTOCOL_PARAMS.has(k) || k.startsWith('param_')) continue;
      if (k in CLAMPED) {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) return fail(new ReadError(`Cannot parse ${k} = ${v.slice(0, 40)}`, 72, 'CANNOT_PARSE_NUMBER')).build();
        const cap = limits[CLAMPED[k]!];
        if (n > 0 && n < cap) settings[k] = n; // 0 means "unlimited": keep ours
      } else if (k in FIXED) {
        if (v !== FIXED[k]) return fail(new ReadError(`Cannot modify '${k}' setting in readonly mode`, 164, 'READONLY')).build();
      } else settings[k] = v;
    }
    const format = url.searchParams.get('default_format') || c.req.header('x-clickhouse-format') || 'TabSeparated';
    const database = url.searchParams.get('database') || c.req.header('x-clickhouse-database') || 'default';
    const compress = url.searchParams.get('enable_http_compression') === '1' ? pickEncoding(c.req.header('accept-encoding') ?? '') : null;

    try {
      const r = await o.gate.run(() => o.engine.execute({ sql, params, format, database, settings, project: null }));
      const headers: Record<string, string> = {
        'content-type': contentTypeOf(r.format),
        'x-clickhouse-format': r.format,
        'x-clickhouse-query-id': queryId,
        'x-clickhouse-timezone': Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
        'x-clickhouse-server-display-name': 'llmscope',
        'x-clickhouse-summary': JSON.stringify({
          read_rows: String(r.rowsRead),
          read_bytes: String(r.bytesRead),
          written_rows: '0',
          written_bytes: '0',
          total_rows_to_read: String(r.rowsRead),
          result_bytes: String(r.body.byteLength),
          elapsed_ns: String(Math.round(r.elapsedMs * 1e6)),
        }),
      };
      let out: Uint8Array = r.body;
      if (compress && out.byteLength > 0) {
        out = compressBody(out, compress);
        headers['content-encoding'] = compress;
      }
      return new Response(out as BodyInit, { status: 200, headers });
    } catch (e) {
      if (e instanceof GateFullError) {
        const err = new ReadError(e.message, 202, 'TOO_MANY_SIMULTANEOUS_QUERIES');
        const res = fail(err).build();
        res.headers.set('retry-after', '1');
        return new Response(res.body, { status: 429, headers: res.headers });
      }
      if (e instanceof ReadError) return fail(e).build();
      throw e;
    }
  };
  app.all('/clickhouse', handler);
  app.all('/clickhouse/*', handler);
}

function text(s: string): Response {
  return new Response(s, { status: 200, headers: { 'content-type': 'text/plain; charset=UTF-8' } });
}

function errorResponse(e: ReadError, queryId: string) {
  let status = e.httpStatus;
  const make = () =>
    new Response(`${e.clickhouseText}\n`, {
      status,
      headers: {
        'content-type': 'text/plain; charset=UTF-8',
        'x-clickhouse-exception-code': String(e.code),
        'x-clickhouse-query-id': queryId,
        'x-clickhouse-server-display-name': 'llmscope',
      },
    });
  return {
    build: make,
    status(s: number) {
      status = s;
      return make();
    },
  };
}

function contentTypeOf(format: string): string {
  const f = format.toLowerCase();
  if (f.startsWith('json') || f === 'ndjson' || f === 'jsonl') return f.includes('eachrow') || f === 'ndjson' || f === 'jsonl' ? 'application/x-ndjson; charset=UTF-8' : 'application/json; charset=UTF-8';
  if (f.startsWith('tabseparated') || f.startsWith('tsv')) return 'text/tab-separated-values; charset=UTF-8';
  if (f.startsWith('csv')) return 'text/csv; charset=UTF-8; header=absent';
  if (f === 'native' || f.startsWith('rowbinary') || f === 'parquet' || f === 'arrow' || f === 'arrowstream' || f === 'orc' || f === 'avro') return 'application/octet-stream';
  return 'text/plain; charset=UTF-8';
}

type Encoding = 'gzip' | 'deflate' | 'br' | 'zstd';

function pickEncoding(accept: string): Encoding | null {
  const offered = accept.toLowerCase().split(',').map((s) => s.trim().split(';')[0]);
  for (const e of ['gzip', 'deflate', 'br', 'zstd'] as const) {
    if (offered.includes(e) && (e !== 'zstd' || typeof zlib.zstdCompressSync === 'function')) return e;
  }
  return null;
}

function compressBody(b: Uint8Array, e: Encoding): Uint8Array {
  switch (e) {
    case 'gzip':
      return zlib.gzipSync(b, { level: 3 });
    case 'deflate':
      return zlib.deflateSync(b, { level: 3 });
    case 'br':
      return zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
    case 'zstd':
      return zlib.zstdCompressSync(b);
  }
}

/** The request body, decompressed per Content-Encoding, at most `max` bytes (after decompression). */
async function readLimited(c: Context, max: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? '0');
  const enc = (c.req.header('content-encoding') ?? '').trim().toLowerCase();
  if ((enc === '' || enc === 'identity') && declared > max) {
    throw new ReadError(`Query is too large (${declared} bytes; the limit is ${max})`, 36, 'QUERY_IS_TOO_LARGE');
  }
  const raw = c.req.raw.body;
  if (!raw) return new Uint8Array(0);
  let source: AsyncIterable<Uint8Array> = Readable.fromWeb(raw as import('node:stream/web').ReadableStream<Uint8Array>);
  const decoders: Record<string, () => NodeJS.ReadWriteStream> = {
    gzip: () => zlib.createGunzip(),
    'x-gzip': () => zlib.createGunzip(),
    deflate: () => zlib.createInflate(),
    br: () => zlib.createBrotliDecompress(),
    ...(typeof zlib.createZstdDecompress === 'function' ? { zstd: () => zlib.createZstdDecompress() } : {}),
  };
  if (enc !== '' && enc !== 'identity') {
    const make = decoders[enc];
    if (!make) throw new ReadError(`Unknown Content-Encoding ${enc.slice(0, 40)}`, 338, 'UNKNOWN_COMPRESSION_METHOD');
    source = (source as Readable).pipe(make()) as unknown as AsyncIterable<Uint8Array>;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.byteLength;
      if (size > max) throw new ReadError(`Query is too large (more than ${max} bytes)`, 36, 'QUERY_IS_TOO_LARGE');
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError(`Cannot decompress the request body (${enc}): ${(e as Error).message}`, 271, 'CANNOT_DECOMPRESS');
  }
  return Buffer.concat(chunks);
}

/** param_* values arrive in ClickHouse's escaped text form (as in TabSeparated): undo the escapes. */
export function unescapeParam(v: string): string {
  return v.replace(/\\(.)/gs, (_m, ch: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' })[ch] ?? ch);
}

/**
 * The engine binds a parameter from its escaped text; chdb takes JS values and writes that text
 * itself (strings TSV-escaped, arrays/maps/tuples as literals). So scalar values are unescaped, and
 * composite ones (`['a','b\\'c']`, `{'k':1}`, `(1,'x')`) parsed into the JS value chdb writes back
 * to the same text.
 */
export function paramValue(type: string | undefined, raw: string): unknown {
  const t = (type ?? 'String').trim();
  if (!/^(?:Nullable\(|LowCardinality\()*(?:Array|Map|Tuple|Nested)\(/.test(t)) return unescapeParam(raw);
  try {
    const r = new LiteralReader(raw);
    const v = r.value();
    r.end();
    return v;
  } catch {
    return unescapeParam(raw); // let the engine report what it cannot parse
  }
}

/** `{name:Type}` placeholders of a statement → their types. */
export function placeholderTypes(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of sql.matchAll(/\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*((?:[^{}]|\{[^{}]*\})+)\}/g)) out.set(m[1]!, m[2]!);
  return out;
}

class TupleParam {
  readonly values: unknown[];
  constructor(values: unknown[]) {
    this.values = values;
  }
}

class LiteralReader {
  #s: string;
  #i = 0;
  constructor(s: string) {
    this.#s = s;
  }
  #ws(): void {
    while (this.#i < this.#s.length && /\s/.test(this.#s[this.#i]!)) this.#i++;
  }
  end(): void {
    this.#ws();
    if (this.#i !== this.#s.length) throw new Error('trailing text');
  }
  value(): unknown {
    this.#ws();
    const c = this.#s[this.#i];
    if (c === '[') return this.#list('[', ']');
    if (c === '(') return new TupleParam(this.#list('(', ')'));
    if (c === '{') {
      this.#i++;
      const m = new Map<unknown, unknown>();
      this.#ws();
      if (this.#s[this.#i] === '}') {
        this.#i++;
        return m;
      }
      for (;;) {
        const k = this.value();
        this.#ws();
        if (this.#s[this.#i++] !== ':') throw new Error('expected :');
        m.set(k, this.value());
        this.#ws();
        const d = this.#s[this.#i++];
        if (d === '}') return m;
        if (d !== ',') throw new Error('expected , or }');
      }
    }
    if (c === "'") return this.#string();
    const m = /^[^,\])}:\s]+/.exec(this.#s.slice(this.#i));
    if (!m) throw new Error('expected a value');
    this.#i += m[0].length;
    const tok = m[0];
    if (/^null$/i.test(tok)) return null;
    if (/^(true|false)$/i.test(tok)) return tok.toLowerCase() === 'true';
    if (/^-?\d+$/.test(tok)) return BigInt(tok);
    if (/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(tok)) return Number(tok);
    throw new Error('unquoted text');
  }
  #list(open: string, close: string): unknown[] {
    this.#i++;
    const out: unknown[] = [];
    this.#ws();
    if (this.#s[this.#i] === close) {
      this.#i++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.#ws();
      const d = this.#s[this.#i++];
      if (d === close) return out;
      if (d !== ',') throw new Error(`expected , or ${close} after ${open}`);
    }
  }
  #string(): string {
    this.#i++;
    let out = '';
    while (this.#i < this.#s.length) {
      const c = this.#s[this.#i++]!;
      if (c === "'") return out;
      if (c === '\\') {
        const e = this.#s[this.#i++]!;
        out += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' } as Record<string, string>)[e] ?? e;
      } else out += c;
    }
    throw new Error('unterminated string');
  }
}
