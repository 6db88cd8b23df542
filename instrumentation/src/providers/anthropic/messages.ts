import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, asStringList, type Dict } from '../../internal/values.ts';
import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from '../../recording/content.ts';
import type { CallRecorder, LlmResult, TokenUsage } from '../../recording/call-recorder.ts';
import { ATTR } from '@llmscope/semconv';

export function messagesRequestAttributes(params: Dict): Attributes {
  const attributes: Attributes = {};
  const numeric: Array<[string, unknown]> = [
    [ATTR.REQUEST_MAX_TOKENS, params.max_tokens],
    [ATTR.REQUEST_TEMPERATURE, params.temperature],
    [ATTR.REQUEST_TOP_P, params.top_p],
    [ATTR.REQUEST_TOP_K, params.top_k],
  ];
  for (const [key, value] of numeric) {
    const number = asNumber(value);
    if (number !== undefined) attributes[key] = number;
  }
  const stop = asStringList(params.stop_sequences);
  if (stop) attributes[ATTR.REQUEST_STOP_SEQUENCES] = stop;
  const effort = asString(asDict(params.output_config)?.effort);
  if (effort) attributes[ATTR.REQUEST_REASONING_LEVEL] = effort;
  const format = asString(asDict(asDict(params.output_config)?.format)?.type) ?? asString(asDict(params.output_format)?.type);
  if (format === 'json_schema') attributes[ATTR.OUTPUT_TYPE] = 'json';
  return attributes;
}

/** Anthropic stop reasons → the semconv output-message finish reasons. */
export function normalizeStopReason(reason: string | undefined): string {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
    case undefined:
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_call';
    case 'refusal':
      return 'content_filter';
    default:
      return reason;
  }
}

function sourcePart(modality: string, source: Dict | undefined): MessagePart | undefined {
  if (!source) return undefined;
  const mimeType = asString(source.media_type) ?? null;
  if (source.type === 'base64') return { type: 'blob', modality, mime_type: mimeType, content: asString(source.data) ?? '' };
  if (source.type === 'url') return { type: 'uri', modality, mime_type: mimeType, uri: asString(source.url) ?? '' };
  if (source.type === 'file') return { type: 'file', modality, mime_type: mimeType, file_id: asString(source.file_id) ?? '' };
  if (source.type === 'text') return { type: 'text', content: asString(source.data) ?? '' };
  return undefined;
}

/** Content blocks (request or response) → semconv parts. */
export function blockParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  const parts: MessagePart[] = [];
  for (const raw of asArray(content) ?? []) {
    const block = asDict(raw);
    if (!block) continue;
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', content: asString(block.text) ?? '' });
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', content: asString(block.thinking) ?? '' });
        break;
      case 'tool_use':
      case 'server_tool_use':
        parts.push({ type: 'tool_call', id: asString(block.id) ?? null, name: asString(block.name) ?? '', arguments: block.input ?? null });
        break;
      case 'tool_result':
        parts.push({ type: 'tool_call_response', id: asString(block.tool_use_id) ?? null, response: block.content ?? null });
        break;
      case 'image': {
        const part = sourcePart('image', asDict(block.source));
        if (part) parts.push(part);
        break;
      }
      case 'document': {
        const part = sourcePart('file', asDict(block.source));
        if (part) parts.push(part);
        break;
      }
      default:
        break;
    }
  }
  return parts;
}

export function inputMessages(messages: unknown): ChatMessage[] {
  return (asArray(messages) ?? []).flatMap((raw) => {
    const message = asDict(raw);
    return message ? [{ role: asString(message.role) ?? 'user', parts: blockParts(message.content) }] : [];
  });
}

export function systemInstructions(system: unknown): MessagePart[] | undefined {
  if (system === undefined || system === null) return undefined;
  const parts = blockParts(system);
  return parts.length > 0 ? parts : undefined;
}

export function toolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  const definitions = (asArray(tools) ?? []).flatMap((raw): ToolDefinition[] => {
    const tool = asDict(raw);
    if (!tool) return [];
    const type = asString(tool.type);
    // Client tools have no type (or 'custom'); server tools are named by their versioned type.
    const definition: ToolDefinition = { type: !type || type === 'custom' ? 'function' : type, name: asString(tool.name) ?? type ?? '' };
    const description = asString(tool.description);
    if (description) definition.description = description;
    if (tool.input_schema !== undefined) definition.parameters = tool.input_schema;
    return [definition];
  });
  return definitions.length > 0 ? definitions : undefined;
}

export function recordMessagesRequest(call: CallRecorder, params: Dict): void {
  call.recordToolDefinitions(toolDefinitions(params.tools));
  if (!call.capturesContent) return;
  call.recordRequestContent({ inputMessages: inputMessages(params.messages), systemInstructions: systemInstructions(params.system) });
}

/**
 * Anthropic's `input_tokens` exclude cache reads and writes; semconv input tokens include them,
 * so the total is their sum. Thinking tokens are reported separately only by newer API versions.
 */
export function messagesUsage(usage: unknown): TokenUsage | undefined {
  const fields = asDict(usage);
  if (!fields) return undefined;
  const uncached = asNumber(fields.input_tokens);
  const cacheRead = asNumber(fields.cache_read_input_tokens);
  const cacheWrite = asNumber(fields.cache_creation_input_tokens);
  return {
    input: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    output: asNumber(fields.output_tokens),
    cacheRead,
    cacheWrite,
    reasoning: asNumber(asDict(fields.output_tokens_details)?.thinking_tokens),
  };
}

export function outputMessage(role: string, content: unknown, stopReason: string | undefined): OutputMessage {
  return { role, parts: blockParts(content), finish_reason: normalizeStopReason(stopReason) };
}

export function messagesResult(call: CallRecorder, body: unknown): LlmResult {
  const message = asDict(body) ?? {};
  const stopReason = asString(message.stop_reason);
  return {
    responseModel: asString(message.model),
    responseId: asString(message.id),
    finishReasons: stopReason ? [stopReason] : undefined,
    usage: messagesUsage(message.usage),
    outputMessages: call.capturesContent ? [outputMessage(asString(message.role) ?? 'assistant', message.content, stopReason)] : undefined,
  };
}
