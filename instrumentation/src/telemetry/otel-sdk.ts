import { metrics, trace, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { MeterProvider as SdkMeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider as SdkTracerProvider } from '@opentelemetry/sdk-trace';
import { batchSettingsFromEnv, type LlmscopeOptions, type ResolvedConfig } from '../config.ts';
import { samplerFromEnv } from './sampler.ts';

/** The tracer and meter providers the instrumentation records to, and whether it owns them. */
export interface TelemetrySdk {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  ownsTracerProvider: boolean;
  ownsMeterProvider: boolean;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

interface Flushable {
  forceFlush?: () => Promise<unknown>;
  shutdown?: () => Promise<unknown>;
}

/** The API's stand-ins when nothing is registered: recording to them would silently drop everything. */
function isNoopProvider(provider: unknown): boolean {
  const name = (provider as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  return name === 'NoopTracerProvider' || name === 'NoopMeterProvider';
}

export function registeredGlobalTracerProvider(): TracerProvider | undefined {
  const provider = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
  return isNoopProvider(delegate) ? undefined : provider;
}

export function registeredGlobalMeterProvider(): MeterProvider | undefined {
  const provider = metrics.getMeterProvider();
  return isNoopProvider(provider) ? undefined : provider;
}

function buildResource(config: ResolvedConfig, options: LlmscopeOptions): Resource {
  // envDetector reads OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME (which wins over the former).
  let resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  const explicit: Record<string, string | number | boolean> = { ...options.resourceAttributes };
  if (options.serviceName !== undefined) explicit['service.name'] = options.serviceName;
  if (Object.keys(explicit).length > 0) resource = resource.merge(resourceFromAttributes(explicit));
  return resource;
}

export function createTelemetrySdk(config: ResolvedConfig, options: LlmscopeOptions): TelemetrySdk {
  const reuseGlobals = options.useGlobalProviders ?? true;
  let resource: Resource | undefined;
  const resourceOnce = () => (resource ??= buildResource(config, options));

  let tracerProvider = options.tracerProvider ?? (reuseGlobals ? registeredGlobalTracerProvider() : undefined);
  const ownsTracerProvider = tracerProvider === undefined;
  if (!tracerProvider) {
    const exporter = new OTLPTraceExporter({ url: config.tracesUrl, headers: config.headers });
    const provider = new SdkTracerProvider({
      resource: resourceOnce(),
      sampler: options.sampler ?? samplerFromEnv(),
      // Bounded queue (OTEL_BSP_MAX_QUEUE_SIZE, default 2048): an unreachable collector drops spans, never blocks.
      spanProcessors: [new BatchSpanProcessor({ exporter, ...batchSettingsFromEnv() })],
    });
    // One pipeline for the app's own spans too; a provider registered earlier is reused above.
    trace.setGlobalTracerProvider(provider);
    tracerProvider = provider;
  }

  let meterProvider = options.meterProvider ?? (reuseGlobals ? registeredGlobalMeterProvider() : undefined);
  const ownsMeterProvider = meterProvider === undefined;
  if (!meterProvider) {
    const readers = config.metrics
      ? [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: config.metricsUrl, headers: config.headers }),
            exportIntervalMillis: config.metricExportIntervalMillis,
          }),
        ]
      : [];
    const provider = new SdkMeterProvider({ resource: resourceOnce(), readers });
    metrics.setGlobalMeterProvider(provider);
    meterProvider = provider;
  }

  const owned = [ownsTracerProvider ? tracerProvider : undefined, ownsMeterProvider ? meterProvider : undefined].filter(
    (provider): provider is TracerProvider | MeterProvider => provider !== undefined,
  ) as Flushable[];

  return {
    tracerProvider,
    meterProvider,
    ownsTracerProvider,
    ownsMeterProvider,
    async forceFlush() {
      await Promise.allSettled(owned.map((provider) => provider.forceFlush?.()));
    },
    async shutdown() {
      await Promise.allSettled(owned.map((provider) => provider.shutdown?.()));
    },
  };
}
