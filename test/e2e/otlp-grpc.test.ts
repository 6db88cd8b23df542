/**
 * OTLP/gRPC end to end: the official OpenTelemetry JS gRPC exporters (traces, metrics, logs; plain
 * and gzip) → our collector's gRPC port → the same tables as OTLP/HTTP, field by field equal to
 * what the HTTP exporters stored. Then bad input on the gRPC port (malformed messages, oversized
 * and gzip-bomb messages, unknown methods, raw HTTP/2 garbage), authentication, and RetryInfo
 * under overload — with the server staying up throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as MetricsGrpc } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as MetricsProto } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as TracesGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as TracesProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { freePort } from '../../bench/ingest/harness.ts';
import { emitLogs, METRIC_VIEWS, recordMetrics } from '../otlp/logs-metrics-fixture.ts';

const KEY = 'grpc-test-key-0123456789';
let collector: RunningCollector;
let dir: string;
let grpcUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-grpc-'));
  writeFileSync(join(dir, 'keys.yaml'), `keys:\n  - { name: t, key: ${KEY}, project: team-grpc }\n`);
  collector = await startCollector({
    port: 0,
    grpcPort: await freePort(),
    dataDir: join(dir, 'data'),
    scorers: [],
    logLevel: 'error',
    durability: 'wal',
    flushIntervalMs: 50,
    maxBodyBytes: 256 * 1024,
    apiKeys: join(dir, 'keys.yaml'),
  });
  grpcUrl = `http://127.0.0.1:${collector.grpcPort}`;
}, 60_000);

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

const auth = { authorization: `Bearer ${KEY}` };
const resource = (service: string) => resourceFromAttributes({ 'service.name': service }, { schemaUrl: 'https://opentelemetry.io/schemas/1.37.0' });
const q = <T = Record<string, unknown>>(sql: string) => collector.store.query<T>(sql.replaceAll('DB.', `${collector.config.database}.`));

type Transport = 'grpc' | 'grpc-gzip' | 'http';

function grpcMetadata(): grpc.Metadata {
  const m = new grpc.Metadata();
  m.set('authorization', auth.authorization);
  return m;
}

async function sendAll(transport: Transport, service: string): Promise<void> {
  const compression = transport === 'grpc-gzip' ? ('gzip' as never) : undefined;
  const grpcOpts = { url: grpcUrl, metadata: grpcMetadata(), ...(compression ? { compression } : {}) };
  const httpOpts = (path: string) => ({ url: `${collector.url}${path}`, headers: auth });

  const spanExporter = transport === 'http' ? new TracesProto(httpOpts('/v1/traces')) : new TracesGrpc(grpcOpts);
  const tracer = new TracerProvider({ resource: resource(service), spanProcessors: [new BatchSpanProcessor({ exporter: spanExporter, scheduledDelayMillis: 60_000 })] });
  const t0 = Date.now() - 5000;
  const span = tracer.getTracer('grpc-test', '1.0').startSpan('chat gpt-4o', {
    startTime: t0,
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20, 'test.array': [1, 2] },
  });
  span.addEvent('ev', { k: 'v' }, t0 + 1);
  span.end(t0 + 500);
  await tracer.shutdown();

  const logExporter = transport === 'http' ? new LogsProto(httpOpts('/v1/logs')) : new LogsGrpc(grpcOpts);
  const logs = new LoggerProvider({ resource: resource(service), processors: [new BatchLogRecordProcessor({ exporter: logExporter, scheduledDelayMillis: 60_000 })] });
  emitLogs(logs);
  await logs.shutdown();

  const metricExporter =
    transport === 'http'
      ? new MetricsProto({ ...httpOpts('/v1/metrics'), temporalityPreference: AggregationTemporality.DELTA })
      : new MetricsGrpc({ ...grpcOpts, temporalityPreference: AggregationTemporality.DELTA });
  const meters = new MeterProvider({ resource: resource(service), readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })], views: METRIC_VIEWS });
  recordMetrics(meters);
  await meters.shutdown();
}

/** Everything one service stored, minus what differs by construction (ids, times of the spans). */
async function storedBy(service: string) {
  const spans = await q(`SELECT project_id, SpanName, SpanKind, SpanAttributes, Events.Name AS ev, Events.Attributes AS ea, Duration FROM DB.otel_traces WHERE ServiceName = '${service}'`);
  const calls = await q(`SELECT project_id, request_model, input_tokens, output_tokens, cost_usd FROM DB.llm_calls WHERE service_name = '${service}'`);
  const logs = await q(
    `SELECT project_id, toString(Timestamp) AS t, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, Body, ScopeName, ScopeVersion, ScopeSchemaUrl, LogAttributes, EventName FROM DB.otel_logs WHERE ServiceName = '${service}' ORDER BY Timestamp`,
  );
  const metrics: Record<string, unknown> = {};
  for (const t of ['gauge', 'sum', 'histogram', 'exponential_histogram', 'summary']) {
    metrics[t] = await q(`SELECT * EXCEPT (ServiceName, ResourceAttributes, StartTimeUnix, TimeUnix) FROM DB.otel_metrics_${t} WHERE ServiceName = '${service}' ORDER BY MetricName, Attributes`);
  }
  return { spans, calls, logs, metrics };
}

describe('official gRPC exporters', () => {
  it('traces, metrics and logs over gRPC (plain and gzip) are stored exactly as over HTTP', async () => {
    await sendAll('http', 'via-http');
    await sendAll('grpc', 'via-grpc');
    await sendAll('grpc-gzip', 'via-grpc-gzip');
    await collector.flush();
    const http = await storedBy('via-http');
    expect(http.spans).toHaveLength(1);
    expect(http.calls).toEqual([{ project_id: 'team-grpc', request_model: 'gpt-4o', input_tokens: 100, output_tokens: 20, cost_usd: expect.any(Number) }]);
    expect(http.logs).toHaveLength(9);
    expect((http.metrics.histogram as unknown[]).length).toBe(3);
    expect((http.metrics.exponential_histogram as unknown[]).length).toBe(1);
    expect(await storedBy('via-grpc')).toEqual(http);
    expect(await storedBy('via-grpc-gzip')).toEqual(http);
    const m = await (await fetch(`${collector.url}/metrics`, { headers: auth })).text();
    for (const signal of ['traces', 'metrics', 'logs']) expect(m).toMatch(new RegExp(`llmscope_grpc_calls_total\\{signal="${signal}",code="0"\\} [1-9]`));
    expect(m).toMatch(/llmscope_signal_items_accepted_total\{signal="logs"\} 27\b/);
  });
});

/** A raw unary call with bytes of our choosing. */
function rawCall(path: string, body: Uint8Array, opts: { metadata?: grpc.Metadata; gzip?: boolean } = {}): Promise<{ code: number; details: string; response?: Buffer; metadata?: grpc.Metadata }> {
  const client = new grpc.Client(`127.0.0.1:${collector.grpcPort}`, grpc.credentials.createInsecure(), opts.gzip ? { 'grpc.default_compression_algorithm': 2 } : {});
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      body,
      opts.metadata ?? grpcMetadata(),
      (err, response) => {
        client.close();
        if (err) resolve({ code: err.code, details: err.details, metadata: err.metadata });
        else resolve({ code: 0, details: '', response: response! });
      },
    );
  });
}

const TRACE = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const LOGS = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';
const METRICS = '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export';

describe('bad input on the gRPC port', () => {
  it('answers each kind with the OTLP status code and stays up', async () => {
    for (const path of [TRACE, LOGS, METRICS]) {
      const truncated = await rawCall(path, Uint8Array.of(0x0a, 0x10, 0x0a));
      expect(truncated.code, path).toBe(grpc.status.INVALID_ARGUMENT);
      expect(truncated.details).toMatch(/malformed protobuf Export(Trace|Logs|Metrics)ServiceRequest/);
      const random = await rawCall(path, Uint8Array.from({ length: 300 }, (_, i) => (i * 7919 + 13) % 256));
      expect(random.code, path).toBe(grpc.status.INVALID_ARGUMENT);
      // Over the size limit, as sent and after decompression: RESOURCE_EXHAUSTED without RetryInfo (not retryable).
      const big = await rawCall(path, new Uint8Array(300 * 1024));
      expect(big.code, path).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(big.metadata?.get('grpc-status-details-bin') ?? []).toEqual([]);
      const bomb = await rawCall(path, new Uint8Array(4 * 1024 * 1024), { gzip: true });
      expect(bomb.code, path).toBe(grpc.status.RESOURCE_EXHAUSTED);
      const anonymous = await rawCall(path, new Uint8Array(0), { metadata: new grpc.Metadata() });
      expect(anonymous.code, path).toBe(grpc.status.UNAUTHENTICATED);
      const empty = await rawCall(path, new Uint8Array(0));
      expect(empty.code, path).toBe(grpc.status.OK);
      expect(empty.response!.length).toBe(0);
    }
    const unknown = await rawCall('/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export', new Uint8Array(0));
    expect(unknown.code).toBe(grpc.status.UNIMPLEMENTED);

    // Raw HTTP/2: a gRPC frame whose length prefix overruns the body, a compressed-flag frame
    // without an encoding, and a plain-HTTP content type. None of these may take the server down.
    const session = connect(`http://127.0.0.1:${collector.grpcPort}`);
    const send = (headers: Record<string, string>, body: Uint8Array) =>
      new Promise<{ status?: number; grpcStatus?: string }>((resolve) => {
        const req = session.request({ ':method': 'POST', ':path': LOGS, ...headers });
        let status: number | undefined;
        let grpcStatus: string | undefined;
        req.on('response', (h) => {
          status = Number(h[':status']);
          grpcStatus = h['grpc-status'] as string | undefined;
        });
        req.on('trailers', (t) => (grpcStatus = t['grpc-status'] as string | undefined));
        req.on('close', () => resolve({ status, grpcStatus }));
        req.on('error', () => resolve({ status, grpcStatus }));
        req.end(body);
        req.resume();
      });
    const grpcHeaders = { 'content-type': 'application/grpc', te: 'trailers', authorization: auth.authorization };
    const overrun = await send(grpcHeaders, Uint8Array.of(0, 0, 0, 0x10, 0, 1, 2));
    expect(overrun.grpcStatus).not.toBe('0');
    const flagged = await send(grpcHeaders, concatFrame(1, Uint8Array.of(1, 2, 3)));
    expect(flagged.grpcStatus).not.toBe('0');
    const gzipFrame = await send({ ...grpcHeaders, 'grpc-encoding': 'gzip' }, concatFrame(1, Uint8Array.of(0x1f, 0x8b, 9, 9, 9)));
    expect(gzipFrame.grpcStatus).not.toBe('0');
    const plain = await send({ 'content-type': 'application/json' }, new TextEncoder().encode('{}'));
    expect(plain.grpcStatus === '0').toBe(false);
    session.close();

    // Still serving, and a valid gzip'd request goes through.
    const ok = await rawCall(LOGS, new Uint8Array(0), { gzip: true });
    expect(ok.code).toBe(grpc.status.OK);
    expect((await fetch(`${collector.url}/healthz`, { headers: auth })).status).toBe(200);
  });

  it('reports rejected items in partial_success', async () => {
    // One log record with a malformed trace id (3 bytes) next to a valid one.
    const record = (traceId: number[]) => concat(fixed64(1, BigInt(Date.now()) * 1_000_000n), lenField(9, Uint8Array.from(traceId)), lenField(5, lenField(1, new TextEncoder().encode('x'))));
    const body = lenField(1, lenField(2, concat(lenField(2, record([1, 2, 3])), lenField(2, record([])))));
    const r = await rawCall(LOGS, body);
    expect(r.code).toBe(grpc.status.OK);
    // ExportLogsServiceResponse { partial_success { rejected_log_records: 1, error_message } }
    expect([...r.response!.subarray(0, 4)]).toEqual([0x0a, r.response!.length - 2, 0x08, 1]);
    expect(r.response!.toString('utf8')).toMatch(/1 log record rejected: invalid trace_id \(1\)/);
  });
});

describe('overload on the gRPC port', () => {
  it('RESOURCE_EXHAUSTED with google.rpc.RetryInfo when too many calls are in progress', async () => {
    const small = await startCollector({ port: 0, grpcPort: await freePort(), store: collector.store, walDir: join(dir, 'wal-small'), scorers: [], logLevel: 'error', maxRequestsInFlight: 1 });
    try {
      const client = new grpc.Client(`127.0.0.1:${small.grpcPort}`, grpc.credentials.createInsecure());
      const big = new Uint8Array(0);
      const calls = await Promise.all(
        Array.from(
          { length: 40 },
          () =>
            new Promise<{ code: number; details?: Buffer }>((resolve) =>
              client.makeUnaryRequest(LOGS, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, big, new grpc.Metadata(), (err) =>
                resolve(err ? { code: err.code, details: err.metadata.get('grpc-status-details-bin')[0] as Buffer } : { code: 0 }),
              ),
            ),
        ),
      );
      client.close();
      const shed = calls.filter((c) => c.code === grpc.status.RESOURCE_EXHAUSTED);
      expect(calls.some((c) => c.code === 0)).toBe(true);
      expect(shed.length).toBeGreaterThan(0);
      expect(shed.length + calls.filter((c) => c.code === 0).length).toBe(40);
      // google.rpc.Status { code 8, message, details [Any { type_url RetryInfo, value { retry_delay { seconds 1 } } }] } (the HTTP routes' Retry-After)
      const details = shed[0]!.details!;
      expect(details[0]).toBe(0x08);
      expect(details[1]).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
      expect([...details.subarray(details.length - 6)]).toEqual([0x12, 0x04, 0x0a, 0x02, 0x08, 0x01]);
    } finally {
      await small.close();
    }
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
function lenField(n: number, payload: Uint8Array): Uint8Array {
  const len: number[] = [];
  let v = payload.length;
  while (v >= 0x80) {
    len.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  len.push(v);
  return concat(Uint8Array.of((n << 3) | 2), Uint8Array.from(len), payload);
}
function fixed64(n: number, v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return concat(Uint8Array.of((n << 3) | 1), b);
}
/** A gRPC length-prefixed message frame with the given compressed flag. */
function concatFrame(flag: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(5);
  header[0] = flag;
  new DataView(header.buffer).setUint32(1, payload.length);
  return concat(header, payload);
}
