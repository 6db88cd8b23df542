/**
 * The read API of a running collector (embedded store, API keys with roles): sign-in, dashboards
 * and panel data, calls, traces, raw SQL for admins — and tenancy on every one of those paths.
 * Seed rows are copied into two projects; every figure is checked against the seed rows in JS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { ANCHOR_MS, RANGE_FROM_MS, generateSeed, insertSeed, type SeedCall } from '../support/seed.ts';

const ADMIN = 'admin-key-0123456789';
const READ_A = 'read-key-team-a-0123';
const READ_B = 'read-key-team-b-0123';
const INGEST_A = 'ingest-key-team-a-01';
const seed = generateSeed();
const inA = (c: { service_name: string }) => c.service_name !== 'rag-worker';
const inB = (c: { service_name: string }) => c.service_name === 'rag-worker';
const inRange = (c: SeedCall) => c.tsMs >= RANGE_FROM_MS && c.tsMs <= ANCHOR_MS;

let dir: string;
let c: RunningCollector;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-read-api-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    [
      'keys:',
      `  - { key: ${ADMIN}, project: ops, role: admin }`,
      `  - { key: ${READ_A}, project: team-a, role: read }`,
      `  - { key: ${READ_B}, project: team-b, role: read }`,
      `  - { key: ${INGEST_A}, project: team-a }`,
    ].join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'budgets.yaml'),
    [
      'budgets:',
      '  - { name: a-cost, project: team-a, metric: cost_usd, limit: 100, period: month, notify: [hook] }',
      '  - { name: b-cost, project: team-b, metric: cost_usd, limit: 100, period: month, notify: [hook] }',
      'channels:',
      '  hook: { type: webhook, url: "http://127.0.0.1:9/never" }',
    ].join('\n') + '\n',
  );
  c = await startCollector({
    port: 0,
    dataDir: join(dir, 'data'),
    scorers: [],
    logLevel: 'error',
    apiKeys: join(dir, 'keys.yaml'),
    budgets: join(dir, 'budgets.yaml'),
    budgetIntervalMs: 3_600_000,
  });
  await insertSeed(c.store, seed);
  // The same rows again for two tenants: team-a gets every service but rag-worker, team-b rag-worker.
  // (No condition on project_id: REPLACE makes that name the new value inside the SELECT.)
  for (const [project, cond] of [['team-a', "!= 'rag-worker'"], ['team-b', "= 'rag-worker'"]] as const) {
    // The copies of chat-api calls carry a prompt name, and a version by status (for "similar calls").
    await c.store.command(
      `INSERT INTO llmscope.llm_calls SELECT * REPLACE ('${project}' AS project_id, if(service_name = 'chat-api', 'support-answer', '') AS prompt_name,
       if(service_name = 'chat-api', if(status = 'ok', 'v2', 'v1'), '') AS prompt_version) FROM llmscope.llm_calls WHERE service_name ${cond}`,
    );
    await c.store.command(`INSERT INTO llmscope.scores SELECT * REPLACE ('${project}' AS project_id) FROM llmscope.scores WHERE service_name ${cond}`);
    await c.store.command(`INSERT INTO llmscope.otel_traces SELECT * REPLACE ('${project}' AS project_id) FROM llmscope.otel_traces WHERE ServiceName ${cond}`);
  }
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(path: string, o: { key?: string; body?: unknown; method?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  if (o.body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(c.url + path, {
    method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
    headers,
    body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

const range = { from: RANGE_FROM_MS, to: ANCHOR_MS };

describe('session sign-in', () => {
  it('reports that keys are required and refuses a wrong key and an ingest key', async () => {
    expect((await call('/api/v1/session')).json).toEqual({ authenticated: false, role: null, project: null, auth_required: true });
    expect((await call('/api/v1/session', { body: { key: 'wrong-key' } })).status).toBe(401);
    expect((await call('/api/v1/session', { body: { key: INGEST_A } })).status).toBe(403);
    expect((await call('/api/v1/session', { body: {} })).status).toBe(400);
    expect((await call('/api/v1/session', { body: '{not json' })).status).toBe(400);
  });

  it('a read key gets an HttpOnly SameSite=Strict cookie that then authenticates reads', async () => {
    const r = await call('/api/v1/session', { body: { key: READ_A } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ authenticated: true, role: 'read', project: 'team-a' });
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^llmscope_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const jar = cookie.split(';')[0]!;
    expect((await call('/api/v1/session', { headers: { cookie: jar } })).json).toEqual({ authenticated: true, role: 'read', project: 'team-a', auth_required: true });
    expect((await call('/api/v1/dashboards', { headers: { cookie: jar } })).status).toBe(200);
    // CSRF: a cookie-authenticated POST without JSON content type or our header, or from another origin, is refused.
    const panel = '/api/v1/dashboards/llmscope-overview/panels/1/query';
    expect((await call(panel, { headers: { cookie: jar, 'content-type': 'text/plain' }, body: JSON.stringify(range) })).status).toBe(403);
    expect((await call(panel, { headers: { cookie: jar, origin: 'https://evil.example' }, body: range })).status).toBe(403);
    expect((await call(panel, { headers: { cookie: jar }, body: range })).status).toBe(200);
    const out = await call('/api/v1/session', { method: 'DELETE', headers: { cookie: jar, 'x-llmscope-client': 'console' } });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/llmscope_session=;.*Max-Age=0/);
  });

  it('every read route refuses no key (401) and an ingest key (403)', async () => {
    for (const path of ['/api/v1/dashboards', '/api/v1/calls', `/api/v1/traces/${seed.calls[0]!.trace_id}`, '/api/v1/budgets/notifications']) {
      expect((await call(path)).status).toBe(401);
      expect((await call(path, { key: INGEST_A })).status).toBe(403);
    }
  });
});

describe('dashboards and panel data', () => {
  it('lists the dashboards and serves their JSON; unknown ones are 404', async () => {
    const list = (await call('/api/v1/dashboards', { key: READ_A })).json as Array<{ uid: string }>;
    expect(list.map((d) => d.uid).sort()).toEqual(['llmscope-api-changes', 'llmscope-cost', 'llmscope-drift', 'llmscope-evaluations', 'llmscope-overview', 'llmscope-prompts', 'llmscope-quality', 'llmscope-traces']);
    const d = await call('/api/v1/dashboards/llmscope-overview', { key: READ_A });
    expect(d.json.uid).toBe('llmscope-overview');
    expect(d.json.panels.length).toBeGreaterThan(10);
    expect((await call('/api/v1/dashboards/nope', { key: READ_A })).status).toBe(404);
    expect((await call('/api/v1/dashboards/nope/panels/1/query', { key: READ_A, body: range })).status).toBe(404);
    expect((await call('/api/v1/dashboards/llmscope-overview/panels/999/query', { key: READ_A, body: range })).status).toBe(404);
    expect((await call('/api/v1/dashboards/llmscope-overview/variables/nope/options', { key: READ_A, body: range })).status).toBe(404);
  });

  it("each tenant's panels count only its own calls; admin counts every project", async () => {
    const requests = async (key: string, vars?: Record<string, unknown>) =>
      (await call('/api/v1/dashboards/llmscope-overview/panels/1/query', { key, body: { ...range, vars } })).json.targets[0].rows[0][0];
    const calls = seed.calls.filter(inRange);
    expect(await requests(READ_A)).toBe(calls.filter(inA).length);
    expect(await requests(READ_B)).toBe(calls.filter(inB).length);
    expect(await requests(ADMIN)).toBe(calls.length * 2);
    // B asking for A's service through a variable still sees nothing of A.
    expect(await requests(READ_B, { service: ['chat-api'] })).toBe(0);
    expect(await requests(READ_A, { service: ['chat-api'] })).toBe(calls.filter((x) => x.service_name === 'chat-api').length);
    const cost = (await call('/api/v1/dashboards/llmscope-overview/panels/5/query', { key: READ_A, body: range })).json.targets[0].rows[0][0];
    expect(cost).toBeCloseTo(calls.filter(inA).reduce((s, x) => s + x.cost_usd, 0), 9);
  });

  it('variable values that try to break out of the SQL change nothing (and never reach another tenant)', async () => {
    const p = '/api/v1/dashboards/llmscope-overview/panels/1/query';
    for (const payload of ["x\\' OR 1=1 -- ", "') OR project_id != 'team-b' OR ('", "a\\\n;--", "%27) OR (1=1"]) {
      for (const name of ['service', 'environment', 'provider', 'model']) {
        const r = await call(p, { key: READ_B, body: { ...range, vars: { [name]: [payload] } } });
        expect(r.status, `${name}=${payload}`).toBe(200);
        expect(r.json.targets[0].error, `${name}=${payload}`).toBeUndefined();
        expect(r.json.targets[0].rows[0][0], `${name}=${payload}`).toBe(0);
      }
    }
    const trace = await call('/api/v1/dashboards/llmscope-traces/panels/3/query', { key: READ_B, body: { ...range, vars: { trace_id: "x\\' OR 1=1 -- " } } });
    expect(trace.status).toBe(200);
    expect(trace.json.targets[0].rows).toEqual([]);
  });

  it('time series come back with Grafana interval buckets as ISO times', async () => {
    const r = await call('/api/v1/dashboards/llmscope-overview/panels/7/query', { key: READ_A, body: { ...range, max_data_points: 48 } });
    expect(r.json.interval_ms).toBe(3_600_000);
    const t = r.json.targets[0];
    expect(t.columns.map((x: { name: string }) => x.name)).toEqual(['time', 'requests', 'errors']);
    const total = t.rows.reduce((s: number, row: unknown[]) => s + (row[1] as number), 0);
    expect(total).toBe(seed.calls.filter(inRange).filter(inA).length);
    for (const row of t.rows) expect(new Date(row[0] as string).getTime() % 3_600_000).toBe(0);
  });

  it('variable options are scoped to the tenant', async () => {
    const opts = async (key: string) => (await call('/api/v1/dashboards/llmscope-overview/variables/service/options', { key, body: range })).json.values.map((v: { value: string }) => v.value);
    expect(await opts(READ_A)).toEqual(['chat-api', 'summarizer']);
    expect(await opts(READ_B)).toEqual(['rag-worker']);
    const ratio = await call('/api/v1/dashboards/llmscope-cost/variables/output_price_ratio/options', { key: READ_A, body: range });
    expect(ratio.json.values).toEqual([{ text: '4', value: '4' }, { text: '5', value: '5' }, { text: '8', value: '8' }]);
  });

  it('bad input is a 400, a failing target reports its error in place', async () => {
    const p = '/api/v1/dashboards/llmscope-overview/panels/1/query';
    expect((await call(p, { key: READ_A, body: { from: 'yesterday', to: ANCHOR_MS } })).status).toBe(400);
    expect((await call(p, { key: READ_A, body: { from: ANCHOR_MS, to: RANGE_FROM_MS } })).status).toBe(400);
    expect((await call(p, { key: READ_A, body: { ...range, vars: { nope: 'x' } } })).status).toBe(400);
    expect((await call(p, { key: READ_A, body: { ...range, vars: { service: [1, 2] } } })).status).toBe(400);
    expect((await call(p, { key: READ_A, body: { ...range, max_data_points: -1 } })).status).toBe(400);
    expect((await call(p, { key: READ_A, body: 'x'.repeat(2 * 1024 * 1024), headers: { 'content-type': 'application/json' } })).status).toBe(413);
    // A custom variable only takes one of its options (it is interpolated as a number).
    const cost = '/api/v1/dashboards/llmscope-cost/panels/8/query';
    const bad = await call(cost, { key: READ_A, body: { ...range, vars: { output_price_ratio: '4) OR (1=1' } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/not one of its options/);
    expect((await call(cost, { key: READ_A, body: { ...range, vars: { output_price_ratio: '8' } } })).status).toBe(200);
  });
});

describe('calls, call pages and traces', () => {
  const aCalls = seed.calls.filter(inRange).filter(inA);

  it('lists a tenant\'s calls with filters, sorting and a total', async () => {
    const r = await call(`/api/v1/calls?from=${range.from}&to=${range.to}&sort=cost_usd&order=desc&limit=5`, { key: READ_A });
    expect(r.status).toBe(200);
    expect(r.json.total).toBe(aCalls.length);
    const top = [...aCalls].sort((x, y) => y.cost_usd - x.cost_usd).slice(0, 5);
    expect(r.json.rows.map((x: { span_id: string }) => x.span_id)).toEqual(top.map((x) => x.span_id));
    expect(r.json.rows.every((x: { project_id: string }) => x.project_id === 'team-a')).toBe(true);
    const filtered = await call(`/api/v1/calls?from=${range.from}&to=${range.to}&model=gpt-4o-mini&status=error&limit=1000`, { key: READ_A });
    expect(filtered.json.total).toBe(aCalls.filter((x) => x.request_model === 'gpt-4o-mini' && x.status === 'error').length);
    const scored = await call(`/api/v1/calls?from=${range.from}&to=${range.to}&min_toxicity=0.5&limit=1000`, { key: READ_A });
    expect(scored.json.total).toBe(aCalls.filter((x) => x.toxicity !== null && x.toxicity >= 0.5).length);
    // B's service through the filter: nothing.
    expect((await call(`/api/v1/calls?from=${range.from}&to=${range.to}&service=rag-worker`, { key: READ_A })).json.total).toBe(0);
  });

  it('refuses unknown parameters and bad values', async () => {
    for (const q of ['nope=1', 'sort=input_text', 'order=up', 'limit=0', 'limit=5000', 'from=abc', 'min_toxicity=x', 'from=10&to=5']) {
      const r = await call(`/api/v1/calls?${q}`, { key: READ_A });
      expect(r.status, q).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
  });

  it('a call page has the call, its scores and similar calls; another tenant gets 404', async () => {
    const promptOf = (x: SeedCall) => (x.service_name === 'chat-api' ? ['support-answer', x.status === 'ok' ? 'v2' : 'v1'] : ['', '']);
    const target = aCalls.find((x) => x.service_name === 'chat-api' && x.status === 'error' && seed.scores.some((s) => s.span_id === x.span_id))!;
    expect(target).toBeDefined();
    const r = await call(`/api/v1/calls/${target.trace_id}/${target.span_id}`, { key: READ_A });
    expect(r.status).toBe(200);
    expect(r.json.call.span_id).toBe(target.span_id);
    expect(r.json.call.project_id).toBe('team-a');
    expect(r.json.call.cost_usd).toBeCloseTo(target.cost_usd, 12);
    expect(r.json.scores.map((s: { name: string }) => s.name).sort()).toEqual(seed.scores.filter((s) => s.span_id === target.span_id).map((s) => s.name).sort());
    expect(r.json.call.prompt_name).toBe('support-answer');
    const similar = seed.calls.filter((x) => inA(x) && promptOf(x)[1] === 'v1' && promptOf(x)[0] === 'support-answer' && x.span_id !== target.span_id);
    expect(similar.length).toBeGreaterThan(0);
    expect(r.json.similar.length).toBe(Math.min(20, similar.length));
    expect(r.json.similar.every((x: { prompt_version: string; status: string }) => x.prompt_version === 'v1' && x.status === 'error')).toBe(true);
    expect((await call(`/api/v1/calls/${target.trace_id}/${target.span_id}`, { key: READ_B })).status).toBe(404);
    expect((await call(`/api/v1/calls/${'0'.repeat(32)}/${'0'.repeat(16)}`, { key: READ_A })).status).toBe(404);
    expect((await call(`/api/v1/calls/not-hex/${target.span_id}`, { key: READ_A })).status).toBe(400);
  });

  it("a trace has its spans with events and links and its calls; B cannot open A's trace", async () => {
    const withEvents = seed.spans.find((s) => s.events.length > 0 && inA({ service_name: s.ServiceName }))!;
    const r = await call(`/api/v1/traces/${withEvents.TraceId}`, { key: READ_A });
    expect(r.status).toBe(200);
    const spans = seed.spans.filter((s) => s.TraceId === withEvents.TraceId);
    expect(r.json.spans.length).toBe(spans.length);
    const got = r.json.spans.find((s: { SpanId: string }) => s.SpanId === withEvents.SpanId);
    expect(got.Events.map((e: { Name: string }) => e.Name)).toEqual(withEvents.events.map((e) => e.name));
    expect(Array.isArray(got.Links)).toBe(true);
    expect(r.json.calls.every((x: { trace_id: string }) => x.trace_id === withEvents.TraceId)).toBe(true);
    expect((await call(`/api/v1/traces/${withEvents.TraceId}`, { key: READ_B })).status).toBe(404);
    expect((await call('/api/v1/traces/xyz', { key: READ_A })).status).toBe(400);
  });

  it('budgets are per tenant for read keys (header or cookie); admin sees all', async () => {
    const names = async (o: { key?: string; headers?: Record<string, string> }) => (await call('/api/v1/budgets', o)).json.budgets.map((b: { name: string }) => b.name).sort();
    expect(await names({ key: READ_A })).toEqual(['a-cost']);
    expect(await names({ key: READ_B })).toEqual(['b-cost']);
    expect(await names({ key: ADMIN })).toEqual(['a-cost', 'b-cost']);
    const jar = (await call('/api/v1/session', { body: { key: READ_B } })).headers.get('set-cookie')!.split(';')[0]!;
    expect(await names({ headers: { cookie: jar } })).toEqual(['b-cost']);
    expect((await call('/api/v1/budgets')).status).toBe(401);
  });

  it('budget notifications are per tenant', async () => {
    const admin = await call('/api/v1/budgets/notifications', { key: ADMIN });
    expect(admin.json.rows.length).toBe(new Set(seed.budgets.map((b) => JSON.stringify([b.budget, b.period_start, b.threshold]))).size);
    expect((await call('/api/v1/budgets/notifications', { key: READ_A })).json.rows).toEqual([]);
    expect((await call('/api/v1/budgets/notifications?limit=0', { key: READ_A })).status).toBe(400);
  });
});

describe('raw SQL: POST /api/v1/query', () => {
  it('answers an admin with columns, rows, rows_read and elapsed_ms, with bound parameters', async () => {
    const r = await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELECT service_name, count() AS n FROM llmscope.llm_calls WHERE project_id = {p:String} GROUP BY service_name ORDER BY service_name', params: { p: 'team-b' } } });
    expect(r.status).toBe(200);
    expect(r.json.columns).toEqual([{ name: 'service_name', type: 'LowCardinality(String)' }, { name: 'n', type: 'UInt64' }]);
    expect(r.json.rows).toEqual([['rag-worker', seed.calls.filter(inB).length]]);
    expect(r.json.rows_read).toBeGreaterThan(0);
    expect(typeof r.json.elapsed_ms).toBe('number');
    const plain = await call('/api/v1/query', { key: ADMIN, body: 'SELECT 1 + 1 AS two', headers: { 'content-type': 'text/plain' } });
    expect(plain.json.rows).toEqual([[2]]);
  });

  it('is refused for read and ingest keys, whatever the SQL', async () => {
    for (const key of [READ_A, INGEST_A]) {
      for (const sql of [
        'SELECT count() FROM llmscope.llm_calls',
        "SELECT * FROM (SELECT * FROM llmscope.llm_calls SETTINGS additional_table_filters={'llmscope.llm_calls':'1'})",
        'SELECT * FROM system.tables',
        "SELECT * FROM file('/etc/passwd', 'LineAsString')",
      ]) {
        const r = await call('/api/v1/query', { key, body: { sql } });
        expect(r.status, sql).toBe(403);
        expect(r.text).not.toMatch(/rag-worker|root:/);
      }
    }
  });

  it('the engine refuses writes, DDL, table functions and settings changes (readonly=1)', async () => {
    for (const sql of [
      "INSERT INTO llmscope.llm_calls (trace_id) VALUES ('x')",
      'DROP TABLE llmscope.llm_calls',
      'ALTER TABLE llmscope.llm_calls DELETE WHERE 1',
      'CREATE TABLE llmscope.x (a UInt8) ENGINE = Memory',
      "SELECT * FROM file('/etc/passwd', 'LineAsString')",
      "SELECT * FROM url('http://127.0.0.1:1/', 'LineAsString')",
      'SELECT 1 SETTINGS max_execution_time = 100000',
      'SET readonly = 0',
    ]) {
      const r = await call('/api/v1/query', { key: ADMIN, body: { sql } });
      expect(r.status, sql).toBe(400);
      expect(r.json.error, sql).toMatch(/Code: 164\..*READONLY/);
    }
    const count = await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELECT count() FROM llmscope.llm_calls' } });
    expect(count.json.rows[0][0]).toBe(seed.calls.length * 2);
  });

  it('limits: result rows, malformed SQL, a 10 MB body, bad JSON, unknown format', async () => {
    const big = await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELECT number FROM system.numbers LIMIT 10000000' } });
    expect(big.status).toBe(400);
    expect(big.json.error).toMatch(/TOO_MANY_ROWS_OR_BYTES/);
    const bad = await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELEC 1' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/^Code: 62\. DB::Exception: Syntax error/);
    const huge = await call('/api/v1/query', { key: ADMIN, body: 'SELECT ' + '1+'.repeat(5 * 1024 * 1024) + '1', headers: { 'content-type': 'text/plain' } });
    expect(huge.status).toBe(413);
    expect((await call('/api/v1/query', { key: ADMIN, body: '{"sql":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await call('/api/v1/query', { key: ADMIN, body: { sql: '' } })).status).toBe(400);
    expect((await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELECT 1', params: [1] } })).status).toBe(400);
    const multi = await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELECT 1; SELECT 2' } });
    expect(multi.status).toBe(400);
    expect(multi.json.error).toMatch(/Multi-statements are not allowed/);
    const fmt = await call('/api/v1/query', { key: ADMIN, body: { sql: 'SELECT 1 FORMAT NoSuchFormat' } });
    expect(fmt.status).toBe(400);
    expect(fmt.json.error).toMatch(/UNKNOWN_FORMAT/);
  });

  it('/metrics counts read queries by result and their duration', async () => {
    const text = (await call('/metrics', { key: ADMIN })).text;
    const ok = Number(/^llmscope_read_queries_total\{result="ok"\} (\d+)$/m.exec(text)![1]);
    const errors = Number(/^llmscope_read_queries_total\{result="error"\} (\d+)$/m.exec(text)![1]);
    expect(ok).toBeGreaterThan(20);
    expect(errors).toBeGreaterThan(5); // the refused writes and syntax errors above
    expect(Number(/^llmscope_read_query_duration_seconds_count (\d+)$/m.exec(text)![1])).toBe(ok + errors);
    expect(text).toMatch(/^llmscope_read_queries_waiting 0$/m);
  });

  it('the collector keeps ingesting after bad queries', async () => {
    const id = 'abcdef0123456789';
    const body = {
      resourceSpans: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'after-queries' } }] },
        scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: id + id, spanId: id, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: `${Date.now()}000000`, endTimeUnixNano: `${Date.now() + 5}000000`,
          attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }, { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } }, { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }] }] }],
      }],
    };
    const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INGEST_A}` }, body: JSON.stringify(body) });
    expect(r.status).toBe(200);
    await c.flush();
    const q = await call('/api/v1/query', { key: ADMIN, body: { sql: "SELECT project_id FROM llmscope.llm_calls WHERE service_name = 'after-queries'" } });
    expect(q.json.rows).toEqual([['team-a']]);
    // A read key may not send data.
    const refused = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${READ_A}` }, body: JSON.stringify(body) });
    expect(refused.status).toBe(401);
  });
});
