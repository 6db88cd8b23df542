/**
 * Budgets end to end: the real OTel SDK + OTLP protobuf exporter → the collector → embedded
 * ClickHouse; the budget evaluator notices 50 %, 80 % and 100 % of a cost budget and of a token
 * budget and delivers each exactly once to a real webhook receiver, Slack-style receiver and SMTP
 * server — also across a restart on the same data dir, and through a receiver that fails twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { SpanKind } from '@opentelemetry/api';
import { TracerProvider, SimpleSpanProcessor, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startCollector } from '../../src/collector.ts';
import type { Store } from '../../src/store/store.ts';
import { BUILTIN_PRICES } from '../../src/pricing/prices.ts';
import { BudgetEvaluator } from '../../src/alerts/evaluator.ts';
import { loadBudgetFile } from '../../src/alerts/budget-file.ts';
import { mountBudgetRoutes } from '../../src/alerts/api.ts';
import { createLogger } from '../../src/log.ts';
import { sleep, startHttpReceiver, startSmtpReceiver, waitFor, type HttpReceiver, type SmtpReceiver } from './helpers.ts';

/**
 * true once startCollector runs the budget evaluator for `budgets` and mounts GET /api/v1/budgets
 * (the lead's wiring). Until then the test attaches a BudgetEvaluator to the collector's store
 * itself. Switching is this one line; nothing else in the test changes.
 */
const COLLECTOR_RUNS_BUDGETS = true;

interface Stack {
  url: string;
  store: Store;
  flush(): Promise<void>;
  budgetsApi(): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

async function startStack(dataDir: string, budgetsFile: string): Promise<Stack> {
  const collector = await startCollector({ port: 0, dataDir, scorers: [], budgets: budgetsFile, budgetIntervalMs: 1000, logLevel: 'warn' });
  if (COLLECTOR_RUNS_BUDGETS) {
    return {
      url: collector.url,
      store: collector.store,
      flush: () => collector.flush(),
      budgetsApi: async () => {
        const r = await fetch(`${collector.url}/api/v1/budgets`);
        return { status: r.status, body: await r.json() };
      },
      close: () => collector.close(),
    };
  }
  const evaluator = new BudgetEvaluator({
    store: collector.store,
    budgets: await loadBudgetFile(budgetsFile),
    database: collector.config.database,
    intervalMs: collector.config.budgetIntervalMs,
    logger: createLogger('warn'),
  });
  const api = new Hono();
  mountBudgetRoutes(api, evaluator);
  evaluator.start();
  return {
    url: collector.url,
    store: collector.store,
    flush: () => collector.flush(),
    budgetsApi: async () => {
      const r = await api.request('/api/v1/budgets');
      return { status: r.status, body: await r.json() };
    },
    close: async () => {
      await evaluator.stop();
      await collector.close();
    },
  };
}

// gpt-4o list price from the built-in table, so the expected cost follows the table.
const PRICE = BUILTIN_PRICES['gpt-4o']!;
const IN = 1000;
const OUT = 500;
const CALL_COST = IN * PRICE.input + OUT * PRICE.output;
const COST_LIMIT = 10 * CALL_COST;
const TOKEN_LIMIT = 10 * (IN + OUT);

let dir: string;
let dataDir: string;
let budgetsFile: string;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let stack: Stack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-budgets-e2e-'));
  dataDir = join(dir, 'data');
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver('alert', 's3cret');
  budgetsFile = join(dir, 'budgets.yaml');
  writeFileSync(
    budgetsFile,
    `budgets:
  - name: openai-cost
    match: { service_name: budget-e2e, provider: openai }
    metric: cost_usd
    limit: ${COST_LIMIT}
    period: month
    thresholds: [0.5, 0.8, 1.0]
    notify: [cost-hook, flaky]
  - name: gpt4o-tokens
    match: { request_model: gpt-4o }
    metric: tokens
    limit: ${TOKEN_LIMIT}
    period: month
    thresholds: [1.0, 0.8, 0.5]
    notify: [tokens-hook, team, pager]
channels:
  cost-hook:   { type: webhook, url: "${http.url}/cost" }
  flaky:       { type: webhook, url: "${http.url}/flaky" }
  tokens-hook: { type: webhook, url: "${http.url}/tokens" }
  team:        { type: slack, url: "${http.url}/slack" }
  pager:       { type: email, to: "oncall@example.com", smtp: "smtp://alert:s3cret@127.0.0.1:${smtp.port}", from: "llmscope@example.com" }
`,
  );
  stack = await startStack(dataDir, budgetsFile);
});

afterAll(async () => {
  await stack?.close();
  await http?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Creates `n` gpt-4o calls of budget-e2e (plus `noise` gpt-4o-mini calls of another service) and exports them in one OTLP request. */
async function sendCalls(n: number, noise = 0): Promise<void> {
  const spans: ReadableSpan[] = [];
  for (const [service, model, count] of [
    ['budget-e2e', 'gpt-4o', n],
    ['other-svc', 'gpt-4o-mini', noise],
  ] as const) {
    if (count === 0) continue;
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
    const tracer = provider.getTracer('budgets-e2e');
    for (let i = 0; i < count; i++) {
      tracer
        .startSpan(`chat ${model}`, {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': model,
            'gen_ai.usage.input_tokens': IN,
            'gen_ai.usage.output_tokens': OUT,
          },
        })
        .end();
    }
    await provider.forceFlush();
    spans.push(...memory.getFinishedSpans());
    await provider.shutdown();
  }
  const exporter = new OTLPTraceExporter({ url: `${stack.url}/v1/traces` });
  // One export call = one OTLP request = one batch, so an evaluation sees a step whole or not at all.
  await new Promise<void>((resolve, reject) => exporter.export(spans, (r) => (r.code === 0 ? resolve() : reject(r.error ?? new Error('export failed')))));
  await exporter.shutdown();
  await stack.flush();
}

function monthBounds(at = new Date()) {
  return {
    start: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1)).toISOString(),
    end: new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1)).toISOString(),
  };
}

function expectNotification(body: any, e: { budget: string; metric: string; limit: number; spent: number; threshold: number; calls: number; match: object }) {
  const { start, end } = monthBounds(new Date(body.sent_at));
  expect(body).toMatchObject({
    project_id: 'default',
    budget: e.budget,
    metric: e.metric,
    limit: e.limit,
    threshold: e.threshold,
    period: 'month',
    period_start: start,
    period_end: end,
    match: e.match,
    calls: e.calls,
  });
  expect(body.spent).toBeCloseTo(e.spent, 12);
  expect(body.ratio).toBeCloseTo(e.spent / e.limit, 9);
  expect(body.id).toMatch(/^[0-9a-f]{32}$/);
  // Linear projection: spent / elapsed share of the month (evaluated a few ms before sent_at).
  const share = (Date.parse(body.sent_at) - Date.parse(start)) / (Date.parse(end) - Date.parse(start));
  expect(Math.abs(body.projected * share - body.spent) / body.spent).toBeLessThan(1e-3);
  expect(body.projected).toBeGreaterThanOrEqual(body.spent);
}

const COST_MATCH = { service_name: 'budget-e2e', provider: 'openai' };
const TOKEN_MATCH = { request_model: 'gpt-4o' };
const PATHS = ['/cost', '/flaky', '/tokens', '/slack'] as const;

/** Waits until every channel has `n` successful deliveries. */
async function waitForRound(n: number): Promise<void> {
  await waitFor(`round ${n} of notifications`, () => PATHS.every((p) => http.ok(p).length >= n) && smtp.mails.length >= n);
}

describe('budgets end to end', () => {
  it('notifies 50 %, 80 % and 100 % once each, with correct numbers, on every channel', async () => {
    http.failNext('/flaky', 2); // HTTP 500 twice, then 200

    // 6 of 10 → 60 %: crosses 0.5 only. The noise matches neither budget.
    await sendCalls(6, 10);
    await waitForRound(1);
    expectNotification(http.ok('/cost')[0]!.body, { budget: 'openai-cost', metric: 'cost_usd', limit: COST_LIMIT, spent: 6 * CALL_COST, threshold: 0.5, calls: 6, match: COST_MATCH });
    expectNotification(http.ok('/tokens')[0]!.body, { budget: 'gpt4o-tokens', metric: 'tokens', limit: TOKEN_LIMIT, spent: 6 * (IN + OUT), threshold: 0.5, calls: 6, match: TOKEN_MATCH });
    expect(http.ok('/cost')[0]!.headers['idempotency-key']).toBe(http.ok('/cost')[0]!.body.id);

    // The flaky receiver answered 500, 500, 200 to the same notification.
    const flaky = http.requests.filter((r) => r.path === '/flaky');
    expect(flaky.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(new Set(flaky.map((r) => r.body.id)).size).toBe(1);
    expect(flaky[2]!.body).toMatchObject({ budget: 'openai-cost', threshold: 0.5 });

    // Slack: incoming-webhook JSON with a readable text and blocks.
    const slack = http.ok('/slack')[0]!.body;
    expect(Object.keys(slack).sort()).toEqual(['blocks', 'text']);
    expect(slack.text).toBe(':warning: Budget "gpt4o-tokens" reached 50% of its monthly limit: 9,000 tokens of 15,000 tokens (60%)');
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Budget gpt4o-tokens: 50% reached', emoji: true } });
    expect(JSON.stringify(slack.blocks)).toContain('*Match*\\nrequest_model=gpt-4o');

    // E-mail over SMTP with AUTH from the URL.
    const mail = smtp.mails[0]!;
    expect(mail.user).toBe('alert');
    expect(mail.from).toBe('llmscope@example.com');
    expect(mail.to).toEqual(['oncall@example.com']);
    expect(mail.subject).toBe('[llmscope] Budget gpt4o-tokens at 50%: 9,000 tokens of 15,000 tokens');
    expect(mail.text).toContain('Spent: 9,000 tokens over 6 calls');
    expect(mail.text).toContain('Limit: 15,000 tokens');
    expect(mail.text).toContain('Ratio: 60% (threshold 50%)');
    expect(mail.text).toContain(`Period: ${monthBounds().start} to ${monthBounds().end} (UTC)`);
    // Its own idempotency id: one per (budget, period, threshold, channel).
    expect(mail.headers['x-llmscope-notification']).toMatch(/^[0-9a-f]{32}$/);
    expect(mail.headers['x-llmscope-notification']).not.toBe(http.ok('/tokens')[0]!.body.id);

    // +3 → 90 %: crosses 0.8.
    await sendCalls(3);
    await waitForRound(2);
    expectNotification(http.ok('/cost')[1]!.body, { budget: 'openai-cost', metric: 'cost_usd', limit: COST_LIMIT, spent: 9 * CALL_COST, threshold: 0.8, calls: 9, match: COST_MATCH });
    expectNotification(http.ok('/tokens')[1]!.body, { budget: 'gpt4o-tokens', metric: 'tokens', limit: TOKEN_LIMIT, spent: 9 * (IN + OUT), threshold: 0.8, calls: 9, match: TOKEN_MATCH });

    // +2 → 110 %: crosses 1.0.
    await sendCalls(2);
    await waitForRound(3);
    expectNotification(http.ok('/cost')[2]!.body, { budget: 'openai-cost', metric: 'cost_usd', limit: COST_LIMIT, spent: 11 * CALL_COST, threshold: 1, calls: 11, match: COST_MATCH });
    expectNotification(http.ok('/tokens')[2]!.body, { budget: 'gpt4o-tokens', metric: 'tokens', limit: TOKEN_LIMIT, spent: 11 * (IN + OUT), threshold: 1, calls: 11, match: TOKEN_MATCH });
    expect(http.ok('/slack')[2]!.body.text).toBe(':rotating_light: Budget "gpt4o-tokens" reached 100% of its monthly limit: 16,500 tokens of 15,000 tokens (110%)');

    // Two more evaluations change nothing: exactly three per budget and channel.
    await sleep(2500);
    for (const p of ['/cost', '/flaky', '/tokens']) expect(http.ok(p).map((r) => r.body.threshold), p).toEqual([0.5, 0.8, 1]);
    expect(http.ok('/slack').map((r) => r.body.blocks[0].text.text)).toEqual([
      'Budget gpt4o-tokens: 50% reached',
      'Budget gpt4o-tokens: 80% reached',
      'Budget gpt4o-tokens: 100% reached',
    ]);
    expect(smtp.mails.map((m) => m.subject.match(/at (\d+)%/)![1])).toEqual(['50', '80', '100']);
    expect(http.requests.filter((r) => r.path === '/flaky')).toHaveLength(5);
  });

  it('records state in budget_notifications: delivered, attempts and the last error of the flaky channel', async () => {
    const rows = await stack.store.query<Record<string, unknown>>(
      `SELECT budget, channel, threshold, status, attempts, last_error, spent, toUnixTimestamp(period_start) AS ps
       FROM llmscope.budget_notifications FINAL WHERE project_id = {p:String} ORDER BY budget, channel, threshold`,
      { p: 'default' },
    );
    const ps = Date.parse(monthBounds().start) / 1000;
    const row = (budget: string, channel: string, threshold: number, attempts: number, lastError: string, spent: number) => ({
      budget, channel, threshold, status: 'delivered', attempts, last_error: lastError, spent: expect.closeTo(spent, 12), ps,
    });
    expect(rows).toEqual([
      row('gpt4o-tokens', 'pager', 0.5, 1, '', 9000), row('gpt4o-tokens', 'pager', 0.8, 1, '', 13500), row('gpt4o-tokens', 'pager', 1, 1, '', 16500),
      row('gpt4o-tokens', 'team', 0.5, 1, '', 9000), row('gpt4o-tokens', 'team', 0.8, 1, '', 13500), row('gpt4o-tokens', 'team', 1, 1, '', 16500),
      row('gpt4o-tokens', 'tokens-hook', 0.5, 1, '', 9000), row('gpt4o-tokens', 'tokens-hook', 0.8, 1, '', 13500), row('gpt4o-tokens', 'tokens-hook', 1, 1, '', 16500),
      row('openai-cost', 'cost-hook', 0.5, 1, '', 6 * CALL_COST), row('openai-cost', 'cost-hook', 0.8, 1, '', 9 * CALL_COST), row('openai-cost', 'cost-hook', 1, 1, '', 11 * CALL_COST),
      row('openai-cost', 'flaky', 0.5, 3, 'HTTP 500: receiver says no', 6 * CALL_COST), row('openai-cost', 'flaky', 0.8, 1, '', 9 * CALL_COST), row('openai-cost', 'flaky', 1, 1, '', 11 * CALL_COST),
    ]);
  });

  it('GET /api/v1/budgets shows spend, ratio, projection and notified thresholds', async () => {
    const { status, body } = await stack.budgetsApi();
    expect(status).toBe(200);
    const { start, end } = monthBounds();
    const share = (Date.now() - Date.parse(start)) / (Date.parse(end) - Date.parse(start));
    const [cost, tokens] = body.budgets;
    expect(cost).toMatchObject({
      name: 'openai-cost', project: 'default', metric: 'cost_usd', limit: COST_LIMIT, period: 'month', period_start: start, period_end: end,
      match: COST_MATCH, thresholds: [0.5, 0.8, 1], notify: ['cost-hook', 'flaky'], calls: 11, notified_thresholds: [0.5, 0.8, 1],
    });
    expect(cost.spent).toBeCloseTo(11 * CALL_COST, 12);
    expect(cost.ratio).toBeCloseTo(1.1, 9);
    expect(Math.abs(cost.projected * share - cost.spent) / cost.spent).toBeLessThan(1e-3);
    expect(cost.projected_ratio).toBeCloseTo(cost.projected / COST_LIMIT, 9);
    expect(cost.notifications).toHaveLength(6);
    expect(cost.notifications.find((n: any) => n.channel === 'flaky' && n.threshold === 0.5)).toMatchObject({ status: 'delivered', attempts: 3, last_error: 'HTTP 500: receiver says no' });
    expect(tokens).toMatchObject({ name: 'gpt4o-tokens', metric: 'tokens', limit: TOKEN_LIMIT, spent: 16500, calls: 11, ratio: 1.1, notified_thresholds: [0.5, 0.8, 1] });
    // Channel settings (URLs, SMTP credentials) never appear in the API.
    expect(JSON.stringify(body)).not.toContain('s3cret');
    expect(JSON.stringify(body)).not.toContain(http.url);
  });

  it('a restart on the same data dir sends nothing again', async () => {
    const before = { http: http.requests.length, mails: smtp.mails.length };
    await stack.close();
    stack = await startStack(dataDir, budgetsFile);
    await waitFor('the first evaluation after restart', async () => (await stack.budgetsApi()).body.evaluated_at !== null);
    await sleep(2200); // two more evaluations
    const { body } = await stack.budgetsApi();
    expect(body.budgets.map((b: any) => [b.name, b.calls, b.notified_thresholds])).toEqual([
      ['openai-cost', 11, [0.5, 0.8, 1]],
      ['gpt4o-tokens', 11, [0.5, 0.8, 1]],
    ]);
    expect(http.requests.length).toBe(before.http);
    expect(smtp.mails.length).toBe(before.mails);
  });
});
