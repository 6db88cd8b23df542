/**
 * One OTLP export, whatever the transport (OTLP/HTTP route or OTLP/gRPC method): the signal's
 * intake (decode → validate → limit) then acceptance (write-ahead log first in durable mode).
 * What the transport gets back says which status to answer with.
 */
import { DecodeError } from '../otlp/types.ts';
import { INTAKES, parseSignal, type Parsed, type Signal, type WireFormat } from '../otlp/parse.ts';
import type { LimitCounters, Limits } from '../otlp/limits.ts';
import { cutCount, rememberIfUnchanged } from './original-body.ts';

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
  let p: Parsed<unknown>;
  const cutBefore = cutCount(d.limitCounters);
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
  // Accepted exactly as it came (nothing dropped, cut or replaced): forwarding may send the body itself.
  rememberIfUnchanged(p, format, body, cutCount(d.limitCounters) - cutBefore);
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

/**
 * Every transport's export, answering "unavailable" (retry later) until opened: the collector opens
 * it once the write-ahead log from before the start is replayed, so new rows never overtake it.
 */
export class ExportGate {
  readonly deps: ExportDeps;
  #open = false;

  constructor(deps: ExportDeps) {
    this.deps = deps;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  open(): void {
    this.#open = true;
  }

  readonly exportSignal = (signal: Signal, format: WireFormat, body: Uint8Array, projectId: string): Promise<ExportOutcome> =>
    this.#open
      ? exportSignal(this.deps, signal, format, body, projectId)
      : Promise.resolve({ kind: 'unavailable', message: 'collector is starting: replaying the write-ahead log; retry later' });
}
