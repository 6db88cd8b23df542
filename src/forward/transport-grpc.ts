/**
 * OTLP/gRPC export to one destination with @grpc/grpc-js: the Export method of the signal's
 * service, the already encoded request passed through as the message bytes. Retryable per the
 * OTLP spec: CANCELLED, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, UNAVAILABLE, DATA_LOSS, and
 * RESOURCE_EXHAUSTED only when the server sent google.rpc.RetryInfo (whose delay is honoured).
 */
import * as grpc from '@grpc/grpc-js';
import type { Signal } from '../otlp/parse.ts';
import { ProtoReader } from '../otlp/proto-reader.ts';
import type { SendOutcome, Transport } from './transport.ts';
import type { ForwardCompression } from './settings.ts';
import { readPartialSuccess } from './partial-success.ts';

const METHOD: Readonly<Record<Signal, string>> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
};

const RETRYABLE = new Set([grpc.status.CANCELLED, grpc.status.DEADLINE_EXCEEDED, grpc.status.ABORTED, grpc.status.OUT_OF_RANGE, grpc.status.UNAVAILABLE, grpc.status.DATA_LOSS]);

const passThrough = (b: Buffer): Buffer => b;

export class GrpcTransport implements Transport {
  readonly #client: grpc.Client;
  readonly #metadata: grpc.Metadata;
  readonly #calls = new Set<grpc.ClientUnaryCall>();

  /** url: http://host:port (plaintext) or https://host:port (TLS), as OTLP gRPC endpoints are written. */
  constructor(url: string, headers: Readonly<Record<string, string>>, compression: ForwardCompression = 'none') {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' ? '443' : '4317');
    const creds = u.protocol === 'https:' ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    // Retries are ours (backoff, RetryInfo, the disk queue); grpc-js's own would double them.
    this.#client = new grpc.Client(`${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`, creds, {
      'grpc.enable_retries': 0,
      // grpc-js's CompressionAlgorithms: 2 = gzip (the message is compressed by grpc-js, grpc-encoding set)
      ...(compression === 'gzip' ? { 'grpc.default_compression_algorithm': 2 } : {}),
    });
    this.#metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(headers)) this.#metadata.set(k.toLowerCase(), v);
  }

  send(signal: Signal, body: readonly Uint8Array[], timeoutMs: number): Promise<SendOutcome> {
    // One gRPC message: the parts joined (grpc-js frames a single buffer).
    const message = body.length === 1 ? Buffer.from(body[0]!.buffer, body[0]!.byteOffset, body[0]!.byteLength) : Buffer.concat(body);
    return new Promise((resolve) => {
      const call = this.#client.makeUnaryRequest(
        METHOD[signal],
        passThrough,
        passThrough,
        message,
        this.#metadata,
        { deadline: Date.now() + timeoutMs },
        (err, answer) => {
          this.#calls.delete(call);
          if (err) return resolve(outcomeOf(err));
          const partial = answer && answer.byteLength > 0 ? readPartialSuccess(answer) : undefined;
          resolve(partial ? { kind: 'ok', partial } : { kind: 'ok' });
        },
      );
      this.#calls.add(call);
    });
  }

  close(): void {
    for (const c of this.#calls) c.cancel();
    this.#client.close();
  }
}

function outcomeOf(err: grpc.ServiceError): SendOutcome {
  const reason = `gRPC ${grpc.status[err.code] ?? err.code}: ${err.details}`;
  const details = err.metadata?.get('grpc-status-details-bin')[0];
  const retryAfterMs = details instanceof Buffer ? retryDelayMs(details) : undefined;
  if (RETRYABLE.has(err.code) || (err.code === grpc.status.RESOURCE_EXHAUSTED && retryAfterMs !== undefined)) {
    return { kind: 'retry', reason, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { kind: 'rejected', reason };
}

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * The delay of a google.rpc.RetryInfo inside a google.rpc.Status { 3 details: Any { 1 type_url,
 * 2 value } }: RetryInfo { 1 retry_delay: Duration { 1 seconds, 2 nanos } }. undefined when absent
 * or unreadable.
 */
export function retryDelayMs(status: Uint8Array): number | undefined {
  try {
    const r = new ProtoReader(status);
    for (let end = r.nextLengthDelimited(26); end >= 0; end = r.nextLengthDelimited(26)) {
      let type = '';
      let value: Uint8Array | null = null;
      while (r.pos < end) {
        const t = r.readVarint32();
        if (t === 10) type = r.readString();
        else if (t === 18) value = r.readBytesCopy();
        else r.skipField(t);
      }
      if (type === RETRY_INFO_TYPE && value) return durationMs(value);
    }
  } catch {
    // a malformed details trailer: no delay
  }
  return undefined;
}

function durationMs(retryInfo: Uint8Array): number | undefined {
  const r = new ProtoReader(retryInfo);
  const end = r.nextLengthDelimited(10);
  if (end < 0) return undefined;
  let seconds = 0;
  let nanos = 0;
  while (r.pos < end) {
    const t = r.readVarint32();
    if (t === 8) seconds = Number(r.readInt64());
    else if (t === 16) nanos = Number(r.readInt64());
    else r.skipField(t);
  }
  return Math.max(0, seconds * 1000 + Math.round(nanos / 1e6));
}
