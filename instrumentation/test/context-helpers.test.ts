/**
 * withPrompt / withAttributes: every LLM call inside carries the prompt and the attributes, across
 * awaits, timers and concurrent requests, and nothing leaks outside.
 */
import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withAttributes, withPrompt } from '../src/index.ts';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { settle, startRecording, type Recording } from './support/harness.ts';

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

const client = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
const chat = () =>
  client().chat.completions.create({ messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }], model: 'gpt-3.5-turbo' }, { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } });
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withPrompt', () => {
  it('tags every call inside, after awaits and timers, with the prompt name and version', async () => {
    recording = startRecording();
    const result = await withPrompt({ name: 'joke-teller', version: 3 }, async () => {
      await chat();
      await later(5);
      await new Promise<void>((resolve) => setTimeout(() => void chat().then(() => resolve()), 1));
      return 'done';
    });
    await chat();
    expect(result).toBe('done');
    const spans = recording.genAiSpans();
    expect(spans.map((span) => [span.attributes['llmscope.prompt.name'], span.attributes['llmscope.prompt.version']])).toEqual([
      ['joke-teller', '3'],
      ['joke-teller', '3'],
      [undefined, undefined],
    ]);
  });

  it('records template variables only when content capture is on', async () => {
    recording = startRecording();
    await withPrompt({ name: 'greeting', version: 'v1', variables: { customer: 'Ada' } }, chat);
    expect(recording.genAiSpans()[0]?.attributes['llmscope.prompt.variables']).toBeUndefined();
    await recording.stop();
    recording = startRecording({ captureContent: true });
    await withPrompt({ name: 'greeting', version: 'v1', variables: { customer: 'Ada' } }, chat);
    expect(recording.genAiSpans()[0]?.attributes['llmscope.prompt.variables']).toBe('{"customer":"Ada"}');
  });
});

describe('withAttributes', () => {
  it('maps known keys to conventions, keeps dotted keys, prefixes the rest', async () => {
    recording = startRecording();
    await withAttributes({ userId: 'user-42', sessionId: 'sess-7', feature: 'support-bot', conversationId: 'conv-1', 'tenant.id': 'acme', plan: 'pro' }, chat);
    expect(recording.genAiSpans()[0]?.attributes).toMatchObject({
      'user.id': 'user-42',
      'session.id': 'sess-7',
      'llmscope.feature': 'support-bot',
      'gen_ai.conversation.id': 'conv-1',
      'tenant.id': 'acme',
      'llmscope.plan': 'pro',
    });
  });

  it('nests (inner wins), combines with withPrompt, and keeps concurrent requests apart', async () => {
    recording = startRecording();
    await withAttributes({ userId: 'outer', feature: 'search' }, () =>
      withPrompt({ name: 'rerank', version: '2' }, () => withAttributes({ userId: 'inner' }, chat)),
    );
    const requests = ['a', 'b', 'c'].map((user, index) =>
      withAttributes({ userId: user }, async () => {
        await later(10 - index * 3);
        await chat();
      }),
    );
    await Promise.all(requests);
    await settle();
    const spans = recording.genAiSpans();
    expect(spans[0]?.attributes).toMatchObject({ 'user.id': 'inner', 'llmscope.feature': 'search', 'llmscope.prompt.name': 'rerank', 'llmscope.prompt.version': '2' });
    expect(spans.slice(1).map((span) => span.attributes['user.id']).sort()).toEqual(['a', 'b', 'c']);
    expect(spans.slice(1).every((span) => span.attributes['llmscope.feature'] === undefined)).toBe(true);
  });

  it('returns the function result and rethrows its errors', async () => {
    recording = startRecording();
    expect(withAttributes({ userId: 'u' }, () => 7)).toBe(7);
    await expect(withPrompt({ name: 'p' }, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});

describe('span nesting', () => {
  it('spans started during the call (an HTTP client instrumentation) are children of the GenAI span', async () => {
    recording = startRecording({}, { registerGlobalTracerProvider: true });
    // Stands in for an HTTP client instrumentation: a span around the SDK's fetch, parented on the active context.
    const tracedFetch: typeof fetch = async (input, init) => {
      const span = trace.getTracer('http-client-stand-in').startSpan('POST');
      try {
        return await fetch(input, init);
      } finally {
        span.end();
      }
    };
    await trace.getTracer('app').startActiveSpan('handle request', async (appSpan) => {
      const tracedClient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0, fetch: tracedFetch });
      await tracedClient.chat.completions.create({ messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }], model: 'gpt-3.5-turbo' }, { headers: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } });
      appSpan.end();
    });
    const spans = recording.spans();
    const app = spans.find((span) => span.name === 'handle request');
    const chat = spans.find((span) => span.name === 'chat gpt-3.5-turbo');
    const http = spans.find((span) => span.name === 'POST');
    expect(chat?.parentSpanContext?.spanId).toBe(app?.spanContext().spanId);
    expect(http?.parentSpanContext?.spanId).toBe(chat?.spanContext().spanId);
    expect(http?.spanContext().traceId).toBe(app?.spanContext().traceId);
    // The GenAI span covers its HTTP child in time. The SDK stamps the child with its anchored clock
    // and ours uses performance.timeOrigin + now(); the two may differ by well under a millisecond.
    const CLOCK_SKEW_NS = 1e6;
    const startNs = (span: NonNullable<typeof chat>) => span.startTime[0] * 1e9 + span.startTime[1];
    const endNs = (span: NonNullable<typeof chat>) => span.endTime[0] * 1e9 + span.endTime[1];
    expect(startNs(chat!)).toBeLessThanOrEqual(startNs(http!) + CLOCK_SKEW_NS);
    expect(endNs(chat!)).toBeGreaterThanOrEqual(endNs(http!) - CLOCK_SKEW_NS);
  });
});

