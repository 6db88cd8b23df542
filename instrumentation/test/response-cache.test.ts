/**
 * The opt-in response cache with the real `openai` and `@anthropic-ai/sdk` clients against the
 * replay server: hits (no provider request, a span marked llmscope.cache.hit), misses, LRU
 * eviction, TTL expiry, and the bypasses — streams, tools, sampled requests — unless configured.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import type { ResponseCacheOptions } from '../src/index.ts';
import { startRecording, type Recording } from './support/harness.ts';

let server: ReplayServer;
let recording: Recording | undefined;

beforeAll(async () => {
  server = await startReplayServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await recording?.stop();
  recording = undefined;
});

const openai = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
const JOKE_ID = { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } };
const ask = (content: string, extra: Record<string, unknown> = {}) =>
  openai().chat.completions.create({ model: 'gpt-3.5-turbo', temperature: 0, messages: [{ role: 'user', content }], ...extra } as OpenAI.ChatCompletionCreateParamsNonStreaming, JOKE_ID);

function start(cache: ResponseCacheOptions) {
  recording = startRecording({ cache });
  return recording;
}
const providerRequests = () => server.requests.length;
const hits = (r: Recording) => r.genAiSpans().map((span) => span.attributes['llmscope.cache.hit'] === true);

describe('response cache', () => {
  it('answers an identical deterministic request from memory: no provider request, a fresh object, a span marked as a hit', async () => {
    const r = start({ ttlSeconds: 60, maxEntries: 10 });
    const before = providerRequests();
    const first = await ask('Tell me a joke about OpenTelemetry');
    const second = await ask('Tell me a joke about OpenTelemetry');
    expect(providerRequests() - before).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    second.choices[0]!.message.content = 'mutated by the app';
    expect((await ask('Tell me a joke about OpenTelemetry')).choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    const spans = r.genAiSpans();
    expect(hits(r)).toEqual([false, true, true]);
    // the hit carries what the answer used (the collector prices it 0 because of the mark)
    expect(spans[1]!.attributes['gen_ai.usage.output_tokens']).toBe(20);
    expect(spans[1]!.attributes['gen_ai.response.id']).toBe(first.id);
    expect(spans[1]!.attributes['llmscope.request.hash']).toBe(spans[0]!.attributes['llmscope.request.hash']);
    // the SDK's raw-response helpers keep working on a hit
    const { data, response } = await openai()
      .chat.completions.create({ model: 'gpt-3.5-turbo', temperature: 0, messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }] }, JOKE_ID)
      .withResponse();
    expect(data.id).toBe(first.id);
    expect(response.headers.get('x-llmscope-cache')).toBe('hit');
    expect(providerRequests() - before).toBe(1);
  });

  it('misses on any difference: another prompt, another model parameter, another endpoint', async () => {
    start({ ttlSeconds: 60, maxEntries: 10 });
    const before = providerRequests();
    await ask('one');
    await ask('two');
    await ask('one', { max_tokens: 5 });
    await new OpenAI({ baseURL: `${server.url.replace('127.0.0.1', 'localhost')}/v1`, apiKey: 'k', maxRetries: 0 }).chat.completions.create(
      { model: 'gpt-3.5-turbo', temperature: 0, messages: [{ role: 'user', content: 'one' }] },
      JOKE_ID,
    );
    expect(providerRequests() - before).toBe(4);
    await ask('one');
    expect(providerRequests() - before).toBe(4);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const r = start({ ttlSeconds: 60, maxEntries: 2 });
    await ask('A');
    await ask('B');
    await ask('A'); // hit: A is now the most recently used
    await ask('C'); // evicts B
    await ask('A'); // hit
    await ask('B'); // miss again
    expect(hits(r)).toEqual([false, false, true, false, true, false]);
  });

  it('expires entries after ttlSeconds', async () => {
    let now = 1_000_000;
    const r = start({ ttlSeconds: 10, maxEntries: 10, now: () => now });
    await ask('T');
    now += 9_000;
    await ask('T');
    now += 1_001;
    await ask('T');
    expect(hits(r)).toEqual([false, true, false]);
  });

  it('never serves streams, not even when the same request was answered unstreamed', async () => {
    const r = start({ ttlSeconds: 60, maxEntries: 10 });
    // cached: the same request without streaming (stream is not part of the request's hash)
    await openai().chat.completions.create({ model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'Name three primary colors.' }] }, JOKE_ID);
    const before = providerRequests();
    for (let i = 0; i < 2; i++) {
      const stream = await openai().chat.completions.create(
        { model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'Name three primary colors.' }], stream: true, stream_options: { include_usage: true } },
        { headers: { 'x-replay-id': 'handmade-openai-chat-stream-include-usage' } },
      );
      for await (const _chunk of stream) {
        // read to the end
      }
    }
    expect(providerRequests() - before).toBe(2);
    expect(hits(r)).toEqual([false, false, false]);
    expect(r.genAiSpans().map((span) => span.attributes['gen_ai.request.stream'])).toEqual([false, true, true]);
  });

  it('skips requests with tools and sampled requests unless configured', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    let r = start({ ttlSeconds: 60, maxEntries: 10 });
    await ask('tools', { tools });
    await ask('tools', { tools });
    await ask('sampled', { temperature: 0.2 });
    await ask('sampled', { temperature: 0.2 });
    await ask('default temperature', { temperature: undefined });
    await ask('default temperature', { temperature: undefined });
    expect(hits(r)).toEqual([false, false, false, false, false, false]);
    await r.stop();
    r = start({ ttlSeconds: 60, maxEntries: 10, includeTools: true, includeSampled: true });
    await ask('tools', { tools });
    await ask('tools', { tools });
    await ask('sampled', { temperature: 0.2 });
    await ask('sampled', { temperature: 0.2 });
    expect(hits(r)).toEqual([false, true, false, true]);
  });

  it('keeps no response larger than maxEntryBytes', async () => {
    const r = start({ ttlSeconds: 60, maxEntries: 10, maxEntryBytes: 100 });
    await ask('big');
    await ask('big');
    expect(hits(r)).toEqual([false, false]);
  });

  it('serves Anthropic messages too', async () => {
    const r = start({ ttlSeconds: 60, maxEntries: 10 });
    const anthropic = new Anthropic({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
    const before = providerRequests();
    const params = { model: 'claude-3-opus-20240229', max_tokens: 1024, temperature: 0, messages: [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }] };
    const replay = { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-messages_831758903' } };
    const first = await anthropic.messages.create(params, replay);
    const second = await anthropic.messages.create(params, replay);
    expect(second).toEqual(first);
    expect(providerRequests() - before).toBe(1);
    expect(hits(r)).toEqual([false, true]);
  });
});
