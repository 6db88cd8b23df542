/**
 * The real `@aws-sdk/client-bedrock-runtime` client against the replay server (hand-made Bedrock
 * recordings; streams use AWS event-stream framing): Converse, ConverseStream, InvokeModel and
 * InvokeModelWithResponseStream, and errors.
 */
import * as bedrockModule from '@aws-sdk/client-bedrock-runtime';
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, InvokeModelCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { onlyGenAiSpan, settle, startRecording, type Recording } from './support/harness.ts';

let server: ReplayServer;
let recording: Recording | undefined;

beforeAll(async () => {
  // The Bedrock runtime client speaks HTTP/2 by default.
  server = await startReplayServer(undefined, { http2: true });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await recording?.stop();
  recording = undefined;
});

const record = (options: Parameters<typeof startRecording>[0] = {}) => startRecording({ ...options, instrumentModules: { bedrock: bedrockModule } });
const client = () =>
  new BedrockRuntimeClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
const port = () => Number(new URL(server.url).port);

describe('Converse', () => {
  it('records a chat span with Bedrock usage (cache reads added to the input total)', async () => {
    recording = record({ captureContent: true });
    const output = await client().send(
      new ConverseCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        system: [{ text: 'Answer briefly.' }],
        messages: [{ role: 'user', content: [{ text: 'What is the capital of France?' }] }],
        inferenceConfig: { maxTokens: 100, temperature: 0.5, topP: 0.9, stopSequences: ['\n\n'] },
      }),
    );
    expect(output.output?.message?.content?.[0]?.text).toBe('The capital of France is Paris.');
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('chat anthropic.claude-3-haiku-20240307-v1:0');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': 'anthropic.claude-3-haiku-20240307-v1:0',
      'gen_ai.request.stream': false,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.temperature': 0.5,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['\n\n'],
      'server.address': '127.0.0.1',
      'server.port': port(),
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 14 + 1024,
      'gen_ai.usage.output_tokens': 10,
      'gen_ai.usage.cache_read.input_tokens': 1024,
      'gen_ai.usage.cache_creation.input_tokens': 0,
    });
    expect(JSON.parse(String(span.attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Answer briefly.' }]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'The capital of France is Paris.' }], finish_reason: 'stop' },
    ]);
    const [duration] = await recording.histogram('gen_ai.client.operation.duration');
    expect(duration?.attributes).toMatchObject({ 'gen_ai.provider.name': 'aws.bedrock', 'server.port': port() });
  });

  it('records service errors with the HTTP status', async () => {
    recording = record();
    await expect(client().send(new ConverseCommand({ modelId: 'anthropic.claude-unknown-v9:0', messages: [{ role: 'user', content: [{ text: 'Hello' }] }] }))).rejects.toThrow(/invalid/);
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('400');
    expect(span.events.find((event) => event.name === 'exception')?.attributes?.['exception.type']).toBe('ValidationException');
  });
});

describe('ConverseStream', () => {
  it('passes the event stream through and records usage from its metadata event', async () => {
    recording = record({ captureContent: true });
    const output = await client().send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'Count to three.' }] }] }));
    const events: string[] = [];
    let text = '';
    for await (const event of output.stream ?? []) {
      events.push(Object.keys(event).filter((key) => (event as unknown as Record<string, unknown>)[key] !== undefined)[0] ?? '');
      text += event.contentBlockDelta?.delta?.text ?? '';
    }
    await settle();
    expect(events).toEqual(['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    expect(text).toBe('One, two, three.');
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes).toMatchObject({
      'gen_ai.request.model': 'amazon.nova-lite-v1:0',
      'gen_ai.request.stream': true,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 7,
    });
    expect(attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'One, two, three.' }], finish_reason: 'stop' }]);
  });
});

describe('InvokeModel', () => {
  it('reads an Anthropic Messages body', async () => {
    recording = record();
    const output = await client().send(
      new InvokeModelCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        contentType: 'application/json',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: 'Say hi.' }] }),
      }),
    );
    expect(JSON.parse(new TextDecoder().decode(output.body)).content[0].text).toBe('Hi there!');
    await settle();
    expect(onlyGenAiSpan(recording).attributes).toMatchObject({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.max_tokens': 200,
      'gen_ai.response.model': 'claude-3-haiku-20240307',
      'gen_ai.response.id': 'msg_bdrk_handmade01',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 4,
    });
  });

  it('reads a streamed Anthropic body and the invocation metrics', async () => {
    recording = record();
    const output = await client().send(
      new InvokeModelWithResponseStreamCommand({
        modelId: 'anthropic.claude-3-haiku-20240307-v1:0',
        contentType: 'application/json',
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: 'Say hi twice.' }] }),
      }),
    );
    let text = '';
    for await (const event of output.body ?? []) {
      const payload = JSON.parse(new TextDecoder().decode(event.chunk?.bytes)) as { delta?: { text?: string } };
      text += payload.delta?.text ?? '';
    }
    await settle();
    expect(text).toBe('Hi! Hi!');
    expect(onlyGenAiSpan(recording).attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'msg_bdrk_handmade02',
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': 11,
      'gen_ai.usage.output_tokens': 6,
    });
  });
});
