/**
 * The /clickhouse/ endpoint driven by the official @clickhouse/client (a client no one here wrote)
 * and by plain HTTP for the binary formats, headers and limits. Shared by the embedded-store and
 * the server-store test files (chdb binds one data folder per process, so one backend per file).
 */
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector.ts';
import { generateSeed } from '../support/seed.ts';

export const ADMIN = 'ch-admin-key-0123456789';
export const READ = 'ch-read-key-0123456789';
export const KEYS_YAML = `keys:\n  - { key: ${ADMIN}, project: ops, role: admin }\n  - { key: ${READ}, project: default, role: read }\n`;
export const seed = generateSeed();

export function defineClickHouseHttpCases(get: () => RunningCollector): void {
  const clients: ClickHouseClient[] = [];
  const client = (o: Parameters<typeof createClient>[0] = {}) => {
    const cl = createClient({ url: get().url, pathname: '/clickhouse', username: 'default', password: ADMIN, log: { level: ClickHouseLogLevel.OFF }, ...o });
    clients.push(cl);
    return cl;
  };
  const raw = (query: string, o: { body?: string | Uint8Array; headers?: Record<string, string>; auth?: string | null } = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.auth !== null) headers.authorization = `Basic ${Buffer.from(`default:${o.auth ?? ADMIN}`).toString('base64')}`;
    return fetch(`${get().url}/clickhouse/${query}`, { method: o.body === undefined ? 'GET' : 'POST', headers, body: o.body as BodyInit | undefined });
  };
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  describe('with @clickhouse/client', () => {
    it('pings and reads the store the collector writes (JSONEachRow, JSON, JSONCompactEachRow)', async () => {
      const cl = client();
      expect((await cl.ping()).success).toBe(true);
      const rows = await (await cl.query({ query: 'SELECT service_name, count() AS n FROM llmscope.llm_calls GROUP BY service_name ORDER BY service_name', format: 'JSONEachRow' })).json<{ service_name: string; n: string | number }>();
      const want = [...new Set(seed.calls.map((c) => c.service_name))].sort().map((s) => ({ service_name: s, n: seed.calls.filter((c) => c.service_name === s).length }));
      expect(rows.map((r) => ({ service_name: r.service_name, n: Number(r.n) }))).toEqual(want);
      const json = await (await cl.query({ query: 'SELECT count() AS n, 1.5 AS f FROM llmscope.llm_calls', format: 'JSON' })).json<{ n: string }>();
      expect(json.meta).toEqual([{ name: 'n', type: 'UInt64' }, { name: 'f', type: 'Float64' }]);
      expect(Number(json.data[0]!.n)).toBe(seed.calls.length);
      expect(json.rows).toBe(1);
      const compact = await (await cl.query({ query: 'SELECT number, toString(number) FROM system.numbers LIMIT 3', format: 'JSONCompactEachRow' })).json<[string, string]>();
      expect(compact.map((r) => [Number(r[0]), r[1]])).toEqual([[0, '0'], [1, '1'], [2, '2']]);
    });

    it('binds query parameters (quotes, backslashes, newlines, arrays; long values go multipart)', async () => {
      const cl = client();
      const nasty = "a'b\\c\nd\te -- ; DROP TABLE x";
      const r = await (await cl.query({ query: 'SELECT {s:String} AS s, {n:UInt32} + 1 AS n, {a:Array(String)} AS a', query_params: { s: nasty, n: 41, a: ['x', "y'z"] }, format: 'JSONEachRow' })).json<{ s: string; n: number; a: string[] }>();
      expect(r).toEqual([{ s: nasty, n: 42, a: ['x', "y'z"] }]);
      const long = "q'\\".repeat(70_000);
      const multipart = client({ use_multipart_params_auto: true });
      const l = await (await multipart.query({ query: 'SELECT length({s:String}) AS len', query_params: { s: long }, format: 'JSONEachRow' })).json<{ len: string | number }>();
      expect(Number(l[0]!.len)).toBe(long.length);
      const svc = await (await cl.query({ query: 'SELECT count() AS n FROM llmscope.llm_calls WHERE service_name = {svc:String}', query_params: { svc: 'chat-api' }, format: 'JSONEachRow' })).json<{ n: string }>();
      expect(Number(svc[0]!.n)).toBe(seed.calls.filter((c) => c.service_name === 'chat-api').length);
    });

    it('uses the database of the client config for unqualified tables', async () => {
      const cl = client({ database: 'llmscope' });
      const r = await (await cl.query({ query: 'SELECT count() AS n FROM scores', format: 'JSONEachRow' })).json<{ n: string }>();
      expect(Number(r[0]!.n)).toBe(seed.scores.length);
    });

    it('reports ClickHouse errors with their code and type', async () => {
      const cl = client();
      await expect(cl.query({ query: 'SELEC 1', format: 'JSONEachRow' })).rejects.toMatchObject({ code: '62', type: 'SYNTAX_ERROR' });
      await expect(cl.query({ query: 'SELECT * FROM llmscope.no_such_table', format: 'JSONEachRow' })).rejects.toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
      await expect(cl.query({ query: 'SELECT no_such_function(1)', format: 'JSONEachRow' })).rejects.toMatchObject({ code: '46' });
    });

    it('refuses writes, DDL, table functions and settings changes (readonly=1)', async () => {
      const cl = client();
      for (const query of [
        "INSERT INTO llmscope.llm_calls (trace_id) VALUES ('x')",
        'DROP TABLE llmscope.llm_calls',
        'ALTER TABLE llmscope.llm_calls DELETE WHERE 1',
        'TRUNCATE TABLE llmscope.scores',
        'CREATE TABLE llmscope.t (a UInt8) ENGINE = Memory',
        "SELECT * FROM file('/etc/passwd', 'LineAsString')",
        'SET max_result_rows = 0',
      ]) {
        await expect(cl.command({ query }), query).rejects.toMatchObject({ code: '164', type: 'READONLY' });
      }
      await expect(cl.query({ query: 'SELECT 1', clickhouse_settings: { readonly: '0' } })).rejects.toMatchObject({ code: '164' });
      const n = await (await cl.query({ query: 'SELECT count() AS n FROM llmscope.llm_calls', format: 'JSONEachRow' })).json<{ n: string }>();
      expect(Number(n[0]!.n)).toBe(seed.calls.length);
    });

    it('keeps its limits: a higher max_execution_time is clamped, result rows are capped', async () => {
      const cl = client();
      const t0 = Date.now();
      await expect(
        cl.query({ query: 'SELECT count() FROM system.numbers WHERE NOT ignore(sipHash64(number))', clickhouse_settings: { max_execution_time: 100_000 } }),
      ).rejects.toMatchObject({ code: '159', type: 'TIMEOUT_EXCEEDED' });
      expect(Date.now() - t0).toBeLessThan(20_000);
      await expect(cl.query({ query: 'SELECT number FROM system.numbers LIMIT 5000000', format: 'JSONEachRow' })).rejects.toMatchObject({ code: '396' });
      // A lower limit is honoured.
      await expect(
        cl.query({ query: 'SELECT number FROM system.numbers LIMIT 100', format: 'JSONEachRow', clickhouse_settings: { max_result_rows: '10' } }),
      ).rejects.toMatchObject({ code: '396' });
    });

    it('compresses answers (enable_http_compression) and reads gzip request bodies', async () => {
      const cl = client({ compression: { request: true, response: true } });
      const r = await (await cl.query({ query: 'SELECT toString(number) AS s FROM system.numbers LIMIT 2000', format: 'JSONEachRow' })).json<{ s: string }>();
      expect(r.length).toBe(2000);
      expect(r[1999]!.s).toBe('1999');
    });

    it('refuses unknown keys (516) and keys without role admin (497)', async () => {
      await expect(client({ password: 'wrong-key' }).query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '516', type: 'AUTHENTICATION_FAILED' });
      const read = client({ password: READ });
      for (const query of [
        'SELECT count() FROM llmscope.llm_calls',
        "SELECT * FROM (SELECT * FROM llmscope.llm_calls SETTINGS additional_table_filters={'llmscope.llm_calls':'1'})",
        "SELECT * FROM llmscope.llm_calls WHERE project_id != 'default'",
        'SELECT * FROM system.tables',
        "SELECT * FROM url('http://127.0.0.1:9/x', 'LineAsString')",
      ]) {
        await expect(read.query({ query }), query).rejects.toMatchObject({ code: '497', type: 'ACCESS_DENIED' });
      }
    });
  });

  describe('over plain HTTP', () => {
    it('answers GET and POST, the query in the URL and/or the body, with X-ClickHouse headers', async () => {
      expect(await (await raw('', { auth: null })).text()).toBe('Ok.\n');
      expect(await (await fetch(`${get().url}/clickhouse/ping`)).text()).toBe('Ok.\n');
      const g = await raw(`?query=${encodeURIComponent('SELECT 1 AS x')}&default_format=JSONEachRow&query_id=my-query-1`);
      expect(g.status).toBe(200);
      expect(await g.text()).toBe('{"x":1}\n');
      expect(g.headers.get('x-clickhouse-format')).toBe('JSONEachRow');
      expect(g.headers.get('x-clickhouse-query-id')).toBe('my-query-1');
      expect(g.headers.get('x-clickhouse-timezone')).toBeTruthy();
      expect(JSON.parse(g.headers.get('x-clickhouse-summary')!)).toMatchObject({ written_rows: '0' });
      const p = await raw(`?query=${encodeURIComponent('SELECT 1 AS x,')}`, { body: '2 AS y FORMAT CSVWithNames' });
      expect(await p.text()).toBe('"x","y"\n1,2\n');
      expect(p.headers.get('x-clickhouse-format')).toBe('CSVWithNames');
      const tsv = await raw('', { body: 'SELECT 1 AS x, \'a\' AS s', headers: { 'x-clickhouse-format': 'TabSeparatedWithNamesAndTypes' } });
      expect(await tsv.text()).toBe('x\ts\nUInt8\tString\n1\ta\n');
      const byHeaders = await fetch(`${get().url}/clickhouse/?default_format=TabSeparated`, { method: 'POST', body: 'SELECT 7', headers: { 'x-clickhouse-user': 'default', 'x-clickhouse-key': ADMIN } });
      expect(await byHeaders.text()).toBe('7\n');
      const byUrl = await fetch(`${get().url}/clickhouse/?user=default&password=${ADMIN}&query=SELECT%208`);
      expect(await byUrl.text()).toBe('8\n');
    });

    it('speaks the binary formats: RowBinaryWithNamesAndTypes and Native', async () => {
      const rb = new Uint8Array(await (await raw('?default_format=RowBinaryWithNamesAndTypes', { body: "SELECT toUInt8(7) AS x, 'hi' AS s" })).arrayBuffer());
      // columns=2, names (len-prefixed), types (len-prefixed), then the row: UInt8 7, String "hi"
      expect([...rb]).toEqual([2, 1, 120, 1, 115, 5, ...Buffer.from('UInt8'), 6, ...Buffer.from('String'), 7, 2, 104, 105]);
      const native = new Uint8Array(await (await raw('?default_format=Native', { body: 'SELECT toUInt8(7) AS x' })).arrayBuffer());
      // one block: columns=1, rows=1, name "x", type "UInt8", data 7
      expect([...native]).toEqual([1, 1, 1, 120, 5, ...Buffer.from('UInt8'), 7]);
    });

    it('gzip: compressed answers and compressed request bodies', async () => {
      const r = await raw('?enable_http_compression=1&default_format=TabSeparated', { body: 'SELECT number FROM system.numbers LIMIT 3', headers: { 'accept-encoding': 'gzip' } });
      expect(r.headers.get('content-encoding')).toBe('gzip');
      expect(await r.text()).toBe('0\n1\n2\n'); // fetch decodes it
      const body = gzipSync(Buffer.from('SELECT 42'));
      const g = await raw('', { body, headers: { 'content-encoding': 'gzip' } });
      expect(await g.text()).toBe('42\n');
      const broken = await raw('', { body: 'not gzip', headers: { 'content-encoding': 'gzip' } });
      expect(broken.status).toBeGreaterThanOrEqual(400);
      expect(gunzipSync(gzipSync(Buffer.from('x'))).toString()).toBe('x');
    });

    it('answers bad input with ClickHouse exceptions and 4xx statuses', async () => {
      const syntax = await raw('', { body: 'SELEC 1' });
      expect(syntax.status).toBe(400);
      expect(syntax.headers.get('x-clickhouse-exception-code')).toBe('62');
      expect(await syntax.text()).toMatch(/^Code: 62\. DB::Exception: .*\(SYNTAX_ERROR\)/);
      const fmt = await raw('?default_format=NoSuchFormat', { body: 'SELECT 1' });
      expect(fmt.status).toBe(404);
      expect(await fmt.text()).toMatch(/Code: 73\..*UNKNOWN_FORMAT/);
      const table = await raw('', { body: 'SELECT * FROM llmscope.nope' });
      expect(table.status).toBe(404);
      expect((await raw('', { body: '' })).status).toBe(400);
      const huge = await raw('', { body: 'SELECT ' + '1+'.repeat(5 * 1024 * 1024) + '1' });
      expect(huge.status).toBe(413);
      expect(await huge.text()).toMatch(/QUERY_IS_TOO_LARGE/);
      const ro = await raw('?readonly=0', { body: 'SELECT 1' });
      expect(ro.status).toBe(500);
      expect(await ro.text()).toMatch(/Code: 164\..*READONLY/);
      const block = await raw('?compress=1', { body: 'SELECT 1' });
      expect(block.status).toBe(501);
      expect(await block.text()).toMatch(/NOT_IMPLEMENTED/);
      expect((await raw('', { auth: null, body: 'SELECT 1' })).status).toBe(403);
      expect((await fetch(`${get().url}/clickhouse/nope`)).status).toBe(404);
    });

    it('the collector keeps ingesting while /clickhouse/ is used', async () => {
      const id = 'feedc0de00000001';
      const now = Date.now();
      const body = {
        resourceSpans: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'during-ch-reads' } }] },
          scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: id + id, spanId: id, name: 'chat m', kind: 3, startTimeUnixNano: `${now}000000`, endTimeUnixNano: `${now + 3}000000`,
            attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }, { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } }, { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } }] }] }],
        }],
      };
      const slow = raw('', { body: 'SELECT count() FROM numbers(2000000) WHERE NOT ignore(sipHash64(number))' });
      const r = await fetch(`${get().url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
      expect(r.status).toBe(200);
      await get().flush();
      expect((await slow).status).toBe(200);
      const q = await raw('?default_format=JSONEachRow', { body: "SELECT count() AS n FROM llmscope.llm_calls WHERE service_name = 'during-ch-reads'" });
      expect(await q.text()).toBe('{"n":1}\n');
    });
  });
}
