/**
 * OTLP/gRPC: TraceService, MetricsService and LogsService `Export` on one port, in front of the
 * same transport-neutral export step as OTLP/HTTP (pipeline/export.ts) and the same admission
 * control. Messages arrive as raw bytes and are decoded by our own decoders (a decode failure is
 * INVALID_ARGUMENT for that call, never a crash); gzip is handled by grpc-js, with the message size
 * limit applied after decompression.
 *
 * Status codes, as the OTLP spec asks of a gRPC server:
 *   OK                  accepted (partial_success when some items were rejected)
 *   INVALID_ARGUMENT    malformed request (not retryable)
 *   UNAUTHENTICATED     missing or invalid API key
 *   RESOURCE_EXHAUSTED  too many requests in progress, with google.rpc.RetryInfo (retryable because of it);
 *                       grpc-js answers it without RetryInfo for a message over the size limit (not retryable)
 *   UNAVAILABLE         write-ahead log full or failing, with RetryInfo (retryable)
 */
import * as grpc from '@grpc/grpc-js';
import { encodeExportResponseProtobuf } from '../otlp/response.ts';
import type { ExportOutcome } from '../pipeline/export.ts';
import type { Signal } from '../pipeline/signal-sink.ts';
import type { WireFormat } from '../otlp/intake-common.ts';
import type { Admission } from './admission.ts';

const SERVICES: ReadonlyArray<{ signal: Signal; path: string }> = [
  { signal: 'traces', path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' },
  { signal: 'metrics', path: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export' },
  { signal: 'logs', path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export' },
];

export interface GrpcDeps {
  exportSignal: (signal: Signal, format: WireFormat, body: Uint8Array, projectId: string) => Promise<ExportOutcome>;
  /** The tenant of a call from its `authorization` / `x-api-key` metadata; null = unauthenticated. */
  projectOf: (headers: { authorization?: string; 'x-api-key'?: string }) => string | null;
  admission: Admission;
  /** Largest message accepted, after decompression. */
  maxMessageBytes: number;
  retryAfterSeconds: number;
  /** Calls per signal and status, for /metrics. */
  counters: Record<string, number>;
  onError?: (e: unknown) => void;
  tls?: { cert: Buffer; key: Buffer } | null;
}

export interface GrpcServer {
  port: number;
  close(): Promise<void>;
}

const identity = (b: Buffer): Buffer => b;
const toBuffer = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export async function startGrpcServer(host: string, port: number, d: GrpcDeps): Promise<GrpcServer> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': d.maxMessageBytes,
    'grpc.max_send_message_length': 1024 * 1024,
  });
  for (const { signal, path } of SERVICES) {
    const definition: grpc.ServiceDefinition = {
      Export: {
        path,
        requestStream: false,
        responseStream: false,
        // Raw bytes in and out: our decoders read the message, so bad input is INVALID_ARGUMENT.
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: toBuffer,
        responseDeserialize: identity,
      },
    };
    server.addService(definition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => {
        handle(signal, call, d).then(
          (r) => {
            d.counters[`${signal}:${r.code}`] = (d.counters[`${signal}:${r.code}`] ?? 0) + 1;
            if (r.code === grpc.status.OK) callback(null, r.response!);
            else callback({ code: r.code, details: r.message, metadata: r.metadata });
          },
          (e: unknown) => {
            d.onError?.(e);
            d.counters[`${signal}:${grpc.status.INTERNAL}`] = (d.counters[`${signal}:${grpc.status.INTERNAL}`] ?? 0) + 1;
            callback({ code: grpc.status.INTERNAL, details: 'internal error' });
          },
        );
      },
    });
  }
  const credentials = d.tls ? grpc.ServerCredentials.createSsl(null, [{ private_key: d.tls.key, cert_chain: d.tls.cert }]) : grpc.ServerCredentials.createInsecure();
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => server.bindAsync(address, credentials, (e, p) => (e ? reject(e) : resolve(p))));
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        // Finish calls in progress, then stop; force after a bound so shutdown never hangs.
        const force = setTimeout(() => server.forceShutdown(), 5000);
        force.unref();
        server.tryShutdown(() => {
          clearTimeout(force);
          resolve();
        });
      }),
  };
}

interface Reply {
  code: grpc.status;
  message: string;
  response?: Uint8Array;
  metadata?: grpc.Metadata;
}

async function handle(signal: Signal, call: grpc.ServerUnaryCall<Buffer, Uint8Array>, d: GrpcDeps): Promise<Reply> {
  const first = (key: string) => {
    const v = call.metadata.get(key)[0];
    return typeof v === 'string' ? v : undefined;
  };
  const projectId = d.projectOf({ authorization: first('authorization'), 'x-api-key': first('x-api-key') });
  if (projectId === null) return { code: grpc.status.UNAUTHENTICATED, message: 'missing or invalid API key' };
  if (!d.admission.tryEnter()) {
    return retryable(grpc.status.RESOURCE_EXHAUSTED, `too many requests in progress (${d.admission.max}); retry later`, d.retryAfterSeconds);
  }
  try {
    const out = await d.exportSignal(signal, 'protobuf', call.request, projectId);
    switch (out.kind) {
      case 'ok': {
        const partial = out.rejected > 0 || out.message ? { rejectedSpans: out.rejected, errorMessage: out.message } : undefined;
        return { code: grpc.status.OK, message: '', response: encodeExportResponseProtobuf(partial) };
      }
      case 'malformed':
        return { code: grpc.status.INVALID_ARGUMENT, message: out.message };
      case 'unavailable':
        return retryable(grpc.status.UNAVAILABLE, out.message, d.retryAfterSeconds);
    }
  } finally {
    d.admission.leave();
  }
}

function retryable(code: grpc.status, message: string, retryAfterSeconds: number): Reply {
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', toBuffer(encodeStatusWithRetryInfo(code, message, retryAfterSeconds)));
  return { code, message, metadata };
}

/**
 * google.rpc.Status { 1 code, 2 message, 3 details: [Any { 1 type_url, 2 value: RetryInfo
 * { 1 retry_delay: Duration { 1 seconds } } }] } — how the OTLP spec asks a server to say when to retry.
 */
export function encodeStatusWithRetryInfo(code: number, message: string, retryAfterSeconds: number): Uint8Array {
  const duration = field(1, varint(retryAfterSeconds), 0);
  const retryInfo = field(1, duration);
  const any = concat(field(1, utf8.encode('type.googleapis.com/google.rpc.RetryInfo')), field(2, retryInfo));
  return concat(field(1, varint(code), 0), field(2, utf8.encode(message)), field(3, any));
}

const utf8 = new TextEncoder();

function varint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** A field: wire type 2 (length-delimited) unless 0 (varint, `payload` already encoded). */
function field(n: number, payload: Uint8Array, wireType: 0 | 2 = 2): Uint8Array {
  return wireType === 0 ? concat(varint(n << 3), payload) : concat(varint((n << 3) | 2), varint(payload.length), payload);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
