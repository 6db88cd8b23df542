import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from '../../recording/content.ts';
import { asArray, asDict, asString, parseJsonLoosely, type Dict } from '../../internal/values.ts';

/** OpenAI finish reasons → the semconv output-message enum (stop, length, content_filter, tool_call, error). */
export function normalizeFinishReason(reason: string | undefined): string {
  switch (reason) {
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    case 'max_output_tokens':
      return 'length';
    case undefined:
      return 'stop';
    default:
      return reason;
  }
}

const DATA_URL = /^data:([^;,]+)?(?:;base64)?,(.*)$/s;

/** An image/audio/file reference as a blob (inline data URL), uri or file part. */
export function mediaPart(modality: string, url: string | undefined, fileId?: string, mimeType?: string): MessagePart | undefined {
  if (url) {
    const inline = DATA_URL.exec(url);
    if (inline) return { type: 'blob', modality, mime_type: inline[1] ?? mimeType ?? null, content: inline[2] ?? '' };
    return { type: 'uri', modality, mime_type: mimeType ?? null, uri: url };
  }
  if (fileId) return { type: 'file', modality, mime_type: mimeType ?? null, file_id: fileId };
  return undefined;
}

/** Chat Completions / Responses content parts (text, images, audio, files) → semconv parts. */
export function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  const parts: MessagePart[] = [];
  for (const item of asArray(content) ?? []) {
    const part = asDict(item);
    if (!part) continue;
    const text = asString(part.text) ?? asString(part.refusal);
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
      case 'refusal':
        if (text !== undefined) parts.push({ type: 'text', content: text });
        break;
      case 'image_url': {
        const media = mediaPart('image', asString(asDict(part.image_url)?.url));
        if (media) parts.push(media);
        break;
      }
      case 'input_image': {
        const media = mediaPart('image', asString(part.image_url), asString(part.file_id));
        if (media) parts.push(media);
        break;
      }
      case 'input_audio': {
        const audio = asDict(part.input_audio);
        const data = asString(audio?.data);
        if (data) parts.push({ type: 'blob', modality: 'audio', mime_type: audio?.format ? `audio/${String(audio.format)}` : null, content: data });
        break;
      }
      case 'file':
      case 'input_file': {
        const file = asDict(part.file) ?? part;
        const media = mediaPart('file', asString(file.file_data) ?? asString(file.file_url), asString(file.file_id));
        if (media) parts.push(media);
        break;
      }
      default:
        if (text !== undefined) parts.push({ type: 'text', content: text });
    }
  }
  return parts;
}

/** A `{ function: { name, arguments } }` tool call → tool_call part (arguments parsed when JSON). */
export function toolCallPart(call: Dict): MessagePart {
  const fn = asDict(call.function) ?? call;
  return {
    type: 'tool_call',
    id: asString(call.id) ?? asString(call.call_id) ?? null,
    name: asString(fn.name) ?? '',
    arguments: parseJsonLoosely(fn.arguments),
  };
}

/** Chat Completions request messages → gen_ai.input.messages. */
export function chatInputMessages(messages: unknown): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const item of asArray(messages) ?? []) {
    const message = asDict(item);
    if (!message) continue;
    const role = asString(message.role) ?? 'user';
    if (role === 'tool' || role === 'function') {
      result.push({
        role: 'tool',
        parts: [{ type: 'tool_call_response', id: asString(message.tool_call_id) ?? null, response: message.content ?? null }],
      });
      continue;
    }
    const parts = message.content === null || message.content === undefined ? [] : contentParts(message.content);
    for (const call of asArray(message.tool_calls) ?? []) {
      const toolCall = asDict(call);
      if (toolCall) parts.push(toolCallPart(toolCall));
    }
    const functionCall = asDict(message.function_call);
    if (functionCall) parts.push(toolCallPart({ function: functionCall }));
    const entry: ChatMessage = { role, parts };
    const name = asString(message.name);
    if (name) entry.name = name;
    result.push(entry);
  }
  return result;
}

/** Chat Completions choices → gen_ai.output.messages. */
export function chatOutputMessages(choices: unknown): OutputMessage[] {
  const result: OutputMessage[] = [];
  for (const item of asArray(choices) ?? []) {
    const choice = asDict(item);
    const message = asDict(choice?.message);
    if (!choice || !message) continue;
    const parts = message.content === null || message.content === undefined ? [] : contentParts(message.content);
    const refusal = asString(message.refusal);
    if (refusal) parts.push({ type: 'text', content: refusal });
    for (const call of asArray(message.tool_calls) ?? []) {
      const toolCall = asDict(call);
      if (toolCall) parts.push(toolCallPart(toolCall));
    }
    const functionCall = asDict(message.function_call);
    if (functionCall) parts.push(toolCallPart({ function: functionCall }));
    result.push({ role: asString(message.role) ?? 'assistant', parts, finish_reason: normalizeFinishReason(asString(choice.finish_reason)) });
  }
  return result;
}

/** `tools` (and legacy `functions`) → gen_ai.tool.definitions. */
export function toolDefinitions(tools: unknown, functions?: unknown): ToolDefinition[] | undefined {
  const result: ToolDefinition[] = [];
  for (const item of asArray(tools) ?? []) {
    const tool = asDict(item);
    if (!tool) continue;
    const fn = asDict(tool.function) ?? tool;
    const type = asString(tool.type) ?? 'function';
    const definition: ToolDefinition = { type, name: asString(fn.name) ?? type };
    const description = asString(fn.description);
    if (description) definition.description = description;
    if (fn.parameters !== undefined) definition.parameters = fn.parameters;
    result.push(definition);
  }
  for (const item of asArray(functions) ?? []) {
    const fn = asDict(item);
    if (!fn) continue;
    const definition: ToolDefinition = { type: 'function', name: asString(fn.name) ?? '' };
    const description = asString(fn.description);
    if (description) definition.description = description;
    if (fn.parameters !== undefined) definition.parameters = fn.parameters;
    result.push(definition);
  }
  return result.length > 0 ? result : undefined;
}
