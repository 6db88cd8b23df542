/** What a forwarding transport (OTLP/HTTP or OTLP/gRPC) reports for one export. */
import type { Signal } from '../otlp/parse.ts';
import type { PartialSuccess } from './partial-success.ts';

export type SendOutcome =
  /** Accepted; partial when the downstream refused some items or warned (not to be retried). */
  | { kind: 'ok'; partial?: PartialSuccess }
  /** Worth retrying (overload, unavailable, timeout, network); retryAfterMs when the server said when. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** Refused for good (bad request, unauthorized…): retrying cannot help. */
  | { kind: 'rejected'; reason: string };

export interface Transport {
  /** body: the encoded request, in parts sent back to back (concatenated requests merge). */
  send(signal: Signal, body: readonly Uint8Array[], timeoutMs: number): Promise<SendOutcome>;
  close(): void;
}
