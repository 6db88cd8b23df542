/**
 * Exponential backoff with jitter, the one formula every retry loop uses (batch writer, LLM judge,
 * budget notifications): retry k (k ≥ 1) waits min(max, base·2^(k-1)) scaled by a random factor in
 * [0.5, 1) — "equal jitter", so retries of many clients spread out but never wait less than half.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export function backoffMs(retry: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(Math.max(retry - 1, 0), 30));
  return exp / 2 + random() * (exp / 2);
}
