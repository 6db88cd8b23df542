/**
 * Drift on the real engine (chdb): a controlled shift in one group is found in exactly the features
 * that moved and notified once per (feature, window, channel) through a real webhook; the same
 * traffic without a shift gives no drifted row and no notification; the group cap is counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { computeDrift, windowAt, type DriftSettings } from '../../src/drift/compute.ts';
import { DriftJob } from '../../src/drift/job.ts';
import { parseBudgetFile } from '../../src/alerts/budget-file.ts';
import { ks, psi } from '../../src/drift/stats.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { BASELINE, SHIFTED, calls, rng } from './traffic.ts';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 20, 12, 30);
const SETTINGS: DriftSettings = { recentMs: HOUR, referenceMs: 7 * 24 * HOUR, psiThreshold: 0.2, ksThreshold: 0.1, minCalls: 30, maxGroups: 50 };
const W = windowAt(NOW, SETTINGS);

let dir: string;
let store: EmbeddedStore;
let hook: HttpReceiver;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
  hook = await startHttpReceiver();
  const r = rng(42);
  let text = '';
  // steady: the same shape before and now; shifted: longer inputs, Spanish travel questions, more tool calls now.
  for (const service of ['steady', 'shifted']) text += calls({ service }, BASELINE, 1500, W.referenceStart, W.start, r);
  text += calls({ service: 'steady' }, BASELINE, 200, W.start, W.end, r);
  text += calls({ service: 'shifted' }, SHIFTED, 200, W.start, W.end, r);
  // A third group, too quiet now to compare, and calls outside both windows (ignored).
  text += calls({ service: 'quiet' }, BASELINE, 10, W.start, W.end, r);
  text += calls({ service: 'steady' }, SHIFTED, 300, W.end, W.end + HOUR, r);
  await store.insertJsonEachRow('llmscope.llm_calls', text);
}, 60_000);

afterAll(async () => {
  await hook?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('statistics', () => {
  it('KS: D of disjoint samples is 1, of equal samples 0; ties counted once', () => {
    expect(ks([1, 2, 3], [4, 5, 6]).d).toBe(1);
    expect(ks([1, 2, 3], [1, 2, 3])).toEqual({ d: 0, p: 1 });
    expect(ks([1, 1, 2, 2], [1, 2, 2, 2]).d).toBeCloseTo(0.25, 12);
    // scipy.stats.ks_2samp([0..99], [50..149], method='asymp'): D = 0.5, p ≈ 4.8e-11 (the asymptotic form is within a factor of 2 here)
    const r = ks(Array.from({ length: 100 }, (_, i) => i), Array.from({ length: 100 }, (_, i) => i + 50));
    expect(r.d).toBe(0.5);
    expect(r.p).toBeLessThan(1e-9);
    expect(r.p).toBeGreaterThan(1e-12);
  });

  it('PSI: 0 for equal histograms, the textbook value for a known pair', () => {
    expect(psi({ a: 50, b: 50 }, { a: 500, b: 500 }).psi).toBeCloseTo(0, 12);
    // shares (smoothed +0.5): recent a = 80.5/101, b = 20.5/101; reference a = b = 0.5
    const ra = 80.5 / 101;
    const rb = 20.5 / 101;
    const expected = (ra - 0.5) * Math.log(ra / 0.5) + (rb - 0.5) * Math.log(rb / 0.5);
    expect(psi({ a: 80, b: 20 }, { a: 500, b: 500 }).psi).toBeCloseTo(expected, 12);
    expect(psi({ a: 80, b: 20 }, { a: 500, b: 500 }).moved[0]!.category).toBe('a');
  });
});

describe('computeDrift', () => {
  it('finds the controlled shift in the features that moved, and nothing in the steady group', async () => {
    const run = await computeDrift(store, 'llmscope', SETTINGS, W, NOW);
    expect(run.groups).toBe(2);
    expect(run.groupsCut).toBe(0);
    const by = (service: string) => new Map(run.rows.filter((r) => r.service_name === service).map((r) => [r.feature, r]));
    const steady = by('steady');
    const shifted = by('shifted');
    expect([...steady.values()].filter((r) => r.drifted).map((r) => r.feature)).toEqual([]);
    expect([...shifted.values()].filter((r) => r.drifted).map((r) => r.feature).sort()).toEqual(['input_length', 'input_tokens', 'language', 'tool_calls', 'topic']);
    // Statistics as documented: KS for continuous features, PSI for categorical ones.
    expect(shifted.get('input_tokens')!.statistic).toBe('ks');
    expect(shifted.get('topic')!.statistic).toBe('psi');
    expect(shifted.get('language')!.detail).toContain('"top_recent":"es"');
    expect(steady.get('language')!.recent_summary).toBe(1);
    expect(shifted.get('tool_calls')!.recent_count).toBe(200);
    expect(shifted.get('tool_calls')!.reference_count).toBe(1500);
    // Features without data (no groundedness scores) are not compared; the quiet group is below min calls.
    expect(shifted.has('groundedness')).toBe(false);
    expect(run.rows.some((r) => r.service_name === 'quiet')).toBe(false);
    // Unchanged features of the shifted group stay below their thresholds.
    for (const f of ['output_tokens', 'toxicity', 'readability', 'refusal']) expect(shifted.get(f)!.drifted, f).toBe(false);
  });

  it('gives the same rows when the groups are read one per query (bounded memory per query)', async () => {
    const all = await computeDrift(store, 'llmscope', SETTINGS, W, NOW);
    const oneByOne = await computeDrift(store, 'llmscope', { ...SETTINGS, groupChunk: 1 }, W, NOW);
    const key = (r: { service_name: string; feature: string }) => `${r.service_name}/${r.feature}`;
    expect(oneByOne.rows.map(key).sort()).toEqual(all.rows.map(key).sort());
    expect(oneByOne.groups).toBe(2);
    const byKey = new Map(all.rows.map((r) => [key(r), r]));
    for (const r of oneByOne.rows) expect(r).toEqual(byKey.get(key(r)));
  });

  it('caps the groups per project and counts the ones cut', async () => {
    const run = await computeDrift(store, 'llmscope', { ...SETTINGS, maxGroups: 1 }, W, NOW);
    expect(run.groups).toBe(1);
    expect(run.groupsCut).toBe(1);
  });
});

describe('drift job with a drift: rule', () => {
  it('writes the window once, notifies each drifted feature once, and not again', async () => {
    const file = parseBudgetFile(
      `drift:\n  - name: support\n    match: { prompt_name: support }\n    notify: [ops]\nchannels:\n  ops: { type: webhook, url: "${hook.url}/drift" }\n`,
    );
    const rules = file.drift.map((rule) => ({ rule, channels: rule.notify.map((n) => file.channels[n]!) }));
    const job = new DriftJob({ store, database: 'llmscope', settings: SETTINGS, intervalMs: 60_000, rules });
    await job.runOnce(NOW);
    await job.runOnce(NOW + 60_000);
    // A new process (restart): the state in ClickHouse keeps it from sending again.
    const again = new DriftJob({ store, database: 'llmscope', settings: SETTINGS, intervalMs: 60_000, rules });
    await again.runOnce(NOW + 120_000);
    const got = hook.ok('/drift').map((r) => r.body);
    expect(got.map((b) => b.feature).sort()).toEqual(['input_length', 'input_tokens', 'language', 'tool_calls', 'topic']);
    expect(new Set(got.map((b) => b.id)).size).toBe(5);
    expect(got.every((b) => b.service_name === 'shifted' && b.kind === 'drift' && b.window_start === new Date(W.start).toISOString())).toBe(true);
    const stored = await store.query<{ n: number; drifted: number }>(
      `SELECT count() AS n, countIf(drifted) AS drifted FROM llmscope.drift FINAL WHERE window_start = fromUnixTimestamp64Milli({ws:Int64})`,
      { ws: W.start },
    );
    expect(Number(stored[0]!.drifted)).toBe(5);
    expect(job.stats.windowsComputed).toBe(1);
    expect(job.stats.notificationsSent).toBe(5);
    expect(again.stats.notificationsSent).toBe(0);
  });
});
