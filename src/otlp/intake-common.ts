/** Small pieces the logs and metrics intakes share with each other (and the trace validator's rules). */

/** How an OTLP body was encoded. */
export type WireFormat = 'protobuf' | 'json';

export const ID_RE = { trace: /^[0-9a-f]{32}$/, span: /^[0-9a-f]{16}$/ } as const;
export const ZERO_TRACE_ID = '0'.repeat(32);
export const ZERO_SPAN_ID = '0'.repeat(16);

/** "3 log records rejected: invalid trace_id (1), time before 2000 (2)". */
export function describeRejections(rejected: number, item: string, reasons: readonly string[], counts: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < reasons.length; i++) if (counts[i]! > 0) parts.push(`${reasons[i]} (${counts[i]})`);
  return `${rejected} ${rejected === 1 ? item : `${item}s`} rejected: ${parts.join(', ')}`;
}
