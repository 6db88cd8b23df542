/**
 * GET /api/v1/prompts/:name/versions on a real collector (HTTP, embedded chdb): per-version
 * aggregates computed here independently from the rows inserted, tenancy, and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

const READ_A = 'read-key-team-a-0123';
const READ_B = 'read-key-team-b-0123';
const INGEST_A = 'ingest-key-team-a-01';
const BASE_MS = Date.UTC(2026, 10, 1, 12, 0, 0);
let dir: string;
let c: RunningCollector;

interface Call { project: string; version: string; ms: number; duration: number; cost: number; inTok: number; outTok: number; status: string; tox: number; span: string; trace: string }
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
const calls: Call[] = [];
const mk = (project: string, version: string, i: number, duration: number, cost: number, status = 'ok') =>
  calls.push({ project, version, ms: BASE_MS + i * 60_000, duration, cost, inTok: 100 + i, outTok: 10 * i, status, tox: i / 100, trace: hex(1000 + i, 32), span: hex(2000 + i, 16) });
mk('team-a', 'v1', 1, 100, 0.01);
mk('team-a', 'v1', 2, 300, 0.02, 'error');
mk('team-a', 'v1', 3, 200, 0.03);
mk('team-a', 'v1', 4, 900, 0.04);
mk('team-a', 'v2', 5, 50, 0.005);
mk('team-a', 'v2', 6, 70, 0.007);
mk('team-b', 'v9', 7, 10, 1);

/** numpy's default (linear) quantile. */
function q(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

async function get(path: string, key: string) {
  const res = await fetch(c.url + path, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-prompts-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    ['keys:', `  - { key: ${READ_A}, project: team-a, role: read }`, `  - { key: ${READ_B}, project: team-b, role: read }`, `  - { key: ${INGEST_A}, project: team-a }`].join('\n') + '\n',
  );
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', apiKeys: join(dir, 'keys.yaml') });
  const ns = (ms: number) => (BigInt(ms) * 1_000_000n).toString();
  await c.store.insertJsonEachRow(
    'llmscope.llm_calls',
    calls.map((x) => JSON.stringify({ project_id: x.project, timestamp: ns(x.ms), trace_id: x.trace, span_id: x.span, service_name: 'chat-api', request_model: 'gpt-4o-mini', prompt_name: 'support answer', prompt_version: x.version, duration_ms: x.duration, cost_usd: x.cost, input_tokens: x.inTok, output_tokens: x.outTok, status: x.status }) + '\n').join(''),
  );
  await c.store.insertJsonEachRow(
    'llmscope.scores',
    calls.map((x) => JSON.stringify({ project_id: x.project, timestamp: ns(x.ms), trace_id: x.trace, span_id: x.span, name: 'toxicity', value: x.tox, source: 'heuristic' }) + '\n').join(''),
  );
  // Human feedback through the real route: thumbs on calls 1 (up), 2 (down), 5 (up).
  for (const [i, v] of [[0, 1], [1, 0], [4, 1]] as const) {
    const res = await fetch(`${c.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_A}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trace_id: calls[i]!.trace, span_id: calls[i]!.span, name: 'thumbs', value: v }),
    });
    expect(res.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RANGE = `from=${BASE_MS - 3600_000}&to=${BASE_MS + 3600_000}`;

describe('GET /api/v1/prompts/:name/versions', () => {
  it('compares every version of the prompt with independently computed values', async () => {
    const r = await get(`/api/v1/prompts/support%20answer/versions?${RANGE}`, READ_A);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.prompt_name).toBe('support answer');
    const expected = ['v1', 'v2'].map((v) => {
      const xs = calls.filter((x) => x.project === 'team-a' && x.version === v);
      const cost = xs.reduce((a, x) => a + x.cost, 0);
      return {
        version: v,
        calls: xs.length,
        cost_usd: cost,
        cost_per_call: cost / xs.length,
        latency_p50_ms: q(xs.map((x) => x.duration), 0.5),
        latency_p95_ms: q(xs.map((x) => x.duration), 0.95),
        input_tokens: xs.reduce((a, x) => a + x.inTok, 0),
        output_tokens: xs.reduce((a, x) => a + x.outTok, 0),
        tokens_per_call: xs.reduce((a, x) => a + x.inTok + x.outTok, 0) / xs.length,
        error_rate: xs.filter((x) => x.status === 'error').length / xs.length,
        first_seen: new Date(Math.min(...xs.map((x) => x.ms))).toISOString(),
        last_seen: new Date(Math.max(...xs.map((x) => x.ms))).toISOString(),
        toxicity: xs.reduce((a, x) => a + x.tox, 0) / xs.length,
      };
    });
    expect(r.json.versions).toHaveLength(2);
    for (const [i, e] of expected.entries()) {
      const got = r.json.versions[i];
      expect(got.version).toBe(e.version);
      expect(got.calls).toBe(e.calls);
      for (const k of ['cost_usd', 'cost_per_call', 'latency_p50_ms', 'latency_p95_ms', 'tokens_per_call', 'error_rate'] as const) expect(got[k], k).toBeCloseTo(e[k], 9);
      expect([got.input_tokens, got.output_tokens]).toEqual([e.input_tokens, e.output_tokens]);
      expect(new Date(got.first_seen).toISOString()).toBe(e.first_seen);
      expect(new Date(got.last_seen).toISOString()).toBe(e.last_seen);
      expect(got.scores.toxicity).toBeCloseTo(e.toxicity, 9);
    }
    expect(r.json.versions[0].feedback).toEqual({ thumbs: { avg: 0.5, count: 2 } });
    expect(r.json.versions[1].feedback).toEqual({ thumbs: { avg: 1, count: 1 } });
  });

  it('keeps tenants apart and honours the range', async () => {
    const b = await get(`/api/v1/prompts/support%20answer/versions?${RANGE}`, READ_B);
    expect(b.json.versions.map((v: { version: string; calls: number }) => [v.version, v.calls])).toEqual([['v9', 1]]);
    const narrow = await get(`/api/v1/prompts/support%20answer/versions?from=${BASE_MS + 4 * 60_000}&to=${BASE_MS + 3600_000}`, READ_A);
    expect(narrow.json.versions.map((v: { version: string; calls: number }) => [v.version, v.calls])).toEqual([['v1', 1], ['v2', 2]]);
    expect((await get(`/api/v1/prompts/nope/versions?${RANGE}`, READ_A)).json.versions).toEqual([]);
  });

  it('rejects bad input and keys that may not read', async () => {
    expect((await get(`/api/v1/prompts/x/versions?from=abc`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/prompts/x/versions?from=10&to=5`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/prompts/x/versions?limit=5`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/prompts/${'x'.repeat(300)}/versions`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/prompts/x'%20OR%201=1/versions?${RANGE}`, READ_A)).json.versions).toEqual([]);
    expect((await get(`/api/v1/prompts/x/versions`, INGEST_A)).status).toBe(403);
    expect((await get(`/api/v1/prompts/x/versions`, 'unknown-key-000000000')).status).toBe(401);
  });
});
