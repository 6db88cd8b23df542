/**
 * Configuration from options and OTEL_* env vars, and the small pure parts: provider recognition,
 * content capping, the token estimator, preload detection.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchSettingsFromEnv, parseKeyValueList, resolveConfig } from '../src/config.ts';
import { preloadedFromCommandLine } from '../src/hooks/static-imports.ts';
import { openaiCompatibleProvider } from '../src/providers/openai/provider-name.ts';
import { serializeCapped } from '../src/recording/content.ts';
import { errorType } from '../src/recording/errors.ts';
import { estimateChatInputTokens, estimateTokens } from '../src/recording/token-estimator.ts';
import { DURATION_BUCKETS, METRIC, TOKEN_USAGE_BUCKETS } from '@llmscope/semconv';
import { samplerFromEnv } from '../src/telemetry/sampler.ts';
import { PACKAGE_VERSION } from '../src/version.ts';

describe('resolveConfig', () => {
  it('defaults: localhost:4318, content off, metrics on, every provider', () => {
    expect(resolveConfig({}, {})).toEqual({
      disabled: false,
      serviceName: undefined,
      tracesUrl: 'http://localhost:4318/v1/traces',
      metricsUrl: 'http://localhost:4318/v1/metrics',
      headers: {},
      captureContent: false,
      maxContentLength: 32768,
      metrics: true,
      metricExportIntervalMillis: 60000,
      instrumentations: ['openai', 'anthropic', 'google-genai', 'bedrock'],
    });
  });

  it('reads the standard env vars', () => {
    const config = resolveConfig({}, {
      OTEL_SERVICE_NAME: 'checkout',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces.example/custom/path',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-tenant=acme',
      OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
      LLMSCOPE_MAX_CONTENT_LENGTH: '1000',
      LLMSCOPE_INSTRUMENTATIONS: 'anthropic, openai',
    });
    expect(config.serviceName).toBe('checkout');
    expect(config.tracesUrl).toBe('http://traces.example/custom/path');
    expect(config.metricsUrl).toBe('http://collector:4318/v1/metrics');
    expect(config.headers).toEqual({ authorization: 'Bearer abc', 'x-tenant': 'acme' });
    expect(config.captureContent).toBe(true);
    expect(config.metrics).toBe(false);
    expect(config.metricExportIntervalMillis).toBe(5000);
    expect(config.maxContentLength).toBe(1000);
    expect(config.instrumentations).toEqual(['openai', 'anthropic']);
  });

  it('lets options win over env, and OTEL_SDK_DISABLED turn everything off', () => {
    const config = resolveConfig(
      { endpoint: 'https://llmscope.internal', serviceName: 'api', captureContent: false, headers: { 'x-tenant': 'beta' } },
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://ignored', OTEL_SERVICE_NAME: 'env-name', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', OTEL_EXPORTER_OTLP_HEADERS: 'x-tenant=acme' },
    );
    expect(config.tracesUrl).toBe('https://llmscope.internal/v1/traces');
    expect(config.serviceName).toBe('api');
    expect(config.captureContent).toBe(false);
    expect(config.headers).toEqual({ 'x-tenant': 'beta' });
    expect(resolveConfig({}, { OTEL_SDK_DISABLED: 'true' }).disabled).toBe(true);
    expect(resolveConfig({}, { OTEL_SDK_DISABLED: 'false' }).disabled).toBe(false);
  });

  it('reads the batch span processor settings (OTEL_BSP_*)', () => {
    expect(batchSettingsFromEnv({})).toEqual({});
    expect(batchSettingsFromEnv({ OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_SCHEDULE_DELAY: '250', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '50', OTEL_BSP_EXPORT_TIMEOUT: '3000' })).toEqual({
      maxQueueSize: 100,
      scheduledDelayMillis: 250,
      maxExportBatchSize: 50,
      exportTimeoutMillis: 3000,
    });
    expect(batchSettingsFromEnv({ OTEL_BSP_MAX_QUEUE_SIZE: 'lots' })).toEqual({});
  });

  it('parses OTLP header lists leniently', () => {
    expect(parseKeyValueList(' a = 1 , broken, =x, b=%E2%9C%93 ')).toEqual({ a: '1', b: '✓' });
  });
});

describe('samplerFromEnv', () => {
  it('follows OTEL_TRACES_SAMPLER and its argument', () => {
    expect(samplerFromEnv({}).toString()).toMatch(/ParentBased\{root=AlwaysOnSampler/);
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }).toString()).toBe('AlwaysOffSampler');
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' }).toString()).toBe('TraceIdRatioBased{0.25}');
    expect(samplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'nonsense' }).toString()).toMatch(/root=TraceIdRatioBased\{1\}/);
  });
});

describe('OpenAI-compatible provider recognition', () => {
  const cases: Array<[string, string]> = [
    ['https://api.openai.com/v1', 'openai'],
    ['https://my-resource.openai.azure.com/openai', 'azure.ai.openai'],
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.together.xyz/v1', 'together_ai'],
    ['https://api.mistral.ai/v1', 'mistral_ai'],
    ['https://api.deepseek.com', 'deepseek'],
    ['http://localhost:11434/v1', 'ollama'],
    ['http://ollama.internal/v1', 'ollama'],
    ['http://vllm-gpu-1:8000/v1', 'vllm'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.x.ai/v1', 'x_ai'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'gcp.gemini'],
    ['http://10.0.0.5:8000/v1', 'openai'],
  ];
  for (const [baseUrl, provider] of cases) {
    it(`${baseUrl} → ${provider}`, () => {
      const url = new URL(baseUrl);
      const server = { address: url.hostname, port: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443 };
      expect(openaiCompatibleProvider(server, false, {})).toBe(provider);
    });
  }
  it('uses user mappings first and the Azure client flag', () => {
    expect(openaiCompatibleProvider({ address: '10.0.0.5', port: 8000 }, false, { '10.0.0.5:8000': 'vllm' })).toBe('vllm');
    expect(openaiCompatibleProvider({ address: 'proxy.local', port: 443 }, true, {})).toBe('azure.ai.openai');
  });
});

describe('serializeCapped', () => {
  const messages = [
    { role: 'user', parts: [{ type: 'text', content: 'a'.repeat(500) }] },
    { role: 'assistant', parts: [{ type: 'text', content: 'short' }] },
  ];
  it('keeps content under the cap as-is', () => {
    expect(serializeCapped(messages, 10_000)).toEqual({ json: JSON.stringify(messages), truncated: false });
  });
  it('shortens the longest strings first and stays valid JSON', () => {
    const { json, truncated } = serializeCapped(messages, 200);
    expect(truncated).toBe(true);
    expect(json.length).toBeLessThanOrEqual(200);
    const parsed = JSON.parse(json) as typeof messages;
    expect(parsed[1]?.parts[0]?.content).toBe('short');
    expect(parsed[0]?.parts[0]?.content.endsWith('…')).toBe(true);
  });
  it('drops the oldest messages when even empty strings do not fit', () => {
    const many = Array.from({ length: 20 }, (_, index) => ({ role: 'user', parts: [{ type: 'text', content: `message ${index}` }] }));
    const { json } = serializeCapped(many, 120);
    const kept = JSON.parse(json) as unknown[];
    expect(json.length).toBeLessThanOrEqual(120);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(20);
  });
});

describe('token estimator', () => {
  it('approximates BPE counts for prose, long words, numbers, CJK and punctuation', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('Tell me a joke about OpenTelemetry')).toBe(8);
    expect(estimateTokens('Why did the OpenTelemetry developer go broke? \n\nBecause they kept trying to trace their expenses!')).toBe(21);
    expect(estimateTokens('1234567')).toBe(3);
    expect(estimateTokens('東京タワー')).toBe(5);
    expect(estimateTokens('**bold**')).toBe(3);
    expect(estimateChatInputTokens(['Tell me a joke about OpenTelemetry'])).toBe(15);
  });
});

describe('error.type', () => {
  it('classifies HTTP, timeout, abort and other errors', () => {
    class APIConnectionTimeoutError extends Error {}
    class APIUserAbortError extends Error {}
    class RateLimitError extends Error {
      status = 429;
    }
    expect(errorType(new RateLimitError('slow down'))).toBe('429');
    expect(errorType(new APIConnectionTimeoutError())).toBe('timeout');
    expect(errorType(new APIUserAbortError())).toBe('cancelled');
    expect(errorType(Object.assign(new Error('x'), { $metadata: { httpStatusCode: 503 } }))).toBe('503');
    expect(errorType(new TypeError('bad'))).toBe('TypeError');
    expect(errorType(new Error('plain'))).toBe('_OTHER');
  });
});

describe('preload detection', () => {
  it('recognises --import/--require of the register entry, by name or path, in execArgv or NODE_OPTIONS', () => {
    expect(preloadedFromCommandLine(['--import', '@llmscope/instrumentation/register'], '')).toBe(true);
    expect(preloadedFromCommandLine(['--import=@llmscope/instrumentation/register'], '')).toBe(true);
    expect(preloadedFromCommandLine([], '--require @llmscope/instrumentation/register')).toBe(true);
    expect(preloadedFromCommandLine(['--import', './node_modules/@llmscope/instrumentation/dist/register.js'], '')).toBe(true);
    expect(preloadedFromCommandLine(['--import', 'tsx'], '--max-old-space-size=4096')).toBe(false);
  });
});

describe('constants', () => {
  it('uses the semconv metric names and bucket boundaries', () => {
    expect(METRIC).toEqual({
      TOKEN_USAGE: 'gen_ai.client.token.usage',
      OPERATION_DURATION: 'gen_ai.client.operation.duration',
      TIME_TO_FIRST_CHUNK: 'gen_ai.client.operation.time_to_first_chunk',
      TIME_PER_OUTPUT_CHUNK: 'gen_ai.client.operation.time_per_output_chunk',
    });
    expect(TOKEN_USAGE_BUCKETS).toEqual([1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864]);
    expect(DURATION_BUCKETS).toEqual([0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]);
  });
  it('reports the package version as the scope version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(PACKAGE_VERSION).toBe(manifest.version);
  });
});
