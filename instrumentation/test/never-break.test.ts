/**
 * The instrumentation never breaks the app: its own failures are swallowed and logged once, SDK
 * errors reach the app unchanged, a disabled or unreachable collector costs the app nothing.
 */
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { init } from '../src/index.ts';
import { resetReportedErrors } from '../src/internal/safety.ts';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { onlyGenAiSpan, settle, startRecording, type Recording } from './support/harness.ts';
import * as openaiModule from 'openai';

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
  vi.restoreAllMocks();
  resetReportedErrors();
});

const client = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
const JOKE = [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }];
const replay = (id: string) => ({ headers: { 'x-replay-id': id } });

describe('failures inside the instrumentation', () => {
  it('a throwing redaction hook costs the content, not the call, and is logged once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    recording = startRecording({
      captureContent: true,
      redact: () => {
        throw new Error('redactor crashed');
      },
    });
    const first = await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    const stream = await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo', stream: true }, replay('should-set-attributes-in-span-for-streaming-chat_72904453'));
    let chunks = 0;
    for await (const _chunk of stream) chunks++;
    await settle();
    expect(first.choices[0]?.message.content).toContain('OpenTelemetry developer');
    expect(chunks).toBe(24);
    const spans = recording.genAiSpans();
    expect(spans).toHaveLength(2);
    expect(spans.every((span) => span.ended)).toBe(true);
    expect(spans.every((span) => span.attributes['gen_ai.input.messages'] === undefined)).toBe(true);
    const reports = warn.mock.calls.filter(([message]) => String(message).startsWith('[llmscope]'));
    expect(reports).toHaveLength(1);
    expect(String(reports[0]?.[0])).toContain('redactor crashed');
  });

  it('SDK validation errors reach the app exactly as without instrumentation', async () => {
    const plain = await client()
      .chat.completions.create(undefined as never)
      .then(
        () => 'resolved',
        (error: unknown) => (error as Error).constructor.name,
      )
      .catch((error: unknown) => `sync ${(error as Error).constructor.name}`);
    recording = startRecording();
    let instrumented: string;
    try {
      instrumented = await client()
        .chat.completions.create(undefined as never)
        .then(
          () => 'resolved',
          (error: unknown) => (error as Error).constructor.name,
        );
    } catch (error) {
      instrumented = `sync ${(error as Error).constructor.name}`;
    }
    expect(instrumented).toBe(plain);
    expect(recording.genAiSpans()).toEqual([]);
  });
});

describe('collector problems', () => {
  it('an unreachable collector leaves calls unaffected; flushing gives up quietly', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    // Bounds the exporter's retries (it reads this env var); the default is 10 s.
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '500';
    // Our own pipeline (no providers given), exporting to a port nothing listens on.
    const handle = init({ endpoint: 'http://127.0.0.1:9', instrumentModules: { openai: openaiModule }, metricExportIntervalMillis: 3_600_000 });
    try {
      const started = performance.now();
      for (let index = 0; index < 20; index++) {
        await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
      }
      const elapsed = performance.now() - started;
      expect(elapsed).toBeLessThan(2_000);
      const flushStarted = performance.now();
      await expect(handle.forceFlush()).resolves.toBeUndefined();
      expect(performance.now() - flushStarted).toBeLessThan(1_500);
    } finally {
      await handle.shutdown();
      delete process.env.OTEL_EXPORTER_OTLP_TIMEOUT;
    }
    expect(warn.mock.calls.filter(([message]) => String(message).startsWith('[llmscope]'))).toEqual([]);
  });

  it('OTEL_SDK_DISABLED=true: nothing is set up and calls pass straight through', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    try {
      const handle = init({ instrumentModules: { openai: openaiModule } });
      expect(handle.enabled).toBe(false);
      const completion = await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
      expect(completion.id).toBe('chatcmpl-C4TUZMARo4XM8eqL685o7Un8pCHDX');
      await handle.shutdown();
    } finally {
      delete process.env.OTEL_SDK_DISABLED;
    }
    recording = startRecording();
    await client().chat.completions.create({ messages: JOKE, model: 'gpt-3.5-turbo' }, replay('should-set-attributes-in-span-for-chat_1427850401'));
    expect(onlyGenAiSpan(recording).name).toBe('chat gpt-3.5-turbo');
  });
});
