/**
 * In-process recording for instrumentation tests: the real OTel SDK with in-memory span export
 * and an on-demand metric reader, handed to `init()` as the app's own providers.
 */
import { trace, type Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type HistogramMetricData,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import * as anthropicModule from '@anthropic-ai/sdk';
import * as openaiModule from 'openai';
import { init, type LlmscopeHandle, type LlmscopeOptions } from '../../src/index.ts';
import { drainPendingRecords } from '../../src/recording/deferred.ts';

class CollectingMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface HistogramPoint {
  attributes: Attributes;
  count: number;
  sum: number;
  boundaries: number[];
}

export interface Recording {
  handle: LlmscopeHandle;
  spans(): ReadableSpan[];
  /** Spans of GenAI operations (those with gen_ai.operation.name). */
  genAiSpans(): ReadableSpan[];
  histogram(name: string): Promise<HistogramPoint[]>;
  metricNames(): Promise<string[]>;
  stop(): Promise<void>;
}

async function collect(reader: CollectingMetricReader): Promise<MetricData[]> {
  drainPendingRecords();
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
}

export interface RecordingSetup {
  /** Also register the tracer provider globally (as an app with its own OTel SDK would). */
  registerGlobalTracerProvider?: boolean;
}

/** Starts recording with our instrumentation patched into the real openai and @anthropic-ai/sdk modules. */
export function startRecording(options: LlmscopeOptions = {}, setup: RecordingSetup = {}): Recording {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  if (setup.registerGlobalTracerProvider) trace.setGlobalTracerProvider(tracerProvider);
  const reader = new CollectingMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const handle = init({
    tracerProvider,
    meterProvider,
    ...options,
    instrumentModules: { openai: openaiModule, anthropic: anthropicModule, ...options.instrumentModules },
  });
  return {
    handle,
    // Spans end in a batch right after the call (recording/deferred.ts): finish that batch first.
    spans: () => {
      drainPendingRecords();
      return exporter.getFinishedSpans();
    },
    genAiSpans: () => {
      drainPendingRecords();
      return exporter.getFinishedSpans().filter((span) => span.attributes['gen_ai.operation.name'] !== undefined);
    },
    async histogram(name) {
      const metric = (await collect(reader)).find((candidate) => candidate.descriptor.name === name);
      if (!metric) return [];
      if (metric.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
      return (metric as HistogramMetricData).dataPoints.map((point) => ({
        attributes: point.attributes,
        count: point.value.count,
        sum: point.value.sum ?? 0,
        boundaries: point.value.buckets.boundaries,
      }));
    },
    async metricNames() {
      return (await collect(reader)).map((metric) => metric.descriptor.name);
    },
    async stop() {
      await handle.shutdown();
      if (setup.registerGlobalTracerProvider) trace.disable();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
}

/** The single GenAI span of a test, failing loudly when there is not exactly one. */
export function onlyGenAiSpan(recording: Recording): ReadableSpan {
  const spans = recording.genAiSpans();
  if (spans.length !== 1) throw new Error(`expected 1 GenAI span, got ${spans.length}: ${spans.map((span) => span.name).join(', ')}`);
  return spans[0]!;
}

/** Spans end when the stream's last read resolves; give pending microtasks a turn. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
