/**
 * OTLP/HTTP (http/protobuf) export to one destination: POST {base}/v1/{signal}, as the OTel
 * exporters do with OTEL_EXPORTER_OTLP_ENDPOINT. Retryable per the OTLP spec: 429, 502, 503, 504
 * (honouring Retry-After), network errors and timeouts; any other non-2xx is a refusal.
 */
import type { Signal } from '../otlp/parse.ts';
import type { SendOutcome, Transport } from './transport.ts';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

export class HttpTransport implements Transport {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #inFlight = new Set<AbortController>();

  constructor(baseUrl: string, headers: Readonly<Record<string, string>>) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#headers = { ...headers, 'content-type': 'application/x-protobuf' };
  }

  async send(signal: Signal, body: Uint8Array, timeoutMs: number): Promise<SendOutcome> {
    const ac = new AbortController();
    this.#inFlight.add(ac);
    const timer = setTimeout(() => ac.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const res = await fetch(`${this.#base}/v1/${signal}`, { method: 'POST', body: body as Uint8Array<ArrayBuffer>, headers: this.#headers, signal: ac.signal });
      // Read the answer to the end: the connection goes back to the pool (and a hung body times out too).
      await res.arrayBuffer();
      if (res.ok) return { kind: 'ok' };
      if (RETRYABLE_STATUS.has(res.status)) {
        const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        return { kind: 'retry', reason: `HTTP ${res.status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      }
      return { kind: 'rejected', reason: `HTTP ${res.status}` };
    } catch (e) {
      const err = ac.signal.aborted ? (ac.signal.reason as Error) : (e as Error);
      return { kind: 'retry', reason: err?.message ?? String(e) };
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(ac);
    }
  }

  close(): void {
    for (const ac of this.#inFlight) ac.abort(new Error('forwarder closed'));
  }
}

/** Retry-After as delay-seconds or an HTTP date, in ms (undefined when absent or unreadable). */
export function parseRetryAfter(v: string | null, now = Date.now()): number | undefined {
  if (!v) return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
