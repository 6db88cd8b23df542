/**
 * The real `@anthropic-ai/sdk` client against the replay server: messages (sync, streaming,
 * thinking, tool use, cache tokens, cumulative message_delta usage), errors, and the SDK's own
 * `anthropic.messages.create` span, which our span replaces.
 */
import Anthropic from '@anthropic-ai/sdk';
import { SpanKind, SpanStatusCode, propagation, trace, type TextMapPropagator } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { onlyGenAiSpan, settle, startRecording, type Recording } from './support/harness.ts';
import { hashAttributes } from './support/request-hash.ts';

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

const client = () => new Anthropic({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
const replay = (id: string) => ({ headers: { 'x-replay-id': id } });
const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }];

const WEATHER_REQUEST = {
  model: 'claude-sonnet-4-5-20250929',
  max_tokens: 2048,
  system: 'You are a weather assistant.',
  thinking: { type: 'enabled' as const, budget_tokens: 1024 },
  tools: [{ name: 'get_weather', description: 'Get the current weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } }],
  messages: [{ role: 'user' as const, content: "What's the weather in Paris?" }],
};

describe('messages.create', () => {
  it('records a CLIENT span with request, response and usage attributes', async () => {
    recording = startRecording();
    // Sampling parameters are gone from this SDK's types but older SDKs (and apps) still send them.
    const params = { max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229', temperature: 0.7, top_k: 40, top_p: 0.95, stop_sequences: ['END'], output_config: { effort: 'high' } };
    const message = await client().messages.create(params as Anthropic.MessageCreateParamsNonStreaming, replay('should-set-attributes-in-span-for-messages_831758903'));
    expect(message.id).toBe('msg_01ABEG1nJ4BqCbQR4BUANnCB');
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('chat claude-3-opus-20240229');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-3-opus-20240229',
      'gen_ai.request.stream': false,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.temperature': 0.7,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.top_p': 0.95,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.reasoning.level': 'high',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
      'gen_ai.response.model': 'claude-3-opus-20240229',
      'gen_ai.response.id': 'msg_01ABEG1nJ4BqCbQR4BUANnCB',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 17,
      'gen_ai.usage.output_tokens': 137,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      ...hashAttributes(
        '{"max_tokens":1024,"messages":[{"role":"user","content":"Tell me a joke about OpenTelemetry"}],"model":"claude-3-opus-20240229","output_config":{"effort":"high"},"stop_sequences":["END"],"temperature":0.7,"top_k":40,"top_p":0.95}',
        '{"max_tokens":1024,"messages":[{"role":"user","content":"tell me a joke about opentelemetry"}],"model":"claude-3-opus-20240229","output_config":{"effort":"high"},"stop_sequences":["end"],"temperature":0.7,"top_k":40,"top_p":0.95}',
      ),
    });
    const usage = await recording.histogram('gen_ai.client.token.usage');
    expect(usage.map((point) => [point.attributes['gen_ai.token.type'], point.sum])).toEqual([
      ['input', 17],
      ['output', 137],
    ]);
  });

  it('records the system prompt as system instructions and the history as input messages', async () => {
    recording = startRecording({ captureContent: true });
    await client().messages.create(
      { max_tokens: 10, model: 'claude-3-opus-20240229', system: 'You are a helpful assistant', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] },
      replay('should-place-system-prompt-first-for-messages_507270015'),
    );
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(JSON.parse(String(attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'You are a helpful assistant' }]);
    expect(JSON.parse(String(attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: '! How can I assist you today?' }], finish_reason: 'length' },
    ]);
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['max_tokens']);
  });

  it('records extended thinking from beta.messages.create as a reasoning part', async () => {
    recording = startRecording({ captureContent: true });
    const message = await client().beta.messages.create(
      { max_tokens: 2048, messages: [{ role: 'user', content: 'What is 2+2? Think through this step by step.' }], model: 'claude-opus-4-1-20250805', thinking: { type: 'enabled', budget_tokens: 1024 } },
      replay('should-set-attributes-in-span-for-beta-messages-with-thinking_2020128547'),
    );
    expect(message.content[0]?.type).toBe('thinking');
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.usage.input_tokens']).toBe(49);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(186);
    const [output] = JSON.parse(String(attributes['gen_ai.output.messages'])) as Array<{ parts: Array<{ type: string; content: string }> }>;
    expect(output?.parts.map((part) => part.type)).toEqual(['reasoning', 'text']);
    expect(output?.parts[0]?.content.startsWith('This is a very simple arithmetic question.')).toBe(true);
  });

  it('counts cache reads into the input total (semconv) and reports them separately', async () => {
    recording = startRecording();
    const policy = 'Refunds are available within 30 days of purchase with a receipt. '.repeat(40);
    await client().messages.create(
      { model: 'claude-3-5-haiku-20241022', max_tokens: 256, system: [{ type: 'text', text: policy, cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: 'Summarize the refund policy.' }] },
      replay('handmade-anthropic-cache-read'),
    );
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.usage.input_tokens']).toBe(20 + 2048);
    expect(attributes['gen_ai.usage.cache_read.input_tokens']).toBe(2048);
    expect(attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(0);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(15);
  });
});

describe('streamed messages', () => {
  it('records a streamed message from message_start and message_delta', async () => {
    recording = startRecording();
    const stream = await client().messages.create({ max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229', stream: true }, replay('should-set-attributes-in-span-for-messages-streaming_44400664'));
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    await settle();
    expect(types.length).toBe(66);
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'msg_0178nRhNdfNKxFcZRFqApVgL',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 17,
      'gen_ai.usage.output_tokens': 158,
    });
    expect(attributes['llmscope.usage.estimated']).toBeUndefined();
    expect(attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    const [firstChunk] = await recording.histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk?.count).toBe(1);
  });

  it('takes message_delta usage as cumulative totals, with cache and tool use', async () => {
    recording = startRecording({ captureContent: true });
    const stream = await client().messages.create({ ...WEATHER_REQUEST, stream: true }, replay('handmade-anthropic-stream-thinking-tool-use-cache'));
    for await (const _event of stream) {
      // read to the end
    }
    await settle();
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes).toMatchObject({
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.response.finish_reasons': ['tool_use'],
      'gen_ai.usage.input_tokens': 12 + 1500 + 310,
      'gen_ai.usage.output_tokens': 87,
      'gen_ai.usage.cache_read.input_tokens': 1500,
      'gen_ai.usage.cache_creation.input_tokens': 310,
    });
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The user wants the weather in Paris. I should call get_weather.' },
          { type: 'text', content: 'Let me check the weather in Paris.' },
          { type: 'tool_call', id: 'toolu_handmade01', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.tool.definitions']))).toEqual([
      { type: 'function', name: 'get_weather', description: 'Get the current weather for a city', parameters: WEATHER_REQUEST.tools[0]!.input_schema },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'You are a weather assistant.' }]);
  });

  it('works through messages.stream() and finalMessage()', async () => {
    recording = startRecording();
    const final = await client().messages.stream(WEATHER_REQUEST, replay('handmade-anthropic-stream-thinking-tool-use-cache')).finalMessage();
    await settle();
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage.output_tokens).toBe(87);
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.usage.output_tokens']).toBe(87);
    expect(attributes['gen_ai.request.stream']).toBe(true);
  });
});

describe('failures', () => {
  it('records an overloaded (529) error', async () => {
    recording = startRecording();
    await expect(client().messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] }, replay('handmade-anthropic-529-overloaded'))).rejects.toThrow(/Overloaded/);
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('529');
    expect(span.events.find((event) => event.name === 'exception')?.attributes?.['exception.type']).toBe('OverloadedError');
  });
});

describe("the SDK's own span", () => {
  /** A minimal W3C traceparent propagator, to see which span the HTTP request names as its parent. */
  const traceparentPropagator: TextMapPropagator = {
    inject(ctx, carrier, setter) {
      const spanContext = trace.getSpanContext(ctx);
      if (spanContext) setter.set(carrier, 'traceparent', `00-${spanContext.traceId}-${spanContext.spanId}-01`);
    },
    extract: (ctx) => ctx,
    fields: () => ['traceparent'],
  };

  it('is replaced by ours: one GenAI span per call, and the request carries our span context', async () => {
    propagation.setGlobalPropagator(traceparentPropagator);
    try {
      recording = startRecording({}, { registerGlobalTracerProvider: true });
      const anthropic = client();
      await anthropic.messages.create({ max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229' }, replay('should-set-attributes-in-span-for-messages_831758903'));
      await anthropic.messages.stream(WEATHER_REQUEST, replay('handmade-anthropic-stream-thinking-tool-use-cache')).finalMessage();
      await settle();
      const spans = recording.spans();
      expect(spans.map((span) => span.name)).toEqual(['chat claude-3-opus-20240229', 'chat claude-sonnet-4-5-20250929']);
      const ours = spans[0]!;
      expect(server.requests.at(-2)?.headers.traceparent).toBe(`00-${ours.spanContext().traceId}-${ours.spanContext().spanId}-01`);
      expect(server.requests.at(-1)?.headers.traceparent).toBe(`00-${spans[1]!.spanContext().traceId}-${spans[1]!.spanContext().spanId}-01`);

      // Without our instrumentation running, the same client emits the SDK's span again.
      await recording.handle.shutdown();
      await anthropic.messages.create({ max_tokens: 1024, messages: JOKE, model: 'claude-3-opus-20240229' }, replay('should-set-attributes-in-span-for-messages_831758903'));
      await settle();
      expect(recording.spans().map((span) => span.name)).toEqual(['chat claude-3-opus-20240229', 'chat claude-sonnet-4-5-20250929', 'anthropic.messages.create']);
    } finally {
      propagation.disable();
    }
  });
});
