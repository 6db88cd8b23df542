/**
 * The console in a real browser (Debian's Chromium driven by playwright-core) on a real collector
 * with `llmscope demo` traffic from two tenants: every dashboard renders every panel with data (drift, API
 * changes and evaluations from seeded rows, prompts with feedback sent through the API),
 * the figures shown equal those computed here from the stored rows, the calls explorer's filters,
 * sort and time range, the call page → trace path, budgets, sign-in, and tenant isolation.
 * Screenshots of every page go to test-results/console/ for review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { runDemo } from '../../src/demo/send.ts';
import { CONSOLE_DIST } from '../../src/console/mount.ts';
import { ensureConsoleBuilt } from './bundle.ts';
import { fmtUnit, fmtUsd } from '../../console/src/format.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { ANCHOR_MS, type SeedCall } from '../support/seed.ts';
import { driftRows } from '../support/seed-drift.ts';
import { changeRows } from '../support/seed-changes.ts';
import { generateEvalSeed } from '../dashboards/evaluations-checks.ts';
import { EVAL_RUNS, evalRunRowJson } from '../../src/store/tables/eval_runs.ts';
import { EVAL_RESULTS, evalResultRowJson } from '../../src/store/tables/eval_results.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'console');
const KEYS = { ingestA: 'ingest-key-team-a', ingestB: 'ingest-key-team-b', readA: 'read-key-team-a', readB: 'read-key-team-b' };

interface CallRow {
  t: number;
  trace_id: string;
  span_id: string;
  status: string;
  cost_usd: number;
  duration_ms: number;
  request_model: string;
}

let collector: RunningCollector;
let receiver: HttpReceiver;
let browser: Browser;
let ctxA: BrowserContext;
let page: Page;
let dir: string;
let base: string;
let FROM: number;
let TO: number;
let rowsA: CallRow[];
let rowsB: CallRow[];

async function callsOf(project: string): Promise<CallRow[]> {
  const rows = await collector.store.query<Record<string, unknown>>(
    `SELECT toUnixTimestamp64Milli(timestamp) AS t, trace_id, span_id, status, cost_usd, duration_ms, request_model
     FROM llmscope.llm_calls WHERE project_id = {p:String}`,
    { p: project },
  );
  return rows.map((r) => ({ t: Number(r.t), trace_id: String(r.trace_id), span_id: String(r.span_id), status: String(r.status), cost_usd: Number(r.cost_usd), duration_ms: Number(r.duration_ms), request_model: String(r.request_model) }));
}

/** ClickHouse's quantile() below its 8192-value reservoir: linear interpolation between ranks. */
function quantile(values: number[], level: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = level * (s.length - 1);
  const lo = Math.floor(pos);
  return lo + 1 < s.length ? s[lo]! + (pos - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

async function settled(p: Page): Promise<void> {
  await p.waitForFunction(
    () => !document.querySelector('.boot, [data-state="loading"], [aria-busy="true"]') && ![...document.querySelectorAll('main .hint')].some((e) => e.textContent?.startsWith('Loading')),
    null,
    { timeout: 20_000 },
  );
}

async function shot(p: Page, name: string, fullPage = true): Promise<void> {
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/** Form controls without an accessible name (label, aria-label, aria-labelledby, or a button's text). */
async function unlabeled(p: Page): Promise<string[]> {
  return p.$$eval('main input, main select, main button, main textarea, header select, header button', (els) =>
    els
      .filter((e) => {
        const el = e as HTMLInputElement;
        if (el.type === 'hidden') return false;
        const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent!.trim());
        return !named;
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
}

/** WCAG contrast ratio of an element's text against the first opaque background behind it. */
async function contrastOf(p: Page, selector: string): Promise<number> {
  return p.$eval(selector, (el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    let bgEl: Element | null = el;
    let bg = [255, 255, 255];
    while (bgEl) {
      const c = rgb(getComputedStyle(bgEl).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3]! > 0.9)) {
        bg = c.slice(0, 3);
        break;
      }
      bgEl = bgEl.parentElement;
    }
    const a = lum(rgb(getComputedStyle(el).color));
    const b = lum(bg);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}

async function signIn(p: Page, key: string): Promise<void> {
  await p.goto(base + '/');
  await p.locator('#key').fill(key);
  await p.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  ensureConsoleBuilt(); // npm ci builds it (prepare); a checkout that skipped that or is stale gets it here
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'llmscope-browser-'));
  receiver = await startHttpReceiver();
  writeFileSync(join(dir, 'keys.yaml'), `keys:\n  - { key: ${KEYS.ingestA}, project: team-a }\n  - { key: ${KEYS.ingestB}, project: team-b }\n  - { key: ${KEYS.readA}, project: team-a, role: read }\n  - { key: ${KEYS.readB}, project: team-b, role: read }\n`);
  writeFileSync(
    join(dir, 'budgets.yaml'),
    `budgets:\n  - { name: team-a-monthly, project: team-a, metric: cost_usd, limit: 0.05, period: month, thresholds: [0.5, 1.0], notify: [hook] }\nchannels:\n  hook: { type: webhook, url: "${receiver.url}/hook" }\n`,
  );
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), apiKeys: join(dir, 'keys.yaml'), budgets: join(dir, 'budgets.yaml'), budgetIntervalMs: 300, logLevel: 'warn' });
  base = collector.url;
  const now = Date.now();
  FROM = now - 2 * 3600_000;
  TO = now + 60_000;
  await runDemo({ url: base, minutes: 60, rate: 4, seed: 101, key: KEYS.ingestA, now });
  await runDemo({ url: base, minutes: 60, rate: 1, seed: 202, key: KEYS.ingestB, now });
  await collector.flush();
  rowsA = await callsOf('team-a');
  rowsB = await callsOf('team-b');
  for (let i = 0; i < 100; i++) {
    const [n] = await collector.store.query<{ n: string }>(`SELECT count() AS n FROM llmscope.budget_notifications FINAL WHERE status = 'delivered'`);
    if (Number(n!.n) >= 2) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ctxA = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  page = await ctxA.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('console in Chromium', () => {
  it('refuses a wrong key and signs in with a read key', async () => {
    await page.goto(base + '/');
    await expect(page.locator('#key')).toBeDefined();
    await shot(page, 'signin');
    await page.locator('#key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    // an ingest key may send data but not read
    await page.locator('#key').fill(KEYS.ingestA);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'refused' }).waitFor();
    await page.locator('#key').fill(KEYS.readA);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.who', { hasText: 'team-a' }).waitFor();
    const cookies = await ctxA.cookies();
    const session = cookies.find((c) => c.name === 'llmscope_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    await settled(page);
    await shot(page, 'home');
  });

  it('opens every dashboard with data in every panel and no error', async () => {
    // the Traces dashboard shows the most expensive call's trace among those with an agent run (its agent-run panel has data)
    const agentTraces = new Set(
      (await collector.store.query<{ trace_id: string }>(`SELECT DISTINCT trace_id FROM llmscope.agent_spans WHERE project_id = 'team-a' AND operation = 'invoke_agent'`)).map((r) => r.trace_id),
    );
    const expensive = rowsA.filter((r) => agentTraces.has(r.trace_id)).reduce((a, b) => (b.cost_usd > a.cost_usd ? b : a));
    const dashboards = ['llmscope-overview', 'llmscope-quality', 'llmscope-cost', 'llmscope-traces'];
    for (const uid of dashboards) {
      const extra = uid === 'llmscope-traces' ? `&var-trace_id=${expensive.trace_id}` : '';
      await page.goto(`${base}/d/${uid}?from=${FROM}&to=${TO}&refresh=off${extra}`);
      await page.locator('[data-panel-id]').first().waitFor();
      await settled(page);
      const states = await page.$$eval('[data-panel-id]', (els) => els.map((e) => `${e.getAttribute('data-panel-id')} ${e.querySelector('h2')?.textContent}: ${e.getAttribute('data-state')}`));
      expect(states.length, uid).toBeGreaterThan(3);
      expect(states.filter((s) => !s.endsWith(': ok')), uid).toEqual([]);
      expect(await unlabeled(page), uid).toEqual([]);
      await shot(page, `dashboard-${uid}`);
    }
  });

  it('opens the drift, API changes, evaluations and prompts dashboards with the seeded figures in their panels', async () => {
    // Seeded like the dashboard query tests (test/support), moved to now and into team-a; the
    // feedback goes through the real POST /api/v1/feedback with team-a's ingest key.
    const now = TO - 60_000;
    const shift = now - ANCHOR_MS;
    const wideFrom = now - 48 * 3600_000 - 30 * 60_000; // between two hourly drift windows
    const inWide = (ms: number) => ms >= wideFrom && ms <= TO;
    const groups = await collector.store.query<SeedCall>(
      `SELECT DISTINCT service_name, request_model, prompt_name, prompt_version FROM llmscope.llm_calls WHERE project_id = 'team-a' ORDER BY ALL`,
    );
    const drift = driftRows(groups, 7);
    const moveDrift = (r: (typeof drift.current)[number]) => ({ ...r, project_id: 'team-a', window_start: r.window_start + shift, window_end: r.window_end + shift, reference_start: r.reference_start + shift, computed_at: r.computed_at + shift });
    await collector.store.insert('llmscope.drift', [...drift.superseded.map(moveDrift), ...drift.current.map(moveDrift)]);
    const changes = changeRows(now, now - 48 * 3600_000);
    await collector.store.insert('llmscope.api_changes', [...changes.superseded, ...changes.current].map((r) => ({ ...r, project_id: 'team-a' })));
    const evals = generateEvalSeed();
    const runs = evals.runs.map((r) => ({ ...r, project_id: 'team-a', created_at: r.created_at + shift }));
    await collector.store.insertJsonEachRow(`llmscope.${EVAL_RUNS.name}`, runs.map(evalRunRowJson).join(''));
    await collector.store.insertJsonEachRow(`llmscope.${EVAL_RESULTS.name}`, evals.results.map((r) => evalResultRowJson({ ...r, project_id: 'team-a', created_at: r.created_at + shift })).join(''));
    const prompted = await collector.store.query<{ trace_id: string; span_id: string; prompt_name: string; prompt_version: string }>(
      `SELECT trace_id, span_id, prompt_name, prompt_version FROM llmscope.llm_calls WHERE project_id = 'team-a' AND prompt_name != '' ORDER BY timestamp, span_id LIMIT 6`,
    );
    expect(prompted).toHaveLength(6);
    const feedback = prompted.map((c, i) => ({ trace_id: c.trace_id, span_id: c.span_id, name: i === 5 ? 'rating' : 'thumbs', value: i === 5 ? 2 : i % 2, comment: `feedback ${i}` }));
    for (const f of feedback) {
      const res = await fetch(`${base}/api/v1/feedback`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.ingestA}`, 'content-type': 'application/json' }, body: JSON.stringify(f) });
      expect(res.status, await res.text()).toBe(200);
    }

    const open = async (uid: string, from: number) => {
      await page.goto(`${base}/d/${uid}?from=${from}&to=${TO}&refresh=off`);
      await page.locator('[data-panel-id]').first().waitFor();
      await settled(page);
      const states = await page.$$eval('[data-panel-id]', (els) => els.map((e) => `${e.getAttribute('data-panel-id')} ${e.querySelector('h2')?.textContent}: ${e.getAttribute('data-state')}`));
      expect(states.length, uid).toBeGreaterThan(3);
      expect(states.filter((x) => !x.endsWith(': ok')), uid).toEqual([]);
      expect(await unlabeled(page), uid).toEqual([]);
      await shot(page, `dashboard-${uid}`);
    };
    const stat = async (panel: number, field: string) => Number(await page.locator(`[data-panel-id="${panel}"] .stat[data-field="${field}"]`).getAttribute('data-value'));
    const column = async (panel: number, name: string) => {
      const headers = await page.$$eval(`[data-panel-id="${panel}"] table.data thead th`, (ths) => ths.map((th) => th.textContent));
      const i = headers.indexOf(name);
      expect(i, `${panel} ${name} in ${headers.join(',')}`).toBeGreaterThanOrEqual(0);
      return page.$$eval(`[data-panel-id="${panel}"] table.data tbody tr`, (trs, k) => trs.map((tr) => tr.children[k]!.textContent!.trim()), i);
    };

    // Drift: the newest computation of each window counts, none before the range.
    await open('llmscope-drift', wideFrom);
    const driftShown = drift.current.map(moveDrift).filter((r) => inWide(r.window_start));
    expect(driftShown.filter((r) => r.drifted).length).toBeGreaterThan(0);
    expect(await stat(1, 'drifted_features')).toBe(driftShown.filter((r) => r.drifted).length);
    expect(await stat(1, 'compared')).toBe(driftShown.length);
    const latestKeys = new Set(driftShown.map((r) => [r.service_name, r.request_model, r.prompt_name, r.prompt_version, r.feature].join('|')));
    expect(await page.locator('[data-panel-id="3"] table.data tbody tr').count()).toBe(Math.min(500, latestKeys.size));
    expect(new Set(await column(3, 'feature'))).toEqual(new Set(driftShown.map((r) => r.feature)));

    // API changes: six in the range (one alias moved, one deprecation warning), newest first.
    await open('llmscope-api-changes', wideFrom);
    const changesShown = changes.current.filter((r) => inWide(r.first_seen));
    expect(changesShown).toHaveLength(6);
    expect(await stat(1, 'changes')).toBe(6);
    expect(await stat(1, 'moved_aliases')).toBe(1);
    expect(await stat(1, 'deprecations')).toBe(1);
    const byNewest = [...changesShown].sort((a, b) => b.first_seen - a.first_seen || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) || (a.change_id < b.change_id ? -1 : 1));
    expect(await column(3, 'kind')).toEqual(byNewest.map((r) => r.kind));
    expect(await column(3, 'after')).toEqual(byNewest.map((r) => r.after));
    expect(await column(3, 'calls_since')).toEqual(byNewest.map((r) => fmtUnit(r.calls_since, 'short')));

    // Evaluations: the runs in the range, their items and errors, newest first.
    await open('llmscope-evaluations', wideFrom);
    const runsShown = runs.filter((r) => inWide(r.created_at));
    expect(runsShown.length).toBe(runs.length - 1);
    expect(await stat(1, 'runs')).toBe(runsShown.length);
    expect(await stat(1, 'total_items')).toBe(runsShown.reduce((a, r) => a + r.items, 0));
    expect(await stat(1, 'total_errors')).toBe(runsShown.reduce((a, r) => a + r.errors, 0));
    expect(await column(2, 'name')).toEqual([...runsShown].sort((a, b) => b.created_at - a.created_at).map((r) => r.name));

    // Prompts & feedback over the demo traffic: every prompt version, the feedback just sent.
    await open('llmscope-prompts', FROM);
    const versions = await collector.store.query<{ prompt_name: string; prompt_version: string; calls: string }>(
      `SELECT prompt_name, prompt_version, count() AS calls FROM llmscope.llm_calls WHERE project_id = 'team-a' AND prompt_name != ''
       GROUP BY prompt_name, prompt_version ORDER BY prompt_name, min(timestamp), prompt_version`,
    );
    expect(versions.length).toBeGreaterThan(2);
    expect(await column(1, 'prompt_version')).toEqual(versions.map((v) => v.prompt_version));
    expect(await column(1, 'calls')).toEqual(versions.map((v) => fmtUnit(Number(v.calls), 'short')));
    expect(await stat(3, 'feedback')).toBe(feedback.length);
    expect(await stat(3, 'calls')).toBe(rowsA.length);
    expect(await stat(3, 'feedback_rate')).toBeCloseTo(feedback.length / rowsA.length, 12);
    const negative = feedback.filter((f) => f.value <= 0 || (f.name === 'rating' && f.value <= 2));
    const lowest = await column(6, 'comment');
    expect(lowest).toHaveLength(feedback.length);
    expect(new Set(lowest.slice(0, negative.length))).toEqual(new Set(negative.map((f) => f.comment)));
  });

  it('shows a failing panel\'s error inside the panel; the page keeps working', async () => {
    // a custom variable value that is not one of its options: the server refuses the panel queries
    await page.goto(`${base}/d/llmscope-cost?from=${FROM}&to=${TO}&refresh=off&var-output_price_ratio=999`);
    await page.locator('[data-panel-id]').first().waitFor();
    await settled(page);
    for (const id of [8, 9]) {
      const panel = page.locator(`[data-panel-id="${id}"]`);
      expect(await panel.getAttribute('data-state')).toBe('error');
      expect((await panel.getByRole('alert').textContent())!).toMatch(/output_price_ratio/);
    }
    await shot(page, 'dashboard-panel-error');
    await page.getByLabel('Output/input price ratio').selectOption('5');
    await page.waitForURL(/var-output_price_ratio=5/);
    await page.waitForFunction(() => ['8', '9'].every((id) => document.querySelector(`[data-panel-id="${id}"]`)?.getAttribute('data-state') === 'ok'));
    await settled(page);
    const states = await page.$$eval('[data-panel-id]', (els) => els.map((e) => e.getAttribute('data-state')));
    expect(states.every((x) => x === 'ok')).toBe(true);
  });

  it('shows the same calls, cost, error rate and p95 as computed from the stored rows', async () => {
    await page.goto(`${base}/d/llmscope-overview?from=${FROM}&to=${TO}&refresh=off`);
    await settled(page);
    const stat = async (panel: number, field: string) => {
      const el = page.locator(`[data-panel-id="${panel}"] .stat[data-field="${field}"]`);
      return { value: Number(await el.getAttribute('data-value')), text: (await el.locator('.stat-value').textContent())!.trim() };
    };
    const calls = rowsA.length;
    const errors = rowsA.filter((r) => r.status === 'error').length;
    const cost = rowsA.reduce((a, r) => a + r.cost_usd, 0);
    const p95 = quantile(rowsA.map((r) => r.duration_ms), 0.95);
    const requests = await stat(1, 'requests');
    expect(requests.value).toBe(calls);
    expect(requests.text).toBe(fmtUnit(calls, 'short'));
    const errorRate = await stat(2, 'error_rate');
    expect(errorRate.value).toBeCloseTo(errors / calls, 12);
    expect(errorRate.text).toBe(fmtUnit(errors / calls, 'percentunit', 2));
    const lat = await stat(3, 'p95');
    expect(lat.value).toBeCloseTo(p95, 6);
    expect(lat.text).toBe(fmtUnit(p95, 'ms'));
    const costEl = page.locator('[data-panel-id="5"] .stat').first();
    expect(Number(await costEl.getAttribute('data-value'))).toBeCloseTo(cost, 9);
    expect((await costEl.locator('.stat-value').textContent())!.trim()).toBe(fmtUnit(cost, 'currencyUSD'));
    // a variable dropdown (values fetched when it opens) filters every panel and lands in the URL
    await page.locator('details.var summary', { hasText: 'Model' }).click();
    await page.getByRole('checkbox', { name: 'gpt-4o-mini' }).check();
    await page.waitForURL(/var-model=gpt-4o-mini/);
    const mini = rowsA.filter((r) => r.request_model === 'gpt-4o-mini').length;
    await page.waitForFunction((n) => document.querySelector('[data-panel-id="1"] .stat[data-field="requests"]')?.getAttribute('data-value') === String(n), mini);
    await settled(page);
    await shot(page, 'dashboard-overview-model-filter');
  });

  it('opens the most expensive call from the explorer, then its trace', async () => {
    const expensive = rowsA.reduce((a, b) => (b.cost_usd > a.cost_usd ? b : a));
    await page.goto(`${base}/calls?from=${FROM}&to=${TO}&sort=cost_usd&order=desc`);
    await settled(page);
    const first = page.locator('tbody tr[data-trace-id]').first();
    expect(await first.getAttribute('data-trace-id')).toBe(expensive.trace_id);
    await shot(page, 'calls-by-cost');
    await first.locator('a').first().click();
    await page.waitForURL(`**/calls/${expensive.trace_id}/${expensive.span_id}`);
    await page.locator('[data-metric="cost"] dd').waitFor();
    expect((await page.locator('[data-metric="cost"] dd').textContent())!.trim()).toBe(fmtUsd(expensive.cost_usd));
    await page.locator('.msg[data-role="user"]').first().waitFor();
    expect(await page.locator('.msg[data-role="assistant"]').count()).toBeGreaterThan(0);
    expect(await page.locator('tr[data-score]').count()).toBeGreaterThan(3);
    await settled(page);
    await shot(page, 'call');
    await page.getByRole('link', { name: 'Open the trace' }).click();
    await page.waitForURL(`**/traces/${expensive.trace_id}`);
    await page.locator('.wf-row').first().waitFor();
    const [spans] = await collector.store.query<{ n: string }>(`SELECT count() AS n FROM llmscope.otel_traces WHERE TraceId = {t:String}`, { t: expensive.trace_id });
    expect(await page.locator('.wf-row').count()).toBe(Number(spans!.n));
    const genai = page.locator(`.wf-row[data-span-id="${expensive.span_id}"]`);
    expect(await genai.locator('.badge.genai').count()).toBe(1);
    await genai.locator('button').click();
    await page.locator('.span-detail').getByText('gen_ai.request.model').waitFor();
    await shot(page, 'trace');
  });

  it('filters, text search and the time range change the list', async () => {
    const count = async () => {
      await page.waitForFunction(() => document.querySelector('.count')?.getAttribute('data-total') !== '');
      return Number(await page.locator('.count').getAttribute('data-total'));
    };
    await page.goto(`${base}/calls?from=${FROM}&to=${TO}`);
    await settled(page);
    expect(await count()).toBe(rowsA.length);
    await page.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/model=gpt-4o-mini/);
    await page.waitForFunction((n) => document.querySelector('.count')?.getAttribute('data-total') === String(n), rowsA.filter((r) => r.request_model === 'gpt-4o-mini').length);
    await page.getByLabel('Status').selectOption('error');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/status=error/);
    const errs = rowsA.filter((r) => r.request_model === 'gpt-4o-mini' && r.status === 'error').length;
    await page.waitForFunction((n) => document.querySelector('.count')?.getAttribute('data-total') === String(n), errs);
    expect(await page.locator('tbody tr.row-error').count()).toBe(Math.min(errs, 50));
    expect(await unlabeled(page)).toEqual([]);
    // text search over captured content: the toxic answers
    await page.goto(`${base}/calls?from=${FROM}&to=${TO}&q=moron`);
    await settled(page);
    const [tox] = await collector.store.query<{ n: string }>(`SELECT count() AS n FROM llmscope.llm_calls WHERE project_id = 'team-a' AND positionCaseInsensitive(output_text, 'moron') > 0`);
    expect(await count()).toBe(Number(tox!.n));
    // a custom absolute range (minute precision, like the picker's inputs)
    await page.goto(`${base}/calls?from=${FROM}&to=${TO}`);
    await settled(page);
    const cFrom = Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000;
    const cTo = Math.ceil((Date.now() + 60_000) / 60_000) * 60_000;
    await page.getByLabel('Time range').selectOption('custom');
    await page.getByLabel('From', { exact: true }).fill(await page.evaluate(([ms]) => { const d = new Date(ms!); const p = (n: number) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }, [cFrom]));
    await page.getByLabel('To', { exact: true }).fill(await page.evaluate(([ms]) => { const d = new Date(ms!); const p = (n: number) => String(n).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }, [cTo]));
    await page.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.waitForURL(new RegExp(`from=${cFrom}&to=${cTo}`));
    const inRange = rowsA.filter((r) => r.t >= cFrom && r.t <= cTo).length;
    await page.waitForFunction(() => document.querySelector('.count')?.getAttribute('data-total'));
    expect(await count()).toBe(inRange);
    // the time range picker: last 15 minutes
    await page.goto(`${base}/calls?from=${FROM}&to=${TO}`);
    await settled(page);
    await page.getByLabel('Time range').selectOption('now-15m');
    await page.waitForURL(/from=now-15m/);
    await page.waitForFunction((n) => Number(document.querySelector('.count')?.getAttribute('data-total') || n) < n, rowsA.length);
    const now = Date.now();
    const shown = await count();
    const expected = rowsA.filter((r) => r.t >= now - 15 * 60_000).length;
    expect(Math.abs(shown - expected)).toBeLessThanOrEqual(2); // rows at the moving boundary
    const times = await page.$$eval('tbody tr[data-trace-id] td:first-child a', (as) => as.map((a) => a.textContent ?? ''));
    for (const t of times) expect(new Date(t.replace(' ', 'T')).getTime()).toBeGreaterThanOrEqual(now - 16 * 60_000);
    await shot(page, 'calls-filtered');
  });

  it('shows each budget\'s spend, limit, ratio and the notification history', async () => {
    await page.goto(`${base}/budgets`);
    await settled(page);
    const row = page.locator('tr[data-budget="team-a-monthly"]');
    await row.waitFor();
    const d = new Date();
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const spent = rowsA.filter((r) => r.t >= monthStart).reduce((a, r) => a + r.cost_usd, 0);
    expect((await row.locator('td.num').first().textContent())!.trim()).toBe(fmtUsd(spent));
    expect((await row.locator('td.num').nth(1).textContent())!.trim()).toBe(fmtUsd(0.05));
    expect(await row.getByRole('meter').getAttribute('aria-valuenow')).toBe(String(Math.round((spent / 0.05) * 100)));
    await page.locator('table.notes tbody tr').first().waitFor();
    const [n] = await collector.store.query<{ n: string }>(`SELECT count() AS n FROM llmscope.budget_notifications FINAL WHERE project_id = 'team-a'`);
    expect(Number(n!.n)).toBeGreaterThanOrEqual(2);
    expect(await page.locator('table.notes tbody tr').count()).toBe(Number(n!.n));
    // still signed in: a route the key may not use does not end the session
    expect(await page.locator('#key').count()).toBe(0);
    await shot(page, 'budgets');
  });

  it('never shows tenant A\'s calls to tenant B', async () => {
    const ctxB = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
    const pb = await ctxB.newPage();
    try {
      await signIn(pb, KEYS.readB);
      await pb.locator('.who', { hasText: 'team-b' }).waitFor();
      await pb.goto(`${base}/calls?from=${FROM}&to=${TO}&limit=1000`);
      await settled(pb);
      expect(Number(await pb.locator('.count').getAttribute('data-total'))).toBe(rowsB.length);
      const traces = new Set(rowsA.map((r) => r.trace_id));
      const shown = await pb.$$eval('tbody tr[data-trace-id]', (trs) => trs.map((t) => t.getAttribute('data-trace-id')));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.filter((t) => traces.has(t!))).toEqual([]);
      await pb.goto(`${base}/d/llmscope-overview?from=${FROM}&to=${TO}&refresh=off`);
      await settled(pb);
      expect(Number(await pb.locator('[data-panel-id="1"] .stat[data-field="requests"]').getAttribute('data-value'))).toBe(rowsB.length);
      const a = rowsA[0]!;
      await pb.goto(`${base}/calls/${a.trace_id}/${a.span_id}`);
      await pb.getByRole('alert').waitFor();
      await pb.goto(`${base}/traces/${a.trace_id}`);
      await pb.getByRole('alert').waitFor();
      expect(await pb.locator('.wf-row').count()).toBe(0);
      // signing out clears the cookie and brings the sign-in form back
      await pb.getByRole('button', { name: 'Sign out' }).click();
      await pb.locator('#key').waitFor();
      expect((await ctxB.cookies()).some((c) => c.name === 'llmscope_session' && c.value)).toBe(false);
      await pb.goto(`${base}/calls`);
      await pb.locator('#key').waitFor();
    } finally {
      await ctxB.close();
    }
  });

  it('has readable contrast in light mode and works from the keyboard', async () => {
    await page.goto(`${base}/calls?from=${FROM}&to=${TO}`);
    await settled(page);
    // Light on demand first: the check must not depend on what an earlier page left in localStorage.
    await page.getByLabel('Theme').selectOption('light');
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(246, 247, 249)');
    for (const sel of ['h1', '.lead', 'main a', '.count', 'table.data thead th', 'td.flag']) expect(await contrastOf(page, sel), `light ${sel}`).toBeGreaterThanOrEqual(4.5);
    // the theme switch: dark on demand, back to the system's
    await page.getByLabel('Theme').selectOption('dark');
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(17, 19, 23)');
    for (const sel of ['h1', '.lead', 'main a']) expect(await contrastOf(page, sel), `dark ${sel}`).toBeGreaterThanOrEqual(4.5);
    await page.getByLabel('Theme').selectOption('auto');
    // the theme is applied by an effect after the change: wait for it (the context's scheme is light)
    await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(246, 247, 249)');
    // Tab from the skip link into the page; Enter on a call link opens the call
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    const link = page.locator('tbody tr[data-trace-id] td:first-child a').first();
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/calls\/[0-9a-f]{32}\/[0-9a-f]{16}$/);
    await page.locator('[data-metric="cost"]').waitFor();
  });

  it('fits a phone screen and renders in dark mode', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark', storageState: await ctxA.storageState() });
    const pp = await phone.newPage();
    try {
      for (const [name, path] of [['overview', `/d/llmscope-overview?from=${FROM}&to=${TO}&refresh=off`], ['calls', `/calls?from=${FROM}&to=${TO}`]] as const) {
        await pp.goto(base + path);
        await settled(pp);
        const overflow = await pp.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, name).toBeLessThanOrEqual(1);
        const bg = await pp.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(bg).toBe('rgb(17, 19, 23)');
        for (const sel of ['h1', '.lead', 'main a', '.top nav a']) expect(await contrastOf(pp, sel), `dark ${sel}`).toBeGreaterThanOrEqual(4.5);
        await shot(pp, `phone-dark-${name}`);
        await shot(pp, `phone-dark-${name}-first-screen`, false);
      }
    } finally {
      await phone.close();
    }
  });
});
