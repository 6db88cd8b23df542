/**
 * The decoded form of an OTLP ExportLogsServiceRequest, shared by the protobuf and JSON decoders.
 * Ids are lowercase hex ('' when absent); times are exact int64 nanoseconds as bigint.
 */
import type { AttrMap, AttrValue, InstrumentationScope } from './types.ts';

export interface LogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  /** OTLP SeverityNumber (0 unspecified, 1–24 TRACE…FATAL4). */
  severityNumber: number;
  severityText: string;
  /** The body AnyValue; null when absent. */
  body: AttrValue;
  attributes: AttrMap;
  droppedAttributesCount: number;
  flags: number;
  traceId: string;
  spanId: string;
  /** The event name (LogRecord.event_name, OTLP 1.5+); '' for plain logs. */
  eventName: string;
}

export interface ScopeLogs {
  scope: InstrumentationScope;
  schemaUrl: string;
  logRecords: LogRecord[];
}

export interface ResourceLogs {
  resource: { attributes: AttrMap; droppedAttributesCount: number };
  schemaUrl: string;
  scopeLogs: ScopeLogs[];
}

export interface ExportLogsRequest {
  resourceLogs: ResourceLogs[];
  /** Number of invalid UTF-8 sequences replaced with U+FFFD while decoding; absent when none. */
  invalidUtf8?: number;
  /** Records and attributes the decoder skipped over the limits without decoding them. */
  skippedAtDecode?: { items: number; attributes: number };
}

/** Log records in the request, those the decoder skipped over the limit included. */
export function countLogRecords(req: ExportLogsRequest): number {
  let n = req.skippedAtDecode?.items ?? 0;
  for (const rl of req.resourceLogs) for (const sl of rl.scopeLogs) n += sl.logRecords.length;
  return n;
}
