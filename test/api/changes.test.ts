/**
 * GET /api/v1/changes on a real collector (HTTP, embedded chdb, API keys): the changes the detector
 * found in two tenants' recorded call sequences, each tenant seeing only its own; filters; bad input;
 * roles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { ChangeDetector } from '../../src/changes/detector.ts';
import { createLogger } from '../../src/log.ts';
import { sequence } from '../changes/sequences.ts';

const READ_A = 'read-key-team-a-0123';
const READ_B = 'read-key-team-b-0123';
const INGEST_A = 'ingest-key-team-a-01';
const ADMIN = 'admin-key-000000000001';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 20, 12, 0, 0);
const NOW = T + 2 * HOUR;
let dir: string;
let c: RunningCollector;

async function get(path: string, key?: string) {
  const res = await fetch(c.url + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: res.status, json: (await res.json()) as any };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-changes-api-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    [
      'keys:',
      `  - { key: ${READ_A}, project: team-a, role: read }`,
      `  - { key: ${READ_B}, project: team-b, role: read }`,
      `  - { key: ${INGEST_A}, project: team-a }`,
      `  - { key: ${ADMIN}, project: ops, role: admin }`,
    ].join('\n') + '\n',
  );
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', apiKeys: join(dir, 'keys.yaml'), changesIntervalMs: 0 });
  const rows = [
    // team-a: gpt-4o moved from the August to the November snapshot at T.
    ...sequence({ project: 'team-a', provider: 'openai', model: 'gpt-4o', fromMs: T - 8 * DAY, toMs: NOW, perHour: 6, seed: 11, shape: (t) => ({ response_model: t < T ? 'gpt-4o-2024-08-06' : 'gpt-4o-2024-11-20' }) }),
    // team-b: a Sunset header appeared at T on an Anthropic model.
    ...sequence({
      project: 'team-b',
      provider: 'anthropic',
      model: 'claude-3-opus-20240229',
      fromMs: T - 8 * DAY,
      toMs: NOW,
      perHour: 6,
      seed: 12,
      shape: (t) => ({ response_model: 'claude-3-opus-20240229', api_sunset: t < T ? undefined : 'Mon, 05 Jan 2026 00:00:00 GMT' }),
    }),
  ];
  await c.store.insert('llmscope.llm_calls', rows);
  const r = await new ChangeDetector({ store: c.store, logger: createLogger('error', () => {}) }).detectOnce(NOW);
  expect(r.new_changes).toHaveLength(2);
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

const RANGE = `from=${T - DAY}&to=${NOW}`;

describe('GET /api/v1/changes', () => {
  it('lists the caller project\'s changes with the contract columns', async () => {
    const a = await get(`/api/v1/changes?${RANGE}`, READ_A);
    expect(a.status).toBe(200);
    expect(a.json.rows).toHaveLength(1);
    const row = a.json.rows[0];
    expect(row).toMatchObject({ project_id: 'team-a', kind: 'response_model', provider: 'openai', request_model: 'gpt-4o', before: 'gpt-4o-2024-08-06', after: 'gpt-4o-2024-11-20', notify_status: 'none' });
    expect(row.calls_since).toBe(12);
    expect(new Date(row.first_seen).getTime()).toBeGreaterThanOrEqual(T);
    expect(new Date(row.first_seen).getTime()).toBeLessThan(T + 10 * 60_000);
    expect(row.advice).toContain('pin the dated version');
    expect(row.detail.after.calls).toBe(12);
    expect(typeof row.change_id).toBe('string');

    const b = await get(`/api/v1/changes?${RANGE}`, READ_B);
    expect(b.json.rows.map((x: any) => [x.project_id, x.kind, x.after])).toEqual([['team-b', 'sunset', 'Mon, 05 Jan 2026 00:00:00 GMT']]);
  });

  it('an admin sees every project; filters by kind, provider and model', async () => {
    const all = await get(`/api/v1/changes?${RANGE}`, ADMIN);
    expect(all.json.rows.map((x: any) => x.project_id).sort()).toEqual(['team-a', 'team-b']);
    expect((await get(`/api/v1/changes?${RANGE}&kind=sunset`, ADMIN)).json.rows.map((x: any) => x.kind)).toEqual(['sunset']);
    expect((await get(`/api/v1/changes?${RANGE}&provider=openai&provider=google`, ADMIN)).json.rows.map((x: any) => x.provider)).toEqual(['openai']);
    expect((await get(`/api/v1/changes?${RANGE}&model=gpt-4o`, ADMIN)).json.rows).toHaveLength(1);
    expect((await get(`/api/v1/changes?${RANGE}&kind=sunset`, READ_A)).json.rows).toEqual([]);
    expect((await get(`/api/v1/changes?from=${T - 3 * DAY}&to=${T - DAY}`, ADMIN)).json.rows).toEqual([]);
    expect((await get(`/api/v1/changes?${RANGE}&limit=1`, ADMIN)).json.rows).toHaveLength(1);
  });

  it('a tenant cannot reach another project by filter values', async () => {
    const r = await get(`/api/v1/changes?${RANGE}&model=claude-3-opus-20240229&provider=anthropic`, READ_A);
    expect(r.status).toBe(200);
    expect(r.json.rows).toEqual([]);
    const inj = await get(`/api/v1/changes?${RANGE}&model=${encodeURIComponent("x' OR 1=1 --")}`, READ_A);
    expect(inj.status).toBe(200);
    expect(inj.json.rows).toEqual([]);
  });

  it('answers bad input with 400 and a reason', async () => {
    for (const q of ['bogus=1', 'from=abc', `from=${NOW}&to=${T}`, 'kind=alias_moved', 'limit=0', 'limit=1001', 'limit=-5', `model=${'m'.repeat(300)}`, 'provider=', Array.from({ length: 51 }, (_, i) => `model=m${i}`).join('&')]) {
      const r = await get(`/api/v1/changes?${q}`, READ_A);
      expect(r.status, q).toBe(400);
      expect(typeof r.json.error, q).toBe('string');
    }
  });

  it('needs a read or admin key', async () => {
    expect((await get('/api/v1/changes')).status).toBe(401);
    expect((await get('/api/v1/changes', 'not-a-key-at-all-000')).status).toBe(401);
    expect((await get('/api/v1/changes', INGEST_A)).status).toBe(403);
  });
});
