/**
 * POST /api/v1/feedback on a real collector (real HTTP, embedded chdb): stored/linked rows,
 * idempotency by feedback_id, 202 + late linking, bounded wait, bad input, and tenancy.
 * Calls are inserted straight into llm_calls (the ingest path is covered elsewhere).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { FeedbackService, parseFeedback } from '../../src/feedback/feedback.ts';

const INGEST_A = 'ingest-key-team-a-01';
const INGEST_B = 'ingest-key-team-b-01';
const READ_A = 'read-key-team-a-0123';
let dir: string;
let c: RunningCollector;

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
const TS_NS = 1_780_000_000_000_000_000n;

async function storeCall(project: string, trace: string, span: string, extra: Record<string, unknown> = {}) {
  await c.store.insertJsonEachRow(
    'llmscope.llm_calls',
    JSON.stringify({ project_id: project, timestamp: TS_NS.toString(), trace_id: trace, span_id: span, service_name: 'chat-api', request_model: 'gpt-4o-mini', ...extra }) + '\n',
  );
}

async function post(body: unknown, key: string | null = INGEST_A, headers: Record<string, string> = {}) {
  const res = await fetch(`${c.url}/api/v1/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function humanScores(trace: string) {
  return c.store.query<{ project_id: string; span_id: string; name: string; value: number; label: string; explanation: string; service_name: string; request_model: string; ts: string }>(
    `SELECT project_id, span_id, name, value, label, explanation, service_name, request_model, toString(toUnixTimestamp64Nano(timestamp)) AS ts
     FROM llmscope.scores WHERE source = 'human' AND trace_id = {t:String} ORDER BY name`,
    { t: trace },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-feedback-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    ['keys:', `  - { key: ${INGEST_A}, project: team-a }`, `  - { key: ${INGEST_B}, project: team-b }`, `  - { key: ${READ_A}, project: team-a, role: read }`].join('\n') + '\n',
  );
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', apiKeys: join(dir, 'keys.yaml') });
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('POST /api/v1/feedback', () => {
  it('stores a human score linked to the stored call (timestamp, service, model)', async () => {
    const trace = hex(1, 32);
    const span = hex(2, 16);
    await storeCall('team-a', trace, span);
    const r = await post({ trace_id: trace.toUpperCase(), span_id: span, name: 'thumbs', value: 1, label: 'up', comment: 'great answer', user_id: 'u-1' });
    expect(r).toEqual({ status: 200, json: { status: 'stored', span_id: span } });
    expect(await humanScores(trace)).toEqual([
      { project_id: 'team-a', span_id: span, name: 'thumbs', value: 1, label: 'up', explanation: 'great answer', service_name: 'chat-api', request_model: 'gpt-4o-mini', ts: TS_NS.toString() },
    ]);
  });

  it('finds the call by response_id', async () => {
    const trace = hex(3, 32);
    await storeCall('team-a', trace, hex(4, 16), { response_id: 'chatcmpl-abc' });
    const r = await post({ trace_id: trace, response_id: 'chatcmpl-abc', name: 'rating', value: 4 });
    expect(r.json).toEqual({ status: 'stored', span_id: hex(4, 16) });
    expect((await humanScores(trace)).map((s) => [s.span_id, s.value])).toEqual([[hex(4, 16), 4]]);
  });

  it('is idempotent by feedback_id: a repeat stores no second row', async () => {
    const trace = hex(5, 32);
    await storeCall('team-a', trace, hex(6, 16));
    const body = { trace_id: trace, span_id: hex(6, 16), name: 'thumbs', value: 0, feedback_id: 'fb-1' };
    expect((await post(body)).json.status).toBe('stored');
    expect((await post(body)).json.status).toBe('duplicate');
    expect(await humanScores(trace)).toHaveLength(1);
    // Without the in-memory memory (a restart), the dedup token still drops the second insert.
    const fresh = new FeedbackService({ store: c.store, database: 'llmscope' });
    expect((await fresh.submit('team-a', parseFeedback(body))).status).toBe('stored');
    expect(await humanScores(trace)).toHaveLength(1);
    // Same feedback_id in another project is another feedback.
    await storeCall('team-b', trace, hex(6, 16));
    expect((await post(body, INGEST_B)).json.status).toBe('stored');
    expect((await humanScores(trace)).map((s) => s.project_id).sort()).toEqual(['team-a', 'team-b']);
  });

  it('answers 202 for a call not stored yet and links it when the call arrives', async () => {
    const trace = hex(7, 32);
    const span = hex(8, 16);
    const r = await post({ trace_id: trace, span_id: span, name: 'thumbs', value: 1, feedback_id: 'early' });
    expect(r).toEqual({ status: 202, json: { status: 'pending' } });
    expect((await post({ trace_id: trace, span_id: span, name: 'thumbs', value: 1, feedback_id: 'early' })).json.status).toBe('duplicate');
    expect(await humanScores(trace)).toEqual([]);
    await storeCall('team-a', trace, span);
    const deadline = Date.now() + 20_000;
    let rows = await humanScores(trace);
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 250));
      rows = await humanScores(trace);
    }
    expect(rows.map((s) => [s.service_name, s.request_model, s.ts])).toEqual([['chat-api', 'gpt-4o-mini', TS_NS.toString()]]);
  }, 30_000);

  it('stores waiting feedback unlinked after the bounded wait, and refuses beyond the bounded set', async () => {
    let now = 1_000_000;
    const svc = new FeedbackService({ store: c.store, database: 'llmscope', maxPending: 2, maxWaitMs: 60_000, now: () => now });
    const trace = hex(9, 32);
    const f = (id: string) => parseFeedback({ trace_id: trace, span_id: hex(10, 16), name: 'thumbs', value: -1, feedback_id: id });
    expect((await svc.submit('team-a', f('w1'))).status).toBe('pending');
    expect((await svc.submit('team-a', f('w2'))).status).toBe('pending');
    await expect(svc.submit('team-a', f('w3'))).rejects.toThrow(/already wait/);
    now += 30_000;
    await svc.sweep();
    expect(svc.pendingCount).toBe(2);
    now += 30_000;
    await svc.sweep();
    await svc.close();
    expect(svc.pendingCount).toBe(0);
    const rows = await humanScores(trace);
    expect(rows.map((s) => [s.service_name, s.request_model, s.value, s.ts])).toEqual([
      ['', '', -1, (1_000_000n * 1_000_000n).toString()],
      ['', '', -1, (1_000_000n * 1_000_000n).toString()],
    ]);
  });

  it('looks for waiting calls with one query per project per round, and stores the rest on close', async () => {
    let queries = 0;
    const counting = new Proxy(c.store, {
      get(t, k) {
        const v = Reflect.get(t, k, t);
        if (k === 'query') return (...a: unknown[]) => (queries++, (v as (...x: unknown[]) => unknown).apply(t, a));
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const svc = new FeedbackService({ store: counting, database: 'llmscope', retryMs: 3_600_000 });
    const traces = Array.from({ length: 50 }, (_, i) => hex(0x5000 + i, 32));
    for (const [i, t] of traces.entries()) expect((await svc.submit('team-a', parseFeedback({ trace_id: t, span_id: hex(0x6000 + i, 16), name: 'thumbs', value: i }))).status).toBe('pending');
    for (let i = 0; i < 10; i++) await storeCall('team-a', traces[i]!, hex(0x6000 + i, 16));
    queries = 0;
    await svc.sweep();
    expect(queries).toBe(1);
    expect(svc.pendingCount).toBe(40);
    expect(svc.stats.linkedLate).toBe(10);
    await svc.close();
    expect(svc.pendingCount).toBe(0);
    expect(svc.stats.storedUnlinked).toBe(40);
    const rows = await c.store.query<{ linked: number; n: number }>(
      `SELECT service_name != '' AS linked, count() AS n FROM llmscope.scores WHERE source = 'human' AND trace_id IN {t:Array(String)} GROUP BY linked ORDER BY linked`,
      { t: traces },
    );
    expect(rows.map((r) => [Number(r.linked), Number(r.n)])).toEqual([[0, 40], [1, 10]]);
  });

  it('keeps tenants apart: a key of team-b cannot attach feedback to team-a’s call', async () => {
    const trace = hex(11, 32);
    await storeCall('team-a', trace, hex(12, 16));
    const r = await post({ trace_id: trace, span_id: hex(12, 16), name: 'thumbs', value: 0 }, INGEST_B);
    expect(r).toEqual({ status: 202, json: { status: 'pending' } });
    expect(await humanScores(trace)).toEqual([]);
    expect((await post({ trace_id: trace, name: 'thumbs', value: 0 }, null)).status).toBe(401);
    expect((await post({ trace_id: trace, name: 'thumbs', value: 0 }, 'no-such-key-00000000')).status).toBe(401);
    expect((await post({ trace_id: trace, name: 'thumbs', value: 0 }, READ_A)).status).toBe(401);
  });

  it('rejects bad input with clear 400s, wrong content type 415, oversized bodies 413', async () => {
    const trace = hex(13, 32);
    const bad: Array<[unknown, RegExp]> = [
      [{ span_id: hex(1, 16), name: 't', value: 1 }, /trace_id must be 32 hex/],
      [{ trace_id: 'zz'.repeat(16), name: 't', value: 1 }, /trace_id must be 32 hex/],
      [{ trace_id: '0'.repeat(32), name: 't', value: 1 }, /not all zero/],
      [{ trace_id: trace, span_id: 'abc', name: 't', value: 1 }, /span_id must be 16 hex/],
      [{ trace_id: trace, span_id: hex(1, 16), response_id: 'r', name: 't', value: 1 }, /not both/],
      [{ trace_id: trace, value: 1 }, /name is required/],
      [{ trace_id: trace, name: 'a b', value: 1 }, /name is required/],
      [{ trace_id: trace, name: 't', value: '1' }, /finite number/],
      [{ trace_id: trace, name: 't' }, /finite number/],
      [{ trace_id: trace, name: 't', value: 1, comment: 'x'.repeat(4097) }, /comment is longer than 4096/],
      [{ trace_id: trace, name: 't', value: 1, label: 7 }, /label must be a string/],
      [{ trace_id: trace, name: 't', value: 1, extra: true }, /unknown field "extra"/],
      [[1, 2], /JSON object/],
      ['{"trace_id": ', /not valid UTF-8 JSON/],
      ['{"trace_id":"' + trace + '","name":"t","value":1e999}', /finite number/],
    ];
    for (const [body, msg] of bad) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(String(r.json.error)).toMatch(msg);
    }
    expect((await post({ trace_id: trace, name: 't', value: 1 }, INGEST_A, { 'content-type': 'text/plain' })).status).toBe(415);
    const big = await post({ trace_id: trace, name: 't', value: 1, comment: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(await humanScores(trace)).toEqual([]);
    // The collector still serves after all of it.
    await storeCall('team-a', trace, hex(14, 16));
    expect((await post({ trace_id: trace, span_id: hex(14, 16), name: 't', value: 1 })).status).toBe(200);
  });
});
