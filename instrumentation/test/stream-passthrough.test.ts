/**
 * The stream-passthrough guarantee: an instrumented stream yields the same chunks, in the same
 * order and at the same pace, as an uninstrumented one; early break, abort, tee() and
 * toReadableStream() keep working and still end the span.
 */
import Anthropic from '@anthropic-ai/sdk';
import { SpanStatusCode } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { onlyGenAiSpan, settle, startRecording, type Recording } from './support/harness.ts';

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
const anthropic = () => new Anthropic({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
const replay = (id: string) => ({ headers: { 'x-replay-id': id } });
const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }];

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Runs `read` uninstrumented and instrumented; returns both results. */
async function withAndWithout<T>(read: () => Promise<T>): Promise<{ plain: T; instrumented: T }> {
  const plain = await read();
  recording = startRecording({ captureContent: true });
  const instrumented = await read();
  await settle();
  return { plain, instrumented };
}

describe('identical chunks with and without instrumentation', () => {
  const cases: Array<[string, () => Promise<unknown[]>]> = [
    ['openai chat stream', async () => collect(await openai().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo', stream: true }, replay('should-set-attributes-in-span-for-streaming-chat_72904453')))],
    ['openai chat stream with logprobs', async () => collect(await openai().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo', stream: true, logprobs: true }, replay('should-emit-logprobs-span-event-for-stream-chat-completion_2713905208')))],
    ['openai tool-call stream', async () => collect(await openai().chat.completions.create({ messages: JOKE, model: 'gpt-4o-mini', stream: true }, replay('should-set-function_call-attributes-in-span-for-stream-completion-when-multiple-tools-cal_2278551756')))],
    ['openai responses stream', async () => collect(await openai().responses.create({ model: 'gpt-4o-mini', input: 'Say hello in French.', stream: true }, replay('handmade-openai-responses-stream')))],
    ['anthropic messages stream', async () => collect(await anthropic().messages.create({ max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229', stream: true }, replay('should-set-attributes-in-span-for-messages-streaming_44400664')))],
  ];
  for (const [name, read] of cases) {
    it(name, async () => {
      const { plain, instrumented } = await withAndWithout(read);
      expect(plain.length).toBeGreaterThan(5);
      expect(instrumented).toEqual(plain);
      expect(JSON.stringify(instrumented)).toBe(JSON.stringify(plain));
      expect(onlyGenAiSpan(recording!).status.code).toBe(SpanStatusCode.UNSET);
    });
  }

  it('delivers each chunk as it arrives (no buffering)', async () => {
    recording = startRecording();
    const stream = await openai().chat.completions.create({ model: 'gpt-4o-mini-slow', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } }, replay('handmade-openai-chat-stream-slow'));
    const arrivals: number[] = [];
    for await (const _chunk of stream) arrivals.push(performance.now());
    const gaps = arrivals.slice(1).map((time, index) => time - arrivals[index]!);
    // The server waits 40 ms before each event: every chunk reaches the app separately.
    expect(arrivals.length).toBe(7);
    expect(Math.min(...gaps)).toBeGreaterThan(25);
  });
});

describe('consumer control', () => {
  it('early break cancels the request and ends the span as consumer_break, not an error', async () => {
    recording = startRecording();
    const stream = await openai().chat.completions.create({ model: 'gpt-4o-mini-slow', messages: [{ role: 'user', content: 'Hi' }], stream: true }, replay('handmade-openai-chat-stream-slow'));
    let read = 0;
    for await (const _chunk of stream) {
      if (++read === 2) break;
    }
    await settle();
    expect(stream.controller.signal.aborted).toBe(true);
    const span = onlyGenAiSpan(recording);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['llmscope.stream.end']).toBe('consumer_break');
    expect(span.attributes['llmscope.usage.estimated']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(1);
  });

  it('an abort by the app mid-stream ends the loop as without instrumentation and marks the span cancelled', async () => {
    const readUntilAbort = async () => {
      const controller = new AbortController();
      const stream = await openai().chat.completions.create({ model: 'gpt-4o-mini-slow', messages: [{ role: 'user', content: 'Hi' }], stream: true }, { ...replay('handmade-openai-chat-stream-slow'), signal: controller.signal });
      const seen: string[] = [];
      for await (const chunk of stream) {
        seen.push(chunk.choices[0]?.delta.content ?? '');
        if (seen.length === 3) controller.abort();
      }
      return seen;
    };
    const { plain, instrumented } = await withAndWithout(readUntilAbort);
    expect(instrumented).toEqual(plain);
    const span = onlyGenAiSpan(recording!);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('cancelled');
  });

  it('tee() gives both branches every chunk and records one span', async () => {
    recording = startRecording();
    const stream = await openai().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo', stream: true }, replay('should-set-attributes-in-span-for-streaming-chat_72904453'));
    const [left, right] = stream.tee();
    const [leftChunks, rightChunks] = await Promise.all([collect(left), collect(right)]);
    await settle();
    expect(leftChunks.length).toBe(24);
    expect(rightChunks).toEqual(leftChunks);
    const span = onlyGenAiSpan(recording);
    expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  });

  it('toReadableStream() yields the same NDJSON and ends the span', async () => {
    const readAsText = async () => {
      const stream = await anthropic().messages.create({ max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229', stream: true }, replay('should-set-attributes-in-span-for-messages-streaming_44400664'));
      return new Response(stream.toReadableStream()).text();
    };
    const { plain, instrumented } = await withAndWithout(readAsText);
    expect(instrumented).toBe(plain);
    expect(onlyGenAiSpan(recording!).attributes['gen_ai.usage.output_tokens']).toBe(158);
  });

  it('keeps the helper classes working (ChatCompletionStream events, MessageStream text events)', async () => {
    recording = startRecording();
    const deltas: string[] = [];
    const runner = openai().chat.completions.stream({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-streaming-chat_72904453'));
    runner.on('content', (delta) => deltas.push(delta));
    const completion = await runner.finalChatCompletion();
    expect(deltas.join('')).toBe(completion.choices[0]?.message.content);

    const texts: string[] = [];
    const messageStream = anthropic().messages.stream({ max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229' }, replay('should-set-attributes-in-span-for-messages-streaming_44400664'));
    messageStream.on('text', (text) => texts.push(text));
    const message = await messageStream.finalMessage();
    await settle();
    expect(texts.join('')).toBe(message.content[0]?.type === 'text' ? message.content[0].text : '');
    expect(recording.genAiSpans().map((span) => span.name)).toEqual(['chat gpt-3.5-turbo', 'chat claude-3-opus-20240229']);
  });
});
