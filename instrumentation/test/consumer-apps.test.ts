/**
 * ESM and CommonJS apps (fixtures/) started as child processes in every supported way, with
 * @llmscope/instrumentation resolved through node_modules (the built package), exporting OTLP/HTTP
 * protobuf to a receiver started here. The apps call the replay server with the real SDKs.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DURATION_BUCKETS, TOKEN_USAGE_BUCKETS } from '@llmscope/semconv';
import { startReplayServer, type ReplayServer } from '../../test/support/llm-replay-server.ts';
import { ensureInstrumentationBuilt } from './support/ensure-built.ts';
import { startOtlpReceiver, type OtlpReceiver } from './support/otlp-receiver.ts';

let replay: ReplayServer;
/** Bedrock's client speaks HTTP/2. */
let replayHttp2: ReplayServer;

beforeAll(async () => {
  await ensureInstrumentationBuilt();
  replay = await startReplayServer();
  replayHttp2 = await startReplayServer(undefined, { http2: true });
}, 120_000);
afterAll(async () => {
  await replay.close();
  await replayHttp2.close();
});

interface AppRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  receiver: OtlpReceiver;
}

const EXPECTED_OUTPUT = {
  openai: 'Why did the OpenTelemetry developer go broke? \n\nBecause they kept trying to trace their expenses!',
  anthropicCharacters: 697,
};

async function runApp(app: 'esm-app' | 'cjs-app', args: string[], env: Record<string, string> = {}): Promise<AppRun> {
  const receiver = await startOtlpReceiver();
  const child = spawn(process.execPath, args, {
    cwd: fileURLToPath(new URL(`./fixtures/${app}/`, import.meta.url)),
    env: {
      PATH: process.env.PATH ?? '',
      REPLAY_URL: replay.url,
      REPLAY_HTTP2_URL: replayHttp2.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_SERVICE_NAME: `fixture-${app}`,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=test',
      ...env,
    },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  await receiver.close();
  return { exitCode, stdout, stderr, receiver };
}

function expectInstrumented(run: AppRun, app: string, extraAttributes: Record<string, unknown> = {}) {
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(EXPECTED_OUTPUT);
  expect(new Set(run.receiver.exports.map((received) => `${received.path} ${received.contentType}`))).toEqual(
    new Set(['/v1/traces application/x-protobuf', '/v1/metrics application/x-protobuf']),
  );

  const spans = run.receiver.spans();
  expect(spans.map(({ scope, span }) => `${scope} ${span.name}`)).toEqual([
    '@llmscope/instrumentation chat gpt-3.5-turbo',
    '@llmscope/instrumentation chat claude-3-opus-20240229',
  ]);
  const [openai, anthropic] = spans;
  expect(openai?.resource['service.name']).toBe(`fixture-${app}`);
  expect(openai?.resource['deployment.environment']).toBe('test');
  expect(openai?.span.kind).toBe(3);
  expect(openai?.span.attributes).toMatchObject({
    'gen_ai.provider.name': 'openai',
    'gen_ai.response.model': 'gpt-3.5-turbo-0125',
    'gen_ai.usage.input_tokens': 15,
    'gen_ai.usage.output_tokens': 20,
    ...extraAttributes,
  });
  expect(anthropic?.span.attributes).toMatchObject({
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.stream': true,
    'gen_ai.response.finish_reasons': ['end_turn'],
    'gen_ai.usage.input_tokens': 17,
    'gen_ai.usage.output_tokens': 158,
    ...extraAttributes,
  });
  expect(anthropic?.span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);

  const histograms = run.receiver.histograms();
  const byName = new Map(histograms.map((histogram) => [histogram.name, histogram]));
  expect([...byName.keys()].sort()).toEqual(['gen_ai.client.operation.duration', 'gen_ai.client.operation.time_to_first_chunk', 'gen_ai.client.token.usage']);
  expect(byName.get('gen_ai.client.operation.duration')?.unit).toBe('s');
  expect(byName.get('gen_ai.client.operation.duration')?.points.map((point) => point.explicitBounds)).toEqual([DURATION_BUCKETS, DURATION_BUCKETS]);
  expect(byName.get('gen_ai.client.operation.time_to_first_chunk')?.points.map((point) => [point.attributes['gen_ai.provider.name'], point.count])).toEqual([['anthropic', 1]]);
  const usage = byName.get('gen_ai.client.token.usage');
  expect(usage?.unit).toBe('{token}');
  expect(usage?.points.every((point) => JSON.stringify(point.explicitBounds) === JSON.stringify(TOKEN_USAGE_BUCKETS))).toBe(true);
  expect(usage?.points.map((point) => [point.attributes['gen_ai.provider.name'], point.attributes['gen_ai.token.type'], point.sum])).toEqual([
    ['openai', 'input', 15],
    ['openai', 'output', 20],
    ['anthropic', 'input', 17],
    ['anthropic', 'output', 158],
  ]);
  expect(usage?.resource['service.name']).toBe(`fixture-${app}`);
}

describe('ESM app', () => {
  it('node --import @llmscope/instrumentation/register (no code change)', async () => {
    expectInstrumented(await runApp('esm-app', ['--import', '@llmscope/instrumentation/register', 'plain.js']), 'esm-app');
  });

  it("import '@llmscope/instrumentation/register' as the first static import, with withAttributes/withPrompt", async () => {
    expectInstrumented(await runApp('esm-app', ['first-import.js']), 'esm-app', {
      'user.id': 'fixture-user',
      'llmscope.prompt.name': 'fixture-prompt',
      'llmscope.prompt.version': '2',
    });
  });

  it('--import also covers @google/genai and @aws-sdk/client-bedrock-runtime (a CommonJS-only package imported from ESM)', async () => {
    const run = await runApp('esm-app', ['--import', '@llmscope/instrumentation/register', 'other-providers.js']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      gemini: 'The sky looks blue because air molecules scatter short blue wavelengths of sunlight far more than red ones.',
      bedrock: 'The capital of France is Paris.',
    });
    expect(run.receiver.spans().map(({ span }) => [span.name, span.attributes['gen_ai.provider.name'], span.attributes['gen_ai.usage.input_tokens'], span.attributes['gen_ai.usage.output_tokens']])).toEqual([
      ['generate_content gemini-2.5-flash', 'gcp.gemini', 18, 46],
      ['chat anthropic.claude-3-haiku-20240307-v1:0', 'aws.bedrock', 1038, 10],
    ]);
  });

  it('exports nothing and behaves the same with OTEL_SDK_DISABLED=true', async () => {
    const run = await runApp('esm-app', ['--import', '@llmscope/instrumentation/register', 'plain.js'], { OTEL_SDK_DISABLED: 'true' });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(EXPECTED_OUTPUT);
    expect(run.receiver.exports).toEqual([]);
  });
});

describe('CommonJS app', () => {
  it("require('@llmscope/instrumentation/register') as the first require, with withAttributes", async () => {
    expectInstrumented(await runApp('cjs-app', ['first-require.js']), 'cjs-app', { 'user.id': 'fixture-user' });
  });

  it('node --require @llmscope/instrumentation/register (no code change)', async () => {
    expectInstrumented(await runApp('cjs-app', ['--require', '@llmscope/instrumentation/register', 'plain.js']), 'cjs-app');
  });

  it('node --import @llmscope/instrumentation/register (no code change)', async () => {
    expectInstrumented(await runApp('cjs-app', ['--import', '@llmscope/instrumentation/register', 'plain.js']), 'cjs-app');
  });
});
