/**
 * The resource multiplication of issue 16 (one 1 MB resource attribute copied into every row) for
 * the other signals: a logs request with 600 records and a metrics request with 600 points, each
 * under a resource (and scope) carrying a 1 MB attribute, are stored with bounded resource and
 * scope attributes per row, within a bounded amount of memory, while other clients keep getting 200.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

let c: RunningCollector;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-resmul-lm-'));
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error' });
});
afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

const NOW = BigInt(Date.now()) * 1_000_000n;
const huge = { key: 'huge', value: { stringValue: 'a'.repeat(1024 * 1024) } };
const resource = (service: string, extra: object[]) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }, ...extra] });

function logs(service: string, extra: object[], n: number): string {
  return JSON.stringify({
    resourceLogs: [{ resource: resource(service, extra), scopeLogs: [{ scope: { name: 's', attributes: extra }, logRecords: Array.from({ length: n }, (_, i) => ({ timeUnixNano: String(NOW + BigInt(i)), body: { stringValue: `r${i}` } })) }] }],
  });
}
function metrics(service: string, extra: object[], n: number): string {
  return JSON.stringify({
    resourceMetrics: [
      { resource: resource(service, extra), scopeMetrics: [{ scope: { name: 's', attributes: extra }, metrics: [{ name: 'm', gauge: { dataPoints: Array.from({ length: n }, (_, i) => ({ timeUnixNano: String(NOW + BigInt(i)), asDouble: i })) } }] }] },
    ],
  });
}

async function post(path: string, body: Uint8Array | string, gzip: boolean): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (gzip) headers['content-encoding'] = 'gzip';
  const r = await fetch(`${c.url}${path}`, { method: 'POST', headers, body: body as BodyInit });
  await r.arrayBuffer();
  return r.status;
}

it.each([
  ['/v1/logs', logs, 'otel_logs'],
  ['/v1/metrics', metrics, 'otel_metrics_gauge'],
] as const)('%s: a 1 MB resource and scope attribute on 600 items is stored with bounded copies per row', async (path, make, table) => {
  const hostile = gzipSync(make('hostile', [huge], 600));
  expect(hostile.length).toBeLessThan(16 * 1024);
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const hostileStatus = post(path, hostile, true);
  const others: number[] = [];
  for (let i = 0; i < 5; i++) others.push(await post(path, make('normal', [], 5), false));
  expect(await hostileStatus).toBe(200);
  expect(others).toEqual(Array(5).fill(200));
  await c.flush();
  clearInterval(sampler);
  expect(peakRss - rssBefore).toBeLessThan(300 * 1024 * 1024);
  const [rows] = await c.store.query<{ n: number; maxRes: number; maxScope: number }>(
    `SELECT count() AS n, max(length(ResourceAttributes['huge'])) AS maxRes, max(length(ScopeAttributes['huge'])) AS maxScope FROM llmscope.${table} WHERE ServiceName = 'hostile'`,
  );
  expect(Number(rows!.n)).toBe(600);
  expect(Number(rows!.maxRes)).toBeLessThanOrEqual(64 * 1024);
  expect(Number(rows!.maxScope)).toBeLessThanOrEqual(64 * 1024);
  const [normal] = await c.store.query<{ n: number }>(`SELECT count() AS n FROM llmscope.${table} WHERE ServiceName = 'normal'`);
  expect(Number(normal!.n)).toBe(25);
});
