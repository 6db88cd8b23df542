import { metrics, trace } from '@opentelemetry/api';
import { resolveConfig, type LlmscopeOptions, type ProviderName, type ResolvedConfig } from './config.ts';
import { installModuleHooks } from './hooks/module-hooks.ts';
import { reportInternalError, safely } from './internal/safety.ts';
import { ResponseCache } from './cache/response-cache.ts';
import { sendFeedback, type FeedbackInput, type FeedbackOutcome } from './feedback/record-feedback.ts';
import { drainPendingRecords } from './recording/deferred.ts';
import { createInstruments } from './recording/metrics.ts';
import { setActiveRuntime } from './recording/runtime.ts';
import { INSTRUMENTATIONS } from './providers/registry.ts';
import { ensureContextManager } from './telemetry/context-manager.ts';
import { createTelemetrySdk, type TelemetrySdk } from './telemetry/otel-sdk.ts';
import { PACKAGE_VERSION, SCOPE_NAME } from './version.ts';

export type { LlmscopeOptions, ProviderName, RedactFn, RedactionTarget } from './config.ts';
export { withAttributes, withPrompt, type CallAttributes, type PromptInfo } from './context-attributes.ts';
export { estimateTokens } from './recording/token-estimator.ts';
export { currentCallIds, withCallScope, type CallIds } from './recording/call-ids.ts';
export type { FeedbackInput, FeedbackOutcome, ReferenceFeedbackInput, ScoreFeedbackInput } from './feedback/record-feedback.ts';
export type { ResponseCacheOptions } from './cache/response-cache.ts';
export { ATTR, LLMSCOPE_ATTR, METRIC, OPERATION, PROVIDER } from '@llmscope/semconv';

/** What `init()` returns: the resolved settings and the lifecycle of what it set up. */
export interface LlmscopeHandle {
  /** False when OTEL_SDK_DISABLED / `disabled` turned everything off. */
  readonly enabled: boolean;
  readonly config: ResolvedConfig;
  /** Finish pending records and export everything recorded so far (only the providers this package created). */
  forceFlush(): Promise<void>;
  /** Stop recording and flush and shut down the providers this package created. */
  shutdown(): Promise<void>;
}

let current: LlmscopeHandle | undefined;

function disabledHandle(config: ResolvedConfig): LlmscopeHandle {
  return {
    enabled: false,
    config,
    async forceFlush() {},
    async shutdown() {
      current = undefined;
    },
  };
}

function patchGivenModules(modules: Partial<Record<ProviderName, unknown>> | undefined, enabled: readonly ProviderName[]): void {
  for (const [provider, moduleExports] of Object.entries(modules ?? {})) {
    const instrumentation = INSTRUMENTATIONS.find((candidate) => candidate.provider === provider);
    if (!instrumentation || !enabled.includes(instrumentation.provider)) continue;
    safely(`patch ${provider}`, () => instrumentation.patch(moduleExports), false);
  }
}

function flushOnExit(pipeline: TelemetrySdk): void {
  if (!pipeline.ownsTracerProvider && !pipeline.ownsMeterProvider) return;
  // beforeExit fires when the event loop drains (not on process.exit() or signals): flush what is queued.
  process.once('beforeExit', () => {
    if (current) void current.shutdown();
  });
}

/**
 * Starts recording LLM calls: sets up (or adopts) the tracer and meter providers, then patches the
 * provider SDKs as they are loaded. Calling it again returns the first handle.
 */
export function init(options: LlmscopeOptions = {}): LlmscopeHandle {
  if (current) return current;
  const config = resolveConfig(options);
  if (config.disabled) {
    current = disabledHandle(config);
    return current;
  }
  ensureContextManager();
  const pipeline = createTelemetrySdk(config, options);
  const meter = pipeline.meterProvider.getMeter(SCOPE_NAME, PACKAGE_VERSION);
  setActiveRuntime({
    tracer: pipeline.tracerProvider.getTracer(SCOPE_NAME, PACKAGE_VERSION),
    instruments: createInstruments(meter),
    captureContent: config.captureContent,
    maxContentLength: config.maxContentLength,
    redact: options.redact,
    responseCache: options.cache ? new ResponseCache(options.cache) : undefined,
    openaiCompatibleProviders: Object.fromEntries(
      Object.entries(options.openaiCompatibleProviders ?? {}).map(([host, provider]) => [host.toLowerCase(), provider]),
    ),
  });
  installModuleHooks(INSTRUMENTATIONS.filter((instrumentation) => config.instrumentations.includes(instrumentation.provider)));
  patchGivenModules(options.instrumentModules, config.instrumentations);

  const handle: LlmscopeHandle = {
    enabled: true,
    config,
    async forceFlush() {
      drainPendingRecords();
      await pipeline.forceFlush();
    },
    async shutdown() {
      if (current !== handle) return;
      current = undefined;
      drainPendingRecords();
      setActiveRuntime(undefined);
      try {
        await pipeline.shutdown();
      } catch (error) {
        reportInternalError('shutdown', error);
      }
      // Let a later init() register fresh providers of its own.
      if (pipeline.ownsTracerProvider) trace.disable();
      if (pipeline.ownsMeterProvider) metrics.disable();
    },
  };
  current = handle;
  flushOnExit(pipeline);
  return handle;
}

/** The handle of the running instrumentation, if `init()` (or the register entry) started it. */
export function getInstrumentation(): LlmscopeHandle | undefined {
  return current;
}

/** Flushes and shuts down what `init()` set up; a no-op when nothing is running. */
export async function shutdown(): Promise<void> {
  await current?.shutdown();
}

/**
 * Sends human feedback on an LLM call (ids from `currentCallIds()`) to the collector's
 * `/api/v1/feedback`, next to the OTLP endpoint and with the export headers. Never throws.
 */
export function recordFeedback(input: FeedbackInput): Promise<FeedbackOutcome> {
  return sendFeedback(input, current?.config);
}
