/**
 * /clickhouse/ on the server backend: the collector writes to and reads from a ClickHouse HTTP
 * endpoint (the chdb-backed test stand-in, which applies each read's readonly=1 and limit settings
 * as a server does), and serves the same read-only interface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { ClickHouseHttpStandin } from '../support/clickhouse-http-standin.ts';
import { insertSeed } from '../support/seed.ts';
import { ADMIN, KEYS_YAML, READ, defineClickHouseHttpCases, seed } from './clickhouse-http.cases.ts';

let dir: string;
let standin: ClickHouseHttpStandin;
let c: RunningCollector;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-ch-http-server-'));
  writeFileSync(join(dir, 'keys.yaml'), KEYS_YAML);
  standin = new ClickHouseHttpStandin({ dataDir: join(dir, 'ch') });
  await standin.start();
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), clickhouseUrl: standin.url, scorers: [], logLevel: 'error', apiKeys: join(dir, 'keys.yaml'), queryTimeoutMs: 2000, ui: 'off' });
  await insertSeed(c.store, seed);
}, 60_000);

afterAll(async () => {
  await c?.close();
  await standin?.close();
  rmSync(dir, { recursive: true, force: true });
});

defineClickHouseHttpCases(() => c);

describe('the console API on the server backend', () => {
  it("scopes panel data and calls to a read key's project (additional_table_filters as URL settings)", async () => {
    const { RANGE_FROM_MS, ANCHOR_MS } = await import('../support/seed.ts');
    await c.store.insert('llmscope.llm_calls', [{ project_id: 'other', timestamp: `${ANCHOR_MS - 1000}000000`, trace_id: 'f'.repeat(32), span_id: 'f'.repeat(16), service_name: 'chat-api', request_model: 'gpt-4o-mini', cost_usd: 1000 }]);
    const panel = async (key: string) => {
      const r = await fetch(`${c.url}/api/v1/dashboards/llmscope-overview/panels/1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ from: RANGE_FROM_MS, to: ANCHOR_MS }),
      });
      return ((await r.json()) as { targets: Array<{ rows: number[][] }> }).targets[0]!.rows[0]![0];
    };
    const inRange = seed.calls.filter((x) => x.tsMs >= RANGE_FROM_MS && x.tsMs <= ANCHOR_MS).length;
    expect(await panel(READ)).toBe(inRange);
    expect(await panel(ADMIN)).toBe(inRange + 1);
    const call = await fetch(`${c.url}/api/v1/calls/${'f'.repeat(32)}/${'f'.repeat(16)}`, { headers: { authorization: `Bearer ${READ}` } });
    expect(call.status).toBe(404);
    const adminCall = await fetch(`${c.url}/api/v1/calls/${'f'.repeat(32)}/${'f'.repeat(16)}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(((await adminCall.json()) as { call: { project_id: string } }).call.project_id).toBe('other');
    const list = async (key: string) =>
      (await (await fetch(`${c.url}/api/v1/calls?from=${RANGE_FROM_MS}&to=${ANCHOR_MS}&sort=cost_usd&limit=3`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
        rows: Array<{ cost_usd: number; project_id: string }>;
        total: number;
      };
    const mine = await list(READ);
    expect(mine.total).toBe(inRange);
    expect(mine.rows.every((r) => r.project_id === 'default')).toBe(true);
    expect(mine.rows[0]!.cost_usd).toBeCloseTo(Math.max(...seed.calls.filter((x) => x.tsMs >= RANGE_FROM_MS && x.tsMs <= ANCHOR_MS).map((x) => x.cost_usd)), 9);
    expect((await list(ADMIN)).rows[0]!.cost_usd).toBe(1000);
    const span = seed.spans.find((x) => x.events.length > 0)!;
    const trace = await fetch(`${c.url}/api/v1/traces/${span.TraceId}`, { headers: { authorization: `Bearer ${READ}` } });
    expect(trace.status).toBe(200);
    const t = (await trace.json()) as { spans: Array<{ SpanId: string; Events: Array<{ Name: string }> }> };
    expect(t.spans.find((x) => x.SpanId === span.SpanId)!.Events.map((e) => e.Name)).toEqual(span.events.map((e) => e.name));
  });
});
