/**
 * Store outages against the ClickHouse-HTTP stand-in: stopped (connection refused), slow, and
 * answering 500. The collector keeps accepting into its write-ahead log, reports degraded, sheds
 * load with 503 + Retry-After once the log is full, and drains everything after recovery: no
 * acknowledged span lost, none duplicated, memory bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { ClickHouseHttpStandin } from '../support/clickhouse-http-standin.ts';
import { makePayloads } from '../../bench/support/payloads.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';

let dir: string;
let standin: ClickHouseHttpStandin;
let c: RunningCollector;
const MAX_QUEUE_ROWS = 3000;
const WAL_MAX = 2 * 1024 * 1024;
let maxQueued = 0;
const acked = new Set<string>();

const { payloads } = makePayloads({ requests: 400, spansPerRequest: [20, 40], seed: 33 });
const idsOf = payloads.map((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
let next = 0;

async function send(n: number): Promise<{ ok: number; shed: number; retryAfter: string | null }> {
  let ok = 0;
  let shed = 0;
  let retryAfter: string | null = null;
  for (let k = 0; k < n && next < payloads.length; k++) {
    const i = next++;
    const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payloads[i]! as Uint8Array<ArrayBuffer> });
    await r.arrayBuffer();
    maxQueued = Math.max(maxQueued, c.writer.queuedRows);
    if (r.status === 200) {
      ok++;
      for (const id of idsOf[i]!) acked.add(id);
    } else {
      expect(r.status).toBe(503);
      shed++;
      retryAfter = r.headers.get('retry-after');
    }
  }
  return { ok, shed, retryAfter };
}

async function health(): Promise<{ status: number; body: { status: string } }> {
  const r = await fetch(`${c.url}/healthz`);
  return { status: r.status, body: await r.json() };
}

async function until(cond: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function storedCounts(): Promise<{ c: number; u: number }> {
  const [r] = JSON.parse('[' + (await standin.query('SELECT count() AS c, uniqExact(SpanId) AS u FROM llmscope.otel_traces')).trim() + ']');
  return { c: Number(r.c), u: Number(r.u) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-outage-'));
  standin = new ClickHouseHttpStandin({ dataDir: join(dir, 'standin') });
  await standin.start();
  c = await startCollector({
    port: 0,
    clickhouseUrl: standin.url,
    dataDir: join(dir, 'data'),
    scorers: [],
    logLevel: 'error',
    flushIntervalMs: 100,
    batchRows: 1000,
    maxQueueRows: MAX_QUEUE_ROWS,
    walMaxBytes: WAL_MAX,
    retryMaxMs: 300,
    // Spilled requests are read back from the log on disk (the in-memory shortcut is off here).
    spillMemoryBytes: 0,
  });
});

afterAll(async () => {
  await c?.close();
  await standin?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('store outages', () => {
  it('server stopped: accepts into the log, reports degraded, 503 + Retry-After when the log is full, drains after restart', async () => {
    expect((await send(5)).ok).toBe(5);
    await c.flush();
    await standin.stop();
    const during = await send(20);
    expect(during.ok).toBeGreaterThan(0);
    await until(async () => (await health()).status === 503);
    expect((await health()).body.status).toBe('degraded');
    // Keep sending until the 2 MiB log is full: the collector sheds load instead of buffering.
    let shed = { ok: 0, shed: 0, retryAfter: null as string | null };
    for (let i = 0; i < 20 && shed.shed === 0; i++) shed = await send(10);
    expect(shed.shed).toBeGreaterThan(0);
    expect(shed.retryAfter).toMatch(/^\d+$/);
    expect(c.walStats!().liveBytes).toBeLessThanOrEqual(WAL_MAX);
    expect(c.durable!.spilledRecords).toBeGreaterThan(0);
    expect(c.durable!.stats.spilled).toBeGreaterThan(0);
    await standin.start();
    await until(async () => (await health()).status === 200);
    await c.flush();
    const s = await storedCounts();
    expect(s.c).toBe(s.u);
    expect([...acked].length).toBeLessThanOrEqual(s.u);
    expect(maxQueued).toBeLessThanOrEqual(MAX_QUEUE_ROWS);
  });

  it('server slow, then answering 500: nothing acknowledged is lost or doubled', async () => {
    standin.setFault({ mode: 'slow', delayMs: 700 });
    expect((await send(6)).ok).toBe(6);
    await c.flush();
    standin.setFault({ mode: 'error', status: 500 });
    expect((await send(6)).ok).toBe(6);
    await until(async () => (await health()).status === 503);
    standin.setFault({ mode: 'none' });
    await until(async () => (await health()).status === 200);
    await c.flush();
    const s = await storedCounts();
    const stored = new Set(
      (await standin.query('SELECT SpanId FROM llmscope.otel_traces')).trim().split('\n').map((l) => JSON.parse(l).SpanId as string),
    );
    const missing = [...acked].filter((id) => !stored.has(id));
    console.log(`outage test: ${acked.size} spans acknowledged, ${s.u} stored, ${s.c - s.u} duplicated, ${missing.length} missing; peak in-memory queue ${maxQueued} rows (bound ${MAX_QUEUE_ROWS})`);
    expect(missing).toEqual([]);
    expect(s.c).toBe(s.u);
    expect(c.walStats!().liveBytes).toBeLessThan(1024 * 1024);
  });
});

describe('shutdown with the store away', () => {
  it('gives up after a bounded wait and keeps the rows in the log for the next start', async () => {
    const walDir = join(dir, 'wal-shutdown');
    const first = await startCollector({ port: 0, clickhouseUrl: standin.url, dataDir: join(dir, 'data2'), walDir, scorers: [], logLevel: 'error', flushIntervalMs: 50, retryMaxMs: 200 });
    await standin.stop();
    const { payloads: more } = makePayloads({ requests: 3, spansPerRequest: [10, 10], seed: 99 });
    const ids = more.flatMap((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
    for (const p of more) {
      const r = await fetch(`${first.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: p as Uint8Array<ArrayBuffer> });
      expect(r.status).toBe(200);
    }
    const t0 = Date.now();
    await first.close();
    expect(Date.now() - t0).toBeLessThan(25_000);
    await standin.start();
    const second = await startCollector({ port: 0, clickhouseUrl: standin.url, dataDir: join(dir, 'data2'), walDir, scorers: [], logLevel: 'error', flushIntervalMs: 50 });
    await second.flush();
    await second.close();
    const rows = (await standin.query(`SELECT SpanId FROM llmscope.otel_traces WHERE SpanId IN (${ids.map((i) => `'${i}'`).join(',')})`)).trim().split('\n').filter(Boolean);
    expect(rows.length).toBe(ids.length);
  });
});

describe('spill kept in memory', () => {
  it('a short overload spills into the log and is fed back from memory: all stored once', async () => {
    const small = await startCollector({ port: 0, clickhouseUrl: standin.url, dataDir: join(dir, 'data3'), scorers: [], logLevel: 'error', flushIntervalMs: 50, maxQueueRows: 100, retryMaxMs: 200 });
    try {
      standin.setFault({ mode: 'slow', delayMs: 300 });
      const { payloads: burst } = makePayloads({ requests: 10, spansPerRequest: [30, 30], seed: 123 });
      const ids = burst.flatMap((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
      for (const p of burst) {
        const r = await fetch(`${small.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: p as Uint8Array<ArrayBuffer> });
        expect(r.status).toBe(200);
      }
      expect(small.durable!.stats.spilled).toBeGreaterThan(0);
      standin.setFault({ mode: 'none' });
      await small.flush();
      const rows = (await standin.query(`SELECT count() AS c, uniqExact(SpanId) AS u FROM llmscope.otel_traces WHERE SpanId IN (${ids.map((i) => `'${i}'`).join(',')})`)).trim();
      expect(JSON.parse(rows)).toEqual({ c: ids.length, u: ids.length });
    } finally {
      standin.setFault({ mode: 'none' });
      await small.close();
    }
  });
});
