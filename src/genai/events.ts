/**
 * GenAI content carried by events rather than span attributes — log records (the OTel JS and
 * Python OpenAI instrumentations) or span events — read into pieces that join a call by trace id
 * and span id:
 * - 1.36-style per-message events (gen_ai.system/user/assistant/tool.message, gen_ai.choice): the
 *   body is the message ({content, role?, tool_calls?}; a choice wraps it as {index, message}).
 * - gen_ai.client.inference.operation.details: attributes gen_ai.input.messages / output.messages /
 *   system_instructions, read by understand.ts as it reads them from span events.
 * A call's pieces become span events understand.ts already reads (toSpanEvents).
 */
import { ATTR, EVALUATION_ATTR, EVENT_NAME_ATTR, GEN_AI_EVENT } from '@llmscope/semconv';
import type { AttrMap, AttrValue } from '../otlp/types.ts';
import type { SpanEventLike } from './types.ts';

export type ContentPiece =
  | { kind: 'message'; side: 'input' | 'output'; role: string; content: AttrValue; order: number }
  | { kind: 'details'; event: SpanEventLike; hasOutput: boolean };

const MESSAGE_ROLES: ReadonlyMap<string, string> = new Map([
  [GEN_AI_EVENT.SYSTEM_MESSAGE, 'system'],
  [GEN_AI_EVENT.USER_MESSAGE, 'user'],
  [GEN_AI_EVENT.ASSISTANT_MESSAGE, 'assistant'],
  [GEN_AI_EVENT.TOOL_MESSAGE, 'tool'],
]);

/** Every event name that carries content. */
export const CONTENT_EVENT_NAMES: ReadonlySet<string> = new Set([...MESSAGE_ROLES.keys(), GEN_AI_EVENT.CHOICE, GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS]);

/** The event name of a log record: event_name, else the pre-1.37 `event.name` attribute. */
export function eventNameOf(eventName: string, attributes: AttrMap): string {
  if (eventName !== '') return eventName;
  const v = attributes[EVENT_NAME_ATTR];
  return typeof v === 'string' ? v : '';
}

function isMap(v: AttrValue | undefined): v is AttrMap {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * The content piece of one event, or null when it carries none. `body` is the log record body
 * (span events have none: their attributes are read as the body). `order` keeps messages in the
 * order they were emitted (the record's time).
 */
export function contentPiece(name: string, body: AttrValue, attributes: AttrMap, order: number): ContentPiece | null {
  if (name === GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS) {
    const hasInput = attributes[ATTR.INPUT_MESSAGES] !== undefined || attributes[ATTR.SYSTEM_INSTRUCTIONS] !== undefined;
    const hasOutput = attributes[ATTR.OUTPUT_MESSAGES] !== undefined;
    return hasInput || hasOutput ? { kind: 'details', event: { name, attributes }, hasOutput } : null;
  }
  const b = isMap(body) ? body : isMap(attributes as AttrValue) ? attributes : null;
  const role = MESSAGE_ROLES.get(name);
  if (role !== undefined) {
    const content = b?.content ?? (typeof body === 'string' ? body : undefined);
    if (content === undefined || content === null) return null;
    return { kind: 'message', side: 'input', role: typeof b?.role === 'string' ? b.role : role, content, order };
  }
  if (name === GEN_AI_EVENT.CHOICE) {
    const message = isMap(b?.message) ? b.message : null;
    const content = message?.content ?? b?.content;
    if (content === undefined || content === null) return null;
    const index = typeof b?.index === 'number' ? b.index : 0;
    return { kind: 'message', side: 'output', role: 'assistant', content, order: index };
  }
  return null;
}

/** Whether the pieces include the call's output (what a call waits for). */
export function hasOutput(pieces: readonly ContentPiece[]): boolean {
  return pieces.some((p) => (p.kind === 'message' ? p.side === 'output' : p.hasOutput));
}

/** The pieces as span events: operation.details events as they came, messages gathered into one. */
export function toSpanEvents(pieces: readonly ContentPiece[]): SpanEventLike[] {
  const out: SpanEventLike[] = [];
  const input: { role: string; content: AttrValue; order: number }[] = [];
  const output: { role: string; content: AttrValue; order: number }[] = [];
  for (const p of pieces) {
    if (p.kind === 'details') out.push(p.event);
    else (p.side === 'input' ? input : output).push(p);
  }
  if (input.length > 0 || output.length > 0) {
    const attributes = Object.create(null) as AttrMap;
    const asMessages = (list: typeof input): AttrValue =>
      list.sort((a, b) => a.order - b.order).map((m) => ({ role: m.role, content: m.content }) as AttrMap);
    if (input.length > 0) attributes[ATTR.INPUT_MESSAGES] = asMessages(input);
    if (output.length > 0) attributes[ATTR.OUTPUT_MESSAGES] = asMessages(output);
    out.push({ name: GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS, attributes });
  }
  return out;
}

export interface Evaluation {
  name: string;
  /** NaN when the evaluation has only a label. */
  value: number;
  label: string;
  explanation: string;
}

/** A gen_ai.evaluation.result event's attributes as one evaluation; null without a name. */
export function evaluationOf(attributes: AttrMap): Evaluation | null {
  const name = attributes[EVALUATION_ATTR.NAME];
  if (typeof name !== 'string' || name === '') return null;
  const v = attributes[EVALUATION_ATTR.SCORE_VALUE];
  const label = attributes[EVALUATION_ATTR.SCORE_LABEL];
  const explanation = attributes[EVALUATION_ATTR.EXPLANATION];
  return {
    name,
    value: typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN,
    label: typeof label === 'string' ? label : label === undefined || label === null ? '' : String(label),
    explanation: typeof explanation === 'string' ? explanation : '',
  };
}
