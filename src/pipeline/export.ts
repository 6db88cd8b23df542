/**
 * One OTLP export, whatever the transport (OTLP/HTTP route or OTLP/gRPC method): the signal's
 * intake (decode → validate → limit) then acceptance (write-ahead log first in durable mode).
 * What the transport gets back says which status to answer with.
 */
import { DecodeError, countSpans, type ExportTraceRequest } from '../otlp/types.ts';
import { decodeTraceRequestProtobuf } from '../otlp/decode-protobuf.ts';
import { decodeTraceRequestJson } from '../otlp/decode-json.ts';
import { validateTraceRequest } from '../otlp/validate.ts';
import { LOGS } from '../otlp/logs-intake.ts';
import { METRICS } from '../otlp/metrics-intake.ts';
import type { WireFormat } from '../otlp/intake-common.ts';
import { applyLimits, type LimitCounters, type Limits } from '../server/limits.ts';
import type { Signal } from './signal-sink.ts';

/** What one signal contributes: the same shape for traces, metrics and logs. */
export interface Intake<R> {
  readonly message: string;
  /** Applies the span and attribute limits while reading where the decoder can (skipped, counted). */
  decode(format: WireFormat, body: Uint8Array, limits: Readonly<Limits>): R;
  count(req: R): number;
  validate(req: R): { accepted: R; rejected: number; message: string };
  limit(req: R, limits: Readonly<Limits>, counters?: LimitCounters): { req: R; rejected: number; message: string };
  invalidUtf8(req: R): number;
}

const utf8 = new TextDecoder();

export const TRACES: Intake<ExportTraceRequest> = {
  message: 'ExportTraceServiceRequest',
  decode: (format, body, limits) =>
    format === 'protobuf'
      ? decodeTraceRequestProtobuf(body, { maxSpans: limits.maxSpansPerRequest, maxAttributes: limits.maxAttributesPerSpan })
      : decodeTraceRequestJson(utf8.decode(body), { maxSpans: limits.maxSpansPerRequest }),
  count: countSpans,
  validate: (req) => {
    const v = validateTraceRequest(req);
    return { accepted: v.accepted, rejected: v.rejectedSpans, message: v.errorMessage };
  },
  limit: (req, limits, counters) => {
    const l = applyLimits(req, limits, counters);
    return { req: l.req, rejected: l.rejectedSpans, message: l.errorMessage };
  },
  invalidUtf8: (req) => req.invalidUtf8 ?? 0,
};

export const INTAKES: { readonly [S in Signal]: Intake<unknown> } = {
  traces: TRACES as Intake<unknown>,
  metrics: METRICS as unknown as Intake<unknown>,
  logs: LOGS as unknown as Intake<unknown>,
};

/** Decode → validate → limit: what a live request and a logged body (replay) both go through. */
export function parseSignal(signal: Signal, format: WireFormat, body: Uint8Array, limits: Readonly<Limits>, counters?: LimitCounters) {
  const intake = INTAKES[signal];
  const decoded = intake.decode(format, body, limits);
  const received = intake.count(decoded);
  const v = intake.validate(decoded);
  const l = intake.limit(v.accepted, limits, counters);
  return {
    req: l.req,
    received,
    invalid: v.rejected,
    overLimit: l.rejected,
    kept: received - v.rejected - l.rejected,
    invalidUtf8: intake.invalidUtf8(decoded),
    message: [v.message, l.message].filter(Boolean).join('; '),
  };
}

export type AcceptSignalFn = (
  signal: Signal,
  req: unknown,
  items: number,
  projectId: string,
  format: WireFormat,
  body: Uint8Array,
) => { ok: true } | { ok: false; message: string } | Promise<{ ok: true } | { ok: false; message: string }>;

/** Items (spans, data points, log records) received/accepted/rejected per signal, for /metrics. */
export interface SignalCounters {
  requests: number;
  bytes: number;
  received: number;
  accepted: number;
  rejected: Record<string, number>;
  invalidUtf8: number;
}

export function newSignalCounters(): SignalCounters {
  return { requests: 0, bytes: 0, received: 0, accepted: 0, rejected: {}, invalidUtf8: 0 };
}

export type ExportOutcome =
  | { kind: 'ok'; rejected: number; message: string }
  | { kind: 'malformed'; message: string }
  | { kind: 'unavailable'; message: string };

export interface ExportDeps {
  accept: AcceptSignalFn;
  limits: Readonly<Limits>;
  limitCounters: LimitCounters;
  counters: Record<Exclude<Signal, 'traces'>, SignalCounters> & { traces?: SignalCounters };
}

function reject(c: SignalCounters | undefined, reason: string, n: number): void {
  if (c) c.rejected[reason] = (c.rejected[reason] ?? 0) + n;
}

/** Runs one export of an already read (and decompressed) body. Never throws for bad input. */
export async function exportSignal(d: ExportDeps, signal: Signal, format: WireFormat, body: Uint8Array, projectId: string): Promise<ExportOutcome> {
  const c = d.counters[signal];
  let p: ReturnType<typeof parseSignal>;
  try {
    p = parseSignal(signal, format, body, d.limits, d.limitCounters);
  } catch (e) {
    if (e instanceof DecodeError) {
      reject(c, 'malformed', 0);
      return { kind: 'malformed', message: `malformed ${format === 'protobuf' ? 'protobuf' : 'JSON'} ${INTAKES[signal].message}: ${e.message}` };
    }
    throw e;
  }
  if (c) {
    c.received += p.received;
    c.invalidUtf8 += p.invalidUtf8;
  }
  if (p.invalid > 0) reject(c, 'invalid', p.invalid);
  if (p.overLimit > 0) reject(c, 'over_limit', p.overLimit);
  const r = await d.accept(signal, p.req, p.kept, projectId, format, body);
  if (!r.ok) {
    reject(c, 'overloaded', p.kept);
    return { kind: 'unavailable', message: r.message };
  }
  if (c) c.accepted += p.kept;
  return { kind: 'ok', rejected: p.invalid + p.overLimit, message: p.message };
}
