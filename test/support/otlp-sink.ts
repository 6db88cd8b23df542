/**
 * A downstream OTLP back end for forwarding tests — a STAND-IN for the OpenTelemetry Collector
 * (which cannot run here): OTLP/HTTP (POST /v1/{traces,metrics,logs}, protobuf) and OTLP/gRPC
 * (the three Export methods) on real sockets. Its behaviour can be switched while it runs:
 *   ok      answer 200 / OK and record the request
 *   fail    HTTP 503 + Retry-After (gRPC UNAVAILABLE) without recording it
 *   hang    read the request, never answer (the client times out), not recorded
 *   reject  HTTP 400 (gRPC INVALID_ARGUMENT), not recorded
 * With `partial` set, 'ok' answers carry an OTLP partial success (that many items rejected, a message).
 * What it recorded (acknowledged) is decoded by protobufjs from the fixture .proto files — an
 * independent decoder — into span ids, log bodies, metric names, so tests count exactly what arrived.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';

export type SinkMode = 'ok' | 'fail' | 'hang' | 'reject';
type Signal = 'traces' | 'metrics' | 'logs';

const traceRoot = protobuf.parse(readFileSync(new URL('../otlp/fixtures/otlp-trace.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const lmRoot = protobuf.parse(readFileSync(new URL('../otlp/fixtures/otlp-logs-metrics.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const TYPES = {
  traces: traceRoot.lookupType('otlp.ExportTraceServiceRequest'),
  metrics: lmRoot.lookupType('otlplm.ExportMetricsServiceRequest'),
  logs: lmRoot.lookupType('otlplm.ExportLogsServiceRequest'),
};

export interface SinkRequest {
  signal: Signal;
  transport: 'http' | 'grpc';
  headers: Record<string, string>;
  /** protobufjs object (keepCase, longs and bytes as strings: ids in base64). */
  message: Record<string, unknown>;
}

export interface OtlpSink {
  /** Base URL: http://127.0.0.1:<port> (HTTP) — forward to it as --forward-otlp. */
  url: string;
  /** http://127.0.0.1:<grpc port> for --forward-protocol grpc. */
  grpcUrl: string;
  mode: SinkMode;
  /** Seconds sent in Retry-After while failing (HTTP only). */
  retryAfterSeconds: number;
  /** When set, every accepted request is answered with this partial success. */
  partial: { rejected: number; message: string } | null;
  /** Acknowledged requests, in order. */
  received: SinkRequest[];
  /** Every request that arrived, whatever the answer (attempts). */
  attempts: number;
  spanIds(): string[];
  logBodies(): string[];
  metricPoints(): number;
  close(): Promise<void>;
}

const RESPONSE = traceRoot.lookupType('otlp.ExportTraceServiceResponse');
/** The Export*ServiceResponse (same field numbers for every signal): empty, or the partial success. */
const answerOf = (partial: OtlpSink['partial']): Buffer =>
  partial ? Buffer.from(RESPONSE.encode(RESPONSE.fromObject({ partial_success: { rejected_spans: partial.rejected, error_message: partial.message } })).finish()) : Buffer.alloc(0);

const hexOf = (b64: unknown) => Buffer.from(String(b64 ?? ''), 'base64').toString('hex');

export async function startOtlpSink(): Promise<OtlpSink> {
  const hung: ServerResponse[] = [];
  const sink: OtlpSink = {
    url: '',
    grpcUrl: '',
    mode: 'ok',
    retryAfterSeconds: 0,
    partial: null,
    received: [],
    attempts: 0,
    spanIds: () =>
      sink.received
        .filter((r) => r.signal === 'traces')
        .flatMap((r) => list(r.message.resource_spans).flatMap((rs) => list(rs.scope_spans).flatMap((ss) => list(ss.spans).map((s) => hexOf(s.span_id))))),
    logBodies: () =>
      sink.received
        .filter((r) => r.signal === 'logs')
        .flatMap((r) => list(r.message.resource_logs).flatMap((rl) => list(rl.scope_logs).flatMap((sl) => list(sl.log_records).map((l) => String((l.body as { string_value?: string } | undefined)?.string_value ?? ''))))),
    metricPoints: () =>
      sink.received
        .filter((r) => r.signal === 'metrics')
        .flatMap((r) => list(r.message.resource_metrics).flatMap((rm) => list(rm.scope_metrics).flatMap((sm) => list(sm.metrics))))
        .reduce((n, m) => {
          const d = (m.gauge ?? m.sum ?? m.histogram ?? m.exponential_histogram ?? m.summary) as { data_points?: unknown[] } | undefined;
          return n + (d?.data_points?.length ?? 0);
        }, 0),
    close: async () => {
      for (const r of hung) r.destroy();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
      grpcServer.forceShutdown();
    },
  };
  const record = (signal: Signal, transport: 'http' | 'grpc', headers: Record<string, string>, body: Uint8Array) => {
    const message = TYPES[signal].toObject(TYPES[signal].decode(body), { longs: String, bytes: String, defaults: false }) as Record<string, unknown>;
    sink.received.push({ signal, transport, headers, message });
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      sink.attempts++;
      const signal = /^\/v1\/(traces|metrics|logs)$/.exec(req.url ?? '')?.[1] as Signal | undefined;
      if (!signal) return void res.writeHead(404).end();
      switch (sink.mode) {
        case 'hang':
          hung.push(res);
          return;
        case 'fail':
          res.writeHead(503, { 'retry-after': String(sink.retryAfterSeconds) }).end();
          return;
        case 'reject':
          res.writeHead(400).end();
          return;
        case 'ok':
          // content-encoding gzip as the OTel Collector's OTLP receiver takes it
          record(signal, 'http', flatHeaders(req.headers), req.headers['content-encoding'] === 'gzip' ? gunzipSync(Buffer.concat(chunks)) : Buffer.concat(chunks));
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(answerOf(sink.partial));
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const grpcServer = new grpc.Server();
  const passThrough = (b: Buffer) => b;
  for (const [signal, service] of [
    ['traces', 'opentelemetry.proto.collector.trace.v1.TraceService'],
    ['metrics', 'opentelemetry.proto.collector.metrics.v1.MetricsService'],
    ['logs', 'opentelemetry.proto.collector.logs.v1.LogsService'],
  ] as const) {
    grpcServer.register(
      `/${service}/Export`,
      (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        sink.attempts++;
        switch (sink.mode) {
          case 'hang':
            return;
          case 'fail':
            return callback({ code: grpc.status.UNAVAILABLE, details: 'sink failing' });
          case 'reject':
            return callback({ code: grpc.status.INVALID_ARGUMENT, details: 'sink rejects' });
          case 'ok': {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(call.metadata.getMap())) headers[k] = String(v);
            record(signal, 'grpc', headers, call.request);
            callback(null, answerOf(sink.partial));
          }
        }
      },
      passThrough,
      passThrough,
      'unary',
    );
  }
  const grpcPort = await new Promise<number>((resolve, reject) =>
    grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, port) => (e ? reject(e) : resolve(port))),
  );
  sink.grpcUrl = `http://127.0.0.1:${grpcPort}`;
  return sink;
}

function list(v: unknown): Array<Record<string, unknown>> {
  return Array.isArray(v) ? (v as Array<Record<string, unknown>>) : [];
}

function flatHeaders(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}
