/**
 * Real OTLP logs and metrics payloads: the official OpenTelemetry JS SDK records a fixed set of
 * log records and metric points, and the official serializers (@opentelemetry/otlp-transformer,
 * the code inside the OTLP exporters) encode them as protobuf and JSON. The SDK's own copies are
 * returned alongside so tests can compare field by field.
 */
import { ROOT_CONTEXT, SeverityNumber, TraceFlags, ValueType, trace, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
  type ResourceMetrics,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import { JsonLogsSerializer, JsonMetricsSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import type { LogRecord } from '../../src/otlp/log-types.ts';
import type { Metric, MetricData as DecodedData } from '../../src/otlp/metric-types.ts';
import { expectedAttributes, hrTimeToNanos } from './sdk-fixture.ts';

export const RESOURCE = resourceFromAttributes(
  { 'service.name': 'otlp-logs-metrics-test', 'service.version': '4.5.6', 'host.cpu.count': 2 },
  { schemaUrl: 'https://opentelemetry.io/schemas/1.37.0' },
);

function at(secondsAfterBase: number, nanos: number): HrTime {
  return [1_760_000_000 + secondsAfterBase, nanos];
}

export interface LogPayloads {
  records: ReadableLogRecord[];
  protobuf: Uint8Array;
  json: Uint8Array;
}

export async function produceLogs(): Promise<LogPayloads> {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource: RESOURCE, processors: [new SimpleLogRecordProcessor({ exporter: memory })] });
  emitLogs(provider);
  await provider.forceFlush();
  const records = memory.getFinishedLogRecords().slice();
  await provider.shutdown();
  return {
    records,
    protobuf: ProtobufLogsSerializer.serializeRequest(records)!,
    json: JsonLogsSerializer.serializeRequest(records)!,
  };
}

/** The fixed set of log records (on two loggers of `provider`). */
export function emitLogs(provider: LoggerProvider): void {
  const logger = provider.getLogger('llmscope-logs-test', '0.3.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.36.0' });
  const other = provider.getLogger('second-scope');
  const spanCtx = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  });
  // One record per body AnyValue type, plus the GenAI event shape the OpenAI instrumentation emits.
  logger.emit({ timestamp: at(0, 123_456_789), observedTimestamp: at(0, 223_456_789), severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'plain text body', attributes: { 'code.line': 42 }, context: spanCtx });
  logger.emit({ timestamp: at(1, 1), severityNumber: SeverityNumber.ERROR2, body: 123456789012, attributes: { 'test.bool': true } });
  logger.emit({ timestamp: at(1, 2), severityNumber: SeverityNumber.FATAL4, body: 2.5 });
  logger.emit({ timestamp: at(1, 3), body: false });
  logger.emit({ timestamp: at(1, 4), body: new Uint8Array([0, 1, 254, 255]) });
  logger.emit({ timestamp: at(1, 5), body: ['a', 1, true, 0.5, ['nested']] });
  logger.emit({
    timestamp: at(1, 6),
    eventName: 'gen_ai.user.message',
    severityNumber: SeverityNumber.INFO,
    body: { content: 'What is the capital of France? héllo 你好 🎉', role: 'user', nested: { deep: [1, { k: 'v' }] } },
    attributes: { 'gen_ai.system': 'openai', 'gen_ai.provider.name': 'openai' },
    context: spanCtx,
  });
  logger.emit({ timestamp: at(1, 7) }); // no body at all
  other.emit({ timestamp: at(2, 0), severityNumber: SeverityNumber.DEBUG, body: 'other scope', attributes: { 'test.map': { a: 1, b: [true] }, 'test.array': [1, 2, 3] } });
}

/** The decoded form of one SDK log record. */
export function expectedLogRecord(r: ReadableLogRecord): LogRecord {
  const body = r.body === undefined ? null : expectedAttributes({ v: r.body as never }).v!;
  return {
    timeUnixNano: hrTimeToNanos(r.hrTime),
    observedTimeUnixNano: hrTimeToNanos(r.hrTimeObserved),
    severityNumber: r.severityNumber ?? 0,
    severityText: r.severityText ?? '',
    body,
    attributes: expectedAttributes(r.attributes as Record<string, unknown>),
    droppedAttributesCount: r.droppedAttributesCount,
    flags: r.spanContext?.traceFlags ?? 0,
    traceId: r.spanContext?.traceId ?? '',
    spanId: r.spanContext?.spanId ?? '',
    eventName: r.eventName ?? '',
  };
}

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface MetricPayloads {
  resourceMetrics: ResourceMetrics;
  protobuf: Uint8Array;
  json: Uint8Array;
}

export async function produceMetrics(temporality: 'cumulative' | 'delta' = 'cumulative'): Promise<MetricPayloads> {
  const reader = new CollectingReader({
    aggregationTemporalitySelector: () => (temporality === 'delta' ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE),
  });
  const provider = new MeterProvider({ resource: RESOURCE, readers: [reader], views: METRIC_VIEWS });
  recordMetrics(provider);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return {
    resourceMetrics,
    protobuf: ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!,
    json: JsonMetricsSerializer.serializeRequest(resourceMetrics)!,
  };
}

/** Views the fixture's MeterProvider needs (one instrument aggregates as an exponential histogram). */
export const METRIC_VIEWS: ViewOptions[] = [{ instrumentName: 'test.exponential', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize: 40 } } }];

/** The fixed set of measurements: 7 instruments, 9 points (cumulative or delta). */
export function recordMetrics(provider: MeterProvider): void {
  const meter = provider.getMeter('llmscope-metrics-test', '0.4.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.36.0' });
  const tokens = meter.createHistogram('gen_ai.client.token.usage', {
    unit: '{token}',
    description: 'Measures number of input and output tokens used',
    valueType: ValueType.INT,
    advice: { explicitBucketBoundaries: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536] },
  });
  tokens.record(12, { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.token.type': 'input' });
  tokens.record(900, { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.token.type': 'input' });
  tokens.record(70, { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.token.type': 'output' });
  const duration = meter.createHistogram('gen_ai.client.operation.duration', { unit: 's', description: 'GenAI operation duration' });
  duration.record(0.75, { 'gen_ai.request.model': 'gpt-4o' });
  duration.record(1.5, { 'gen_ai.request.model': 'gpt-4o' });
  const expo = meter.createHistogram('test.exponential', { unit: 'ms' });
  // Histograms take non-negative values only (negative buckets are covered by the protobufjs tests).
  for (const v of [0, 0.001, 1, 2, 3, 50, 1000]) expo.record(v, { kind: 'mixed' });
  const counter = meter.createCounter('test.requests', { description: 'requests', valueType: ValueType.INT });
  counter.add(3, { route: '/v1/logs' });
  counter.add(4, { route: '/v1/logs' });
  counter.add(1, { route: '/v1/metrics' });
  const updown = meter.createUpDownCounter('test.in_flight', { valueType: ValueType.DOUBLE });
  updown.add(2.5);
  updown.add(-4);
  const gauge = meter.createGauge('test.temperature', { unit: 'Cel' });
  gauge.record(-12.25, { sensor: 'a' });
  meter.createObservableGauge('test.observed', { valueType: ValueType.INT }).addCallback((r) => r.observe(-9007199254740991, { big: true }));
}

function temporalityNumber(t: AggregationTemporality): 1 | 2 {
  return t === AggregationTemporality.DELTA ? 1 : 2;
}

/** The decoded form of one SDK metric (exemplars and metadata are never sent by the JS SDK). */
export function expectedMetric(m: MetricData): Metric {
  const base = (p: MetricData['dataPoints'][number]) => ({
    attributes: expectedAttributes(p.attributes as Record<string, unknown>),
    startTimeUnixNano: hrTimeToNanos(p.startTime),
    timeUnixNano: hrTimeToNanos(p.endTime),
    flags: 0,
  });
  let data: DecodedData;
  switch (m.dataPointType) {
    case DataPointType.GAUGE:
      data = { type: 'gauge', dataPoints: m.dataPoints.map((p) => ({ ...base(p), value: p.value, exemplars: [] })) };
      break;
    case DataPointType.SUM:
      data = {
        type: 'sum',
        dataPoints: m.dataPoints.map((p) => ({ ...base(p), value: p.value, exemplars: [] })),
        aggregationTemporality: temporalityNumber(m.aggregationTemporality),
        isMonotonic: m.isMonotonic,
      };
      break;
    case DataPointType.HISTOGRAM:
      data = {
        type: 'histogram',
        aggregationTemporality: temporalityNumber(m.aggregationTemporality),
        dataPoints: m.dataPoints.map((p) => ({
          ...base(p),
          count: p.value.count,
          sum: p.value.sum ?? null,
          bucketCounts: p.value.buckets.counts,
          explicitBounds: p.value.buckets.boundaries,
          exemplars: [],
          min: p.value.min ?? null,
          max: p.value.max ?? null,
        })),
      };
      break;
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      data = {
        type: 'exponential_histogram',
        aggregationTemporality: temporalityNumber(m.aggregationTemporality),
        dataPoints: m.dataPoints.map((p) => ({
          ...base(p),
          count: p.value.count,
          sum: p.value.sum ?? null,
          scale: p.value.scale,
          zeroCount: p.value.zeroCount,
          positive: { offset: p.value.positive.offset, bucketCounts: p.value.positive.bucketCounts },
          negative: { offset: p.value.negative.offset, bucketCounts: p.value.negative.bucketCounts },
          exemplars: [],
          min: p.value.min ?? null,
          max: p.value.max ?? null,
          zeroThreshold: 0,
        })),
      };
      break;
  }
  return { name: m.descriptor.name, description: m.descriptor.description, unit: m.descriptor.unit, data, metadata: {} };
}
