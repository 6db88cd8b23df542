/**
 * The intake chain — decode → validate → limit — in one place, used alike by every transport
 * (OTLP/HTTP routes, gRPC) and by write-ahead-log replay and spill read-back, so a logged body
 * becomes exactly the request it was when it was acknowledged. Each signal plugs in as a
 * SignalIntake (TRACES here, LOGS and METRICS in their modules); a DecodeError from decode() means
 * the whole body is malformed.
 */
import { decodeTraceRequestJson } from './decode-json.ts';
import { decodeTraceRequestProtobuf } from './decode-protobuf.ts';
import { applyLimits, DEFAULT_LIMITS, type LimitCounters, type Limits } from './limits.ts';
import { LOGS } from './logs-intake.ts';
import { METRICS } from './metrics-intake.ts';
import { countSpans, type ExportTraceRequest } from './types.ts';
import { validateTraceRequest } from './validate.ts';
import type { WireFormat } from './intake-common.ts';

export type { WireFormat } from './intake-common.ts';

/** OTLP signals the collector receives. */
export type Signal = 'traces' | 'metrics' | 'logs';

/** What one signal contributes to the chain. */
export interface SignalIntake<R> {
  /** The OTLP message name, for error messages (e.g. ExportTraceServiceRequest). */
  readonly message: string;
  /** Applies the span and attribute limits while reading where the decoder can (skipped, counted). */
  decode(format: WireFormat, body: Uint8Array, limits: Readonly<Limits>): R;
  /** Items (spans, log records, data points) in a request, those skipped at decode included. */
  count(req: R): number;
  /** Invalid items dropped; message is the partial_success part ('' when nothing to say). */
  validate(req: R): { accepted: R; rejected: number; message: string };
  /** Items over the per-request limits dropped (and values cut, counted in counters). */
  limit(req: R, limits: Readonly<Limits>, counters?: LimitCounters): { req: R; rejected: number; message: string };
  /** Invalid UTF-8 sequences the decoder replaced. */
  invalidUtf8(req: R): number;
}

export interface Parsed<R> {
  /** The request to store: valid items within limits. */
  req: R;
  received: number;
  kept: number;
  /** Items dropped as invalid (validation). */
  invalid: number;
  /** Items dropped for exceeding the per-request limits. */
  overLimit: number;
  invalidUtf8: number;
  /** The OTLP partial_success error_message ('' when there is nothing to report). */
  message: string;
}

export function parse<R>(
  intake: SignalIntake<R>,
  format: WireFormat,
  body: Uint8Array,
  limits: Readonly<Limits> = DEFAULT_LIMITS,
  counters?: LimitCounters,
): Parsed<R> {
  const decoded = intake.decode(format, body, limits);
  const received = intake.count(decoded);
  const v = intake.validate(decoded);
  const l = intake.limit(v.accepted, limits, counters);
  return {
    req: l.req,
    received,
    kept: received - v.rejected - l.rejected,
    invalid: v.rejected,
    overLimit: l.rejected,
    invalidUtf8: intake.invalidUtf8(decoded),
    message: [v.message, l.message].filter(Boolean).join('; '),
  };
}

const utf8 = new TextDecoder();

export const TRACES: SignalIntake<ExportTraceRequest> = {
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

/** parse() for traces: what /v1/traces and the write-ahead log's replay both call. */
export function parseTraces(format: WireFormat, body: Uint8Array, limits: Readonly<Limits> = DEFAULT_LIMITS, counters?: LimitCounters): Parsed<ExportTraceRequest> {
  return parse(TRACES, format, body, limits, counters);
}

export const INTAKES: { readonly [S in Signal]: SignalIntake<unknown> } = {
  traces: TRACES as SignalIntake<unknown>,
  metrics: METRICS as unknown as SignalIntake<unknown>,
  logs: LOGS as unknown as SignalIntake<unknown>,
};

/** parse() for any signal by name (what the export step and log replay call). */
export function parseSignal(signal: Signal, format: WireFormat, body: Uint8Array, limits: Readonly<Limits> = DEFAULT_LIMITS, counters?: LimitCounters): Parsed<unknown> {
  return parse(INTAKES[signal], format, body, limits, counters);
}
