/**
 * The downstream for the forwarding benchmark, in its own process: a minimal OTLP/HTTP and
 * OTLP/gRPC receiver that answers at once and keeps the bodies (a real back end runs elsewhere; this
 * one does no work during the measurement). GET /stats decodes what it kept, afterwards, to count
 * the spans delivered; POST /reset forgets it. Prints "ready <httpPort> <grpcPort>" when listening.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { parseSignal } from '../../src/otlp/parse.ts';
import { DEFAULT_LIMITS } from '../../src/otlp/limits.ts';
import type { ExportTraceRequest } from '../../src/otlp/types.ts';

let bodies: Buffer[] = [];
let requests = 0;

// Counted without the per-request span cap: a forwarded batch joins many requests.
const UNCAPPED = { ...DEFAULT_LIMITS, maxSpansPerRequest: Number.MAX_SAFE_INTEGER };

function stats(): { requests: number; bytes: number; spans: number } {
  let spans = 0;
  for (const b of bodies) for (const rs of (parseSignal('traces', 'protobuf', b, UNCAPPED).req as ExportTraceRequest).resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
  return { requests, bytes: bodies.reduce((n, b) => n + b.length, 0), spans };
}

const http = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/stats') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats()));
    if (req.url === '/reset') {
      bodies = [];
      requests = 0;
      return void res.writeHead(200).end();
    }
    requests++;
    if (req.url === '/v1/traces') bodies.push(Buffer.concat(chunks));
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));

const server = new grpc.Server();
const pass = (b: Buffer) => b;
server.register(
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
    requests++;
    bodies.push(call.request);
    cb(null, Buffer.alloc(0));
  },
  pass,
  pass,
  'unary',
);
const grpcPort = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
process.stdout.write(`ready ${(http.address() as AddressInfo).port} ${grpcPort}\n`);
process.on('SIGTERM', () => {
  http.close();
  server.forceShutdown();
  process.exit(0);
});
