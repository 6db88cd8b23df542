/**
 * OTLP/HTTP (http/protobuf) export to one destination: POST {base}/v1/{signal}, as the OTel
 * exporters do with OTEL_EXPORTER_OTLP_ENDPOINT. Retryable per the OTLP spec: 429, 502, 503, 504
 * (honouring Retry-After), network errors and timeouts; any other non-2xx is a refusal.
 * node:http with a keep-alive agent rather than fetch: a forwarded batch is up to 4 MiB, and
 * fetch's web streams cost measurably more CPU per byte sent (bench/forward).
 */
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Signal } from '../otlp/parse.ts';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { SendOutcome, Transport } from './transport.ts';
import type { ForwardCompression } from './settings.ts';
import { readPartialSuccess } from './partial-success.ts';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const gzipAsync = promisify(gzip);
/** Enough for any partial-success answer; a larger body is read to the end but not kept. */
const MAX_ANSWER_BYTES = 64 * 1024;

export class HttpTransport implements Transport {
  readonly #base: URL;
  readonly #headers: Record<string, string>;
  readonly #agent: HttpAgent;
  readonly #request: typeof httpRequest;
  readonly #inFlight = new Set<ClientRequest>();
  readonly #gzip: boolean;

  constructor(baseUrl: string, headers: Readonly<Record<string, string>>, compression: ForwardCompression = 'none') {
    this.#base = new URL(baseUrl.replace(/\/+$/, ''));
    this.#gzip = compression === 'gzip';
    this.#headers = { ...headers, 'content-type': 'application/x-protobuf', ...(this.#gzip ? { 'content-encoding': 'gzip' } : {}) };
    const tls = this.#base.protocol === 'https:';
    this.#agent = tls ? new HttpsAgent({ keepAlive: true, maxSockets: 2 }) : new HttpAgent({ keepAlive: true, maxSockets: 2 });
    this.#request = tls ? (httpsRequest as typeof httpRequest) : httpRequest;
  }

  async send(signal: Signal, parts: readonly Uint8Array[], timeoutMs: number): Promise<SendOutcome> {
    // Compressed on the libuv pool, not the event loop (fastest level: CPU matters more than ratio here).
    const body = this.#gzip ? [await gzipAsync(Buffer.concat(parts), { level: 1 })] : parts;
    let length = 0;
    for (const b of body) length += b.byteLength;
    return new Promise((resolve) => {
      let done = false;
      const finish = (o: SendOutcome) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#inFlight.delete(req);
        resolve(o);
      };
      const path = `${this.#base.pathname === '/' ? '' : this.#base.pathname}/v1/${signal}${this.#base.search}`;
      const req = this.#request(
        { protocol: this.#base.protocol, hostname: this.#base.hostname, port: this.#base.port, path, method: 'POST', agent: this.#agent, headers: { ...this.#headers, 'content-length': String(length) } },
        (res: IncomingMessage) => {
          // Read the answer to the end: the connection goes back to the pool (a hung body times out too).
          const answer: Buffer[] = [];
          let answerBytes = 0;
          res.on('data', (c: Buffer) => {
            answerBytes += c.length;
            if (answerBytes <= MAX_ANSWER_BYTES) answer.push(c);
          });
          res.on('error', (e) => finish({ kind: 'retry', reason: e.message }));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              const partial = answerBytes > 0 && answerBytes <= MAX_ANSWER_BYTES && /protobuf/i.test(headerOf(res, 'content-type') ?? '') ? readPartialSuccess(Buffer.concat(answer)) : undefined;
              return finish(partial ? { kind: 'ok', partial } : { kind: 'ok' });
            }
            if (RETRYABLE_STATUS.has(status)) {
              const retryAfterMs = parseRetryAfter(headerOf(res, 'retry-after'));
              return finish({ kind: 'retry', reason: `HTTP ${status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
            }
            finish({ kind: 'rejected', reason: `HTTP ${status}` });
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (e) => finish({ kind: 'retry', reason: e.message }));
      this.#inFlight.add(req);
      for (const b of body) req.write(b);
      req.end();
    });
  }

  close(): void {
    for (const r of this.#inFlight) r.destroy(new Error('forwarder closed'));
    this.#agent.destroy();
  }
}

function headerOf(res: IncomingMessage, name: string): string | null {
  const v = res.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v[0]! : v;
}

/** Retry-After as delay-seconds or an HTTP date, in ms (undefined when absent or unreadable). */
export function parseRetryAfter(v: string | null, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
