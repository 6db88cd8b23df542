/**
 * BudgetEvaluator against a real embedded ClickHouse (chdb) and real local receivers, with a fixed
 * clock: retries and recorded failures, the grace evaluation of a period that just ended, project
 * and match isolation with hostile values, projection, query economy, stop(), timeouts, SMTP errors,
 * and the at-least-once behaviour when the 'delivered' state cannot be written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import type { InsertOptions, Store } from '../../src/store/store.ts';
import { BudgetEvaluator, type BudgetEvaluatorOptions } from '../../src/alerts/evaluator.ts';
import { parseBudgetFile } from '../../src/alerts/budget-file.ts';
import { createLogger } from '../../src/log.ts';
import { Hono } from 'hono';
import { mountBudgetRoutes } from '../../src/alerts/api.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from './helpers.ts';

const DB = 'budgets_t';
let dir: string;
let store: EmbeddedStore;
let http: HttpReceiver;
let smtp: SmtpReceiver;
const quiet = createLogger('error', () => {});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-budget-eval-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: DB });
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver('u', 'right-password');
});

afterAll(async () => {
  await store?.close();
  await http?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Inserts llm_calls rows directly (the store is real; only the span path is skipped here). */
async function calls(rows: Array<{ at: string; project?: string; service?: string; provider?: string; model?: string; cost?: number; input?: number; output?: number }>) {
  await store.insert(
    `${DB}.llm_calls`,
    rows.map((r) => ({
      project_id: r.project ?? 'default',
      timestamp: BigInt(Date.parse(r.at)) * 1_000_000n,
      service_name: r.service ?? 'svc',
      provider: r.provider ?? 'openai',
      request_model: r.model ?? 'gpt-4o',
      cost_usd: r.cost ?? 0,
      input_tokens: r.input ?? 0,
      output_tokens: r.output ?? 0,
    })),
  );
}

function evaluator(yaml: string, o: Partial<BudgetEvaluatorOptions> = {}): BudgetEvaluator {
  return new BudgetEvaluator({ store, budgets: parseBudgetFile(yaml), database: DB, logger: quiet, retryBaseMs: 20, retryMaxMs: 50, ...o });
}

async function state(budget: string) {
  return store.query<Record<string, unknown>>(
    `SELECT channel, threshold, status, attempts, last_error, toUnixTimestamp(period_start) AS ps, toUnixTimestamp(period_end) AS pe
     FROM ${DB}.budget_notifications FINAL WHERE budget = {b:String} ORDER BY period_start, threshold, channel`,
    { b: budget },
  );
}

const budgetYaml = (name: string, body: string, channels: string) => `budgets:\n  - name: ${name}\n${body}channels:\n${channels}`;

describe('BudgetEvaluator', () => {
  it('records failures (attempts, last_error) after the per-evaluation attempts and retries on the next evaluation', async () => {
    const y = budgetYaml('retry', '    match: { service_name: retry-svc }\n    metric: cost_usd\n    limit: 10\n    period: day\n    thresholds: [0.5]\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/retry" }\n`);
    await calls([{ at: '2025-03-10T08:00:00Z', service: 'retry-svc', cost: 6 }]);
    http.failNext('/retry', 4, 503);
    const ev = evaluator(y, { maxAttemptsPerEvaluation: 2 });
    const now = new Date('2025-03-10T12:00:00Z');

    const r1 = await ev.evaluateOnce(now);
    expect(r1.deliveries).toEqual([
      { budget: 'retry', project_id: 'default', period_start: '2025-03-10T00:00:00.000Z', threshold: 0.5, channel: 'h', status: 'failed', attempts: 2, last_error: 'HTTP 503: receiver says no' },
    ]);
    expect(await state('retry')).toEqual([
      { channel: 'h', threshold: 0.5, status: 'failed', attempts: 2, last_error: 'HTTP 503: receiver says no', ps: Date.parse('2025-03-10T00:00:00Z') / 1000, pe: Date.parse('2025-03-11T00:00:00Z') / 1000 },
    ]);
    // Second evaluation: two more failures (4 in all), still failed.
    expect((await ev.evaluateOnce(now)).deliveries[0]).toMatchObject({ status: 'failed', attempts: 4 });
    // A new evaluator (restart) picks the failed row up and delivers; attempts keep counting.
    const ev2 = evaluator(y, { maxAttemptsPerEvaluation: 2 });
    expect((await ev2.evaluateOnce(now)).deliveries[0]).toMatchObject({ status: 'delivered', attempts: 5, last_error: 'HTTP 503: receiver says no' });
    expect(await state('retry')).toMatchObject([{ status: 'delivered', attempts: 5 }]);
    expect(http.ok('/retry')).toHaveLength(1);
    expect(http.requests.filter((r) => r.path === '/retry')).toHaveLength(5);
    // Delivered: never again.
    expect((await ev2.evaluateOnce(now)).deliveries).toEqual([]);
    expect((await evaluator(y).evaluateOnce(now)).deliveries).toEqual([]);
  });

  it('still notifies a period that just ended (grace), numbers of that period', async () => {
    const y = budgetYaml('grace', '    match: { service_name: grace-svc }\n    metric: tokens\n    limit: 1000\n    period: hour\n    thresholds: [1]\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/grace" }\n`);
    // 1200 tokens in 09:00–10:00, the last 300 at 09:59:50 — after the last evaluation of that hour.
    await calls([{ at: '2025-03-10T09:30:00Z', service: 'grace-svc', input: 600, output: 300 }]);
    const ev = evaluator(y, { intervalMs: 60_000 });
    expect((await ev.evaluateOnce(new Date('2025-03-10T09:59:30Z'))).deliveries).toEqual([]);
    await calls([{ at: '2025-03-10T09:59:50Z', service: 'grace-svc', input: 200, output: 100 }]);
    const r = await ev.evaluateOnce(new Date('2025-03-10T10:00:30Z'));
    expect(r.deliveries).toMatchObject([{ period_start: '2025-03-10T09:00:00.000Z', threshold: 1, status: 'delivered' }]);
    expect(http.ok('/grace')[0]!.body).toMatchObject({ spent: 1200, ratio: 1.2, projected: 1200, period_start: '2025-03-10T09:00:00.000Z', period_end: '2025-03-10T10:00:00.000Z', calls: 2 });
    // The current hour has no spend and the API shows the current hour.
    expect(r.budgets).toEqual([{ name: 'grace', project: 'default', period_start: '2025-03-10T10:00:00.000Z', spent: 0, ratio: 0 }]);
    // After the grace window the old hour is no longer evaluated (and was delivered anyway).
    expect((await ev.evaluateOnce(new Date('2025-03-10T10:20:00Z'))).deliveries).toEqual([]);
    expect(http.ok('/grace')).toHaveLength(1);
  });

  it('counts only its project and exact match values (bound parameters, hostile values are data)', async () => {
    const evil = "x' OR 1=1 --";
    await calls([
      { at: '2025-04-02T01:00:00Z', project: 'acme', service: evil, cost: 3 },
      { at: '2025-04-02T01:00:00Z', project: 'acme', service: 'x', cost: 100 },
      { at: '2025-04-02T01:00:00Z', project: 'default', service: evil, cost: 50 },
      { at: '2025-04-02T01:00:00Z', project: "acme' OR '1'='1", service: evil, cost: 70 },
    ]);
    const y = `budgets:
  - name: iso
    project: acme
    match: { service_name: ${JSON.stringify(evil)} }
    metric: cost_usd
    limit: 4
    period: month
    thresholds: [0.5]
    notify: [h]
  - name: iso
    project: "acme' OR '1'='1"
    match: { service_name: ${JSON.stringify(evil)} }
    metric: cost_usd
    limit: 100
    period: month
    thresholds: [0.5]
    notify: [h]
channels:
  h: { type: webhook, url: "${http.url}/iso" }
`;
    const ev = evaluator(y);
    const now = new Date('2025-04-16T00:00:00Z');
    const s = await ev.status(now);
    expect(s.map((b) => [b.project, b.spent, b.calls])).toEqual([
      ['acme', 3, 1],
      ["acme' OR '1'='1", 70, 1],
    ]);
    await ev.evaluateOnce(now);
    expect(http.ok('/iso').map((r) => [r.body.project_id, r.body.spent, r.body.match.service_name])).toEqual([
      ['acme', 3, evil],
      ["acme' OR '1'='1", 70, evil],
    ]);
    // Same budget name in two projects: separate state rows.
    expect((await state('iso')).length).toBe(2);
  });

  it('status(): spend, ratio, linear projection and notification state', async () => {
    await calls([{ at: '2025-05-05T03:00:00Z', service: 'proj-svc', cost: 2.5 }]);
    const y = budgetYaml('proj', '    match: { service_name: proj-svc }\n    metric: cost_usd\n    limit: 5\n    period: day\n    thresholds: [0.5, 2]\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/proj" }\n`);
    const ev = evaluator(y);
    const now = new Date('2025-05-05T06:00:00Z'); // a quarter of the day
    await ev.evaluateOnce(now);
    const [st] = await ev.status(now);
    expect(st).toMatchObject({
      name: 'proj',
      spent: 2.5,
      calls: 1,
      ratio: 0.5,
      projected: 10,
      projected_ratio: 2,
      elapsed_share: 0.25,
      period_start: '2025-05-05T00:00:00.000Z',
      period_end: '2025-05-06T00:00:00.000Z',
      notified_thresholds: [0.5],
      notifications: [{ threshold: 0.5, channel: 'h', status: 'delivered', attempts: 1, last_error: '' }],
    });
    expect(http.ok('/proj')[0]!.body).toMatchObject({ spent: 2.5, ratio: 0.5, projected: 10, threshold: 0.5 });
  });

  it('GET /api/v1/budgets: per-project view when the app resolves projects, 401 when it cannot', async () => {
    const y = `budgets:
  - { name: a, project: acme, metric: cost_usd, limit: 10, period: day, notify: [h] }
  - { name: b, metric: tokens, limit: 10, period: week, notify: [h] }
channels:
  h: { type: webhook, url: "${http.url}/api" }
`;
    const ev = evaluator(y);
    const app = new Hono();
    mountBudgetRoutes(app, ev, { projectOf: (c) => c.req.header('x-project') ?? null });
    const acme = await app.request('/api/v1/budgets', { headers: { 'x-project': 'acme' } });
    expect(acme.status).toBe(200);
    const body = (await acme.json()) as { budgets: Array<{ name: string }>; evaluated_at: string | null };
    expect(body.budgets.map((b) => b.name)).toEqual(['a']);
    expect(body.evaluated_at).toBeNull();
    expect((await app.request('/api/v1/budgets')).status).toBe(401);
    const all = new Hono();
    mountBudgetRoutes(all, ev);
    expect((((await (await all.request('/api/v1/budgets')).json()) as { budgets: Array<{ name: string }> }).budgets.map((b) => b.name))).toEqual(['a', 'b']);
  });

  it('one query per evaluation once everything crossed is delivered', async () => {
    await calls([{ at: '2025-06-03T03:00:00Z', service: 'q-svc', cost: 9 }]);
    const y = `budgets:
  - { name: q1, match: { service_name: q-svc }, metric: cost_usd, limit: 10, period: day, thresholds: [0.5, 0.8], notify: [h] }
  - { name: q2, match: { service_name: q-svc }, metric: tokens, limit: 10, period: week, notify: [h] }
  - { name: q3, metric: cost_usd, limit: 1000000, period: month, notify: [h] }
channels:
  h: { type: webhook, url: "${http.url}/q" }
`;
    const counting = new CountingStore(store);
    const ev = new BudgetEvaluator({ store: counting, budgets: parseBudgetFile(y), database: DB, logger: quiet });
    const now = new Date('2025-06-03T12:00:00Z');
    expect((await ev.evaluateOnce(now)).deliveries.map((d) => [d.budget, d.threshold])).toEqual([
      ['q1', 0.5],
      ['q1', 0.8],
    ]);
    counting.queries = 0;
    await ev.evaluateOnce(now);
    await ev.evaluateOnce(now);
    expect(counting.queries).toBe(2);
  });

  it('stop() ends a backoff wait at once; the notification stays pending for the next start', async () => {
    const y = budgetYaml('stop', '    match: { service_name: stop-svc }\n    metric: cost_usd\n    limit: 1\n    period: day\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/stop" }\n`);
    await calls([{ at: '2025-07-01T01:00:00Z', service: 'stop-svc', cost: 2 }]);
    http.failNext('/stop', 100);
    const ev = evaluator(y, { retryBaseMs: 60_000, retryMaxMs: 60_000, maxAttemptsPerEvaluation: 5 });
    const running = ev.evaluateOnce(new Date('2025-07-01T02:00:00Z'));
    await waitUntil(() => http.requests.some((r) => r.path === '/stop'));
    // Stop once the first failure is recorded, i.e. while the evaluator waits out its backoff.
    for (let i = 0; i < 200 && (await state('stop'))[0]?.status !== 'failed'; i++) await new Promise((res) => setTimeout(res, 20));
    const t0 = Date.now();
    await ev.stop();
    const r = await running;
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(r.deliveries).toMatchObject([{ status: 'failed', attempts: 1 }]);
    expect(await state('stop')).toMatchObject([{ status: 'failed', attempts: 1, last_error: 'HTTP 500: receiver says no' }]);
  });

  it('times out a receiver that never answers', async () => {
    http.hang('/hang');
    const y = budgetYaml('hang', '    match: { service_name: hang-svc }\n    metric: cost_usd\n    limit: 1\n    period: day\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/hang" }\n`);
    await calls([{ at: '2025-07-02T01:00:00Z', service: 'hang-svc', cost: 2 }]);
    const ev = evaluator(y, { timeoutMs: 300, maxAttemptsPerEvaluation: 1 });
    const r = await ev.evaluateOnce(new Date('2025-07-02T02:00:00Z'));
    expect(r.deliveries).toMatchObject([{ status: 'failed', attempts: 1, last_error: 'timed out after 300 ms' }]);
  });

  it('records SMTP failures without leaking the password; delivers once the credentials are right', async () => {
    await calls([{ at: '2025-07-03T01:00:00Z', service: 'mail-svc', input: 10, output: 5 }]);
    const y = (pass: string) =>
      budgetYaml(
        'mail',
        '    match: { service_name: mail-svc }\n    metric: tokens\n    limit: 10\n    period: day\n    notify: [m]\n',
        `  m: { type: email, to: [a@example.com, b@example.com], smtp: "smtp://u:${pass}@127.0.0.1:${smtp.port}" }\n`,
      );
    const now = new Date('2025-07-03T02:00:00Z');
    const bad = await evaluator(y('wrong-password'), { maxAttemptsPerEvaluation: 1 }).evaluateOnce(now);
    expect(bad.deliveries[0]).toMatchObject({ status: 'failed', attempts: 1 });
    expect(bad.deliveries[0]!.last_error).toMatch(/^SMTP EAUTH 535/);
    expect(bad.deliveries[0]!.last_error).not.toContain('wrong-password');
    expect(smtp.mails).toHaveLength(0);
    const good = await evaluator(y('right-password')).evaluateOnce(now);
    expect(good.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ to: ['a@example.com', 'b@example.com'], user: 'u', subject: '[llmscope] Budget mail at 100%: 15 tokens of 10 tokens' });
    expect(smtp.mails[0]!.text).toMatch(/Spent: 15 tokens over 1 call\r?\n/);
    expect(smtp.mails[0]!.text).toContain('Period: 2025-07-03T00:00:00.000Z to 2025-07-04T00:00:00.000Z (UTC)');
  });

  it('at-least-once: a lost "delivered" write is never re-sent by this process, but once after a restart', async () => {
    await calls([{ at: '2025-08-01T01:00:00Z', service: 'alo-svc', cost: 5 }]);
    const y = budgetYaml('alo', '    match: { service_name: alo-svc }\n    metric: cost_usd\n    limit: 1\n    period: day\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/alo" }\n`);
    const lossy = new CountingStore(store, (rows) => rows.some((r) => (r as { status?: string }).status === 'delivered'));
    const now = new Date('2025-08-01T02:00:00Z');
    const ev = new BudgetEvaluator({ store: lossy, budgets: parseBudgetFile(y), database: DB, logger: quiet });
    expect((await ev.evaluateOnce(now)).deliveries).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    expect(await state('alo')).toMatchObject([{ status: 'pending', attempts: 0 }]);
    expect((await ev.evaluateOnce(now)).deliveries).toEqual([]);
    expect(http.ok('/alo')).toHaveLength(1);
    // "Restart": the state says pending, so it is sent again (the receiver can dedupe on the same id).
    const restarted = evaluator(y);
    expect((await restarted.evaluateOnce(now)).deliveries).toMatchObject([{ status: 'delivered', attempts: 1 }]);
    expect(http.ok('/alo').map((r) => r.body.id)).toEqual([http.ok('/alo')[0]!.body.id, http.ok('/alo')[0]!.body.id]);
    expect(await state('alo')).toMatchObject([{ status: 'delivered' }]);
    expect((await evaluator(y).evaluateOnce(now)).deliveries).toEqual([]);
    expect(http.ok('/alo')).toHaveLength(2);
  });

  it('start() evaluates at once and on every interval; after stop() nothing runs', async () => {
    await calls([{ at: new Date().toISOString(), service: 'timer-svc', cost: 1 }]);
    const y = budgetYaml('timer', '    match: { service_name: timer-svc }\n    metric: cost_usd\n    limit: 1\n    period: month\n    notify: [h]\n', `  h: { type: webhook, url: "${http.url}/timer" }\n`);
    const ev = evaluator(y, { intervalMs: 100 });
    ev.start();
    await waitUntil(() => http.ok('/timer').length === 1 && ev.lastEvaluation !== null);
    const first = ev.lastEvaluation!.evaluated_at;
    await waitUntil(() => ev.lastEvaluation!.evaluated_at !== first);
    await ev.stop();
    const last = ev.lastEvaluation!.evaluated_at;
    await new Promise((r) => setTimeout(r, 300));
    expect(ev.lastEvaluation!.evaluated_at).toBe(last);
    expect(http.ok('/timer')).toHaveLength(1);
  });
});

/** A real store wrapped to count queries and, optionally, to lose some inserts (as a crash would). */
class CountingStore implements Store {
  readonly kind: string;
  queries = 0;
  readonly #inner: Store;
  readonly #lose: ((rows: readonly object[]) => boolean) | undefined;
  constructor(inner: Store, lose?: (rows: readonly object[]) => boolean) {
    this.#inner = inner;
    this.kind = inner.kind;
    this.#lose = lose;
  }
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void> {
    if (this.#lose?.(rows)) return Promise.reject(new Error('connection reset (simulated crash before the state write)'));
    return this.#inner.insert(table, rows, options);
  }
  insertJsonEachRow(table: string, text: string, options?: InsertOptions): Promise<void> {
    return this.#inner.insertJsonEachRow(table, text, options);
  }
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
    this.queries++;
    return this.#inner.query<T>(sql, params);
  }
  command(sql: string, params?: Record<string, unknown>): Promise<void> {
    return this.#inner.command(sql, params);
  }
  ping(): Promise<boolean> {
    return this.#inner.ping();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
