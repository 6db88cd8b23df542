/**
 * The logs signal's part of the intake chain: decode, count, validate, limit.
 *
 * A log record is rejected (first failing rule wins, reported through partial_success as
 * rejected_log_records) when:
 *   - trace_id is present but not 16 bytes of hex, or all zeros          → "invalid trace_id"
 *   - span_id is present but not 8 bytes of hex, or all zeros            → "invalid span_id"
 *   - its time (time_unix_nano, else observed_time_unix_nano) is set and
 *     before 2000-01-01                                                  → "time before 2000"
 *   - that time is more than 1 day after the collector's clock           → "time more than 1 day in the future"
 * Both times may be absent (OTLP allows it): the record is stored at the time it arrived.
 * Limits: records past the per-request item cap (maxSpansPerRequest) are rejected; attribute maps
 * and the body follow the same count/length/depth limits as span attributes.
 */
import { decodeLogsRequestJson } from './decode-logs-json.ts';
import { decodeLogsRequestProtobuf } from './decode-logs-protobuf.ts';
import { countLogRecords, type ExportLogsRequest, type LogRecord, type ResourceLogs, type ScopeLogs } from './log-types.ts';
import { MAX_FUTURE_SKEW_NS, MIN_SPAN_TIME_NS, utf8Warning } from './validate.ts';
import { ValueLimiter, type LimitCounters, type Limits } from './limits.ts';
import { describeRejections, ID_RE, ZERO_SPAN_ID, ZERO_TRACE_ID, type WireFormat } from './intake-common.ts';

const REASONS = ['invalid trace_id', 'invalid span_id', 'time before 2000', 'time more than 1 day in the future'] as const;
const VALID = -1;

function rejectionReason(r: LogRecord, maxTimeNs: bigint): number {
  if (r.traceId !== '' && (!ID_RE.trace.test(r.traceId) || r.traceId === ZERO_TRACE_ID)) return 0;
  if (r.spanId !== '' && (!ID_RE.span.test(r.spanId) || r.spanId === ZERO_SPAN_ID)) return 1;
  const t = r.timeUnixNano !== 0n ? r.timeUnixNano : r.observedTimeUnixNano;
  if (t !== 0n && t < MIN_SPAN_TIME_NS) return 2;
  if (t > maxTimeNs) return 3;
  return VALID;
}

const utf8 = new TextDecoder();

export const LOGS = {
  message: 'ExportLogsServiceRequest',
  item: 'log record',

  decode(format: WireFormat, body: Uint8Array, limits?: Readonly<Limits>): ExportLogsRequest {
    // Items past the per-request cap and attributes past the per-map cap are skipped while reading.
    const caps = limits ? { maxSpans: limits.maxSpansPerRequest, maxAttributes: limits.maxAttributesPerSpan } : {};
    return format === 'protobuf' ? decodeLogsRequestProtobuf(body, caps) : decodeLogsRequestJson(utf8.decode(body));
  },

  count: countLogRecords,

  validate(req: ExportLogsRequest, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): { accepted: ExportLogsRequest; rejected: number; message: string } {
    const maxTimeNs = nowNs + MAX_FUTURE_SKEW_NS;
    const counts = new Array<number>(REASONS.length).fill(0);
    let rejected = 0;
    for (const rl of req.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const r of sl.logRecords) {
          const reason = rejectionReason(r, maxTimeNs);
          if (reason !== VALID) {
            counts[reason]!++;
            rejected++;
          }
        }
      }
    }
    if (rejected === 0) return { accepted: req, rejected: 0, message: utf8Warning(req, '') };
    const resourceLogs: ResourceLogs[] = [];
    for (const rl of req.resourceLogs) {
      const scopeLogs: ScopeLogs[] = [];
      for (const sl of rl.scopeLogs) {
        const logRecords = sl.logRecords.filter((r) => rejectionReason(r, maxTimeNs) === VALID);
        if (logRecords.length > 0) scopeLogs.push({ ...sl, logRecords });
      }
      if (scopeLogs.length > 0) resourceLogs.push({ ...rl, scopeLogs });
    }
    const accepted: ExportLogsRequest = { resourceLogs };
    if (req.invalidUtf8 !== undefined) accepted.invalidUtf8 = req.invalidUtf8;
    if (req.skippedAtDecode !== undefined) accepted.skippedAtDecode = req.skippedAtDecode;
    return { accepted, rejected, message: utf8Warning(req, describeRejections(rejected, 'log record', REASONS, counts)) };
  },

  limit(req: ExportLogsRequest, limits: Readonly<Limits>, counters?: LimitCounters): { req: ExportLogsRequest; rejected: number; message: string } {
    // Items the decoder skipped past the cap are over the limit too (they were never decoded).
    const skippedItems = req.skippedAtDecode?.items ?? 0;
    const skippedAttributes = req.skippedAtDecode?.attributes ?? 0;
    req.skippedAtDecode = undefined;
    const total = countLogRecords(req);
    let rejected = 0;
    if (total > limits.maxSpansPerRequest) {
      let room = limits.maxSpansPerRequest;
      for (const rl of req.resourceLogs) {
        for (const sl of rl.scopeLogs) {
          if (sl.logRecords.length > room) sl.logRecords.length = room;
          room -= sl.logRecords.length;
        }
        rl.scopeLogs = rl.scopeLogs.filter((sl) => sl.logRecords.length > 0);
      }
      req.resourceLogs = req.resourceLogs.filter((rl) => rl.scopeLogs.length > 0);
      rejected = total - limits.maxSpansPerRequest;
    }
    rejected += skippedItems;
    const v = new ValueLimiter(limits);
    for (const rl of req.resourceLogs) {
      rl.resource.droppedAttributesCount += v.map(rl.resource.attributes);
      for (const sl of rl.scopeLogs) {
        sl.scope.droppedAttributesCount += v.map(sl.scope.attributes);
        for (const r of sl.logRecords) {
          r.droppedAttributesCount += v.map(r.attributes);
          r.body = v.value(r.body);
        }
      }
    }
    v.addTo(counters);
    if (counters) counters.droppedAttributes += skippedAttributes;
    if (counters) counters.rejectedSpans += rejected;
    const message =
      rejected === 0 ? '' : `${rejected} ${rejected === 1 ? 'log record' : 'log records'} rejected: the request has ${total + skippedItems}, more than the limit of ${limits.maxSpansPerRequest} per request`;
    return { req, rejected, message };
  },

  invalidUtf8: (req: ExportLogsRequest): number => req.invalidUtf8 ?? 0,
};
