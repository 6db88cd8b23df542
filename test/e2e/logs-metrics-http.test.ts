/**
 * OTLP logs and metrics end to end over HTTP: the official OpenTelemetry JS SDK with the official
 * OTLP/HTTP exporters (protobuf and JSON) → our collector (write-ahead log on) → otel_logs and
 * otel_metrics_* in embedded ClickHouse; rows checked field by field, the two encodings equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as MetricsJson } from '@opentelemetry/exporter-metrics-otlp-http';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { emitLogs, METRIC_VIEWS, recordMetrics } from '../otlp/logs-metrics-fixture.ts';

let collector: RunningCollector;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-logs-metrics-e2e-'));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'warn', durability: 'wal', flushIntervalMs: 50 });
}, 60_000);

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

const resource = (service: string) => resourceFromAttributes({ 'service.name': service, 'service.version': '4.5.6' }, { schemaUrl: 'https://opentelemetry.io/schemas/1.37.0' });

async function sendLogs(kind: 'proto' | 'json', service: string): Promise<void> {
  const url = `${collector.url}/v1/logs`;
  const exporter = kind === 'proto' ? new LogsProto({ url }) : new LogsJson({ url });
  const provider = new LoggerProvider({ resource: resource(service), processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 })] });
  emitLogs(provider);
  await provider.forceFlush();
  await provider.shutdown();
}

async function sendMetrics(kind: 'proto' | 'json', service: string): Promise<void> {
  const url = `${collector.url}/v1/metrics`;
  const exporter =
    kind === 'proto'
      ? new MetricsProto({ url, temporalityPreference: AggregationTemporality.DELTA })
      : new MetricsJson({ url, temporalityPreference: AggregationTemporality.DELTA });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ resource: resource(service), readers: [reader], views: METRIC_VIEWS });
  recordMetrics(provider);
  await provider.shutdown(); // one final collection and export
}

const q = <T = Record<string, unknown>>(sql: string) => collector.store.query<T>(sql.replaceAll('DB.', `${collector.config.database}.`));

describe('logs over OTLP/HTTP', () => {
  it('stores every record from the protobuf and the JSON exporter, field by field', async () => {
    await sendLogs('proto', 'logs-proto');
    await sendLogs('json', 'logs-json');
    await collector.flush();
    const cols = `toString(Timestamp) AS ts, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, Body, ResourceSchemaUrl, ResourceAttributes['service.version'] AS v,
                  ScopeSchemaUrl, ScopeName, ScopeVersion, LogAttributes, EventName`;
    const proto = await q(`SELECT ${cols} FROM DB.otel_logs WHERE ServiceName = 'logs-proto' ORDER BY Timestamp`);
    const json = await q(`SELECT ${cols} FROM DB.otel_logs WHERE ServiceName = 'logs-json' ORDER BY Timestamp`);
    expect(proto).toHaveLength(9);
    expect(json).toEqual(proto);
    expect(proto[0]).toEqual({
      ts: '2025-10-09 08:53:20.123456789',
      TraceId: '0af7651916cd43dd8448eb211c80319c',
      SpanId: 'b7ad6b7169203331',
      TraceFlags: 1,
      SeverityText: 'INFO',
      SeverityNumber: 9,
      Body: 'plain text body',
      ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.37.0',
      v: '4.5.6',
      ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.36.0',
      ScopeName: 'llmscope-logs-test',
      ScopeVersion: '0.3.0',
      LogAttributes: { 'code.line': '42' },
      EventName: '',
    });
    expect(proto.map((r) => r.Body)).toEqual([
      'plain text body',
      '123456789012',
      '2.5',
      'false',
      'AAH+/w==',
      '["a",1,true,0.5,["nested"]]',
      '{"content":"What is the capital of France? héllo 你好 🎉","role":"user","nested":{"deep":[1,{"k":"v"}]}}',
      '',
      'other scope',
    ]);
    expect(proto[6]).toMatchObject({ EventName: 'gen_ai.user.message', TraceId: '0af7651916cd43dd8448eb211c80319c', SpanId: 'b7ad6b7169203331' });
    const [{ project }] = await q<{ project: string }>(`SELECT DISTINCT project_id AS project FROM DB.otel_logs WHERE ServiceName = 'logs-proto'`);
    expect(project).toBe('default');
  });
});

describe('metrics over OTLP/HTTP', () => {
  it('stores every point from the protobuf and the JSON exporter in the table of its type', async () => {
    await sendMetrics('proto', 'metrics-proto');
    await sendMetrics('json', 'metrics-json');
    await collector.flush();
    const counts = async (service: string) =>
      Object.fromEntries(
        await Promise.all(
          ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary'].map(async (t) => {
            const [r] = await q<{ n: number }>(`SELECT count() AS n FROM DB.otel_metrics_${t} WHERE ServiceName = '${service}'`);
            return [t, Number(r!.n)];
          }),
        ),
      );
    expect(await counts('metrics-proto')).toEqual({ gauge: 2, sum: 3, histogram: 3, exponential_histogram: 1, summary: 0 });
    expect(await counts('metrics-json')).toEqual(await counts('metrics-proto'));
    const hist = `MetricName, MetricDescription, MetricUnit, Attributes, toString(Count) AS count, Sum, arrayMap(x -> toString(x), BucketCounts) AS buckets, ExplicitBounds, Min, Max, AggregationTemporality, ScopeName, ScopeVersion`;
    const proto = await q(`SELECT ${hist} FROM DB.otel_metrics_histogram WHERE ServiceName = 'metrics-proto' ORDER BY MetricName, Sum`);
    expect(await q(`SELECT ${hist} FROM DB.otel_metrics_histogram WHERE ServiceName = 'metrics-json' ORDER BY MetricName, Sum`)).toEqual(proto);
    expect(proto[0]).toEqual({
      MetricName: 'gen_ai.client.operation.duration',
      MetricDescription: 'GenAI operation duration',
      MetricUnit: 's',
      Attributes: { 'gen_ai.request.model': 'gpt-4o' },
      count: '2',
      Sum: 2.25,
      buckets: ['0', '2', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'],
      ExplicitBounds: [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
      Min: 0.75,
      Max: 1.5,
      AggregationTemporality: 1,
      ScopeName: 'llmscope-metrics-test',
      ScopeVersion: '0.4.0',
    });
    expect(proto[2]).toMatchObject({ MetricName: 'gen_ai.client.token.usage', Attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.token.type': 'input' }, count: '2', Sum: 912, Min: 12, Max: 900 });
    const sums = await q(`SELECT MetricName, Value, IsMonotonic, AggregationTemporality FROM DB.otel_metrics_sum WHERE ServiceName = 'metrics-json' ORDER BY MetricName, Value`);
    expect(sums).toEqual([
      { MetricName: 'test.in_flight', Value: -1.5, IsMonotonic: false, AggregationTemporality: 2 }, // up-down counters stay cumulative under the delta preference
      { MetricName: 'test.requests', Value: 1, IsMonotonic: true, AggregationTemporality: 1 },
      { MetricName: 'test.requests', Value: 7, IsMonotonic: true, AggregationTemporality: 1 },
    ]);
  });
});
