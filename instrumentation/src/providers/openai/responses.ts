import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, parseJsonLoosely, type Dict } from '../../internal/values.ts';
import { messageTexts, type ChatMessage, type MessagePart, type OutputMessage } from '../../recording/content.ts';
import type { CallRecorder, LlmResult, TokenUsage } from '../../recording/call-recorder.ts';
import type { StreamEnd, StreamObserver } from '../../recording/stream-observer.ts';
import { estimateChatInputTokens, estimateTokens } from '../../recording/token-estimator.ts';
import { ATTR } from '@llmscope/semconv';
import { endCallFromStream } from '../stream-end.ts';
import { contentParts, toolDefinitions } from './messages.ts';

/** Responses API request parameters → gen_ai.request.* (and conversation id, output type). */
export function responsesRequestAttributes(params: Dict): Attributes {
  const attributes: Attributes = {};
  const maxTokens = asNumber(params.max_output_tokens);
  if (maxTokens !== undefined) attributes[ATTR.REQUEST_MAX_TOKENS] = maxTokens;
  const temperature = asNumber(params.temperature);
  if (temperature !== undefined) attributes[ATTR.REQUEST_TEMPERATURE] = temperature;
  const topP = asNumber(params.top_p);
  if (topP !== undefined) attributes[ATTR.REQUEST_TOP_P] = topP;
  const format = asString(asDict(asDict(params.text)?.format)?.type);
  if (format === 'json_schema' || format === 'json_object') attributes[ATTR.OUTPUT_TYPE] = 'json';
  else if (format === 'text') attributes[ATTR.OUTPUT_TYPE] = 'text';
  const effort = asString(asDict(params.reasoning)?.effort);
  if (effort) attributes[ATTR.REQUEST_REASONING_LEVEL] = effort;
  const conversation = asString(params.conversation) ?? asString(asDict(params.conversation)?.id);
  if (conversation) attributes[ATTR.CONVERSATION_ID] = conversation;
  return attributes;
}

/** Responses API tools: function tools keep their schema; built-in tools are named by type. */
export function responsesToolDefinitions(params: Dict) {
  return toolDefinitions(params.tools);
}

/** Responses API `input` (string or items) → gen_ai.input.messages. */
export function responsesInputMessages(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  const messages: ChatMessage[] = [];
  for (const raw of asArray(input) ?? []) {
    const item = asDict(raw);
    if (!item) continue;
    const type = asString(item.type) ?? 'message';
    if (type === 'message' || (type !== 'function_call' && type !== 'function_call_output' && item.role !== undefined)) {
      messages.push({ role: asString(item.role) ?? 'user', parts: contentParts(item.content) });
    } else if (type === 'function_call') {
      messages.push({
        role: 'assistant',
        parts: [{ type: 'tool_call', id: asString(item.call_id) ?? null, name: asString(item.name) ?? '', arguments: parseJsonLoosely(item.arguments) }],
      });
    } else if (type === 'function_call_output') {
      messages.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: asString(item.call_id) ?? null, response: item.output ?? null }] });
    }
  }
  return messages;
}

export function recordResponsesRequestContent(call: CallRecorder, params: Dict): void {
  const instructions = asString(params.instructions);
  call.recordRequestContent({
    inputMessages: responsesInputMessages(params.input),
    systemInstructions: instructions ? [{ type: 'text', content: instructions }] : undefined,
  });
}

export function estimateResponsesRequestTokens(params: Dict): number {
  const texts = messageTexts(responsesInputMessages(params.input));
  const instructions = asString(params.instructions);
  return estimateChatInputTokens(instructions ? [instructions, ...texts] : texts);
}

/** `usage` of a Response → semconv usage (input_tokens include cached ones). */
function responsesUsage(usage: unknown): TokenUsage | undefined {
  const fields = asDict(usage);
  if (!fields) return undefined;
  return {
    input: asNumber(fields.input_tokens),
    output: asNumber(fields.output_tokens),
    cacheRead: asNumber(asDict(fields.input_tokens_details)?.cached_tokens),
    reasoning: asNumber(asDict(fields.output_tokens_details)?.reasoning_tokens),
  };
}

/**
 * A Response has one status instead of per-choice finish reasons: completed → stop (tool_calls
 * when it ends with function calls), incomplete → its reason (max_output_tokens, content_filter),
 * failed → error.
 */
function finishReason(response: Dict): string | undefined {
  const status = asString(response.status);
  if (status === 'completed') {
    const output = asArray(response.output) ?? [];
    return output.some((item) => asDict(item)?.type === 'function_call') ? 'tool_calls' : 'stop';
  }
  if (status === 'incomplete') return asString(asDict(response.incomplete_details)?.reason) ?? 'incomplete';
  if (status === 'failed') return 'error';
  return status;
}

function outputFinishReason(reason: string | undefined): string {
  if (reason === 'tool_calls') return 'tool_call';
  if (reason === 'max_output_tokens') return 'length';
  return reason ?? 'stop';
}

/** Response `output` items → one assistant output message (text, tool calls, reasoning summaries). */
export function responsesOutputMessages(response: Dict): OutputMessage[] {
  const parts: MessagePart[] = [];
  for (const raw of asArray(response.output) ?? []) {
    const item = asDict(raw);
    if (!item) continue;
    switch (item.type) {
      case 'message':
        parts.push(...contentParts(item.content));
        break;
      case 'function_call':
        parts.push({ type: 'tool_call', id: asString(item.call_id) ?? null, name: asString(item.name) ?? '', arguments: parseJsonLoosely(item.arguments) });
        break;
      case 'reasoning':
        for (const summary of asArray(item.summary) ?? []) {
          const text = asString(asDict(summary)?.text);
          if (text) parts.push({ type: 'reasoning', content: text });
        }
        break;
      default:
        break;
    }
  }
  return [{ role: 'assistant', parts, finish_reason: outputFinishReason(finishReason(response)) }];
}

export function responsesResult(call: CallRecorder, body: unknown): LlmResult {
  const response = asDict(body) ?? {};
  const reason = finishReason(response);
  return {
    responseModel: asString(response.model),
    responseId: asString(response.id),
    finishReasons: reason ? [reason] : undefined,
    usage: responsesUsage(response.usage),
    attributes: asString(response.service_tier) ? { [ATTR.OPENAI_RESPONSE_SERVICE_TIER]: String(response.service_tier) } : undefined,
    outputMessages: call.capturesContent ? responsesOutputMessages(response) : undefined,
  };
}

/** Terminal events carry the whole Response; until one arrives, the text deltas are kept for estimates. */
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class ResponsesStreamAccumulator implements StreamObserver<unknown> {
  private readonly call: CallRecorder;
  private readonly estimateInput: () => number;
  private finalResponse: Dict | undefined;
  private startedResponse: Dict | undefined;
  private text = '';
  private streamError: string | undefined;

  constructor(call: CallRecorder, estimateInput: () => number) {
    this.call = call;
    this.estimateInput = estimateInput;
  }

  onChunk(chunk: unknown): void {
    this.call.markFirstChunk();
    const event = asDict(chunk);
    const type = asString(event?.type);
    if (!event || !type) return;
    if (type === 'response.output_text.delta') {
      this.text += asString(event.delta) ?? '';
    } else if (type === 'response.created') {
      this.startedResponse = asDict(event.response);
    } else if (TERMINAL_EVENTS.has(type)) {
      this.finalResponse = asDict(event.response);
    } else if (type === 'error') {
      this.streamError = asString(event.code) ?? 'error';
    }
  }

  onEnd(end: StreamEnd): void {
    endCallFromStream(this.call, end, () => this.result());
  }

  private result(): LlmResult {
    if (this.finalResponse) return responsesResult(this.call, this.finalResponse);
    const started = this.startedResponse ?? {};
    const outputs: OutputMessage[] = [{ role: 'assistant', parts: this.text ? [{ type: 'text', content: this.text }] : [], finish_reason: this.streamError ? 'error' : 'stop' }];
    return {
      responseModel: asString(started.model),
      responseId: asString(started.id),
      finishReasons: this.streamError ? ['error'] : undefined,
      usage: { input: this.estimateInput(), output: estimateTokens(this.text) },
      usageEstimated: true,
      outputMessages: this.call.capturesContent ? outputs : undefined,
    };
  }
}
