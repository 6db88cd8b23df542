/**
 * Requests whose accepted form is exactly the protobuf body they arrived in — nothing dropped as
 * invalid or over a limit, no value cut, no invalid UTF-8 replaced — remembered with that body, so
 * forwarding can send the body as it came instead of encoding the request again (re-encoding costs
 * about as much CPU as decoding). Weakly held: gone with the request.
 */
import type { LimitCounters } from '../otlp/limits.ts';
import type { Parsed, WireFormat } from '../otlp/parse.ts';

const bodies = new WeakMap<object, Uint8Array>();

/** Values dropped or cut by the limits so far (parse is synchronous: a change during it is that request's). */
export function cutCount(l: LimitCounters): number {
  return l.droppedAttributes + l.truncatedValues + l.cappedValues + l.droppedEvents + l.droppedLinks;
}

/** Remembers the body of a parsed request when nothing of it was dropped, cut or replaced (cut: values cut while parsing it). */
export function rememberIfUnchanged(p: Parsed<unknown>, format: WireFormat, body: Uint8Array, cut: number): void {
  if (format === 'protobuf' && p.invalid === 0 && p.overLimit === 0 && p.invalidUtf8 === 0 && cut === 0) bodies.set(p.req as object, body);
}

/** The body a request was decoded from, when it is exactly what was accepted. */
export function originalBodyOf(req: object): Uint8Array | undefined {
  return bodies.get(req);
}
