/**
 * Fuzzing POST /v1/logs and /v1/metrics on the real collector (write-ahead log on): mutants of
 * real SDK payloads (bit flips, truncation, huge lengths, deep nesting, gzip garbage and bombs,
 * wrong content types, trace requests sent to the wrong route …) with valid requests carrying
 * unique markers interleaved. Every answer must be an allowed status with a body, the server must
 * stay up, and every valid log record / data point must be stored exactly once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { createLogger } from '../../src/log.ts';
import { makeSeeds, Rng, runFuzz, type Seeds } from '../support/otlp-fuzz.ts';
import { produceLogs, produceMetrics } from '../otlp/logs-metrics-fixture.ts';

const MAX_BODY = 256 * 1024;
const root = protobuf.parse(readFileSync(new URL('../otlp/fixtures/otlp-logs-metrics.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const LogsType = root.lookupType('otlplm.ExportLogsServiceRequest');
const MetricsType = root.lookupType('otlplm.ExportMetricsServiceRequest');

let collector: RunningCollector;
let dir: string;
const logged: string[] = [];
let seeds: { logs: Seeds; metrics: Seeds };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-fuzz-lm-'));
  const logger = createLogger('warn', (line) => void (logged.length < 20 && logged.push(line.slice(0, 400))));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logger, maxBodyBytes: MAX_BODY, durability: 'wal', flushIntervalMs: 50 });
  const logs = await produceLogs();
  const metrics = await produceMetrics();
  // Trace requests too: the wrong signal on a route must be answered, not crash it.
  const traces = makeSeeds(new Rng(7), 4);
  const dec = new TextDecoder();
  seeds = {
    logs: { proto: [logs.protobuf, ...traces.proto], json: [dec.decode(logs.json), ...traces.json] },
    metrics: { proto: [metrics.protobuf, ...traces.proto], json: [dec.decode(metrics.json), ...traces.json] },
  };
}, 60_000);

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = () => BigInt(Date.now()) * 1_000_000n;
const svc = (name: string) => ({ attributes: [{ key: 'service.name', value: { string_value: name } }] });

function validLogs(service: string) {
  return (rng: Rng, nextId: () => string) => {
    const n = rng.range(1, 6);
    const records = Array.from({ length: n }, () => ({ time_unix_nano: now().toString(), body: { string_value: `valid-${nextId()}` }, severity_number: rng.range(0, 24) }));
    const req = { resource_logs: [{ resource: svc(service), scope_logs: [{ scope: { name: 'fuzz' }, log_records: records }] }] };
    const json = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeLogs: [{ scope: { name: 'fuzz' }, logRecords: records.map((r) => ({ timeUnixNano: r.time_unix_nano, body: { stringValue: r.body.string_value }, severityNumber: r.severity_number })) }],
        },
      ],
    };
    return { proto: LogsType.encode(LogsType.fromObject(req)).finish(), json: JSON.stringify(json), items: n };
  };
}

function validMetrics(service: string) {
  return (rng: Rng, nextId: () => string) => {
    const n = rng.range(1, 6);
    const points = Array.from({ length: n }, () => ({ id: nextId(), t: now().toString(), v: rng.int(1000) }));
    const req = {
      resource_metrics: [
        {
          resource: svc(service),
          scope_metrics: [{ metrics: [{ name: 'fuzz.valid', gauge: { data_points: points.map((p) => ({ time_unix_nano: p.t, as_double: p.v, attributes: [{ key: 'id', value: { string_value: p.id } }] })) } }] }],
        },
      ],
    };
    const json = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeMetrics: [{ metrics: [{ name: 'fuzz.valid', gauge: { dataPoints: points.map((p) => ({ timeUnixNano: p.t, asDouble: p.v, attributes: [{ key: 'id', value: { stringValue: p.id } }] })) } }] }],
        },
      ],
    };
    return { proto: MetricsType.encode(MetricsType.fromObject(req)).finish(), json: JSON.stringify(json), items: n };
  };
}

for (const route of ['logs', 'metrics'] as const) {
  it(`/v1/${route}: answers mutated requests correctly and stores every valid item exactly once`, async () => {
    const service = `fuzz-valid-${route}`;
    const report = await runFuzz({
      url: collector.url,
      seed: route === 'logs' ? 4242 : 4343,
      inputs: 1000,
      validEvery: 9,
      concurrency: 6,
      oversizeBytes: 2 * MAX_BODY,
      timeoutMs: 15_000,
      validService: service,
      firstSpanId: route === 'logs' ? 1n : 1n << 40n,
      route: { path: `/v1/${route}`, seeds: seeds[route], valid: route === 'logs' ? validLogs(service) : validMetrics(service) },
    });
    expect(report.failureSamples).toEqual([]);
    expect(report.validRequests).toBe(100);
    for (const kind of ['proto-bitflip', 'proto-huge-length', 'proto-deep', 'json-text', 'json-deep', 'wrong-content-type', 'gzip-bomb', 'too-large']) {
      expect(Object.keys(report.byKind[kind] ?? {}).length, kind).toBeGreaterThan(0);
    }
    expect(report.byStatus['400']).toBeGreaterThan(100);
    await collector.flush();
    const db = collector.config.database;
    const sql =
      route === 'logs'
        ? `SELECT count() AS n, uniqExact(Body) AS u FROM ${db}.otel_logs WHERE ServiceName = '${service}'`
        : `SELECT count() AS n, uniqExact(Attributes['id']) AS u FROM ${db}.otel_metrics_gauge WHERE ServiceName = '${service}'`;
    const [r] = await collector.store.query<{ n: number; u: number }>(sql);
    expect(Number(r!.n)).toBe(report.validSpans);
    expect(Number(r!.u)).toBe(report.validSpans);
    expect(logged.filter((l) => /refused|failed/.test(l))).toEqual([]);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  }, 180_000);
}
