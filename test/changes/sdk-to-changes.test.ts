/**
 * The whole API-change path with real parts: the real `openai` and `@anthropic-ai/sdk` clients
 * against the replay server (hand-made exchanges with Deprecation/Sunset headers, an alias answered
 * by a newer snapshot, a retired model's 404) → @llmscope/instrumentation over OTLP → the collector
 * (llm_calls API-signal columns) → its change detector under the lease → api_changes, the webhook
 * channel of the budgets file (--changes-notify) and GET /api/v1/changes.
 *
 * The week of history the alias and the error are compared with is inserted into llm_calls
 * directly (a week of real calls cannot be replayed in a test); everything after it is real traffic.
 */
import * as anthropicModule from '@anthropic-ai/sdk';
import Anthropic from '@anthropic-ai/sdk';
import * as openaiModule from 'openai';
import OpenAI from 'openai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { init, type LlmscopeHandle } from '../../instrumentation/src/index.ts';
import { startReplayServer, type ReplayServer } from '../support/llm-replay-server.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { sequence } from './sequences.ts';

const SERVICE = 'support-bot';
const HOUR = 3600_000;
let dir: string;
let collector: RunningCollector;
let replay: ReplayServer;
let handle: LlmscopeHandle;
let hook: HttpReceiver;
let calls: Array<Record<string, unknown>>;
let detectedAt: number;

const replayId = (id: string) => ({ headers: { 'x-replay-id': id } });
const TICKET = [{ role: 'user' as const, content: 'Summarise the ticket in one line.' }];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-sdk-changes-'));
  hook = await startHttpReceiver();
  writeFileSync(join(dir, 'budgets.yaml'), `budgets: []\nchannels:\n  ops: { type: webhook, url: "${hook.url}/api-changes" }\n`);
  collector = await startCollector({
    port: 0,
    dataDir: join(dir, 'data'),
    scorers: [],
    logLevel: 'error',
    ui: 'off',
    budgets: join(dir, 'budgets.yaml'),
    changesNotify: ['ops'],
    // One run at start (nothing yet); the test runs the next one itself.
    changesIntervalMs: HOUR,
  });
  await collector.ready;
  for (let i = 0; i < 200 && !collector.leadership?.leading; i++) await new Promise((r) => setTimeout(r, 25));
  expect(collector.leadership?.leading).toBe(true);

  // A week of gpt-4o answered by the August snapshot, without errors.
  const now = Date.now();
  await collector.store.insert(
    'llmscope.llm_calls',
    sequence({
      project: 'default',
      provider: 'openai',
      model: 'gpt-4o',
      fromMs: now - 7 * 24 * HOUR,
      toMs: now - 2 * HOUR,
      perHour: 4,
      seed: 21,
      shape: () => ({ response_model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_a1b2c3d4e5', service_tier: 'default', api_version: '2020-10-01' }),
    }),
  );

  replay = await startReplayServer();
  handle = init({ serviceName: SERVICE, endpoint: collector.url, metrics: false, instrumentModules: { openai: openaiModule, anthropic: anthropicModule } });
  const openai = new OpenAI({ baseURL: `${replay.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: replay.url, apiKey: 'test-key', maxRetries: 0 });

  await openai.chat.completions.create({ model: 'gpt-4-0613', messages: TICKET }, replayId('handmade-openai-chat-deprecation-sunset'));
  const moved = await openai.chat.completions.create({ model: 'gpt-4o', messages: TICKET }, replayId('handmade-openai-chat-alias-moved'));
  expect(moved.model).toBe('gpt-4o-2024-11-20');
  await expect(openai.chat.completions.create({ model: 'gpt-4o', messages: TICKET }, replayId('handmade-openai-chat-404-model-retired'))).rejects.toThrow(/does not exist/);
  // The Anthropic SDK warns (console.warn) about a deprecated model while the call is made.
  await anthropic.messages.create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 64, messages: TICKET }, replayId('handmade-anthropic-cache-read'));

  await handle.forceFlush();
  await collector.flush();
  calls = await collector.store.query(
    `SELECT provider, request_model, response_model, status, error_type, http_status, system_fingerprint, service_tier, api_version, api_deprecation, api_sunset, sdk_deprecation_warning
     FROM llmscope.llm_calls WHERE service_name = {s:String} AND timestamp > now() - INTERVAL 1 HOUR ORDER BY timestamp`,
    { s: SERVICE },
  );
  detectedAt = Date.now();
  await collector.changes!.detectOnce(detectedAt);
}, 120_000);

afterAll(async () => {
  await handle?.shutdown();
  await replay?.close();
  await collector?.close();
  await hook?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('instrumented calls carry the API signals into llm_calls', () => {
  it('headers, fingerprint, tier, HTTP status and the SDK warning land in their columns', () => {
    expect(calls).toHaveLength(4);
    expect(calls[0]).toMatchObject({ request_model: 'gpt-4-0613', api_deprecation: '@1751328000', api_sunset: 'Wed, 01 Jul 2026 00:00:00 GMT', api_version: '2020-10-01', service_tier: 'default', status: 'ok' });
    expect(calls[1]).toMatchObject({ request_model: 'gpt-4o', response_model: 'gpt-4o-2024-11-20', system_fingerprint: 'fp_b7c2e9d41a', api_deprecation: '', api_sunset: '' });
    expect(calls[2]).toMatchObject({ request_model: 'gpt-4o', status: 'error', error_type: '404', http_status: 404, api_version: '2020-10-01' });
    expect(calls[3]).toMatchObject({ provider: 'anthropic', request_model: 'claude-sonnet-4-5-20250929' });
    expect(calls[3]!.sdk_deprecation_warning).toMatch(/^The model 'claude-sonnet-4-5-20250929' is deprecated and will reach end-of-life on /);
  });
});

describe('the detector, the channel and the API', () => {
  const key = (x: { provider: string; request_model: string; kind: string; before: string; after: string }) => `${x.provider} ${x.request_model} ${x.kind}: ${x.before} → ${x.after}`;

  it('stores every change once', async () => {
    const rows = await collector.store.query<{ provider: string; request_model: string; kind: string; before: string; after: string; calls_since: string; notify_status: string }>(
      `SELECT provider, request_model, kind, before, after, calls_since, notify_status FROM llmscope.api_changes FINAL ORDER BY provider, request_model, kind`,
    );
    expect(rows.map(key)).toEqual([
      `anthropic claude-sonnet-4-5-20250929 sdk_warning:  → ${calls[3]!.sdk_deprecation_warning}`,
      'openai gpt-4-0613 deprecation:  → @1751328000',
      'openai gpt-4-0613 sunset:  → Wed, 01 Jul 2026 00:00:00 GMT',
      'openai gpt-4o error_type:  → 404',
      'openai gpt-4o http_status:  → 404',
      'openai gpt-4o response_model: gpt-4o-2024-08-06 → gpt-4o-2024-11-20',
      'openai gpt-4o system_fingerprint: fp_a1b2c3d4e5 → fp_b7c2e9d41a',
    ]);
    for (const r of rows) expect([Number(r.calls_since), r.notify_status]).toEqual([1, 'delivered']);
  });

  it('told the webhook channel of each, with the rollback advice for the moved alias', () => {
    const got = hook.ok('/api-changes');
    expect(got).toHaveLength(7);
    const moved = got.find((x) => x.body.kind === 'response_model')!;
    expect(moved.body.advice).toContain('pin the dated version: request "gpt-4o-2024-08-06" instead of "gpt-4o"');
    expect(moved.headers['idempotency-key']).toBe(moved.body.id);
    expect(typeof moved.body.fencing_token).toBe('number');
  });

  it('GET /api/v1/changes lists them; a second run adds nothing', async () => {
    const res = await fetch(`${collector.url}/api/v1/changes?kind=response_model&kind=sunset`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: Array<{ kind: string; after: string }> };
    expect(body.rows.map((r) => r.kind).sort()).toEqual(['response_model', 'sunset']);
    const again = await collector.changes!.detectOnce(detectedAt + 60_000);
    expect(again.new_changes).toEqual([]);
    expect(hook.requests).toHaveLength(7);
  });
});
