/**
 * Per-span validation of a decoded request, producing what OTLP `partial_success` reports.
 * A span is rejected (first failing rule wins) when:
 *   - trace_id is not 16 bytes of hex or is all zeros             → "invalid trace_id"
 *   - span_id is not 8 bytes of hex or is all zeros               → "invalid span_id"
 *   - parent_span_id is present but not 8 bytes of hex            → "invalid parent_span_id"
 *     (an empty parent means a root span; an all-zero parent is tolerated and left as sent)
 *   - start time is before 2000-01-01T00:00:00Z (this also catches a missing start time: 0)
 *                                                                 → "start time before 2000"
 *   - end time is before start time                               → "end before start"
 *   - start or end is more than 1 day after the collector's clock → "time more than 1 day in the future"
 * The bounds catch clock bugs and unit mistakes (ms or µs sent as ns land before 2000) while
 * leaving room for skewed clocks and long-running spans exported late.
 * When the decoder replaced invalid UTF-8, errorMessage also carries that as a warning (OTLP lets
 * a server send error_message with rejected_spans = 0).
 */
import type { ExportTraceRequest, ResourceSpans, ScopeSpans, Span } from './types.ts';

export interface ValidationResult {
  /** The request itself when nothing was rejected; otherwise a copy holding only accepted spans. */
  accepted: ExportTraceRequest;
  rejectedSpans: number;
  /** '' when nothing was rejected, else e.g. "2 spans rejected: invalid trace_id (1), end before start (1)". */
  errorMessage: string;
}

/** 2000-01-01T00:00:00Z in Unix nanoseconds. */
export const MIN_SPAN_TIME_NS = 946_684_800_000_000_000n;
/** How far past the collector's clock a span time may be. */
export const MAX_FUTURE_SKEW_NS = 86_400_000_000_000n;

const REASONS = [
  'invalid trace_id',
  'invalid span_id',
  'invalid parent_span_id',
  'start time before 2000',
  'end before start',
  'time more than 1 day in the future',
] as const;
const VALID = -1;

const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** The index into REASONS of the first rule the span breaks, or VALID. */
export function spanRejectionReason(span: Span, maxTimeNs: bigint): number {
  if (!TRACE_ID_RE.test(span.traceId) || span.traceId === ZERO_TRACE_ID) return 0;
  if (!SPAN_ID_RE.test(span.spanId) || span.spanId === ZERO_SPAN_ID) return 1;
  if (span.parentSpanId !== '' && !SPAN_ID_RE.test(span.parentSpanId)) return 2;
  const start = span.startTimeUnixNano;
  const end = span.endTimeUnixNano;
  if (start < MIN_SPAN_TIME_NS) return 3;
  if (end < start) return 4;
  if (end > maxTimeNs) return 5; // end ≥ start, so this covers start too
  return VALID;
}

export function validateTraceRequest(request: ExportTraceRequest, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): ValidationResult {
  const maxTimeNs = nowNs + MAX_FUTURE_SKEW_NS;
  let rejected = 0;
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) if (spanRejectionReason(span, maxTimeNs) !== VALID) rejected++;
    }
  }
  if (rejected === 0) return { accepted: request, rejectedSpans: 0, errorMessage: utf8Warning(request, '') };
  return filterRejected(request, maxTimeNs, rejected);
}

function filterRejected(request: ExportTraceRequest, maxTimeNs: bigint, rejected: number): ValidationResult {
  const reasonCounts = new Array<number>(REASONS.length).fill(0);
  const resourceSpans: ResourceSpans[] = [];
  for (const rs of request.resourceSpans) {
    const scopeSpans: ScopeSpans[] = [];
    for (const ss of rs.scopeSpans) {
      const spans: Span[] = [];
      for (const span of ss.spans) {
        const reason = spanRejectionReason(span, maxTimeNs);
        if (reason === VALID) spans.push(span);
        else reasonCounts[reason]++;
      }
      if (spans.length > 0) scopeSpans.push({ scope: ss.scope, schemaUrl: ss.schemaUrl, spans });
    }
    if (scopeSpans.length > 0) resourceSpans.push({ resource: rs.resource, schemaUrl: rs.schemaUrl, scopeSpans });
  }
  const parts: string[] = [];
  for (let i = 0; i < REASONS.length; i++) if (reasonCounts[i] > 0) parts.push(`${REASONS[i]} (${reasonCounts[i]})`);
  const accepted: ExportTraceRequest = { resourceSpans };
  if (request.invalidUtf8 !== undefined) accepted.invalidUtf8 = request.invalidUtf8;
  if (request.skippedAtDecode !== undefined) accepted.skippedAtDecode = request.skippedAtDecode;
  return {
    accepted,
    rejectedSpans: rejected,
    errorMessage: utf8Warning(request, `${rejected} ${rejected === 1 ? 'span' : 'spans'} rejected: ${parts.join(', ')}`),
  };
}

export function utf8Warning(request: { invalidUtf8?: number }, message: string): string {
  const n = request.invalidUtf8;
  if (n === undefined || n === 0) return message;
  const warning = `${n} invalid UTF-8 ${n === 1 ? 'sequence' : 'sequences'} replaced with U+FFFD`;
  return message === '' ? warning : `${message}; ${warning}`;
}
