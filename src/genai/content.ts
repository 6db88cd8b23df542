import type { AttrMap, AttrValue } from '../otlp/types.ts';
import { parseJson, readStructured } from './attrs.ts';
import { CONTEXT_ROLES, type ContentFormat, type ContentSource } from './mapping.ts';

/**
 * Flattens captured content (messages, prompts, documents) to plain text for scoring.
 * Text goes to one of three lists: what the user asked (input), what the model answered (output),
 * and what the answer should be grounded in (context: system instructions, system/developer
 * messages, tool results, retrieved documents). Reasoning, tool calls and binary parts are skipped.
 */
export interface TextSink {
  input: string[];
  output: string[];
  context: string[];
}

export type ContentSide = keyof TextSink;

/** Reads one content source into the sink; true when the source was present on the span. */
export function readContentSource(source: ContentSource, attrs: AttrMap, side: ContentSide, sink: TextSink): boolean {
  switch (source.format) {
    case 'indexed-openllmetry':
      return readIndexedOpenLlmetry(attrs, source.key, side, sink);
    case 'indexed-openinference':
      return readIndexedOpenInference(attrs, source.key, side, sink);
    case 'indexed-documents':
      return readIndexedTexts(attrs, source.key, '.document.content', sink.context);
    case 'indexed-embeddings':
      return readIndexedTexts(attrs, source.key, '.embedding.text', sink.input);
    default: {
      const value = attrs[source.key];
      if (value === undefined || value === null || value === '') return false;
      flattenValue(source.format, value, side, sink);
      return true;
    }
  }
}

function flattenValue(format: ContentFormat, value: AttrValue, side: ContentSide, sink: TextSink): void {
  const main = sink[side];
  switch (format) {
    case 'messages':
      flattenMessages(readStructured(value), side, sink);
      return;
    case 'request-body':
      flattenRequestBody(readStructured(value), sink);
      return;
    case 'response-body':
      flattenResponseBody(readStructured(value), main);
      return;
    case 'text':
      pushText(main, value);
      return;
    case 'json-text-list':
      for (const item of Array.isArray(value) ? value : [value]) {
        const decoded = typeof item === 'string' ? parseJson(item) : undefined;
        pushText(main, typeof decoded === 'string' ? decoded : item);
      }
      return;
    case 'parts':
      flattenParts(readStructured(value), sink.context, sink);
      return;
    case 'documents':
      flattenDocuments(readStructured(value), sink.context);
      return;
    default:
      return;
  }
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function pushText(into: string[] | null, v: unknown): void {
  if (into === null) return;
  if (typeof v === 'string') {
    if (v !== '') into.push(v);
  } else if (Array.isArray(v)) {
    for (const item of v) if (typeof item === 'string' && item !== '') into.push(item); // one level: no recursion on hostile input
  } else if (typeof v === 'number' || typeof v === 'boolean') {
    into.push(String(v));
  }
}

/** Where a message's text belongs, by role; null = not needed (earlier assistant turns in the history). */
function targetForRole(role: string, side: ContentSide, sink: TextSink): string[] | null {
  if (side !== 'input') return sink[side];
  if (CONTEXT_ROLES.has(role)) return sink.context;
  if (role === 'assistant' || role === 'model') return null;
  return sink.input;
}

/** Bounds the mutual recursion of the body/message flatteners (span values are client-controlled). */
const MAX_NESTING = 4;

function flattenMessages(v: unknown, side: ContentSide, sink: TextSink, depth = 0): void {
  if (typeof v === 'string') return pushText(sink[side], v);
  if (depth > MAX_NESTING) return;
  if (isObj(v)) {
    if (side === 'input') return flattenRequestBody(v, sink, depth + 1);
    return flattenResponseBody(v, sink.output, depth + 1);
  }
  if (!Array.isArray(v)) return;
  for (const m of v) {
    if (typeof m === 'string') {
      pushText(sink[side], m);
      continue;
    }
    if (!isObj(m)) continue;
    if (m.role === undefined && typeof m.type === 'string') {
      flattenPart(m, sink[side], sink); // a bare part list rather than messages
      continue;
    }
    const role = typeof m.role === 'string' ? m.role.toLowerCase() : '';
    flattenParts(m.parts ?? m.content, targetForRole(role, side, sink), sink);
  }
}

/**
 * Message content in any of the shapes we meet: a string, a JSON-encoded block list, semconv parts
 * ({type:'text', content}), OpenAI/Anthropic/Vercel blocks ({type:'text', text}).
 */
function flattenParts(content: unknown, target: string[] | null, sink: TextSink): void {
  const v = typeof content === 'string' && content.startsWith('[') ? (parseJson(content) ?? content) : content;
  if (typeof v === 'string') return pushText(target, v);
  if (!Array.isArray(v)) return;
  for (const p of v) {
    if (typeof p === 'string') pushText(target, p);
    else if (isObj(p)) flattenPart(p, target, sink);
  }
}

/** Text parts → target; tool results → context; reasoning, tool calls, images and blobs are skipped. */
function flattenPart(p: Obj, target: string[] | null, sink: TextSink): void {
  const type = typeof p.type === 'string' ? p.type : 'text';
  if (TEXT_PART_TYPES.has(type)) pushText(target, p.content ?? p.text);
  else if (TOOL_RESULT_PART_TYPES.has(type)) pushText(sink.context, stringifyResult(p.response ?? p.output ?? p.result ?? p.content));
}

const TEXT_PART_TYPES: ReadonlySet<string> = new Set(['text', 'input_text', 'output_text', 'refusal']);
const TOOL_RESULT_PART_TYPES: ReadonlySet<string> = new Set(['tool_call_response', 'tool-result', 'tool_result', 'function_call_output']);

function stringifyResult(v: unknown): string {
  if (typeof v === 'string') return v;
  if (isObj(v) && v.type === 'text' && typeof v.value === 'string') return v.value; // Vercel tool output
  if (v === undefined || v === null) return '';
  try {
    return JSON.stringify(v);
  } catch {
    return '';
  }
}

/** A request-like object ({system, messages, prompt, input, instructions}) or plain prompt text. */
function flattenRequestBody(v: unknown, sink: TextSink, depth = 0): void {
  if (typeof v === 'string' || Array.isArray(v)) return flattenMessages(v, 'input', sink, depth + 1);
  if (!isObj(v) || depth > MAX_NESTING) return;
  if (v.system !== undefined) flattenParts(v.system, sink.context, sink);
  if (v.instructions !== undefined) pushText(sink.context, v.instructions);
  if (v.messages !== undefined) flattenMessages(v.messages, 'input', sink, depth + 1);
  if (v.prompt !== undefined) flattenMessages(v.prompt, 'input', sink, depth + 1);
  if (v.input !== undefined) flattenMessages(v.input, 'input', sink, depth + 1);
  if (v.contents !== undefined) flattenGeminiContents(v.contents, sink.input);
}

/** A response-like object (OpenAI choices, Anthropic content, Responses API output, Gemini candidates) or text. */
function flattenResponseBody(v: unknown, out: string[], depth = 0): void {
  if (typeof v === 'string') return pushText(out, v);
  const scratch: TextSink = { input: [], output: out, context: [] };
  if (Array.isArray(v)) return flattenMessages(v, 'output', scratch, depth + 1);
  if (!isObj(v)) return;
  if (Array.isArray(v.choices)) {
    for (const c of v.choices) {
      if (!isObj(c)) continue;
      if (isObj(c.message)) flattenParts(c.message.content, out, scratch);
      else pushText(out, c.text);
    }
  } else if (Array.isArray(v.content)) {
    flattenParts(v.content, out, scratch);
  } else if (typeof v.output_text === 'string') {
    pushText(out, v.output_text);
  } else if (Array.isArray(v.output)) {
    for (const item of v.output) if (isObj(item) && item.type === 'message') flattenParts(item.content, out, scratch);
  } else if (Array.isArray(v.candidates)) {
    for (const c of v.candidates) if (isObj(c) && isObj(c.content)) flattenGeminiContents([c.content], out);
  } else if (v.type === 'text' || v.text !== undefined) {
    pushText(out, v.text ?? v.content);
  } else if (typeof v.content === 'string') {
    pushText(out, v.content);
  }
}

function flattenGeminiContents(contents: unknown, out: string[]): void {
  if (!Array.isArray(contents)) return;
  for (const c of contents) {
    if (!isObj(c) || !Array.isArray(c.parts)) continue;
    for (const p of c.parts) if (isObj(p) && p.thought !== true) pushText(out, p.text);
  }
}

function flattenDocuments(v: unknown, out: string[]): void {
  const docs = Array.isArray(v) ? v : [v];
  for (const d of docs) {
    if (typeof d === 'string') pushText(out, d);
    else if (isObj(d)) pushText(out, d.content ?? d.text ?? d.page_content ?? d.document);
  }
}

/** Bounds the indexed-attribute walks (a hostile span cannot make us loop forever). */
const MAX_INDEXED_ITEMS = 10_000;

/** OpenLLMetry: `<prefix>.N.role`, `<prefix>.N.content` (content may be JSON-encoded blocks). */
function readIndexedOpenLlmetry(attrs: AttrMap, prefix: string, side: ContentSide, sink: TextSink): boolean {
  let i = 0;
  for (; i < MAX_INDEXED_ITEMS; i++) {
    const role = attrs[`${prefix}.${i}.role`];
    const content = attrs[`${prefix}.${i}.content`];
    if (role === undefined && content === undefined) break;
    const target = targetForRole(typeof role === 'string' ? role.toLowerCase() : '', side, sink);
    flattenParts(content, target, sink);
  }
  return i > 0;
}

/** OpenInference: `<prefix>.N.message.role`, `.message.content`, `.message.contents.M.message_content.text`. */
function readIndexedOpenInference(attrs: AttrMap, prefix: string, side: ContentSide, sink: TextSink): boolean {
  let i = 0;
  for (; i < MAX_INDEXED_ITEMS; i++) {
    const base = `${prefix}.${i}.message`;
    const role = attrs[`${base}.role`];
    const content = attrs[`${base}.content`];
    if (role === undefined && content === undefined && attrs[`${base}.contents.0.message_content.type`] === undefined) break;
    const target = targetForRole(typeof role === 'string' ? role.toLowerCase() : '', side, sink);
    if (content !== undefined) {
      pushText(target, content);
      continue;
    }
    for (let j = 0; j < MAX_INDEXED_ITEMS; j++) {
      const partBase = `${base}.contents.${j}.message_content`;
      const type = attrs[`${partBase}.type`];
      if (type === undefined) break;
      if (type === 'text') pushText(target, attrs[`${partBase}.text`]);
    }
  }
  return i > 0;
}

/** `<prefix>.N<suffix>` text attributes (OpenInference documents and embedding texts). */
function readIndexedTexts(attrs: AttrMap, prefix: string, suffix: string, out: string[]): boolean {
  let i = 0;
  for (; i < MAX_INDEXED_ITEMS; i++) {
    const text = attrs[`${prefix}.${i}${suffix}`];
    if (text === undefined) break;
    pushText(out, text);
  }
  return i > 0;
}
