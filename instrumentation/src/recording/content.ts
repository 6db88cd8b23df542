import type { RedactFn } from '../config.ts';

/**
 * Captured content in the GenAI semconv JSON shapes (gen-ai-input-messages.json,
 * gen-ai-output-messages.json, gen-ai-system-instructions.json, gen-ai-tool-definitions.json).
 */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id?: string | null; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id?: string | null; response: unknown }
  | { type: 'blob'; modality: string; mime_type?: string | null; content: string }
  | { type: 'uri'; modality: string; mime_type?: string | null; uri: string }
  | { type: 'file'; modality: string; mime_type?: string | null; file_id: string };

export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  name?: string;
}

export interface OutputMessage extends ChatMessage {
  finish_reason: string;
}

export interface ToolDefinition {
  type: string;
  name: string;
  description?: string;
  parameters?: unknown;
}

export interface ContentSettings {
  maxLength: number;
  redact: RedactFn | undefined;
}

export interface SerializedContent {
  json: string;
  truncated: boolean;
}

const TRUNCATION_MARK = '…';

/** Applies `redact` to every string leaf of a tool argument/result value. */
function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, redact);
    return copy;
  }
  return value;
}

function redactPart(part: MessagePart, redact: (text: string) => string): MessagePart {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return { ...part, content: redact(part.content) };
    case 'tool_call':
      return { ...part, arguments: redactValue(part.arguments, redact) };
    case 'tool_call_response':
      return { ...part, response: redactValue(part.response, redact) };
    default:
      return part;
  }
}

/** Messages (input/output) with every text redacted; system instructions are a bare part list. */
export function redactMessages<M extends ChatMessage>(messages: M[], attribute: string, redact: RedactFn): M[] {
  return messages.map((message) => ({
    ...message,
    parts: message.parts.map((part) => redactPart(part, (text) => redact(text, { attribute, role: message.role }))),
  }));
}

export function redactParts(parts: MessagePart[], attribute: string, redact: RedactFn): MessagePart[] {
  return parts.map((part) => redactPart(part, (text) => redact(text, { attribute, role: 'system' })));
}

/** Copies `value` with every string longer than `limit` cut to `limit` characters plus a mark. */
function capStrings(value: unknown, limit: number): unknown {
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) + TRUNCATION_MARK : value;
  if (Array.isArray(value)) return value.map((item) => capStrings(item, limit));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = capStrings(item, limit);
    return copy;
  }
  return value;
}

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  let longest = 0;
  if (Array.isArray(value)) for (const item of value) longest = Math.max(longest, longestString(item));
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) longest = Math.max(longest, longestString(item));
  return longest;
}

/**
 * JSON of `value` no longer than `maxLength`, still valid JSON: long strings are shortened first
 * (the same cap for all, found by binary search), then the oldest list items are dropped.
 */
export function serializeCapped(value: unknown[], maxLength: number): SerializedContent {
  const full = JSON.stringify(value);
  if (full.length <= maxLength) return { json: full, truncated: false };

  let low = 0;
  let high = longestString(value);
  let best: string | undefined;
  while (low <= high) {
    const limit = Math.floor((low + high) / 2);
    const json = JSON.stringify(capStrings(value, limit));
    if (json.length <= maxLength) {
      best = json;
      low = limit + 1;
    } else {
      high = limit - 1;
    }
  }
  if (best !== undefined) return { json: best, truncated: true };

  const items = capStrings(value, 0) as unknown[];
  while (items.length > 0) {
    items.shift();
    const json = JSON.stringify(items);
    if (json.length <= maxLength) return { json, truncated: true };
  }
  return { json: '[]', truncated: true };
}

/** Plain text of every message, for token estimates. */
export function messageTexts(messages: ChatMessage[]): string[] {
  return messages.map((message) =>
    message.parts
      .map((part) => {
        if (part.type === 'text' || part.type === 'reasoning') return part.content;
        if (part.type === 'tool_call') return `${part.name} ${typeof part.arguments === 'string' ? part.arguments : JSON.stringify(part.arguments ?? '')}`;
        if (part.type === 'tool_call_response') return typeof part.response === 'string' ? part.response : JSON.stringify(part.response ?? '');
        return '';
      })
      .join(' '),
  );
}
