/**
 * The real `openai` client against the replay server: Responses API (sync and streaming),
 * embeddings and legacy completions.
 */
import { SpanKind } from '@opentelemetry/api';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../src/recording/token-estimator.ts';
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

const client = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
const replay = (id: string) => ({ headers: { 'x-replay-id': id } });

describe('responses.create', () => {
  it('records a non-streamed response with usage and output', async () => {
    recording = startRecording({ captureContent: true });
    const response = await client().responses.create({ model: 'gpt-4o-mini', input: 'Tell me a joke about OpenTelemetry' }, replay('should-set-attributes-in-span-for-responses-non-streaming_1229494740'));
    expect(response.output_text).toBe('Why did the OpenTelemetry developer break up with their application?\n\nBecause it just couldn\'t handle the "trace" of their love!');
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.stream': false,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'resp_098a86033e882e31006a1818d103048192889c7541e8827731',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 14,
      'gen_ai.usage.output_tokens': 26,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.reasoning.output_tokens': 0,
    });
    expect(JSON.parse(String(span.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Tell me a joke about OpenTelemetry' }] }]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: response.output_text }], finish_reason: 'stop' },
    ]);
  });

  it('records cached input tokens', async () => {
    recording = startRecording();
    await client().responses.create({ model: 'gpt-4o-mini', input: 'Tell me a joke about OpenTelemetry' }, replay('should-set-cache-read-input-tokens-in-span-for-responses-with-cached-tokens_3930499540'));
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.usage.input_tokens']).toBe(14);
    expect(attributes['gen_ai.usage.cache_read.input_tokens']).toBe(13);
  });

  it('records a streamed response from its response.completed event', async () => {
    recording = startRecording({ captureContent: true });
    const stream = await client().responses.create({ model: 'gpt-4o-mini', instructions: 'Answer in one word.', input: 'Say hello in French.', stream: true }, replay('handmade-openai-responses-stream'));
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    await settle();
    expect(types).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'resp_handmadeStream01',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 3,
    });
    expect(attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(JSON.parse(String(attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Answer in one word.' }]);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Bonjour!' }], finish_reason: 'stop' }]);
  });

  it('works through the responses.stream() helper', async () => {
    recording = startRecording();
    const stream = client().responses.stream({ model: 'gpt-4o-mini', instructions: 'Answer in one word.', input: 'Say hello in French.' }, replay('handmade-openai-responses-stream'));
    const final = await stream.finalResponse();
    await settle();
    expect(final.output_text).toBe('Bonjour!');
    expect(onlyGenAiSpan(recording).attributes['gen_ai.usage.output_tokens']).toBe(3);
  });
});

describe('embeddings.create', () => {
  it('records an embeddings span with input tokens and the vector size', async () => {
    recording = startRecording();
    const result = await client().embeddings.create({ model: 'text-embedding-ada-002', input: ['Where was albert einstein born?'] }, replay('should-add-span-for-all-instrumented-methods_2883459899#1'));
    expect(result.data[0]?.embedding.length).toBe(1536);
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('embeddings text-embedding-ada-002');
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-ada-002',
      'gen_ai.request.encoding_formats': ['float'],
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(server.url).port),
      'gen_ai.response.model': 'text-embedding-ada-002',
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.embeddings.dimension.count': 1536,
      'llmscope.api.version': '2020-10-01',
      ...hashAttributes('{"input":["Where was albert einstein born?"],"model":"text-embedding-ada-002"}', '{"input":["where was albert einstein born?"],"model":"text-embedding-ada-002"}'),
    });
    const usage = await recording.histogram('gen_ai.client.token.usage');
    expect(usage.map((point) => [point.attributes['gen_ai.token.type'], point.sum])).toEqual([['input', 8]]);
  });
});

describe('completions.create (legacy)', () => {
  it('records a text_completion span', async () => {
    recording = startRecording({ captureContent: true });
    await client().completions.create({ prompt: 'Tell me a joke about OpenTelemetry', model: 'gpt-3.5-turbo-instruct' }, replay('should-set-attributes-in-span-for-completion_322013537'));
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('text_completion gpt-3.5-turbo-instruct');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.response.model': 'gpt-3.5-turbo-instruct:20230824-v2',
      'gen_ai.response.finish_reasons': ['length'],
      'gen_ai.usage.input_tokens': 8,
      'gen_ai.usage.output_tokens': 16,
    });
    expect(JSON.parse(String(span.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Tell me a joke about OpenTelemetry' }] }]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))[0].finish_reason).toBe('length');
  });

  it('records a streamed text completion with estimated usage', async () => {
    recording = startRecording();
    const stream = await client().completions.create({ prompt: 'Tell me a joke about OpenTelemetry', model: 'gpt-3.5-turbo-instruct', stream: true }, replay('should-set-attributes-in-span-for-streaming-completion_1484001317'));
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    await settle();
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes['gen_ai.response.finish_reasons']).toEqual(['length']);
    expect(attributes['gen_ai.usage.output_tokens']).toBe(estimateTokens(text));
    expect(attributes['gen_ai.usage.input_tokens']).toBe(estimateTokens('Tell me a joke about OpenTelemetry'));
    expect(attributes['llmscope.usage.estimated']).toBe(true);
  });
});
