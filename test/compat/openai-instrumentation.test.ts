/**
 * Compatibility: an app instrumented with the official @opentelemetry/instrumentation-openai
 * (content capture on) and openai 4, 5 and 6 — the versions it supports — calls the local replay
 * server (a recorded chat completion) and exports traces, logs and metrics with the official OTLP
 * exporters. The instrumentation puts prompts and completions in log records, not on the span:
 * llm_calls must show the messages (joined from the events) and their scores, and the client
 * operation-duration histogram must be stored in otel_metrics_histogram.
 *
 * The openai versions are installed side by side under npm aliases (openai-v4/-v5/-v6), so the
 * instrumentation's own patch function is applied to each module directly instead of through its
 * require hook (which matches the package name `openai` only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { startReplayServer, type ReplayServer } from '../support/llm-replay-server.ts';

const require = createRequire(import.meta.url);
const JOKE = 'Why did the OpenTelemetry developer go broke? \n\nBecause they kept trying to trace their expenses!';

let collector: RunningCollector;
let replay: ReplayServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-compat-openai-'));
  replay = await startReplayServer();
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: ['toxicity', 'readability', 'pii'], logLevel: 'error', flushIntervalMs: 50, eventWaitMs: 10_000 });
}, 60_000);

afterAll(async () => {
  await collector?.close();
  await replay?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface OpenAIModule {
  OpenAI: new (o: { apiKey: string; baseURL: string; defaultHeaders?: Record<string, string> }) => {
    chat: { completions: { create(p: unknown): Promise<{ choices: Array<{ message: { content: string } }> }> } };
  };
}

describe.each([4, 5, 6])('official @opentelemetry/instrumentation-openai with openai %i', (major) => {
  it('stores the call with its messages (from the events), scores, and the duration histogram', async () => {
    const service = `compat-openai-v${major}`;
    const resource = resourceFromAttributes({ 'service.name': service });
    const tracerProvider = new TracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }) })] });
    const loggerProvider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${collector.url}/v1/logs` }) })] });
    const meterProvider = new MeterProvider({
      resource,
      readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${collector.url}/v1/metrics` }), exportIntervalMillis: 60_000 })],
    });
    const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
    instrumentation.setTracerProvider(tracerProvider);
    instrumentation.setLoggerProvider(loggerProvider);
    instrumentation.setMeterProvider(meterProvider);
    const mod = require(`openai-v${major}`) as OpenAIModule;
    const version = (JSON.parse(readFileSync(join(dirname(require.resolve(`openai-v${major}`)), 'package.json'), 'utf8')) as { version: string }).version;
    expect(version.split('.')[0]).toBe(String(major));
    const definition = instrumentation.getModuleDefinitions()[0]!;
    definition.patch!(mod, version);
    try {
      const client = new mod.OpenAI({ apiKey: 'sk-test', baseURL: `${replay.url}/v1`, defaultHeaders: { 'x-replay-id': 'should-set-attributes-in-span-for-chat_1427850401' } });
      const answer = await client.chat.completions.create({ model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: 'Tell me a joke about OpenTelemetry' }] });
      expect(answer.choices[0]!.message.content).toBe(JOKE);
    } finally {
      definition.unpatch!(mod, version);
      await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
    }
    await collector.flush();

    const calls = await collector.store.query<Record<string, unknown>>(
      `SELECT provider, request_model, input_tokens, output_tokens, input_text, output_text, toxicity IS NOT NULL AS toxicity_scored, readability IS NOT NULL AS readability_scored, pii_count
       FROM llmscope.llm_calls WHERE service_name = {s:String}`,
      { s: service },
    );
    expect(calls).toEqual([
      {
        provider: 'openai',
        request_model: 'gpt-3.5-turbo',
        input_tokens: 15,
        output_tokens: 20,
        input_text: 'Tell me a joke about OpenTelemetry',
        output_text: JOKE,
        toxicity_scored: 1,
        readability_scored: 1,
        pii_count: 0,
      },
    ]);
    const [events] = await collector.store.query<{ n: number }>(
      "SELECT count() AS n FROM llmscope.otel_logs WHERE ServiceName = {s:String} AND LogAttributes['event.name'] IN ('gen_ai.user.message', 'gen_ai.choice')",
      { s: service },
    );
    expect(Number(events!.n)).toBe(2);
    const metrics = await collector.store.query<{ MetricName: string; Count: number }>(
      'SELECT MetricName, Count FROM llmscope.otel_metrics_histogram WHERE ServiceName = {s:String} ORDER BY MetricName',
      { s: service },
    );
    expect(metrics.map((m) => m.MetricName)).toContain('gen_ai.client.operation.duration');
    expect(metrics.every((m) => Number(m.Count) >= 1)).toBe(true);
  }, 60_000);
});
