/**
 * No repeat notifications while a drift lasts (real chdb, real webhook): a shift that persists
 * over consecutive windows is notified once, at its onset; a feature notified again only after a
 * window in which it did not drift. Over four windows (shifted, shifted, baseline, shifted) the
 * features sent for each window are exactly those drifted in it but not in the window before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { windowAt, type DriftSettings } from '../../src/drift/compute.ts';
import { DriftJob } from '../../src/drift/job.ts';
import { parseBudgetFile } from '../../src/alerts/budget-file.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { BASELINE, SHIFTED, calls, rng } from './traffic.ts';

const HOUR = 3600_000;
const SETTINGS: DriftSettings = { recentMs: HOUR, referenceMs: 7 * 24 * HOUR, psiThreshold: 0.2, ksThreshold: 0.1, minCalls: 30, maxGroups: 50 };
const T0 = Date.UTC(2026, 10, 22, 8, 0);
/** The four recent windows: [T0 + i h, T0 + (i + 1) h). */
const SHAPES = [SHIFTED, SHIFTED, BASELINE, SHIFTED];

let dir: string;
let store: EmbeddedStore;
let hook: HttpReceiver;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-episodes-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
  hook = await startHttpReceiver();
  const r = rng(11);
  let text = calls({ service: 'persist' }, BASELINE, 1500, T0 - SETTINGS.referenceMs, T0, r);
  SHAPES.forEach((shape, i) => (text += calls({ service: 'persist' }, shape, 200, T0 + i * HOUR, T0 + (i + 1) * HOUR, r)));
  await store.insertJsonEachRow('llmscope.llm_calls', text);
}, 60_000);

afterAll(async () => {
  await hook?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drift notifications over consecutive windows', () => {
  it('are sent at the onset of each drift episode only', async () => {
    const file = parseBudgetFile(`drift:\n  - { name: persist, notify: [ops] }\nchannels:\n  ops: { type: webhook, url: "${hook.url}/p" }\n`);
    const rules = file.drift.map((rule) => ({ rule, channels: [file.channels.ops!] }));
    const job = new DriftJob({ store, database: 'llmscope', settings: SETTINGS, intervalMs: 60_000, rules });
    const drifted: Array<Set<string>> = [];
    const sent: string[][] = [];
    for (let i = 0; i < SHAPES.length; i++) {
      const now = T0 + (i + 1) * HOUR + 5 * 60_000;
      expect(windowAt(now, SETTINGS).start).toBe(T0 + i * HOUR);
      const before = hook.ok('/p').length;
      const run = await job.runOnce(now);
      await job.runOnce(now + 60_000); // a second look at the same window sends nothing more
      drifted.push(new Set(run!.rows.filter((x) => x.drifted).map((x) => x.feature)));
      sent.push(hook.ok('/p').slice(before).map((x) => x.body.feature).sort());
    }
    expect([...drifted[0]!].sort()).toEqual(['input_length', 'input_tokens', 'language', 'tool_calls', 'topic']);
    for (let i = 0; i < SHAPES.length; i++) {
      const expected = [...drifted[i]!].filter((f) => i === 0 || !drifted[i - 1]!.has(f)).sort();
      expect(sent[i], `window ${i}`).toEqual(expected);
    }
    // Non-vacuous: the shift back after a calm window is notified again; the lasting ones are not.
    expect(sent[1]).toEqual([]);
    expect(sent[3]!.length).toBeGreaterThan(0);
    const continued = await store.query<{ n: string }>(`SELECT count() AS n FROM llmscope.budget_notifications FINAL WHERE status = 'continued'`);
    expect(Number(continued[0]!.n)).toBe(job.stats.notificationsContinued);
    expect(job.stats.notificationsContinued).toBeGreaterThanOrEqual(drifted[1]!.size);
  });
});
