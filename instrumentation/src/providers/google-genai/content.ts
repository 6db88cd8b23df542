import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, asStringList, type Dict } from '../../internal/values.ts';
import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from '../../recording/content.ts';
import type { CallRecorder, LlmResult, TokenUsage } from '../../recording/call-recorder.ts';
import { ATTR } from '@llmscope/semconv';

/** `config` of generateContent → gen_ai.request.* attributes. */
export function generateContentRequestAttributes(config: Dict | undefined): Attributes {
  const attributes: Attributes = {};
  if (!config) return attributes;
  const numeric: Array<[string, unknown]> = [
    [ATTR.REQUEST_MAX_TOKENS, config.maxOutputTokens],
    [ATTR.REQUEST_TEMPERATURE, config.temperature],
    [ATTR.REQUEST_TOP_P, config.topP],
    [ATTR.REQUEST_TOP_K, config.topK],
    [ATTR.REQUEST_SEED, config.seed],
    [ATTR.REQUEST_PRESENCE_PENALTY, config.presencePenalty],
    [ATTR.REQUEST_FREQUENCY_PENALTY, config.frequencyPenalty],
  ];
  for (const [key, value] of numeric) {
    const number = asNumber(value);
    if (number !== undefined) attributes[key] = number;
  }
  const candidates = asNumber(config.candidateCount);
  if (candidates !== undefined && candidates !== 1) attributes[ATTR.REQUEST_CHOICE_COUNT] = candidates;
  const stop = asStringList(config.stopSequences);
  if (stop) attributes[ATTR.REQUEST_STOP_SEQUENCES] = stop;
  const mimeType = asString(config.responseMimeType);
  if (mimeType) attributes[ATTR.OUTPUT_TYPE] = mimeType === 'application/json' ? 'json' : mimeType.startsWith('text/') ? 'text' : mimeType;
  const thinkingLevel = asString(asDict(config.thinkingConfig)?.thinkingLevel);
  if (thinkingLevel) attributes[ATTR.REQUEST_REASONING_LEVEL] = thinkingLevel.toLowerCase();
  return attributes;
}

function modalityOf(mimeType: string | undefined): string {
  const kind = mimeType?.split('/')[0];
  return kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'file';
}

/** A Gemini Part → semconv part. */
function part(raw: unknown): MessagePart | undefined {
  if (typeof raw === 'string') return { type: 'text', content: raw };
  const value = asDict(raw);
  if (!value) return undefined;
  const text = asString(value.text);
  if (text !== undefined) return value.thought === true ? { type: 'reasoning', content: text } : { type: 'text', content: text };
  const inline = asDict(value.inlineData);
  if (inline) return { type: 'blob', modality: modalityOf(asString(inline.mimeType)), mime_type: asString(inline.mimeType) ?? null, content: asString(inline.data) ?? '' };
  const file = asDict(value.fileData);
  if (file) return { type: 'uri', modality: modalityOf(asString(file.mimeType)), mime_type: asString(file.mimeType) ?? null, uri: asString(file.fileUri) ?? '' };
  const call = asDict(value.functionCall);
  if (call) return { type: 'tool_call', id: asString(call.id) ?? null, name: asString(call.name) ?? '', arguments: call.args ?? null };
  const response = asDict(value.functionResponse);
  if (response) return { type: 'tool_call_response', id: asString(response.id) ?? asString(response.name) ?? null, response: response.response ?? null };
  return undefined;
}

function parts(list: unknown): MessagePart[] {
  return (asArray(list) ?? [list]).map(part).filter((item): item is MessagePart => item !== undefined);
}

function role(value: unknown): string {
  const name = asString(value) ?? 'user';
  return name === 'model' ? 'assistant' : name;
}

function isContent(value: unknown): boolean {
  const fields = asDict(value);
  return fields !== undefined && (fields.parts !== undefined || fields.role !== undefined);
}

/** `contents` (string, Part, Part[], Content or Content[]) → gen_ai.input.messages. */
export function inputMessages(contents: unknown): ChatMessage[] {
  if (contents === undefined || contents === null) return [];
  if (typeof contents === 'string') return [{ role: 'user', parts: [{ type: 'text', content: contents }] }];
  const list = asArray(contents) ?? [contents];
  if (list.every(isContent)) {
    return list.map((content) => ({ role: role(asDict(content)?.role), parts: parts(asDict(content)?.parts ?? []) }));
  }
  return [{ role: 'user', parts: parts(list) }];
}

export function systemInstructions(config: Dict | undefined): MessagePart[] | undefined {
  const instruction = config?.systemInstruction;
  if (instruction === undefined || instruction === null) return undefined;
  const result = isContent(instruction) ? parts(asDict(instruction)?.parts ?? []) : parts(instruction);
  return result.length > 0 ? result : undefined;
}

export function toolDefinitions(config: Dict | undefined): ToolDefinition[] | undefined {
  const definitions: ToolDefinition[] = [];
  for (const raw of asArray(config?.tools) ?? []) {
    const tool = asDict(raw);
    if (!tool) continue;
    const declarations = asArray(tool.functionDeclarations);
    if (declarations) {
      for (const item of declarations) {
        const declaration = asDict(item);
        if (!declaration) continue;
        const definition: ToolDefinition = { type: 'function', name: asString(declaration.name) ?? '' };
        const description = asString(declaration.description);
        if (description) definition.description = description;
        const schema = declaration.parametersJsonSchema ?? declaration.parameters;
        if (schema !== undefined) definition.parameters = schema;
        definitions.push(definition);
      }
    } else {
      // Built-in tools (googleSearch, codeExecution, urlContext, …) are named by their key.
      for (const key of Object.keys(tool)) definitions.push({ type: key, name: key });
    }
  }
  return definitions.length > 0 ? definitions : undefined;
}

/** Gemini finish reasons → semconv output-message finish reasons. */
export function normalizeFinishReason(reason: string | undefined): string {
  switch (reason) {
    case 'STOP':
    case undefined:
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
      return 'content_filter';
    case 'MALFORMED_FUNCTION_CALL':
      return 'error';
    default:
      return reason.toLowerCase();
  }
}

/**
 * usageMetadata → semconv usage: prompt tokens (tool-use prompt tokens included) already count
 * cached content; thoughts are output tokens the model billed, so output = candidates + thoughts.
 */
export function usageOf(metadata: unknown): TokenUsage | undefined {
  const usage = asDict(metadata);
  if (!usage) return undefined;
  const prompt = asNumber(usage.promptTokenCount);
  const toolPrompt = asNumber(usage.toolUsePromptTokenCount) ?? 0;
  const candidates = asNumber(usage.candidatesTokenCount);
  const thoughts = asNumber(usage.thoughtsTokenCount);
  return {
    input: prompt === undefined ? undefined : prompt + toolPrompt,
    output: candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
    cacheRead: asNumber(usage.cachedContentTokenCount),
    reasoning: thoughts,
  };
}

export function outputMessages(candidates: unknown): OutputMessage[] {
  return (asArray(candidates) ?? []).map((raw) => {
    const candidate = asDict(raw) ?? {};
    const content = asDict(candidate.content);
    return { role: role(content?.role ?? 'model'), parts: parts(content?.parts ?? []), finish_reason: normalizeFinishReason(asString(candidate.finishReason)) };
  });
}

function finishReasons(candidates: unknown): string[] | undefined {
  const reasons = (asArray(candidates) ?? []).map((candidate) => asString(asDict(candidate)?.finishReason)).filter((reason): reason is string => reason !== undefined);
  return reasons.length > 0 ? reasons : undefined;
}

export function generateContentResult(call: CallRecorder, body: unknown): LlmResult {
  const response = asDict(body) ?? {};
  return {
    responseModel: asString(response.modelVersion),
    responseId: asString(response.responseId),
    finishReasons: finishReasons(response.candidates),
    usage: usageOf(response.usageMetadata),
    outputMessages: call.capturesContent ? outputMessages(response.candidates) : undefined,
  };
}
