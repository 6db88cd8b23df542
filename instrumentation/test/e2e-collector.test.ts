/**
 * The whole path: the real openai and @anthropic-ai/sdk clients (against the replay server) →
 * @llmscope/instrumentation with its own OTLP/HTTP protobuf pipeline → the llmscope collector →
 * `llm_calls` rows with the right tokens and cost (list prices from src/pricing/prices.ts).
 */
import Anthropic from '@anthropic-ai/sdk';
import * as anthropicModule from '@anthropic-ai/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { init, withAttributes, withPrompt, type LlmscopeHandle } from '../src/index.ts';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';

let collector: RunningCollector;
let replay: ReplayServer;
let handle: LlmscopeHandle;
let dir: string;
let rows: Array<Record<string, unknown>>;

const SERVICE = 'e2e-instrumentation';
const perMillion = (usd: number) => usd / 1_000_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-instrumentation-e2e-'));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'warn' });
  replay = await startReplayServer();
  handle = init({ serviceName: SERVICE, endpoint: collector.url, metrics: false, captureContent: true, instrumentModules: { openai: openaiModule, anthropic: anthropicModule } });

  const openai = new OpenAI({ baseURL: `${replay.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  const anthropic = new Anthropic({ baseURL: replay.url, apiKey: 'test-key', maxRetries: 0 });
  await withAttributes({ userId: 'user-7', sessionId: 'session-9' }, () =>
    withPrompt({ name: 'joke', version: '4' }, () =>
      openai.chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }] }, { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } }),
    ),
  );
  const stream = await openai.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'You are a terse assistant.' }, { role: 'user', content: 'Name three primary colors.' }], temperature: 0.2, max_tokens: 50, stream: true, stream_options: { include_usage: true } },
    { headers: { 'x-replay-id': 'handmade-openai-chat-stream-include-usage' } },
  );
  for await (const _chunk of stream) {
    // read to the end
  }
  await anthropic.messages.create(
    {
      model: 'claude-3-5-haiku-20241022',
      max_tokens: 256,
      system: [{ type: 'text', text: 'Refunds are available within 30 days of purchase with a receipt. '.repeat(40), cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Summarize the refund policy.' }],
    },
    { headers: { 'x-replay-id': 'handmade-anthropic-cache-read' } },
  );
  await expect(
    openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }, { headers: { 'x-replay-id': 'handmade-openai-chat-429' } }),
  ).rejects.toThrow();

  await handle.forceFlush();
  await collector.flush();
  rows = await collector.store.query(
    `SELECT request_model, response_model, provider, operation, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd, status,
            error_type, finish_reasons, user_id, session_id, prompt_name, prompt_version, ttft_ms, input_text, output_text
     FROM llmscope.llm_calls WHERE service_name = {s:String} ORDER BY timestamp`,
    { s: SERVICE },
  );
}, 120_000);

afterAll(async () => {
  await handle?.shutdown();
  await replay?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('instrumented SDK calls → collector → llm_calls', () => {
  it('stores one row per call', () => {
    expect(rows.map((row) => `${row.provider} ${row.request_model} ${row.status}`)).toEqual([
      'openai gpt-3.5-turbo ok',
      'openai gpt-4o-mini ok',
      'anthropic claude-3-5-haiku-20241022 ok',
      'openai gpt-4o-mini error',
    ]);
  });

  it('prices an OpenAI call from its usage, with user, session and prompt', () => {
    const row = rows[0]!;
    expect(row).toMatchObject({ operation: 'chat', response_model: 'gpt-3.5-turbo-0125', input_tokens: 15, output_tokens: 20, user_id: 'user-7', session_id: 'session-9', prompt_name: 'joke', prompt_version: '4', finish_reasons: ['stop'] });
    expect(row.cost_usd).toBeCloseTo(15 * perMillion(0.5) + 20 * perMillion(1.5), 12);
    expect(String(row.input_text)).toContain('Tell me a joke about OpenTelemetry');
    expect(String(row.output_text)).toContain('trace their expenses');
  });

  it('prices a stream from its include_usage chunk and keeps the time to first chunk', () => {
    const row = rows[1]!;
    expect(row).toMatchObject({ input_tokens: 24, output_tokens: 6 });
    expect(row.cost_usd).toBeCloseTo(24 * perMillion(0.15) + 6 * perMillion(0.6), 12);
    expect(Number(row.ttft_ms)).toBeGreaterThan(0);
  });

  it('prices Anthropic cache reads at the cache-read price', () => {
    const row = rows[2]!;
    expect(row).toMatchObject({ input_tokens: 20 + 2048, cache_read_tokens: 2048, cache_write_tokens: 0, output_tokens: 15 });
    expect(row.cost_usd).toBeCloseTo(20 * perMillion(0.8) + 2048 * perMillion(0.08) + 15 * perMillion(4), 12);
  });

  it('stores the failed call with its error type and no cost', () => {
    expect(rows[3]).toMatchObject({ status: 'error', error_type: '429', input_tokens: 0, output_tokens: 0, cost_usd: 0 });
  });
});
