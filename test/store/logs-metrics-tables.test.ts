/**
 * otel_logs and otel_metrics_* in real chdb: rows built from the official SDK's payloads and from
 * an every-field request are inserted and read back column by column, in the exporter's layout
 * (so the Grafana ClickHouse plugin's log and metric views read them); and migration 3 upgrades
 * a store created at version 2 without touching its data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { MIGRATIONS, migrate } from '../../src/store/migrations.ts';
import { renderDatabase, renderTable } from '../../src/store/schema.ts';
import { SCHEMA_MIGRATIONS } from '../../src/store/tables/schema_migrations.ts';
import { decodeLogsRequestProtobuf } from '../../src/otlp/decode-logs-protobuf.ts';
import { decodeMetricsRequestProtobuf } from '../../src/otlp/decode-metrics-protobuf.ts';
import { decodeMetricsRequestJson } from '../../src/otlp/decode-metrics-json.ts';
import { logsRows } from '../../src/pipeline/logs-rows.ts';
import { metricsRows } from '../../src/pipeline/metrics-rows.ts';
import { produceLogs, produceMetrics } from '../otlp/logs-metrics-fixture.ts';

const DB = 'lm';
let dir: string;
let store: EmbeddedStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-logs-metrics-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: DB });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function insert(lines: Record<string, string>): Promise<void> {
  for (const [table, text] of Object.entries(lines)) if (text) await store.insertJsonEachRow(`${DB}.${table}`, text);
}

describe('otel_logs', () => {
  it('stores every field of the SDK records as the exporter does', async () => {
    const { protobuf, records } = await produceLogs();
    const rows = logsRows(decodeLogsRequestProtobuf(protobuf), 'proj-a');
    expect(rows.rows).toBe(records.length);
    await insert(rows.lines);
    const got = await store.query<Record<string, unknown>>(
      `SELECT project_id, toString(Timestamp) AS ts, toString(TimestampTime) AS tst, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body,
              ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes, EventName
       FROM ${DB}.otel_logs WHERE project_id = 'proj-a' ORDER BY Timestamp`,
    );
    expect(got).toHaveLength(records.length);
    const first = got[0]!;
    expect(first).toEqual({
      project_id: 'proj-a',
      ts: '2025-10-09 08:53:20.123456789',
      tst: '2025-10-09 08:53:20',
      TraceId: '0af7651916cd43dd8448eb211c80319c',
      SpanId: 'b7ad6b7169203331',
      TraceFlags: 1,
      SeverityText: 'INFO',
      SeverityNumber: 9,
      ServiceName: 'otlp-logs-metrics-test',
      Body: 'plain text body',
      ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.37.0',
      ResourceAttributes: { 'service.name': 'otlp-logs-metrics-test', 'service.version': '4.5.6', 'host.cpu.count': '2' },
      ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.36.0',
      ScopeName: 'llmscope-logs-test',
      ScopeVersion: '0.3.0',
      ScopeAttributes: {},
      LogAttributes: { 'code.line': '42' },
      EventName: '',
    });
    // Body: the exporter's AsString of each AnyValue type.
    expect(got.map((r) => r.Body)).toEqual([
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
    expect(got.map((r) => r.SeverityNumber)).toEqual([9, 18, 24, 0, 0, 0, 9, 0, 5]);
    const event = got.find((r) => r.EventName === 'gen_ai.user.message')!;
    expect([event.TraceId, event.SpanId, event.LogAttributes]).toEqual(['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', { 'gen_ai.system': 'openai', 'gen_ai.provider.name': 'openai' }]);
    expect(got.at(-1)!.LogAttributes).toEqual({ 'test.map': '{"a":1,"b":[true]}', 'test.array': '[1,2,3]' });
  });

  it('a record with no time is stored at its observed time, else when it arrived', async () => {
    const req = decodeLogsRequestProtobuf(new Uint8Array(0));
    req.resourceLogs.push({
      resource: { attributes: {}, droppedAttributesCount: 0 },
      schemaUrl: '',
      scopeLogs: [
        {
          scope: { name: '', version: '', attributes: {}, droppedAttributesCount: 0 },
          schemaUrl: '',
          logRecords: [
            { timeUnixNano: 0n, observedTimeUnixNano: 1_700_000_000_000_000_007n, severityNumber: 0, severityText: '', body: 'observed', attributes: {}, droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '' },
            { timeUnixNano: 0n, observedTimeUnixNano: 0n, severityNumber: 0, severityText: '', body: 'neither', attributes: {}, droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '' },
          ],
        },
      ],
    });
    await insert(logsRows(req, 'proj-times', 1_800_000_000_000_000_009n).lines);
    const got = await store.query<{ Body: string; ts: string }>(`SELECT Body, toString(toUnixTimestamp64Nano(Timestamp)) AS ts FROM ${DB}.otel_logs WHERE project_id = 'proj-times' ORDER BY Body`);
    expect(got).toEqual([
      { Body: 'neither', ts: '1800000000000000009' },
      { Body: 'observed', ts: '1700000000000000007' },
    ]);
  });
});

describe('otel_metrics_*', () => {
  it('stores every SDK metric in the table of its type, field by field', async () => {
    const { protobuf } = await produceMetrics('delta');
    const rows = metricsRows(decodeMetricsRequestProtobuf(protobuf), 'proj-m');
    expect(rows.counts).toEqual({
      otel_metrics_gauge: 2,
      otel_metrics_sum: 3,
      otel_metrics_histogram: 3,
      otel_metrics_exponential_histogram: 1,
      otel_metrics_summary: 0,
    });
    await insert(rows.lines);
    const tokens = await store.query<Record<string, unknown>>(
      `SELECT ServiceName, MetricName, MetricDescription, MetricUnit, Attributes, toString(Count) AS Count, Sum, arrayMap(x -> toString(x), BucketCounts) AS BucketCounts, ExplicitBounds, Min, Max, AggregationTemporality,
              ScopeName, ScopeVersion, ScopeSchemaUrl, ResourceSchemaUrl, ResourceAttributes['service.name'] AS svc
       FROM ${DB}.otel_metrics_histogram WHERE project_id = 'proj-m' AND MetricName = 'gen_ai.client.token.usage' ORDER BY Attributes['gen_ai.token.type']`,
    );
    expect(tokens).toEqual([
      {
        ServiceName: 'otlp-logs-metrics-test',
        MetricName: 'gen_ai.client.token.usage',
        MetricDescription: 'Measures number of input and output tokens used',
        MetricUnit: '{token}',
        Attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.token.type': 'input' },
        Count: '2',
        Sum: 912,
        BucketCounts: ['0', '0', '1', '0', '0', '1', '0', '0', '0', '0'],
        ExplicitBounds: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536],
        Min: 12,
        Max: 900,
        AggregationTemporality: 1,
        ScopeName: 'llmscope-metrics-test',
        ScopeVersion: '0.4.0',
        ScopeSchemaUrl: 'https://opentelemetry.io/schemas/1.36.0',
        ResourceSchemaUrl: 'https://opentelemetry.io/schemas/1.37.0',
        svc: 'otlp-logs-metrics-test',
      },
      expect.objectContaining({ Count: '1', Sum: 70, Min: 70, Max: 70, BucketCounts: ['0', '0', '0', '0', '1', '0', '0', '0', '0', '0'] }),
    ]);
    const sums = await store.query<Record<string, unknown>>(`SELECT MetricName, Attributes, Value, AggregationTemporality, IsMonotonic FROM ${DB}.otel_metrics_sum WHERE project_id = 'proj-m' ORDER BY MetricName, Value`);
    expect(sums).toEqual([
      { MetricName: 'test.in_flight', Attributes: {}, Value: -1.5, AggregationTemporality: 1, IsMonotonic: false },
      { MetricName: 'test.requests', Attributes: { route: '/v1/metrics' }, Value: 1, AggregationTemporality: 1, IsMonotonic: true },
      { MetricName: 'test.requests', Attributes: { route: '/v1/logs' }, Value: 7, AggregationTemporality: 1, IsMonotonic: true },
    ]);
    const gauges = await store.query<Record<string, unknown>>(`SELECT MetricName, MetricUnit, Value, Attributes FROM ${DB}.otel_metrics_gauge WHERE project_id = 'proj-m' ORDER BY MetricName`);
    expect(gauges).toEqual([
      { MetricName: 'test.observed', MetricUnit: '', Value: -9007199254740991, Attributes: { big: 'true' } },
      { MetricName: 'test.temperature', MetricUnit: 'Cel', Value: -12.25, Attributes: { sensor: 'a' } },
    ]);
    const [expo] = await store.query<Record<string, unknown>>(
      `SELECT toString(Count) AS Count, Sum, Scale, toString(ZeroCount) AS ZeroCount, PositiveOffset, toString(arraySum(PositiveBucketCounts)) AS positive, NegativeOffset, NegativeBucketCounts, Min, Max FROM ${DB}.otel_metrics_exponential_histogram WHERE project_id = 'proj-m'`,
    );
    expect(expo).toMatchObject({ Count: '7', Sum: 1056.001, ZeroCount: '1', positive: '6', NegativeBucketCounts: [], Min: 0, Max: 1000 });
    expect(expo!.Scale).not.toBe(0);
  });

  it('stores exemplars, summaries, negative buckets, flags, uint64 counts and non-finite values', async () => {
    const json = JSON.stringify({
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc-x' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'g',
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: '1700000000000000001',
                        asDouble: 'NaN',
                        flags: 1,
                        exemplars: [
                          { timeUnixNano: '1700000000000000002', asInt: '42', spanId: 'eee19b7ec3c1b174', traceId: '5b8efff798038103d269b633813fc60c', filteredAttributes: [{ key: 'user', value: { stringValue: 'u1' } }] },
                          { timeUnixNano: '1700000000000000003', asDouble: 'Infinity' },
                        ],
                      },
                    ],
                  },
                },
                { name: 'h', histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: '1700000000000000004', count: '18446744073709551615', bucketCounts: ['18446744073709551615'] }] } },
                {
                  name: 'e',
                  exponentialHistogram: {
                    dataPoints: [{ timeUnixNano: '1700000000000000005', count: '4', scale: -2, negative: { offset: -3, bucketCounts: ['1', '3'] }, positive: { offset: 7, bucketCounts: [] } }],
                  },
                },
                {
                  name: 'q',
                  summary: { dataPoints: [{ timeUnixNano: '1700000000000000006', count: '3', sum: 6, flags: 1, quantileValues: [{ quantile: 0.5, value: 2 }, { quantile: 0.99, value: 3 }] }] },
                },
              ],
            },
          ],
        },
      ],
    });
    await insert(metricsRows(decodeMetricsRequestJson(json), 'proj-x').lines);
    const [g] = await store.query<Record<string, unknown>>(
      `SELECT isNaN(Value) AS nan, Flags, Exemplars.FilteredAttributes AS fa, toString(Exemplars.TimeUnix) AS et, arrayMap(x -> toString(x), Exemplars.Value) AS ev, Exemplars.SpanId AS es, Exemplars.TraceId AS etr FROM ${DB}.otel_metrics_gauge WHERE project_id = 'proj-x'`,
    );
    expect(g).toEqual({
      nan: 1,
      Flags: 1,
      fa: [{ user: 'u1' }, {}],
      et: "['2023-11-14 22:13:20.000000002','2023-11-14 22:13:20.000000003']",
      ev: ['42', 'inf'],
      es: ['eee19b7ec3c1b174', ''],
      etr: ['5b8efff798038103d269b633813fc60c', ''],
    });
    const [h] = await store.query<Record<string, unknown>>(`SELECT toString(Count) AS Count, arrayMap(x -> toString(x), BucketCounts) AS BucketCounts FROM ${DB}.otel_metrics_histogram WHERE project_id = 'proj-x'`);
    expect(h).toEqual({ Count: '18446744073709551615', BucketCounts: ['18446744073709551615'] });
    const [e] = await store.query<Record<string, unknown>>(`SELECT Scale, NegativeOffset, arrayMap(x -> toString(x), NegativeBucketCounts) AS NegativeBucketCounts, PositiveOffset, AggregationTemporality FROM ${DB}.otel_metrics_exponential_histogram WHERE project_id = 'proj-x'`);
    expect(e).toEqual({ Scale: -2, NegativeOffset: -3, NegativeBucketCounts: ['1', '3'], PositiveOffset: 7, AggregationTemporality: 0 });
    const [q] = await store.query<Record<string, unknown>>(`SELECT ServiceName, toString(Count) AS Count, Sum, ValueAtQuantiles.Quantile AS qs, ValueAtQuantiles.Value AS vs, Flags FROM ${DB}.otel_metrics_summary WHERE project_id = 'proj-x'`);
    expect(q).toEqual({ ServiceName: 'svc-x', Count: '3', Sum: 6, qs: [0.5, 0.99], vs: [2, 3], Flags: 1 });
  });

  it('project_id leads every sort key', async () => {
    const keys = await store.query<{ name: string; sorting_key: string }>(
      `SELECT name, sorting_key FROM system.tables WHERE database = '${DB}' AND name LIKE 'otel_%' ORDER BY name`,
    );
    expect(keys.length).toBe(8);
    for (const k of keys) expect(k.sorting_key, k.name).toMatch(/^project_id, /);
  });
});

describe('migration 3 upgrades an existing store', () => {
  it('a database at version 2 gets the logs and metrics tables; its data stays', async () => {
    const o = { database: 'old' };
    await store.command(renderDatabase(o));
    for (const s of renderTable(SCHEMA_MIGRATIONS, o)) await store.command(s);
    for (const m of MIGRATIONS.slice(0, 2)) {
      for (const s of m.statements(o)) await store.command(s);
      await store.insert(`old.schema_migrations`, [{ version: m.version, name: m.name }]);
    }
    await store.insert('old.scores', [{ project_id: 'p', timestamp: 1, trace_id: 't', span_id: 's', name: 'kept', value: 1, label: '', source: 'heuristic', explanation: '', service_name: '', request_model: '' }]);
    const r = await migrate(store, o);
    expect(r.applied).toEqual(MIGRATIONS.slice(2).map((m) => m.version)); // 3 and every later one
    const tables = await store.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = 'old' AND (name = 'otel_logs' OR name LIKE 'otel_metrics_%') ORDER BY name`);
    expect(tables.map((t) => t.name)).toEqual([
      'otel_logs',
      'otel_metrics_exponential_histogram',
      'otel_metrics_gauge',
      'otel_metrics_histogram',
      'otel_metrics_sum',
      'otel_metrics_summary',
    ]);
    expect(await store.query(`SELECT name FROM old.scores`)).toEqual([{ name: 'kept' }]);
    expect((await migrate(store, o)).applied).toEqual([]);
  });
});
