/**
 * The real `openai` client against the replay server (recorded exchanges), instrumented in process:
 * every span attribute and metric point of chat.completions, sync and streaming, and its failures.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import OpenAI, { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateChatInputTokens, estimateTokens } from '../src/recording/token-estimator.ts';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from '@llmscope/semconv';
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

function client(): OpenAI {
  return new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
}

function replay(id: string) {
  return { headers: { 'x-replay-id': id } };
}

const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }];

describe('chat.completions.create, not streamed', () => {
  it('records a CLIENT span named "chat {model}" with request, response and usage attributes', async () => {
    recording = startRecording();
    const completion = await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    expect(completion.choices[0]?.message.content).toBe('Why did the OpenTelemetry developer go broke? \n\nBecause they kept trying to trace their expenses!');

    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('chat gpt-3.5-turbo');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.instrumentationScope.name).toBe('@llmscope/instrumentation');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-3.5-turbo',
      'gen_ai.request.stream': false,
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
      'gen_ai.response.model': 'gpt-3.5-turbo-0125',
      'gen_ai.response.id': 'chatcmpl-C4TUZMARo4XM8eqL685o7Un8pCHDX',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 15,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.reasoning.output_tokens': 0,
      'openai.response.service_tier': 'default',
      // the openai-version response header, for API-change monitoring
      'llmscope.api.version': '2020-10-01',
      ...hashAttributes(
        '{"messages":[{"role":"user","content":"Tell me a joke about OpenTelemetry"}],"model":"gpt-3.5-turbo"}',
        '{"messages":[{"role":"user","content":"tell me a joke about opentelemetry"}],"model":"gpt-3.5-turbo"}',
      ),
    });
  });

  it('hashes the request as sent, although the hash is computed after the call and the app then appends the reply to its messages', async () => {
    recording = startRecording();
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [...JOKE];
    const completion = await client().chat.completions.create({ messages, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    // A chat loop: the reply goes onto the same array before the span is recorded.
    messages.push({ role: 'assistant', content: completion.choices[0]!.message.content ?? '' });
    messages[0] = { role: 'user', content: 'changed after the call' };
    const span = onlyGenAiSpan(recording);
    expect(span.attributes).toMatchObject(
      hashAttributes(
        '{"messages":[{"role":"user","content":"Tell me a joke about OpenTelemetry"}],"model":"gpt-3.5-turbo"}',
        '{"messages":[{"role":"user","content":"tell me a joke about opentelemetry"}],"model":"gpt-3.5-turbo"}',
      ),
    );
  });

  it('records the request parameters the app set', async () => {
    recording = startRecording();
    await client().chat.completions.create(
      { messages: JOKE, model: 'gpt-3.5-turbo', temperature: 0.3, top_p: 0.9, max_tokens: 100, frequency_penalty: 0.5, presence_penalty: 0.25, seed: 42, stop: ['\n\n'], n: 2, response_format: { type: 'json_object' } },
      replay('should-set-attributes-in-span-for-chat_1427850401'),
    );
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.request.temperature']).toBe(0.3);
    expect(attributes['gen_ai.request.top_p']).toBe(0.9);
    expect(attributes['gen_ai.request.max_tokens']).toBe(100);
    expect(attributes['gen_ai.request.frequency_penalty']).toBe(0.5);
    expect(attributes['gen_ai.request.presence_penalty']).toBe(0.25);
    expect(attributes['gen_ai.request.seed']).toBe(42);
    expect(attributes['gen_ai.request.stop_sequences']).toEqual(['\n\n']);
    expect(attributes['gen_ai.request.choice.count']).toBe(2);
    expect(attributes['gen_ai.output.type']).toBe('json');
  });

  it('records gen_ai.client.operation.duration and gen_ai.client.token.usage with the spec buckets, and no time-to-first-chunk', async () => {
    recording = startRecording();
    await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    const base = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-3.5-turbo',
      'gen_ai.response.model': 'gpt-3.5-turbo-0125',
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
    };
    const [duration] = await recording.histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes).toEqual(base);
    expect(duration?.count).toBe(1);
    expect(duration?.sum).toBeGreaterThan(0);
    expect(duration?.boundaries).toEqual(DURATION_BUCKETS);
    const usage = await recording.histogram('gen_ai.client.token.usage');
    expect(usage.map((point) => [point.attributes['gen_ai.token.type'], point.sum, point.count])).toEqual([
      ['input', 15, 1],
      ['output', 20, 1],
    ]);
    expect(usage[0]?.attributes).toEqual({ ...base, 'gen_ai.token.type': 'input' });
    expect(usage[0]?.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(await recording.histogram('gen_ai.client.operation.time_to_first_chunk')).toEqual([]);
  });

  it('records tool definitions (type and name only) and the tool_calls finish reason', async () => {
    recording = startRecording();
    const completion = await client().chat.completions.create(
      {
        model: 'gpt-4',
        messages: [{ role: 'user', content: "What's the weather like in Boston?" }],
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_current_weather',
              description: 'Get the current weather in a given location',
              parameters: { type: 'object', properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location'] },
            },
          },
        ],
      },
      replay('should-set-attributes-in-span-for-tool-calling_1747151373'),
    );
    expect(completion.choices[0]?.message.tool_calls?.[0]?.id).toBe('call_m0dpaUwYpBdHG63EvxJH3FZU');
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(JSON.parse(String(attributes['gen_ai.tool.definitions']))).toEqual([{ type: 'function', name: 'get_current_weather' }]);
    expect(attributes['gen_ai.usage.input_tokens']).toBe(82);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(18);
    expect(attributes['gen_ai.input.messages']).toBeUndefined();
  });

  it('passes logprobs through unchanged', async () => {
    recording = startRecording();
    const completion = await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo', logprobs: true }, replay('should-emit-logprobs-span-event-for-chat-completion_1028826680'));
    expect(completion.choices[0]?.logprobs?.content?.[0]).toEqual({ token: 'Why', logprob: -0.000064325184, bytes: [87, 104, 121], top_logprobs: [] });
    expect(onlyGenAiSpan(recording).attributes['gen_ai.usage.output_tokens']).toBe(18);
  });
});

describe('content capture', () => {
  it('records input and output messages in the semconv JSON shapes when enabled', async () => {
    recording = startRecording({ captureContent: true });
    await client().chat.completions.create(
      { model: 'gpt-4', messages: [{ role: 'system', content: 'You are a weather bot.' }, { role: 'user', content: "What's the weather like in Boston?" }], functions: [{ name: 'get_current_weather', description: 'Get the current weather in a given location', parameters: { type: 'object', properties: { location: { type: 'string' } } } }], function_call: 'auto' },
      replay('should-set-attributes-in-span-for-function-calling_1703714575'),
    );
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(JSON.parse(String(attributes['gen_ai.input.messages']))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a weather bot.' }] },
      { role: 'user', parts: [{ type: 'text', content: "What's the weather like in Boston?" }] },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: null, name: 'get_current_weather', arguments: { location: 'Boston' } }], finish_reason: 'tool_call' },
    ]);
    expect(JSON.parse(String(attributes['gen_ai.tool.definitions']))).toEqual([
      { type: 'function', name: 'get_current_weather', description: 'Get the current weather in a given location', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
    ]);
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['function_call']);
  });

  it('records tool results and assistant tool calls from the conversation history', async () => {
    recording = startRecording({ captureContent: true });
    await client().chat.completions.create(
      {
        model: 'gpt-3.5-turbo',
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
          { role: 'tool', tool_call_id: 'call_1', content: 'rainy, 57°F' },
        ],
      },
      replay('should-set-attributes-in-span-for-chat_1427850401'),
    );
    expect(JSON.parse(String(onlyGenAiSpan(recording).attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { location: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'rainy, 57°F' }] },
    ]);
  });

  it('applies the redaction hook to every captured text and caps content at maxContentLength', async () => {
    recording = startRecording({ captureContent: true, maxContentLength: 120, redact: (text) => text.replaceAll('OpenTelemetry', '[REDACTED]') });
    await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    const attributes = onlyGenAiSpan(recording).attributes;
    const input = String(attributes['gen_ai.input.messages']);
    const output = String(attributes['gen_ai.output.messages']);
    expect(JSON.parse(input)).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Tell me a joke about [REDACTED]' }] }]);
    expect(output.length).toBeLessThanOrEqual(120);
    const [message] = JSON.parse(output) as Array<{ parts: Array<{ content: string }>; finish_reason: string }>;
    expect(message?.parts[0]?.content.startsWith('Why did the [REDACTED] developer')).toBe(true);
    expect(message?.parts[0]?.content.endsWith('…')).toBe(true);
    expect(message?.finish_reason).toBe('stop');
    expect(attributes['llmscope.content.truncated']).toBe(true);
  });

  it('is off by default', async () => {
    recording = startRecording();
    await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    const keys = Object.keys(onlyGenAiSpan(recording).attributes);
    expect(keys.filter((key) => /messages|system_instructions/.test(key))).toEqual([]);
  });
});

describe('chat.completions.create, streamed', () => {
  it('estimates usage when the stream has none and marks it estimated; records time to first chunk', async () => {
    recording = startRecording();
    const stream = await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo', stream: true }, replay('should-set-attributes-in-span-for-streaming-chat_72904453'));
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    await settle();
    expect(text).toBe('Why did the OpenTelemetry developer go broke? Because they were always collecting traces but never making any transactions!');

    const span = onlyGenAiSpan(recording);
    const attributes = span.attributes;
    expect(span.name).toBe('chat gpt-3.5-turbo');
    expect(attributes['gen_ai.request.stream']).toBe(true);
    expect(attributes['gen_ai.response.model']).toBe('gpt-3.5-turbo-0125');
    expect(attributes['gen_ai.response.id']).toBe('chatcmpl-C4TUacC25IN2vuTdOzverPXrXhZa2');
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(attributes['gen_ai.usage.input_tokens']).toBe(estimateChatInputTokens(['Tell me a joke about OpenTelemetry']));
    expect(attributes['gen_ai.usage.output_tokens']).toBe(estimateTokens(text));
    expect(attributes['llmscope.usage.estimated']).toBe(true);
    const ttfc = attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttfc).toBeGreaterThan(0);
    expect(ttfc).toBeLessThan((span.duration[0] + span.duration[1] / 1e9) + 1e-9);

    const [firstChunk] = await recording.histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk?.count).toBe(1);
    expect(firstChunk?.sum).toBeCloseTo(ttfc, 9);
    expect(firstChunk?.boundaries).toEqual(DURATION_BUCKETS);
    const usage = await recording.histogram('gen_ai.client.token.usage');
    expect(usage.every((point) => point.attributes['llmscope.usage.estimated'] === true)).toBe(true);
  });

  it('uses the provider usage from the final chunk with stream_options.include_usage', async () => {
    recording = startRecording({ captureContent: true });
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'system', content: 'You are a terse assistant.' }, { role: 'user', content: 'Name three primary colors.' }],
      temperature: 0.2,
      max_tokens: 50,
      stream: true,
      stream_options: { include_usage: true },
    }, replay('handmade-openai-chat-stream-include-usage'));
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    await settle();
    expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(24);

    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.usage.input_tokens']).toBe(24);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(6);
    expect(attributes['llmscope.usage.estimated']).toBeUndefined();
    expect(attributes['openai.response.system_fingerprint']).toBe('fp_handmade01');
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Red, blue and yellow.' }], finish_reason: 'stop' },
    ]);
  });

  it('assembles parallel tool-call deltas', async () => {
    recording = startRecording({ captureContent: true });
    const stream = await client().chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: "What's the weather today in Boston and what will the weather be tomorrow in Chicago?" }], stream: true },
      replay('should-set-function_call-attributes-in-span-for-stream-completion-when-multiple-tools-cal_2278551756'),
    );
    for await (const _chunk of stream) {
      // read to the end
    }
    await settle();
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_SHtIMpPE5ainCyw3LLf32VcZ', name: 'get_current_weather', arguments: { location: 'Boston, MA' } },
          { type: 'tool_call', id: 'call_HvockKv2nSWQzdTmCv0p2IZD', name: 'get_tomorrow_weather', arguments: { location: 'Chicago, IL' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('works through the chat.completions.stream() helper and finalChatCompletion()', async () => {
    recording = startRecording();
    const runner = client().chat.completions.stream({ messages: JOKE, model: 'gpt-3.5-turbo', logprobs: true }, replay('should-emit-logprobs-span-event-for-stream-chat-completion_2713905208'));
    const final = await runner.finalChatCompletion();
    await settle();
    expect(final.choices[0]?.message.content).toBe('Why did the OpenTelemetry developer break up with his girlfriend? Because she couldn\'t handle his need for constant tracing and monitoring!');
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.request.stream']).toBe(true);
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });
});

describe('failures', () => {
  async function expectFailure(run: () => Promise<unknown>, errorType: string, exceptionType: string) {
    await expect(run()).rejects.toThrow();
    await settle();
    const span = onlyGenAiSpan(recording!);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe(errorType);
    const exception = span.events.find((event) => event.name === 'exception');
    expect(exception?.attributes).toEqual({ 'exception.type': exceptionType });
    expect(span.status.message).toBeUndefined();
    const [duration] = await recording!.histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes['error.type']).toBe(errorType);
    expect(await recording!.histogram('gen_ai.client.token.usage')).toEqual([]);
    return span;
  }

  it('records HTTP 404 (model not found)', async () => {
    recording = startRecording();
    const span = await expectFailure(
      () => client().chat.completions.create({ model: 'gpt-3.5-turbo-0613', messages: [{ role: 'user', content: 'Hi' }] }, replay('test_agents_and_tools#2')),
      '404',
      'NotFoundError',
    );
    expect(span.attributes['http.response.status_code']).toBe(404);
  });

  it('records HTTP 400 (invalid image url)', async () => {
    recording = startRecording();
    await expectFailure(() => client().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }, replay('test_vision#2')), '400', 'BadRequestError');
  });

  // Issue 16, finding 11: provider error messages often quote the prompt (here: the image URL).
  const VISION_URL = 'source.unsplash.com/8xznAGy4HcY';
  const visionCall = () =>
    client().chat.completions.create(
      {
        model: 'gpt-4o-mini',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              { type: 'image_url', image_url: { url: 'https://source.unsplash.com/8xznAGy4HcY/800x400' } },
            ],
          },
        ],
      },
      replay('test_vision#2'),
    );

  it('with content capture off, records a provider error as error.type and status code only (no message quoting the prompt)', async () => {
    recording = startRecording({ captureContent: false });
    await expect(visionCall()).rejects.toThrow(VISION_URL);
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span.attributes['error.type']).toBe('400');
    expect(span.attributes['http.response.status_code']).toBe(400);
    expect(span.events.map((e) => [e.name, e.attributes])).toEqual([['exception', { 'exception.type': 'BadRequestError' }]]);
    expect(JSON.stringify({ attributes: span.attributes, events: span.events, status: span.status, name: span.name })).not.toContain('unsplash');
  });

  it('with content capture on, records the provider message and stack too', async () => {
    recording = startRecording({ captureContent: true });
    await expect(visionCall()).rejects.toThrow(VISION_URL);
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.status.message).toContain(VISION_URL);
    const exception = span.events.find((event) => event.name === 'exception')!;
    expect(exception.attributes?.['exception.type']).toBe('BadRequestError');
    expect(exception.attributes?.['exception.message']).toContain(VISION_URL);
    expect(String(exception.attributes?.['exception.stacktrace'])).toMatch(/^Error: 400 Error while downloading .*\n    at /);
  });

  it('records HTTP 429 (rate limited) and HTTP 500', async () => {
    recording = startRecording();
    await expectFailure(() => client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }, replay('handmade-openai-chat-429')), '429', 'RateLimitError');
    await recording.stop();
    recording = startRecording();
    await expectFailure(() => client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }, replay('handmade-openai-chat-500')), '500', 'InternalServerError');
  });

  it('records a client timeout', async () => {
    recording = startRecording();
    await expectFailure(
      () => client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Take your time.' }] }, { ...replay('handmade-openai-chat-slow-response'), timeout: 150 }),
      'timeout',
      'APIConnectionTimeoutError',
    );
  });

  it('records an abort by the app before the response', async () => {
    recording = startRecording();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expectFailure(
      () => client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Take your time.' }] }, { ...replay('handmade-openai-chat-slow-response'), signal: controller.signal }),
      'cancelled',
      'APIUserAbortError',
    );
  });

  it('records a stream whose connection drops mid-way as failed, with the partial output', async () => {
    recording = startRecording();
    const stream = await client().chat.completions.create(
      { model: 'gpt-4o-mini-dropped', messages: [{ role: 'user', content: 'Hi' }], stream: true },
      replay('handmade-openai-chat-stream-connection-dropped'),
    );
    const seen: string[] = [];
    await expect(async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? '');
    }).rejects.toThrow();
    await settle();
    expect(seen).toEqual(['', 'Red', ', blue']);
    const span = onlyGenAiSpan(recording);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBeDefined();
    expect(span.attributes['gen_ai.usage.output_tokens']).toBe(estimateTokens('Red, blue'));
    expect(span.attributes['llmscope.usage.estimated']).toBe(true);
  });
});

describe('OpenAI-compatible endpoints', () => {
  it('recognises Azure OpenAI from the AzureOpenAI client', async () => {
    recording = startRecording();
    const azure = new AzureOpenAI({ endpoint: server.url, apiKey: 'test-key', apiVersion: '2024-02-01', deployment: 'openllmetry-testing', maxRetries: 0 });
    const completion = await azure.chat.completions.create({ model: 'openllmetry-testing', messages: [{ role: 'user', content: 'Tell me a joke about opentelemetry' }] }, replay('test_chat_content_filtering#0'));
    expect(completion.choices[0]?.finish_reason).toBe('content_filter');
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(attributes['gen_ai.response.model']).toBe('gpt-35-turbo');
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['content_filter']);
    expect(attributes['gen_ai.usage.input_tokens']).toBe(15);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(19);
    expect(server.requests.at(-1)?.path).toBe('/openai/deployments/openllmetry-testing/chat/completions');
  });

  it('records Azure errors with their status (401 on embeddings)', async () => {
    recording = startRecording();
    const azure = new AzureOpenAI({ endpoint: server.url, apiKey: 'wrong', apiVersion: '2023-07-01-preview', deployment: 'test-deployment', maxRetries: 0 });
    await expect(azure.embeddings.create({ input: 'Tell me a joke about opentelemetry', model: 'embedding', encoding_format: 'base64' }, replay('test_azure_openai_embeddings#2'))).rejects.toThrow(/Access denied/);
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('embeddings embedding');
    expect(span.attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(span.attributes['error.type']).toBe('401');
  });

  it('maps other hosts through openaiCompatibleProviders', async () => {
    recording = startRecording({ openaiCompatibleProviders: { [`127.0.0.1:${new URL(server.url).port}`]: 'vllm' } });
    await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    expect(onlyGenAiSpan(recording).attributes['gen_ai.provider.name']).toBe('vllm');
  });
});
