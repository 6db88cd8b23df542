/**
 * The official OpenTelemetry JS serializers (those inside the OTLP/HTTP exporters) encode real
 * SDK log records and metric points; both decoders must reproduce every field of the SDK's copy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeLogsRequestProtobuf } from '../../src/otlp/decode-logs-protobuf.ts';
import { decodeLogsRequestJson } from '../../src/otlp/decode-logs-json.ts';
import { decodeMetricsRequestProtobuf } from '../../src/otlp/decode-metrics-protobuf.ts';
import { decodeMetricsRequestJson } from '../../src/otlp/decode-metrics-json.ts';
import { countLogRecords, type ExportLogsRequest } from '../../src/otlp/log-types.ts';
import { countDataPoints, type ExportMetricsRequest } from '../../src/otlp/metric-types.ts';
import { expectedAttributes } from './sdk-fixture.ts';
import { expectedLogRecord, expectedMetric, produceLogs, produceMetrics, type LogPayloads, type MetricPayloads } from './logs-metrics-fixture.ts';

let logs: LogPayloads;
let metrics: MetricPayloads;
let deltaMetrics: MetricPayloads;

beforeAll(async () => {
  logs = await produceLogs();
  metrics = await produceMetrics('cumulative');
  deltaMetrics = await produceMetrics('delta');
}, 30_000);

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function checkLogs(req: ExportLogsRequest): void {
  expect(countLogRecords(req)).toBe(logs.records.length);
  expect(req.resourceLogs).toHaveLength(1);
  const rl = req.resourceLogs[0]!;
  expect(rl.resource.attributes).toEqual(expectedAttributes(logs.records[0]!.resource.attributes as Record<string, unknown>));
  expect(rl.schemaUrl).toBe('https://opentelemetry.io/schemas/1.37.0');
  expect(rl.scopeLogs.map((s) => [s.scope.name, s.scope.version, s.schemaUrl])).toEqual([
    ['llmscope-logs-test', '0.3.0', 'https://opentelemetry.io/schemas/1.36.0'],
    ['second-scope', '', ''],
  ]);
  const decoded = rl.scopeLogs.flatMap((s) => s.logRecords);
  expect(decoded).toEqual(logs.records.map(expectedLogRecord));
}

describe('logs from the official serializers', () => {
  it('the fixture covers every body type, severities, trace context and event names', () => {
    const bodies = logs.records.map((r) => (r.body instanceof Uint8Array ? 'bytes' : Array.isArray(r.body) ? 'array' : typeof r.body));
    expect(new Set(bodies)).toEqual(new Set(['string', 'number', 'boolean', 'bytes', 'array', 'object', 'undefined']));
    expect(logs.records.some((r) => r.eventName === 'gen_ai.user.message' && r.spanContext?.spanId === 'b7ad6b7169203331')).toBe(true);
  });

  it('protobuf: every field of every record', () => {
    checkLogs(decodeLogsRequestProtobuf(logs.protobuf));
  });

  it('JSON: every field of every record', () => {
    checkLogs(decodeLogsRequestJson(text(logs.json)));
  });

  it('both encodings decode to the same request', () => {
    expect(decodeLogsRequestJson(text(logs.json))).toEqual(decodeLogsRequestProtobuf(logs.protobuf));
  });
});

function checkMetrics(req: ExportMetricsRequest, payload: MetricPayloads): void {
  const sdk = payload.resourceMetrics;
  expect(req.resourceMetrics).toHaveLength(1);
  const rm = req.resourceMetrics[0]!;
  expect(rm.resource.attributes).toEqual(expectedAttributes(sdk.resource.attributes as Record<string, unknown>));
  expect(rm.schemaUrl).toBe('https://opentelemetry.io/schemas/1.37.0');
  expect(rm.scopeMetrics).toHaveLength(sdk.scopeMetrics.length);
  for (let i = 0; i < sdk.scopeMetrics.length; i++) {
    expect(rm.scopeMetrics[i]!.scope.name).toBe(sdk.scopeMetrics[i]!.scope.name);
    expect(rm.scopeMetrics[i]!.scope.version).toBe(sdk.scopeMetrics[i]!.scope.version);
    expect(rm.scopeMetrics[i]!.schemaUrl).toBe(sdk.scopeMetrics[i]!.scope.schemaUrl);
    expect(rm.scopeMetrics[i]!.metrics).toEqual(sdk.scopeMetrics[i]!.metrics.map(expectedMetric));
  }
}

describe('metrics from the official serializers', () => {
  it('the fixture covers gauge, sums (monotonic or not, int and double), histograms and exponential histograms', () => {
    const req = decodeMetricsRequestProtobuf(metrics.protobuf);
    const types = req.resourceMetrics[0]!.scopeMetrics[0]!.metrics.map((m) => `${m.name}:${m.data.type}`);
    expect(types.sort()).toEqual(
      [
        'gen_ai.client.operation.duration:histogram',
        'gen_ai.client.token.usage:histogram',
        'test.exponential:exponential_histogram',
        'test.in_flight:sum',
        'test.observed:gauge',
        'test.requests:sum',
        'test.temperature:gauge',
      ].sort(),
    );
    const expo = req.resourceMetrics[0]!.scopeMetrics[0]!.metrics.find((m) => m.data.type === 'exponential_histogram')!;
    const p = expo.data.dataPoints[0] as { positive: { offset: number; bucketCounts: unknown[] }; zeroCount: number; scale: number };
    expect(p.positive.bucketCounts.length).toBeGreaterThan(1);
    expect(p.positive.offset).toBeLessThan(0);
    expect(p.zeroCount).toBe(1);
    expect(p.scale).not.toBe(0);
    expect(countDataPoints(req)).toBe(9);
  });

  it('protobuf: every field of every point (cumulative and delta)', () => {
    checkMetrics(decodeMetricsRequestProtobuf(metrics.protobuf), metrics);
    checkMetrics(decodeMetricsRequestProtobuf(deltaMetrics.protobuf), deltaMetrics);
  });

  it('JSON: every field of every point (cumulative and delta)', () => {
    checkMetrics(decodeMetricsRequestJson(text(metrics.json)), metrics);
    checkMetrics(decodeMetricsRequestJson(text(deltaMetrics.json)), deltaMetrics);
  });
});
