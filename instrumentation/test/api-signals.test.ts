/**
 * API-change signals on the call's span, with the real `openai` and `@anthropic-ai/sdk` clients
 * against the replay server: Deprecation/Sunset/version response headers (also on an error), the
 * Anthropic SDK's deprecated-model warning — still printed for the app, console.warn restored — and
 * the capture's own guarantees (restore on throw, nesting, only deprecation warnings, caps).
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { apiHeaderAttributes, withDeprecationCapture } from '../src/recording/api-signals.ts';
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

const replay = (id: string) => ({ headers: { 'x-replay-id': id } });
const TICKET = [{ role: 'user' as const, content: 'Summarise the ticket in one line.' }];
const openai = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });

describe('response headers', () => {
  it('records Deprecation, Sunset and the API version the server answered with', async () => {
    recording = startRecording();
    await openai().chat.completions.create({ model: 'gpt-4-0613', messages: TICKET }, replay('handmade-openai-chat-deprecation-sunset'));
    await settle();
    const a = onlyGenAiSpan(recording).attributes;
    expect(a['llmscope.api.deprecation']).toBe('@1751328000');
    expect(a['llmscope.api.sunset']).toBe('Wed, 01 Jul 2026 00:00:00 GMT');
    expect(a['llmscope.api.version']).toBe('2020-10-01');
    expect(a['llmscope.sdk.deprecation_warning']).toBeUndefined();
  });

  it('records them on a failed call too (a retired model: 404)', async () => {
    recording = startRecording();
    await expect(openai().chat.completions.create({ model: 'gpt-4o', messages: TICKET }, replay('handmade-openai-chat-404-model-retired'))).rejects.toThrow();
    await settle();
    const a = onlyGenAiSpan(recording).attributes;
    expect(a['error.type']).toBe('404');
    expect(a['http.response.status_code']).toBe(404);
    expect(a['llmscope.api.version']).toBe('2020-10-01');
  });

  it('a call without such headers gets none of the attributes', async () => {
    recording = startRecording();
    await expect(openai().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }, replay('handmade-openai-chat-429'))).rejects.toThrow();
    await settle();
    const a = onlyGenAiSpan(recording).attributes;
    for (const k of ['llmscope.api.deprecation', 'llmscope.api.sunset', 'llmscope.api.version']) expect(a[k], k).toBeUndefined();
  });

  it('reads Headers and plain records, and caps hostile values at 512 characters', () => {
    expect(apiHeaderAttributes(new Headers({ Deprecation: 'true', 'OpenAI-Version': '2020-10-01' }))).toEqual({ 'llmscope.api.deprecation': 'true', 'llmscope.api.version': '2020-10-01' });
    expect(apiHeaderAttributes({ sunset: 'x'.repeat(100_000) })!['llmscope.api.sunset']).toHaveLength(512);
    expect(apiHeaderAttributes({ 'content-type': 'application/json' })).toBeUndefined();
    expect(apiHeaderAttributes(null)).toBeUndefined();
  });
});

describe('SDK deprecation warnings', () => {
  it("records the Anthropic SDK's deprecated-model warning; the app still sees it, console.warn is its own again", async () => {
    const printed: unknown[][] = [];
    const appWarn = (...args: unknown[]) => void printed.push(args);
    const before = console.warn;
    console.warn = appWarn;
    try {
      recording = startRecording();
      const client = new Anthropic({ baseURL: server.url, apiKey: 'test-key', maxRetries: 0 });
      await client.messages.create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 64, messages: TICKET }, replay('handmade-anthropic-cache-read'));
      expect(console.warn).toBe(appWarn);
    } finally {
      console.warn = before;
    }
    await settle();
    const warning = onlyGenAiSpan(recording).attributes['llmscope.sdk.deprecation_warning'];
    expect(warning).toMatch(/^The model 'claude-sonnet-4-5-20250929' is deprecated and will reach end-of-life on .+$/);
    expect(String(warning)).not.toContain('\n');
    expect(printed.map((args) => String(args[0]).split('\n')[0])).toEqual([warning]);
  });

  it('restores console.warn and process.emitWarning when the call throws, and nests', () => {
    const warn = console.warn;
    const emit = process.emitWarning;
    const outer: string[] = [];
    const inner: string[] = [];
    const quiet = () => {};
    console.warn = quiet;
    try {
      expect(() =>
        withDeprecationCapture(
          (t) => outer.push(t),
          () => {
            console.warn('model x is deprecated');
            withDeprecationCapture(
              (t) => inner.push(t),
              () => console.warn('inner: this API is Deprecated'),
            );
            console.warn('disk almost full');
            throw new Error('boom');
          },
        ),
      ).toThrow('boom');
      expect(console.warn).toBe(quiet);
    } finally {
      console.warn = warn;
    }
    expect(process.emitWarning).toBe(emit);
    expect(outer).toEqual(['model x is deprecated']);
    expect(inner).toEqual(['inner: this API is Deprecated']);
  });

  it('sees a DeprecationWarning emitted through process.emitWarning', () => {
    const got: string[] = [];
    const seen: unknown[] = [];
    const listener = (w: unknown) => void seen.push(w);
    process.on('warning', listener);
    try {
      withDeprecationCapture(
        (t) => got.push(t),
        () => process.emitWarning('client.old() will be removed', 'DeprecationWarning'),
      );
    } finally {
      process.off('warning', listener);
    }
    expect(got).toEqual(['deprecated: client.old() will be removed']);
  });
});
