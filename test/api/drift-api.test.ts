/**
 * GET /api/v1/drift on a real collector (HTTP, embedded chdb, API keys): the collector's own drift
 * job (under the lease) computes a window with a controlled shift in project team-a and none in
 * team-b, notifies the --drift FILE's webhook once, and the API answers with filters, tenancy
 * (a read key sees its project only) and 4xx on bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { windowAt } from '../../src/drift/compute.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { BASELINE, SHIFTED, calls, rng } from '../drift/traffic.ts';

const READ_A = 'read-key-team-a-drift';
const READ_B = 'read-key-team-b-drift';
const INGEST_A = 'ingest-key-team-a-drift';
const ADMIN = 'admin-key-drift-000001';
const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 20, 12, 30);
const W = windowAt(NOW, { recentMs: HOUR, referenceMs: 7 * 24 * HOUR });

let dir: string;
let c: RunningCollector;
let hook: HttpReceiver;

async function get(path: string, key?: string) {
  const res = await fetch(c.url + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-api-'));
  hook = await startHttpReceiver();
  writeFileSync(
    join(dir, 'keys.yaml'),
    [
      'keys:',
      `  - { key: ${READ_A}, project: team-a, role: read }`,
      `  - { key: ${READ_B}, project: team-b, role: read }`,
      `  - { key: ${INGEST_A}, project: team-a }`,
      `  - { key: ${ADMIN}, project: team-a, role: admin }`,
    ].join('\n') + '\n',
  );
  writeFileSync(join(dir, 'drift.yaml'), `drift:\n  - { name: team-a-all, project: team-a, notify: [ops] }\nchannels:\n  ops: { type: webhook, url: "${hook.url}/drift" }\n`);
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', apiKeys: join(dir, 'keys.yaml'), drift: join(dir, 'drift.yaml') });
  const r = rng(9);
  const text =
    calls({ service: 'chat-api', project: 'team-a' }, BASELINE, 800, W.referenceStart, W.start, r) +
    calls({ service: 'chat-api', project: 'team-a' }, SHIFTED, 150, W.start, W.end, r) +
    calls({ service: 'chat-api', project: 'team-b' }, BASELINE, 800, W.referenceStart, W.start, r) +
    calls({ service: 'chat-api', project: 'team-b' }, BASELINE, 150, W.start, W.end, r);
  await c.store.insertJsonEachRow('llmscope.llm_calls', text);
  // The job runs under the lease: wait until this (only) replica leads, then run the window of NOW.
  await c.ready;
  const t0 = Date.now();
  while (!c.leadership!.leading && Date.now() - t0 < 20_000) await new Promise((res) => setTimeout(res, 50));
  await c.drift!.runOnce(NOW);
  await c.drift!.runOnce(NOW + 5 * 60_000);
}, 90_000);

afterAll(async () => {
  await c?.close();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

const SINCE = `since=${W.start - HOUR}&until=${W.start + HOUR}`;

describe('GET /api/v1/drift', () => {
  it('a read key sees its project only: the shift in team-a, none in team-b', async () => {
    const a = await get(`/api/v1/drift?${SINCE}`, READ_A);
    expect(a.status).toBe(200);
    expect(new Set(a.json.rows.map((x: any) => x.project_id))).toEqual(new Set(['team-a']));
    expect(a.json.rows.filter((x: any) => x.drifted).map((x: any) => x.feature).sort()).toEqual(['input_length', 'input_tokens', 'language', 'tool_calls', 'topic']);
    const b = await get(`/api/v1/drift?${SINCE}`, READ_B);
    expect(b.status).toBe(200);
    expect(b.json.rows.length).toBeGreaterThan(5);
    expect(new Set(b.json.rows.map((x: any) => x.project_id))).toEqual(new Set(['team-b']));
    expect(b.json.rows.filter((x: any) => x.drifted)).toEqual([]);
    const all = await get(`/api/v1/drift?${SINCE}&limit=1000`, ADMIN);
    expect(all.json.rows.length).toBe(a.json.rows.length + b.json.rows.length);
  });

  it('rows carry the contract fields; drifted first within a window', async () => {
    const a = await get(`/api/v1/drift?${SINCE}&feature=topic&feature=input_tokens`, READ_A);
    expect(a.json.rows.map((x: any) => x.feature)).toEqual(['topic', 'input_tokens']);
    const topic = a.json.rows[0];
    expect(topic).toMatchObject({
      service_name: 'chat-api',
      request_model: 'gpt-4o-mini',
      prompt_name: 'support',
      prompt_version: 'v1',
      statistic: 'psi',
      p_value: null,
      threshold: 0.2,
      drifted: true,
    });
    expect(new Date(topic.window_start).getTime()).toBe(W.start);
    expect(new Date(topic.window_end).getTime()).toBe(W.end);
    expect(new Date(topic.reference_start).getTime()).toBe(W.referenceStart);
    expect(topic.value).toBeGreaterThan(1);
    expect(Array.isArray(topic.detail.moved)).toBe(true);
    expect(a.json.rows[1]).toMatchObject({ statistic: 'ks', drifted: true, recent_count: 150, reference_count: 800 });
    expect(a.json.rows[1].p_value).toBeLessThan(0.01);
    const onlyDrifted = await get(`/api/v1/drift?${SINCE}&drifted=true`, READ_A);
    expect(onlyDrifted.json.rows).toHaveLength(5);
    const none = await get(`/api/v1/drift?${SINCE}&service=other-service`, READ_A);
    expect(none.json.rows).toEqual([]);
    const later = await get(`/api/v1/drift?since=${W.start + 1}&until=${W.start + HOUR}`, READ_A);
    expect(later.json.rows).toEqual([]);
  });

  it('notified the --drift FILE webhook once per drifted feature of team-a', () => {
    const got = hook.ok('/drift').map((x) => x.body);
    expect(got.map((b) => b.feature).sort()).toEqual(['input_length', 'input_tokens', 'language', 'tool_calls', 'topic']);
    expect(got.every((b) => b.project_id === 'team-a' && b.rule === 'team-a-all' && typeof b.fencing_token === 'number')).toBe(true);
    expect(c.drift!.stats.notificationsSent).toBe(5);
  });

  it('counts the work in /metrics', async () => {
    const res = await fetch(`${c.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"]/g, (x) => `\\${x}`)} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('llmscope_drift_notifications_total{result="sent"}')).toBe(5);
    // the start-up run (real time) may interleave with the test's runs and make the window of NOW be computed twice
    expect(value('llmscope_drift_drifted_total')).toBe(c.drift!.stats.drifted);
    expect(value('llmscope_drift_drifted_total') % 5).toBe(0);
    expect(value('llmscope_drift_groups_cut_total')).toBe(0);
    expect(value('llmscope_drift_windows_total')).toBe(c.drift!.stats.windowsComputed);
    expect(value('llmscope_drift_rows_total')).toBe(c.drift!.stats.rowsWritten);
    expect(value('llmscope_drift_rows_total')).toBeGreaterThan(15);
  });

  it('answers bad input with 400 and a reason', async () => {
    for (const q of ['bogus=1', 'feature=nope', 'limit=0', 'limit=1001', 'since=yesterday', `since=${W.end}&until=${W.start}`, 'drifted=maybe', `service=${'x'.repeat(300)}`]) {
      const r = await get(`/api/v1/drift?${q}`, READ_A);
      expect(r.status, q).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
  });

  it('needs a key with a read role', async () => {
    expect((await get('/api/v1/drift')).status).toBe(401);
    expect((await get('/api/v1/drift', 'not-a-key-at-all-000')).status).toBe(401);
    expect((await get('/api/v1/drift', INGEST_A)).status).toBe(403);
  });
});
