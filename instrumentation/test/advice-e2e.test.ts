/**
 * Cost advice end to end without content capture: the real `openai` client (replay server) →
 * @llmscope/instrumentation with its response cache → OTLP → the collector → llm_calls (request
 * hashes, cache hits priced 0) → GET /api/v1/advice counting the repeated prompts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { init, withPrompt, type LlmscopeHandle } from '../src/index.ts';

const SERVICE = 'advice-e2e';
let collector: RunningCollector;
let replay: ReplayServer;
let handle: LlmscopeHandle;
let dir: string;
let rows: Array<{ request_hash: string; request_hash_normalized: string; cache_hit: boolean; cost_usd: number; cost_source: string; input_text: string; max_tokens: number }>;
let providerRequests = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-advice-e2e-'));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'warn', ui: 'off' });
  replay = await startReplayServer();
  handle = init({ serviceName: SERVICE, endpoint: collector.url, metrics: false, captureContent: false, cache: { ttlSeconds: 300, maxEntries: 100 }, instrumentModules: { openai: openaiModule } });
  const openai = new OpenAI({ baseURL: `${replay.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  const ask = (content: string, temperature?: number) =>
    openai.chat.completions.create({ model: 'gpt-3.5-turbo', temperature, max_tokens: 200, messages: [{ role: 'user', content }] }, { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } });
  await withPrompt({ name: 'faq', version: '3' }, async () => {
    for (let i = 0; i < 3; i++) await ask('Tell me a joke about OpenTelemetry', 0); // 1 request, 2 cache hits
    await ask('What is OTel?'); // sampled: never cached, so repeats reach the provider
    await ask('What is OTel?');
    await ask('  what IS   otel? ');
  });
  providerRequests = replay.requests.length;
  await handle.forceFlush();
  await collector.flush();
  rows = await collector.store.query(
    `SELECT request_hash, request_hash_normalized, cache_hit, cost_usd, cost_source, input_text, max_tokens FROM llmscope.llm_calls WHERE service_name = {s:String} ORDER BY timestamp`,
    { s: SERVICE },
  );
}, 120_000);

afterAll(async () => {
  await handle?.shutdown();
  await replay?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('request hashes and cache hits → llm_calls → cost advice', () => {
  it('stores the request hashes without any content, and cache hits priced 0', () => {
    expect(providerRequests).toBe(4);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.input_text === '' && /^[0-9a-f]{16}$/.test(row.request_hash) && row.max_tokens === 200)).toBe(true);
    expect(rows.map((row) => row.cache_hit)).toEqual([false, true, true, false, false, false]);
    expect(rows.slice(1, 3).map((row) => [row.cost_usd, row.cost_source])).toEqual([[0, 'cache_hit'], [0, 'cache_hit']]);
    expect(rows[0]!.cost_usd).toBeGreaterThan(0);
    expect(new Set(rows.slice(0, 3).map((row) => row.request_hash)).size).toBe(1);
    expect(rows[3]!.request_hash).toBe(rows[4]!.request_hash);
    expect(rows[5]!.request_hash).not.toBe(rows[3]!.request_hash);
    expect(rows[5]!.request_hash_normalized).toBe(rows[3]!.request_hash_normalized);
  });

  it('GET /api/v1/advice counts the repeats a cache would have answered', async () => {
    const res = await fetch(`${collector.url}/api/v1/advice?service=${SERVICE}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cacheable: Array<Record<string, unknown>> };
    expect(body.cacheable).toHaveLength(1);
    const sampledCost = rows[4]!.cost_usd;
    expect(body.cacheable[0]).toMatchObject({ prompt_name: 'faq', prompt_version: '3', calls: 6, hashed_calls: 6, cache_hits: 2, exact_duplicates: 1, normalized_duplicates: 2 });
    expect(body.cacheable[0]!.exact_saved_usd).toBeCloseTo(sampledCost, 12);
    expect(body.cacheable[0]!.normalized_saved_usd).toBeCloseTo(rows[4]!.cost_usd + rows[5]!.cost_usd, 12);
  });
});
