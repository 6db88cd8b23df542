import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace';
import type { ResponseCacheOptions } from './cache/response-cache.ts';

/** Names of the provider SDK integrations this package ships. */
export type ProviderName = 'openai' | 'anthropic' | 'google-genai' | 'bedrock';
export const ALL_PROVIDERS: readonly ProviderName[] = ['openai', 'anthropic', 'google-genai', 'bedrock'];

/** Where a piece of captured text sits, given to the redaction hook. */
export interface RedactionTarget {
  /** The span attribute the text ends up in, e.g. `gen_ai.input.messages`. */
  attribute: string;
  /** The message role when the text belongs to a message. */
  role?: string;
}

export type RedactFn = (text: string, target: RedactionTarget) => string;

export interface LlmscopeOptions {
  /** service.name; default OTEL_SERVICE_NAME, then OTEL_RESOURCE_ATTRIBUTES, then `unknown_service:node`. */
  serviceName?: string;
  /** OTLP/HTTP base endpoint; `/v1/traces` and `/v1/metrics` are appended. Default OTEL_EXPORTER_OTLP_ENDPOINT or http://localhost:4318. */
  endpoint?: string;
  /** Extra headers for both exporters, merged over OTEL_EXPORTER_OTLP_HEADERS. */
  headers?: Record<string, string>;
  /** Extra resource attributes, merged over OTEL_RESOURCE_ATTRIBUTES. */
  resourceAttributes?: Record<string, string | number | boolean>;
  /** Record prompts and completions on spans. Default OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true, else false. */
  captureContent?: boolean;
  /** Upper bound, in UTF-16 code units, of each content attribute (JSON text). Default LLMSCOPE_MAX_CONTENT_LENGTH or 32768. */
  maxContentLength?: number;
  /** Called for every captured text (message text, tool arguments and results) before it is recorded. */
  redact?: RedactFn;
  /** Sampler for our own tracer provider. Default from OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (parentbased_always_on). */
  sampler?: Sampler;
  /** Use this tracer provider (e.g. your NodeSDK's) instead of creating one. */
  tracerProvider?: TracerProvider;
  /** Use this meter provider instead of creating one. */
  meterProvider?: MeterProvider;
  /**
   * Reuse the globally registered providers (e.g. after `new NodeSDK().start()`) instead of creating
   * ours. Default: reuse them automatically when they exist at init time.
   */
  useGlobalProviders?: boolean;
  /** Export metrics. Default: true unless OTEL_METRICS_EXPORTER=none. */
  metrics?: boolean;
  /** Metric export interval in ms. Default OTEL_METRIC_EXPORT_INTERVAL or 60000. */
  metricExportIntervalMillis?: number;
  /** Which provider SDKs to instrument. Default all, or LLMSCOPE_INSTRUMENTATIONS (comma-separated). */
  instrumentations?: ProviderName[];
  /**
   * Already-imported SDK modules to patch directly — for bundled apps where module hooks cannot see
   * the SDK, e.g. `{ openai: await import('openai') }`.
   */
  instrumentModules?: Partial<Record<ProviderName, unknown>>;
  /** Map extra OpenAI-compatible hosts to gen_ai.provider.name, e.g. `{ 'llm.internal:8000': 'vllm' }`. */
  openaiCompatibleProviders?: Record<string, string>;
  /** Turn everything off. Default OTEL_SDK_DISABLED=true. */
  disabled?: boolean;
  /** Opt-in response cache for identical deterministic requests (OpenAI, Anthropic; see README). Default off. */
  cache?: ResponseCacheOptions;
}

export interface ResolvedConfig {
  disabled: boolean;
  serviceName: string | undefined;
  tracesUrl: string;
  metricsUrl: string;
  headers: Record<string, string>;
  captureContent: boolean;
  maxContentLength: number;
  metrics: boolean;
  metricExportIntervalMillis: number;
  instrumentations: ProviderName[];
}

type Env = Record<string, string | undefined>;

const DEFAULT_ENDPOINT = 'http://localhost:4318';
const DEFAULT_MAX_CONTENT_LENGTH = 32_768;

export function isTruthyEnv(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes', 'on'].includes(value.trim().toLowerCase());
}

/** OTLP headers env format: comma-separated key=value pairs, values URL-encoded. */
export function parseKeyValueList(raw: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  if (!raw) return result;
  for (const pair of raw.split(',')) {
    const separator = pair.indexOf('=');
    if (separator <= 0) continue;
    const key = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    if (!key) continue;
    try {
      result[key] = decodeURIComponent(value);
    } catch {
      result[key] = value;
    }
  }
  return result;
}

function signalUrl(base: string, path: string): string {
  return base.endsWith('/') ? `${base}${path}` : `${base}/${path}`;
}

function positiveNumber(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

function parseProviderList(raw: string | undefined): ProviderName[] | undefined {
  if (!raw) return undefined;
  const wanted = raw.split(',').map((name) => name.trim().toLowerCase());
  return ALL_PROVIDERS.filter((name) => wanted.includes(name));
}

/** BatchSpanProcessor settings from OTEL_BSP_* (the v3 trace SDK no longer reads them itself). */
export interface BatchSettings {
  maxQueueSize?: number;
  scheduledDelayMillis?: number;
  maxExportBatchSize?: number;
  exportTimeoutMillis?: number;
}

export function batchSettingsFromEnv(env: Env = process.env): BatchSettings {
  const settings: BatchSettings = {};
  const maxQueueSize = positiveNumber(env.OTEL_BSP_MAX_QUEUE_SIZE);
  if (maxQueueSize !== undefined) settings.maxQueueSize = maxQueueSize;
  const scheduledDelayMillis = positiveNumber(env.OTEL_BSP_SCHEDULE_DELAY);
  if (scheduledDelayMillis !== undefined) settings.scheduledDelayMillis = scheduledDelayMillis;
  const maxExportBatchSize = positiveNumber(env.OTEL_BSP_MAX_EXPORT_BATCH_SIZE);
  if (maxExportBatchSize !== undefined) settings.maxExportBatchSize = maxExportBatchSize;
  const exportTimeoutMillis = positiveNumber(env.OTEL_BSP_EXPORT_TIMEOUT);
  if (exportTimeoutMillis !== undefined) settings.exportTimeoutMillis = exportTimeoutMillis;
  return settings;
}

export function resolveConfig(options: LlmscopeOptions = {}, env: Env = process.env): ResolvedConfig {
  const endpoint = options.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? DEFAULT_ENDPOINT;
  // A signal-specific env endpoint is used as-is (spec), but an explicit `endpoint` option wins over env.
  const tracesUrl =
    options.endpoint !== undefined
      ? signalUrl(endpoint, 'v1/traces')
      : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? signalUrl(endpoint, 'v1/traces');
  const metricsUrl =
    options.endpoint !== undefined
      ? signalUrl(endpoint, 'v1/metrics')
      : env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT ?? signalUrl(endpoint, 'v1/metrics');
  return {
    disabled: options.disabled ?? isTruthyEnv(env.OTEL_SDK_DISABLED),
    serviceName: options.serviceName ?? env.OTEL_SERVICE_NAME,
    tracesUrl,
    metricsUrl,
    headers: { ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS), ...options.headers },
    captureContent: options.captureContent ?? isTruthyEnv(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT),
    maxContentLength: options.maxContentLength ?? positiveNumber(env.LLMSCOPE_MAX_CONTENT_LENGTH) ?? DEFAULT_MAX_CONTENT_LENGTH,
    metrics: options.metrics ?? env.OTEL_METRICS_EXPORTER?.trim().toLowerCase() !== 'none',
    metricExportIntervalMillis:
      options.metricExportIntervalMillis ?? positiveNumber(env.OTEL_METRIC_EXPORT_INTERVAL) ?? 60_000,
    instrumentations: options.instrumentations ?? parseProviderList(env.LLMSCOPE_INSTRUMENTATIONS) ?? [...ALL_PROVIDERS],
  };
}
