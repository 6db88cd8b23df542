/**
 * The real `@google/genai` client against the replay server (hand-made Gemini API recordings):
 * generateContent, generateContentStream and errors.
 */
import { GoogleGenAI } from '@google/genai';
import * as genaiModule from '@google/genai';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
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

const record = (options: Parameters<typeof startRecording>[0] = {}) => startRecording({ ...options, instrumentModules: { 'google-genai': genaiModule } });
const client = (replayId: string) => new GoogleGenAI({ apiKey: 'test-key', httpOptions: { baseUrl: server.url, headers: { 'x-replay-id': replayId } } });

describe('models.generateContent', () => {
  it('records a generate_content span with usage (thoughts counted as output)', async () => {
    recording = record({ captureContent: true });
    const response = await client('handmade-gemini-generate-content').models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Why is the sky blue? Answer in one sentence.',
      config: { temperature: 0.3, maxOutputTokens: 100, topK: 20, systemInstruction: 'You are a physics teacher.', responseMimeType: 'text/plain' },
    });
    expect(response.text).toBe('The sky looks blue because air molecules scatter short blue wavelengths of sunlight far more than red ones.');
    const span = onlyGenAiSpan(recording);
    expect(span.name).toBe('generate_content gemini-2.5-flash');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'generate_content',
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.request.stream': false,
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.top_k': 20,
      'gen_ai.output.type': 'text',
      'server.address': '127.0.0.1',
      'gen_ai.response.model': 'gemini-2.5-flash',
      'gen_ai.response.id': 'handmadeGeminiGenerate01',
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 18,
      'gen_ai.usage.output_tokens': 21 + 25,
      'gen_ai.usage.reasoning.output_tokens': 25,
    });
    expect(JSON.parse(String(span.attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'You are a physics teacher.' }]);
    expect(JSON.parse(String(span.attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Why is the sky blue? Answer in one sentence.' }] }]);
    expect(JSON.parse(String(span.attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: response.text }], finish_reason: 'stop' }]);
  });

  it('records API errors with their status', async () => {
    recording = record();
    await expect(client('handmade-gemini-429').models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hello' })).rejects.toThrow(/RESOURCE_EXHAUSTED|exhausted/);
    await settle();
    const span = onlyGenAiSpan(recording);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('429');
  });
});

describe('models.generateContentStream', () => {
  it('takes the latest running usage and records time to first chunk', async () => {
    recording = record({ captureContent: true });
    const stream = await client('handmade-gemini-stream-generate-content').models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' });
    let text = '';
    for await (const chunk of stream) text += chunk.text ?? '';
    await settle();
    expect(text).toBe('The sky looks blue because air molecules scatter blue sunlight the most.');
    const attributes = onlyGenAiSpan(recording).attributes;
    expect(attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.response.id': 'handmadeGeminiStream01',
      'gen_ai.response.finish_reasons': ['STOP'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 14 + 14,
      'gen_ai.usage.cache_read.input_tokens': 4,
    });
    expect(attributes['llmscope.usage.estimated']).toBeUndefined();
    expect(attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'stop' }]);
    const [firstChunk] = await recording.histogram('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk?.attributes['gen_ai.provider.name']).toBe('gcp.gemini');
  });
});
