/**
 * recordFeedback / currentCallIds / withCallScope: the real `openai` client against the replay
 * server, instrumented with its own OTLP/HTTP pipeline to a real collector (embedded chdb, API
 * keys on), and the feedback sent back to that collector's POST /api/v1/feedback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { FEEDBACK_CLIENT_LIMITS, feedbackUrl, sendFeedback } from '../src/feedback/record-feedback.ts';
import { currentCallIds, init, recordFeedback, withCallScope, withPrompt, type LlmscopeHandle } from '../src/index.ts';
import { resolveConfig } from '../src/config.ts';

const KEY = 'ingest-key-feedback-01';
const SERVICE = 'feedback-instrumentation';
let collector: RunningCollector;
let replay: ReplayServer;
let handle: LlmscopeHandle;
let openai: OpenAI;
let dir: string;

const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }];
const joke = () => openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: JOKE }, { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-instrumentation-feedback-'));
  writeFileSync(join(dir, 'keys.yaml'), `keys:\n  - { key: ${KEY}, project: team-f }\n`);
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'warn', ui: 'off', apiKeys: join(dir, 'keys.yaml') });
  replay = await startReplayServer();
  handle = init({ serviceName: SERVICE, endpoint: collector.url, headers: { authorization: `Bearer ${KEY}` }, metrics: false, instrumentModules: { openai: openaiModule } });
  openai = new OpenAI({ baseURL: `${replay.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
}, 120_000);

afterAll(async () => {
  await handle?.shutdown();
  await replay?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function storedCall(spanId: string) {
  await handle.forceFlush();
  await collector.flush();
  return collector.store.query<{ project_id: string; trace_id: string; prompt_name: string }>(
    'SELECT project_id, trace_id, prompt_name FROM llmscope.llm_calls WHERE span_id = {s:String}',
    { s: spanId },
  );
}

async function humanScores(traceId: string) {
  return collector.store.query<{ project_id: string; span_id: string; name: string; value: number; label: string; explanation: string; service_name: string; request_model: string; user_id: string }>(
    `SELECT project_id, span_id, name, value, label, explanation, service_name, request_model, user_id FROM llmscope.scores
     WHERE source = 'human' AND trace_id = {t:String} ORDER BY name`,
    { t: traceId },
  );
}

describe('currentCallIds', () => {
  it('is undefined before any call in this context', () => {
    expect(currentCallIds()).toBeUndefined();
  });

  it('names the call just awaited: the ids its stored llm_calls row has', async () => {
    await withPrompt({ name: 'joke', version: '2' }, async () => {
      await joke();
      const ids = currentCallIds();
      expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(ids?.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(ids?.sampled).toBe(true);
      expect(await storedCall(ids!.spanId)).toEqual([{ project_id: 'team-f', trace_id: ids!.traceId, prompt_name: 'joke' }]);
    });
  });

  it('names a streamed call while its stream is read and after', async () => {
    const stream = await openai.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Name three primary colors.' }], stream: true, stream_options: { include_usage: true } },
      { headers: { 'x-replay-id': 'handmade-openai-chat-stream-include-usage' } },
    );
    const during = new Set<string>();
    for await (const _chunk of stream) during.add(currentCallIds()!.spanId);
    const after = currentCallIds()!;
    expect([...during]).toEqual([after.spanId]);
    expect(await storedCall(after.spanId)).toHaveLength(1);
  });

  it('withCallScope tells concurrent calls from one context apart', async () => {
    const [a, b] = await Promise.all([withCallScope(joke), withCallScope(() => withPrompt({ name: 'nested' }, joke))]);
    expect(a.result.choices[0]?.message.content).toContain('OpenTelemetry');
    expect(a.callIds?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(b.callIds?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.callIds!.spanId).not.toBe(b.callIds!.spanId);
    expect((await storedCall(a.callIds!.spanId))[0]?.prompt_name).toBe('');
    expect((await storedCall(b.callIds!.spanId))[0]?.prompt_name).toBe('nested');
    expect((await withCallScope(() => 42)).callIds).toBeUndefined();
  });
});

describe('recordFeedback', () => {
  it('stores a human score in the key’s project, linked to the call (service, model)', async () => {
    const { callIds } = await withCallScope(joke);
    await storedCall(callIds!.spanId);
    const outcome = await recordFeedback({ traceId: callIds!.traceId, spanId: callIds!.spanId, name: 'thumbs', value: 1, label: 'up', comment: 'funny', userId: 'u-42' });
    expect(outcome).toEqual({ ok: true, httpStatus: 200, status: 'stored' });
    expect(await humanScores(callIds!.traceId)).toEqual([
      { project_id: 'team-f', span_id: callIds!.spanId, name: 'thumbs', value: 1, label: 'up', explanation: 'funny', service_name: SERVICE, request_model: 'gpt-3.5-turbo', user_id: 'u-42' },
    ]);
  });

  it('feedback sent before the call is exported waits (202) and is linked when the call arrives', async () => {
    const { callIds } = await withCallScope(joke);
    const outcome = await recordFeedback({ traceId: callIds!.traceId, spanId: callIds!.spanId, name: 'rating', value: 4 });
    expect(outcome).toEqual({ ok: true, httpStatus: 202, status: 'pending' });
    await storedCall(callIds!.spanId);
    const deadline = Date.now() + 20_000;
    let rows = await humanScores(callIds!.traceId);
    while (rows.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      rows = await humanScores(callIds!.traceId);
    }
    expect(rows.map((row) => [row.name, row.value, row.span_id, row.request_model])).toEqual([['rating', 4, callIds!.spanId, 'gpt-3.5-turbo']]);
  }, 30_000);

  it('a repeat with the same feedbackId is a duplicate, not a second row', async () => {
    const { callIds } = await withCallScope(joke);
    await storedCall(callIds!.spanId);
    const input = { traceId: callIds!.traceId, spanId: callIds!.spanId, name: 'thumbs', value: 0, feedbackId: 'fb-repeat' };
    expect((await recordFeedback(input)).status).toBe('stored');
    expect((await recordFeedback(input)).status).toBe('duplicate');
    expect(await humanScores(callIds!.traceId)).toHaveLength(1);
  });

  it('cuts an over-long comment to the collector’s cap instead of losing the feedback', async () => {
    const { callIds } = await withCallScope(joke);
    await storedCall(callIds!.spanId);
    const outcome = await recordFeedback({ traceId: callIds!.traceId, spanId: callIds!.spanId, name: 'thumbs', value: 0, comment: 'x'.repeat(200_000) });
    expect(outcome.ok).toBe(true);
    expect((await humanScores(callIds!.traceId))[0]?.explanation).toHaveLength(FEEDBACK_CLIENT_LIMITS.comment);
  });

  it('stores a reference answer (for llmscope eval --from-calls) as the call’s `reference` row', async () => {
    const { callIds } = await withCallScope(joke);
    await storedCall(callIds!.spanId);
    const reference = 'Why did the span cross the collector? To get to the other trace.';
    expect(await recordFeedback({ traceId: callIds!.traceId, spanId: callIds!.spanId, reference, userId: 'reviewer-7' })).toEqual({ ok: true, httpStatus: 200, status: 'stored' });
    expect(await humanScores(callIds!.traceId)).toEqual([
      { project_id: 'team-f', span_id: callIds!.spanId, name: 'reference', value: 1, label: '', explanation: reference, service_name: SERVICE, request_model: 'gpt-3.5-turbo', user_id: 'reviewer-7' },
    ]);
  });

  it('cuts an over-long reference to the collector’s caps (characters, then body bytes) instead of losing it', async () => {
    const { callIds } = await withCallScope(joke);
    await storedCall(callIds!.spanId);
    // 200 K ASCII characters: cut to the collector's 32 Ki-character cap.
    expect((await recordFeedback({ traceId: callIds!.traceId, spanId: callIds!.spanId, reference: 'r'.repeat(200_000), feedbackId: 'ref-ascii' })).status).toBe('stored');
    // 40 K emoji (surrogate pairs, 4 UTF-8 bytes each): cut further to fit the 64 KiB body, never mid-pair.
    const emoji = '\u{1F600}'.repeat(40_000);
    const { callIds: second } = await withCallScope(joke);
    await storedCall(second!.spanId);
    expect((await recordFeedback({ traceId: second!.traceId, spanId: second!.spanId, reference: emoji, feedbackId: 'ref-emoji' })).status).toBe('stored');
    expect((await humanScores(callIds!.traceId))[0]?.explanation).toBe('r'.repeat(FEEDBACK_CLIENT_LIMITS.reference));
    const stored = (await humanScores(second!.traceId))[0]!.explanation;
    expect(stored.length).toBeGreaterThan(30_000);
    expect(stored.length).toBeLessThan(FEEDBACK_CLIENT_LIMITS.bodyBytes / 2);
    expect(stored).toBe('\u{1F600}'.repeat(stored.length / 2));
  });

  it('never throws: bad input, rejected input, a wrong key and an unreachable collector are outcomes', async () => {
    const ids = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };
    expect(await recordFeedback({ ...ids, name: 'thumbs', value: Number.NaN })).toEqual({ ok: false, error: 'value must be a finite number' });
    expect(await recordFeedback(undefined as never)).toEqual({ ok: false, error: 'traceId and name are required' });
    expect(await recordFeedback({ ...ids, reference: '' })).toEqual({ ok: false, error: 'reference must not be empty' });
    expect(await recordFeedback({ ...ids, reference: 'r', value: Number.POSITIVE_INFINITY })).toEqual({ ok: false, error: 'value must be a finite number' });
    const rejected = await recordFeedback({ ...ids, name: 'has spaces', value: 1 });
    expect(rejected.ok).toBe(false);
    expect(rejected.httpStatus).toBe(400);
    expect(rejected.error).toMatch(/name is required/);
    const config = { ...resolveConfig({ endpoint: collector.url }), headers: { authorization: 'Bearer wrong-key-000000' } };
    expect(await sendFeedback({ ...ids, name: 'thumbs', value: 1 }, config)).toEqual({ ok: false, httpStatus: 401, error: 'missing or invalid API key' });
    // A port nothing listens on: a network failure, retried once, then an outcome.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = await sendFeedback({ ...ids, name: 'thumbs', value: 1 }, resolveConfig({ endpoint: `http://127.0.0.1:${port}` }));
    expect(unreachable.ok).toBe(false);
    expect(unreachable.error).toMatch(/fetch failed/);
    expect(await sendFeedback({ ...ids, name: 'thumbs', value: 1 }, resolveConfig({ disabled: true }))).toEqual({ ok: false, error: 'instrumentation is disabled (OTEL_SDK_DISABLED)' });
  });

  it('is bounded: a collector that never answers costs one timeout, and requests beyond the in-flight cap are dropped at once', async () => {
    const hung: Server = createServer(() => {
      // never answers
    });
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const config = resolveConfig({ endpoint: `http://127.0.0.1:${(hung.address() as AddressInfo).port}` });
    const saved = { ...FEEDBACK_CLIENT_LIMITS };
    FEEDBACK_CLIENT_LIMITS.timeoutMs = 300;
    FEEDBACK_CLIENT_LIMITS.retryDelayMs = 10;
    try {
      const started = Date.now();
      const all = await Promise.all(Array.from({ length: FEEDBACK_CLIENT_LIMITS.maxInFlight + 10 }, () => sendFeedback({ traceId: 'c'.repeat(32), name: 'thumbs', value: 1 }, config)));
      const elapsed = Date.now() - started;
      expect(all.filter((o) => o.error === 'no answer within 300 ms')).toHaveLength(FEEDBACK_CLIENT_LIMITS.maxInFlight);
      expect(all.filter((o) => o.error === `${FEEDBACK_CLIENT_LIMITS.maxInFlight} feedback requests already in flight`)).toHaveLength(10);
      // two attempts of 300 ms plus the retry pause, with slack for a loaded machine
      expect(elapsed).toBeLessThan(10_000);
    } finally {
      Object.assign(FEEDBACK_CLIENT_LIMITS, saved);
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
    }
  });

  it('finds the feedback API next to the OTLP endpoint', () => {
    expect(feedbackUrl({ tracesUrl: 'http://c:4318/v1/traces' })).toBe('http://c:4318/api/v1/feedback');
    expect(feedbackUrl({ tracesUrl: 'https://obs.example.com/otlp/v1/traces/' })).toBe('https://obs.example.com/otlp/api/v1/feedback');
    expect(feedbackUrl(resolveConfig({}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://x:9/v1/traces' }))).toBe('http://x:9/api/v1/feedback');
    expect(feedbackUrl(resolveConfig({}, {}))).toBe('http://localhost:4318/api/v1/feedback');
  });
});
