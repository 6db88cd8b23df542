/**
 * Compatibility: apps instrumented with the libraries people already use call the local replay
 * server (a recorded OpenAI chat completion) with the real `openai` client or the real Vercel AI SDK
 * and export through the official OTLP exporters to a real collector on chdb. Each must come out as
 * one priced llm_calls row with the recorded model, tokens and content:
 * - OpenLLMetry (@traceloop/instrumentation-openai, content on: gen_ai.prompt.N / completion.N),
 * - OpenInference (@arizeai/openinference-instrumentation-openai: llm.* and input/output.value; also
 *   an embeddings call, an EMBEDDING span),
 * - the Vercel AI SDK's telemetry (`ai` + `@ai-sdk/openai`; @ai-sdk/otel's OpenTelemetry
 *   integration — GenAI semconv, an invoke_agent root span over the chat span — and its
 *   LegacyOpenTelemetry — ai.* attributes — through the deprecated experimental_telemetry option),
 * - our own @llmscope/instrumentation (node --import …/register, no code change), whose GenAI
 *   client histograms are stored in otel_metrics_histogram and shown by the overview's
 *   metrics-only panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import OpenAI from 'openai';
import { OpenAIInstrumentation as OpenLLMetryOpenAI } from '@traceloop/instrumentation-openai';
import { OpenAIInstrumentation as OpenInferenceOpenAI } from '@arizeai/openinference-instrumentation-openai';
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { LegacyOpenTelemetry, OpenTelemetry } from '@ai-sdk/otel';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { startReplayServer, type ReplayServer } from '../support/llm-replay-server.ts';
import { ensureInstrumentationBuilt } from '../../instrumentation/test/support/ensure-built.ts';
import { loadDashboards, allPanels } from '../dashboards/load.ts';
import { expandQuery } from '../../src/query/grafana-macros.ts';

const require = createRequire(import.meta.url);
const EXCHANGE = 'should-set-attributes-in-span-for-chat_1427850401';
const PROMPT = 'Tell me a joke about OpenTelemetry';
const JOKE = 'Why did the OpenTelemetry developer go broke? \n\nBecause they kept trying to trace their expenses!';
/** What the recorded response reports, and OpenAI's list price for gpt-3.5-turbo-0125 (USD per token). */
const RECORDED = { model: 'gpt-3.5-turbo', responseModel: 'gpt-3.5-turbo-0125', input: 15, output: 20 };
const PRICE = { input: 0.5e-6, output: 1.5e-6 };
/** A recorded embeddings exchange (OpenLLMetry's LlamaIndex test). */
const EMBEDDING_EXCHANGE = 'should-add-span-for-all-instrumented-methods_2883459899#1';
const EMBEDDING = { model: 'text-embedding-ada-002' };

let collector: RunningCollector;
let replay: ReplayServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-compat-apps-'));
  replay = await startReplayServer();
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: ['readability'], logLevel: 'error', flushIntervalMs: 50 });
}, 60_000);

afterAll(async () => {
  await collector?.close();
  await replay?.close();
  rmSync(dir, { recursive: true, force: true });
});

function tracerProvider(service: string): TracerProvider {
  return new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }) })],
  });
}

type Row = Record<string, unknown>;

async function callsOf(service: string): Promise<Row[]> {
  await collector.flush();
  return collector.store.query<Row>(
    `SELECT operation, provider, request_model, response_model, input_tokens, output_tokens, cost_usd, cost_source, input_text, output_text, convention, readability IS NOT NULL AS scored
     FROM llmscope.llm_calls WHERE service_name = {s:String} ORDER BY timestamp`,
    { s: service },
  );
}

function expectRecordedCall(row: Row | undefined, convention: string): void {
  expect(row).toMatchObject({
    operation: 'chat',
    provider: 'openai',
    request_model: RECORDED.model,
    response_model: RECORDED.responseModel,
    input_tokens: RECORDED.input,
    output_tokens: RECORDED.output,
    cost_source: 'table',
    convention,
    scored: 1,
  });
  expect(Number(row!.cost_usd)).toBeCloseTo(RECORDED.input * PRICE.input + RECORDED.output * PRICE.output, 12);
  expect(String(row!.input_text)).toContain(PROMPT);
  expect(row!.output_text).toBe(JOKE);
}

describe('OpenLLMetry (@traceloop/instrumentation-openai)', () => {
  it('stores the call with tokens, cost and content', async () => {
    const provider = tracerProvider('compat-openllmetry');
    const instrumentation = new OpenLLMetryOpenAI({ traceContent: true });
    instrumentation.setTracerProvider(provider);
    instrumentation.manuallyInstrument(OpenAI as never);
    try {
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: `${replay.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-replay-id': EXCHANGE } });
      const answer = await client.chat.completions.create({ model: RECORDED.model, messages: [{ role: 'user', content: PROMPT }] });
      expect(answer.choices[0]!.message.content).toBe(JOKE);
    } finally {
      instrumentation.disable();
      await provider.shutdown();
    }
    const calls = await callsOf('compat-openllmetry');
    expect(calls).toHaveLength(1);
    expectRecordedCall(calls[0], 'openllmetry');
  }, 60_000);
});

describe('OpenInference (@arizeai/openinference-instrumentation-openai)', () => {
  it('stores the call with tokens, cost and content', async () => {
    const provider = tracerProvider('compat-openinference');
    const instrumentation = new OpenInferenceOpenAI();
    instrumentation.setTracerProvider(provider);
    // its own copy of the openai module (the instrumentation supports openai < 7): patched directly
    const mod = require('openai-v6') as { OpenAI: typeof OpenAI };
    instrumentation.manuallyInstrument(mod as never);
    try {
      const client = new mod.OpenAI({ apiKey: 'sk-test', baseURL: `${replay.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-replay-id': EXCHANGE } });
      const answer = await client.chat.completions.create({ model: RECORDED.model, messages: [{ role: 'user', content: PROMPT }] });
      expect(answer.choices[0]!.message.content).toBe(JOKE);
    } finally {
      instrumentation.disable();
      await provider.shutdown();
    }
    const calls = await callsOf('compat-openinference');
    expect(calls).toHaveLength(1);
    expectRecordedCall(calls[0], 'openinference');
  }, 60_000);

  it('stores an embeddings call (EMBEDDING span) as a model call with its model, priced from the table', async () => {
    const provider = tracerProvider('compat-openinference-embed');
    const instrumentation = new OpenInferenceOpenAI();
    instrumentation.setTracerProvider(provider);
    const mod = require('openai-v6') as { OpenAI: typeof OpenAI };
    instrumentation.manuallyInstrument(mod as never);
    try {
      const client = new mod.OpenAI({ apiKey: 'sk-test', baseURL: `${replay.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-replay-id': EMBEDDING_EXCHANGE } });
      const r = await client.embeddings.create({ model: EMBEDDING.model, input: ['Where was albert einstein born?'], encoding_format: 'float' });
      expect(r.data[0]!.embedding).toHaveLength(1536);
    } finally {
      instrumentation.disable();
      await provider.shutdown();
    }
    const calls = await callsOf('compat-openinference-embed');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ operation: 'embeddings', provider: 'openai', request_model: EMBEDDING.model, cost_source: 'table', convention: 'openinference' });
    expect(String(calls[0]!.input_text)).toContain('Where was albert einstein born?');
    // This instrumentation (JS, 2.x) records no llm.token_count.* on EMBEDDING spans although the
    // response reports 8 prompt tokens: the call is stored and priced from the table, at 0 tokens.
    // (An EMBEDDING span that carries llm.token_count.prompt is priced by it: test/e2e/agents-guardrails.test.ts.)
    expect([calls[0]!.input_tokens, Number(calls[0]!.cost_usd)]).toEqual([0, 0]);
  }, 60_000);
});

describe('Vercel AI SDK telemetry (ai + @ai-sdk/openai + @ai-sdk/otel)', () => {
  const model = () => createOpenAI({ apiKey: 'sk-test', baseURL: `${replay.url}/v1`, headers: { 'x-replay-id': EXCHANGE } }).chat(RECORDED.model);

  it('OpenTelemetry integration (GenAI semconv): the chat call priced once; the invoke_agent root and its step in agent_spans', async () => {
    const provider = tracerProvider('compat-vercel-ai');
    try {
      const r = await generateText({ model: model(), prompt: PROMPT, telemetry: { functionId: 'joke', integrations: new OpenTelemetry({ tracer: provider.getTracer('ai') }) } });
      expect(r.text).toBe(JOKE);
    } finally {
      await provider.shutdown();
    }
    const calls = await callsOf('compat-vercel-ai');
    expect(calls).toHaveLength(1);
    expectRecordedCall(calls[0], 'semconv');
    // the root (invoke_agent, named by functionId) and its step span are agent spans, not calls
    const agents = await collector.store.query<Row>("SELECT operation, agent_name FROM llmscope.agent_spans WHERE service_name = 'compat-vercel-ai' ORDER BY operation");
    expect(agents).toEqual([
      { operation: 'agent_step', agent_name: '' },
      { operation: 'invoke_agent', agent_name: 'joke' },
    ]);
  }, 60_000);

  it('LegacyOpenTelemetry (ai.* attributes) through experimental_telemetry: one call, the wrappers not counted again', async () => {
    const provider = tracerProvider('compat-vercel-ai-legacy');
    try {
      const r = await generateText({ model: model(), prompt: PROMPT, experimental_telemetry: { functionId: 'joke', integrations: new LegacyOpenTelemetry({ tracer: provider.getTracer('ai') }) } });
      expect(r.text).toBe(JOKE);
    } finally {
      await provider.shutdown();
    }
    const calls = await callsOf('compat-vercel-ai-legacy');
    expect(calls).toHaveLength(1);
    expectRecordedCall(calls[0], 'vercel-ai');
  }, 60_000);
});

describe('our @llmscope/instrumentation sending metrics', () => {
  it('stores the GenAI client histograms in otel_metrics_histogram, and the overview shows them without traces', async () => {
    await ensureInstrumentationBuilt();
    const service = 'compat-llmscope-metrics';
    const child = spawn(process.execPath, ['--import', '@llmscope/instrumentation/register', 'plain.js'], {
      cwd: fileURLToPath(new URL('../../instrumentation/test/fixtures/esm-app/', import.meta.url)),
      env: { PATH: process.env.PATH ?? '', REPLAY_URL: replay.url, OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: service },
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    await collector.flush();
    const points = await collector.store.query<Row>(
      `SELECT MetricName, MetricUnit, Attributes['gen_ai.provider.name'] AS provider, Attributes['gen_ai.token.type'] AS type, Count, Sum, length(BucketCounts) AS buckets, AggregationTemporality
       FROM llmscope.otel_metrics_histogram WHERE ServiceName = {s:String} ORDER BY MetricName, provider, type`,
      { s: service },
    );
    const tokens = points.filter((p) => p.MetricName === 'gen_ai.client.token.usage').map((p) => [p.provider, p.type, Number(p.Sum)]);
    expect(tokens).toEqual([
      ['anthropic', 'input', 17],
      ['anthropic', 'output', 158],
      ['openai', 'input', 15],
      ['openai', 'output', 20],
    ]);
    const durations = points.filter((p) => p.MetricName === 'gen_ai.client.operation.duration');
    expect(durations.map((p) => [p.provider, Number(p.Count), p.MetricUnit])).toEqual([
      ['anthropic', 1, 's'],
      ['openai', 1, 's'],
    ]);
    expect(durations.every((p) => Number(p.buckets) === 15)).toBe(true);
    expect(points.filter((p) => p.MetricName === 'gen_ai.client.operation.time_to_first_chunk').map((p) => p.provider)).toEqual(['anthropic']);

    // The overview's metrics-only panel, expanded as Grafana would, on this collector's store.
    const overview = [...loadDashboards().values()].find((d) => d.dashboard.uid === 'llmscope-overview')!.dashboard;
    const panel = allPanels(overview).find((p) => p.title === 'By model (OTLP metrics)')!;
    const sql = expandQuery(panel.targets![0]!.rawSql, {
      from: new Date(Date.now() - 3600_000),
      to: new Date(Date.now() + 60_000),
      intervalMs: 60_000,
      variables: { service: [service], environment: '$__all', provider: '$__all', model: '$__all' },
      allValues: {},
    });
    const rows = await collector.store.query<Row>(sql);
    const openai = rows.find((r) => r.model === 'gpt-3.5-turbo')!;
    expect(openai).toMatchObject({ calls: 1, input_tokens: 15, output_tokens: 20 });
    expect(Number(openai.mean_duration)).toBeGreaterThan(0);
    expect(rows.find((r) => r.model === 'claude-3-opus-20240229')).toMatchObject({ calls: 1, input_tokens: 17, output_tokens: 158 });
    expect(Number(rows.find((r) => r.model === 'claude-3-opus-20240229')!.mean_time_to_first_chunk)).toBeGreaterThan(0);
  }, 120_000);
});
