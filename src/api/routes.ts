/**
 * The read API behind the console and tools (contract: src/api/README.md): session sign-in,
 * dashboards and their panels' data, the calls explorer, call pages, traces, budget notifications,
 * and raw read-only SQL for admins (`/api/v1/query`, `/clickhouse/`).
 */
import type { Context, Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { ApiKeyTable } from '../auth/api-keys.ts';
import { BadEncodingError, BodyTooLargeError, readBody } from '../server/body.ts';
import { GateFullError, type QueryGate } from '../query/gate.ts';
import { ReadError, type ReadEngine, type ReadLimits } from '../query/read-engine.ts';
import { readJson, type JsonReader } from '../query/json-read.ts';
import {
  DashboardInputError,
  customOptions,
  expandTarget,
  findPanel,
  loadDashboardDir,
  panelIntervalMs,
  parseRange,
  resolveVariables,
  variableSql,
  variablesOf,
  type Dashboard,
} from '../query/dashboards.ts';
import { UnsafeVariableError } from '../query/grafana-macros.ts';
import { CallsInputError, SPAN_ID_RE, TRACE_ID_RE, budgetNotifications, createCallsApi, getCall, getTrace, listCalls } from '../query/calls.ts';
import { SESSION_COOKIE, csrfProblem, resolveCaller, type Caller } from './caller.ts';
import { mountClickHouseHttp } from './clickhouse-http.ts';
import { parsePromptRange, promptVersions } from '../query/prompt-versions.ts';
import { costAdvice, parseAdviceQuery } from '../query/advice.ts';
import { buildPriceBook } from '../pricing/overrides.ts';
import type { PriceBook } from '../pricing/match.ts';
import { listDrift, parseDriftQuery } from '../query/drift.ts';
import { listChanges, parseChangesQuery } from '../query/changes.ts';

export interface ReadApiOptions {
  engine: ReadEngine;
  gate: QueryGate;
  /** null: no --api-keys (loopback = admin, others read everything). */
  apiKeys: ApiKeyTable | null;
  database: string;
  /** Folder of the Grafana dashboard JSON files. */
  dashboardsDir: string;
  /** Served over TLS: the session cookie gets `Secure`. */
  secure: boolean;
  /** Largest SQL body for /api/v1/query and /clickhouse/. */
  maxSqlBytes?: number;
  /** The engine's limits (URL settings of /clickhouse/ may lower them). */
  limits?: ReadLimits;
  /** The collector's price table (with --prices overrides) for cost advice; default the built-in one. */
  priceBook?: PriceBook;
}

const JSON_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_SQL_BYTES = 1024 * 1024;

export function mountReadApi(app: Hono, o: ReadApiOptions): void {
  const reader: JsonReader = { engine: o.engine, gate: o.gate, database: o.database };
  const calls = createCallsApi(reader);
  const dashboards = loadDashboardDir(o.dashboardsDir);
  const maxSql = o.maxSqlBytes ?? DEFAULT_MAX_SQL_BYTES;

  /** The caller if it may read; otherwise the error response. */
  const reading = (c: Context): Caller | Response => {
    const caller = resolveCaller(c, o.apiKeys);
    if (caller.role === null) return c.json({ error: 'missing or invalid API key' }, 401);
    if (caller.role === 'ingest') return c.json({ error: 'this key may only send data; use a key with role read or admin' }, 403);
    const csrf = csrfProblem(c, caller);
    if (csrf) return c.json({ error: csrf }, 403);
    return caller;
  };

  // ───────────── session ─────────────
  app.get('/api/v1/session', (c) => {
    const caller = resolveCaller(c, o.apiKeys);
    const ok = caller.role === 'read' || caller.role === 'admin';
    return c.json({ authenticated: ok, role: ok ? caller.role : null, project: ok ? caller.project : null, auth_required: o.apiKeys !== null });
  });

  app.post('/api/v1/session', async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const key = body.key;
    if (typeof key !== 'string' || key === '' || key.length > 4096) return c.json({ error: 'body must be {"key": "<api key>"}' }, 400);
    if (!o.apiKeys) {
      const caller = resolveCaller(c, null);
      return c.json({ authenticated: true, role: caller.role, project: null });
    }
    const caller = resolveCaller(c, o.apiKeys, key);
    if (caller.role === null) return c.json({ error: 'unknown API key' }, 401);
    if (caller.role === 'ingest') return c.json({ error: 'this key may only send data; sign in with a key with role read or admin' }, 403);
    setCookie(c, SESSION_COOKIE, key, { httpOnly: true, sameSite: 'Strict', path: '/', secure: o.secure });
    return c.json({ authenticated: true, role: caller.role, project: caller.project });
  });

  app.delete('/api/v1/session', (c) => {
    const caller = resolveCaller(c, o.apiKeys);
    const csrf = csrfProblem(c, caller);
    if (csrf) return c.json({ error: csrf }, 403);
    deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: o.secure });
    return c.json({ authenticated: false });
  });

  // ───────────── dashboards ─────────────
  app.get('/api/v1/dashboards', (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    return c.json([...dashboards.values()].map((d) => ({ uid: d.uid, title: d.title, tags: d.tags ?? [] })));
  });

  app.get('/api/v1/dashboards/:uid', (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    const d = dashboards.get(c.req.param('uid'));
    return d ? c.json(d) : c.json({ error: `no dashboard ${c.req.param('uid')}` }, 404);
  });

  app.post('/api/v1/dashboards/:uid/panels/:panelId/query', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    const d = dashboards.get(c.req.param('uid'));
    if (!d) return c.json({ error: `no dashboard ${c.req.param('uid')}` }, 404);
    const panelId = Number(c.req.param('panelId'));
    const panel = Number.isInteger(panelId) ? findPanel(d, panelId) : null;
    if (!panel) return c.json({ error: `dashboard ${d.uid} has no panel ${c.req.param('panelId')}` }, 404);
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    try {
      const range = parseRange(body);
      const vars = resolveVariables(d, body.vars);
      const mdp = body.max_data_points;
      if (mdp !== undefined && (typeof mdp !== 'number' || !Number.isInteger(mdp) || mdp < 1 || mdp > 100_000)) {
        throw new DashboardInputError('max_data_points must be a whole number from 1 to 100000');
      }
      const intervalMs = panelIntervalMs(panel, range, mdp as number | undefined);
      const targets = await Promise.all(
        (panel.targets ?? [])
          .filter((t) => !t.hide && typeof t.rawSql === 'string')
          .map(async (t) => {
            try {
              const sql = expandTarget(t.rawSql!, vars, range, intervalMs);
              const r = await readJson(reader, sql, undefined, caller.project);
              return { refId: t.refId, columns: r.columns, rows: r.rows };
            } catch (e) {
              if (e instanceof GateFullError) throw e;
              return { refId: t.refId, columns: [], rows: [], error: errorText(e) };
            }
          }),
      );
      return c.json({ interval_ms: intervalMs, targets });
    } catch (e) {
      return failure(c, e);
    }
  });

  app.post('/api/v1/dashboards/:uid/variables/:name/options', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    const d = dashboards.get(c.req.param('uid'));
    if (!d) return c.json({ error: `no dashboard ${c.req.param('uid')}` }, 404);
    const v = variablesOf(d).find((x) => x.name === c.req.param('name'));
    if (!v) return c.json({ error: `dashboard ${d.uid} has no variable ${c.req.param('name')}` }, 404);
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    try {
      if (v.type === 'custom') return c.json({ values: customOptions(v) });
      const sql = variableSql(v);
      if (sql === null) return c.json({ values: [] });
      const range = parseRange(body);
      const vars = resolveVariables(d, body.vars);
      const r = await readJson(reader, expandTarget(sql, vars, range, panelIntervalMs(null, range, undefined)), undefined, caller.project);
      return c.json({ values: variableValues(r.columns.map((x) => x.name), r.rows) });
    } catch (e) {
      return failure(c, e);
    }
  });

  // ───────────── calls, traces, budgets ─────────────
  app.get('/api/v1/calls', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    try {
      return c.json(await listCalls(calls, new URL(c.req.url).searchParams, caller.project));
    } catch (e) {
      return failure(c, e);
    }
  });

  app.get('/api/v1/calls/:traceId/:spanId', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    const traceId = c.req.param('traceId').toLowerCase();
    const spanId = c.req.param('spanId').toLowerCase();
    if (!TRACE_ID_RE.test(traceId) || !SPAN_ID_RE.test(spanId)) return c.json({ error: 'trace id must be 32 and span id 16 hex characters' }, 400);
    try {
      const r = await getCall(calls, traceId, spanId, caller.project);
      return r ? c.json(r) : c.json({ error: `no call ${traceId}/${spanId}` }, 404);
    } catch (e) {
      return failure(c, e);
    }
  });

  app.get('/api/v1/traces/:traceId', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    const traceId = c.req.param('traceId').toLowerCase();
    if (!TRACE_ID_RE.test(traceId)) return c.json({ error: 'trace id must be 32 hex characters' }, 400);
    try {
      const r = await getTrace(calls, traceId, caller.project);
      return r ? c.json(r) : c.json({ error: `no trace ${traceId}` }, 404);
    } catch (e) {
      return failure(c, e);
    }
  });

  app.get('/api/v1/budgets/notifications', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    const raw = c.req.query('limit') ?? '500';
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 10_000) return c.json({ error: 'limit must be a whole number from 1 to 10000' }, 400);
    try {
      return c.json({ rows: await budgetNotifications(reader, Number(raw), caller.project) });
    } catch (e) {
      return failure(c, e);
    }
  });

  // ───────────── prompt versions side by side ─────────────
  app.get('/api/v1/prompts/:name/versions', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    try {
      const name = c.req.param('name');
      const range = parsePromptRange(new URL(c.req.url).searchParams);
      return c.json({ prompt_name: name, versions: await promptVersions(reader, name, range, caller.project) });
    } catch (e) {
      return failure(c, e);
    }
  });

  // ───────────── cost advice ─────────────
  const priceBook = o.priceBook ?? buildPriceBook();
  app.get('/api/v1/advice', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    try {
      return c.json(await costAdvice(reader, priceBook, parseAdviceQuery(new URL(c.req.url).searchParams), caller.project));
    } catch (e) {
      return failure(c, e);
    }
  });

  // ───────────── API changes (src/changes/) ─────────────
  app.get('/api/v1/changes', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    try {
      return c.json({ rows: await listChanges(reader, parseChangesQuery(new URL(c.req.url).searchParams), caller.project) });
    } catch (e) {
      return failure(c, e);
    }
  });

  // ───────────── drift ─────────────
  app.get('/api/v1/drift', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    try {
      return c.json(await listDrift(reader, parseDriftQuery(new URL(c.req.url).searchParams), caller.project));
    } catch (e) {
      return failure(c, e);
    }
  });

  // ───────────── raw SQL (admin) ─────────────
  app.post('/api/v1/query', async (c) => {
    const caller = reading(c);
    if (caller instanceof Response) return caller;
    if (caller.role !== 'admin') return c.json({ error: 'raw SQL needs an admin key (read keys use the dashboards and calls API)' }, 403);
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > maxSql) return c.json({ error: `request body of ${declared} bytes exceeds the limit of ${maxSql}` }, 413);
    let bytes: Uint8Array;
    try {
      bytes = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', { maxBytes: maxSql });
    } catch (e) {
      if (e instanceof BodyTooLargeError) return c.json({ error: `request body exceeds ${maxSql} bytes` }, 413);
      if (e instanceof BadEncodingError) return c.json({ error: e.message }, 400);
      throw e;
    }
    const text = new TextDecoder().decode(bytes);
    const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    let sql: unknown;
    let params: unknown;
    if (ct === 'application/json') {
      try {
        const j = JSON.parse(text) as Record<string, unknown>;
        sql = j?.sql;
        params = j?.params;
      } catch {
        return c.json({ error: 'body is not valid JSON; send {"sql": "...", "params": {...}} or text/plain SQL' }, 400);
      }
    } else if (ct === 'text/plain' || ct === '') sql = text;
    else return c.json({ error: `unsupported Content-Type "${ct}"; use application/json or text/plain` }, 415);
    if (typeof sql !== 'string' || sql.trim() === '') return c.json({ error: 'no SQL: send {"sql": "...", "params": {...}} or text/plain SQL' }, 400);
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
      return c.json({ error: 'params must be an object of name → value' }, 400);
    }
    try {
      return c.json(await readJson(reader, sql, params as Record<string, unknown> | undefined, null));
    } catch (e) {
      if (e instanceof ReadError) return c.json({ error: e.clickhouseText, code: e.code }, 400);
      return failure(c, e);
    }
  });

  mountClickHouseHttp(app, { engine: o.engine, gate: o.gate, apiKeys: o.apiKeys, database: o.database, maxSqlBytes: maxSql, limits: o.limits });
}

/** The body of a JSON request (≤ 1 MiB, an object), or the 4xx answer. */
async function jsonBody(c: Context): Promise<Record<string, unknown> | Response> {
  const ct = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct !== 'application/json') return c.json({ error: 'send Content-Type: application/json' }, 415);
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > JSON_BODY_LIMIT) return c.json({ error: `body of ${declared} bytes exceeds ${JSON_BODY_LIMIT} bytes` }, 413);
  let bytes: Uint8Array;
  try {
    bytes = await readBody(c.req.raw.body, c.req.header('content-encoding') ?? '', { maxBytes: JSON_BODY_LIMIT });
  } catch (e) {
    if (e instanceof BodyTooLargeError) return c.json({ error: `body exceeds ${JSON_BODY_LIMIT} bytes` }, 413);
    if (e instanceof BadEncodingError) return c.json({ error: e.message }, 400);
    throw e;
  }
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes) || '{}') as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return c.json({ error: 'body must be a JSON object' }, 400);
    return v as Record<string, unknown>;
  } catch {
    return c.json({ error: 'body is not valid JSON' }, 400);
  }
}

function errorText(e: unknown): string {
  if (e instanceof ReadError) return e.clickhouseText;
  return e instanceof Error ? e.message : String(e);
}

function failure(c: Context, e: unknown): Response {
  if (e instanceof DashboardInputError) return c.json({ error: e.message }, e.status);
  if (e instanceof CallsInputError || e instanceof UnsafeVariableError) return c.json({ error: e.message }, 400);
  if (e instanceof GateFullError) {
    c.header('Retry-After', '1');
    return c.json({ error: e.message }, 429);
  }
  if (e instanceof ReadError) {
    if (e.codeName === 'NETWORK_ERROR') return c.json({ error: e.message }, 503);
    if (e.codeName === 'TIMEOUT_EXCEEDED' || e.codeName === 'TOO_MANY_ROWS_OR_BYTES') return c.json({ error: e.clickhouseText }, 400);
    return c.json({ error: e.clickhouseText }, 500);
  }
  throw e;
}

/** A variable query's answer as Grafana reads it: `__text`/`__value` columns, else the first column. */
function variableValues(columns: string[], rows: unknown[][]): Array<{ text: string; value: string }> {
  const ti = columns.indexOf('__text');
  const vi = columns.indexOf('__value');
  const seen = new Set<string>();
  const out: Array<{ text: string; value: string }> = [];
  for (const r of rows) {
    const value = String(r[vi >= 0 ? vi : 0] ?? '');
    const text = String(r[ti >= 0 ? ti : vi >= 0 ? vi : 0] ?? '');
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ text, value });
  }
  return out;
}

export type { Dashboard };
