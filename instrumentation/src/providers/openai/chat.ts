import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, asStringList, type Dict } from '../../internal/values.ts';
import { messageTexts, type OutputMessage } from '../../recording/content.ts';
import type { CallRecorder, LlmResult, TokenUsage } from '../../recording/call-recorder.ts';
import type { StreamObserver } from '../../recording/stream-observer.ts';
import { estimateChatInputTokens, estimateTokens } from '../../recording/token-estimator.ts';
import { ATTR } from '@llmscope/semconv';
import { endCallFromStream } from '../stream-end.ts';
import { chatInputMessages, chatOutputMessages, normalizeFinishReason, toolCallPart } from './messages.ts';

/** gen_ai.output.type from `response_format` (text | json). */
function outputType(responseFormat: unknown): string | undefined {
  const type = asString(asDict(responseFormat)?.type);
  if (type === 'json_object' || type === 'json_schema') return 'json';
  return type === 'text' ? 'text' : undefined;
}

/** Chat Completions / legacy Completions request parameters → gen_ai.request.* attributes. */
export function completionRequestAttributes(params: Dict): Attributes {
  const attributes: Attributes = {};
  const maxTokens = asNumber(params.max_completion_tokens) ?? asNumber(params.max_tokens);
  if (maxTokens !== undefined) attributes[ATTR.REQUEST_MAX_TOKENS] = maxTokens;
  if (typeof params.temperature === 'number') attributes[ATTR.REQUEST_TEMPERATURE] = params.temperature;
  if (typeof params.top_p === 'number') attributes[ATTR.REQUEST_TOP_P] = params.top_p;
  if (typeof params.frequency_penalty === 'number') attributes[ATTR.REQUEST_FREQUENCY_PENALTY] = params.frequency_penalty;
  if (typeof params.presence_penalty === 'number') attributes[ATTR.REQUEST_PRESENCE_PENALTY] = params.presence_penalty;
  if (typeof params.seed === 'number') attributes[ATTR.REQUEST_SEED] = params.seed;
  if (typeof params.n === 'number' && params.n !== 1) attributes[ATTR.REQUEST_CHOICE_COUNT] = params.n;
  if (params.stop !== undefined && params.stop !== null) {
    const stop = asStringList(params.stop);
    if (stop) attributes[ATTR.REQUEST_STOP_SEQUENCES] = stop;
  }
  if (params.response_format !== undefined) {
    const output = outputType(params.response_format);
    if (output) attributes[ATTR.OUTPUT_TYPE] = output;
  }
  const effort = asString(params.reasoning_effort);
  if (effort) attributes[ATTR.REQUEST_REASONING_LEVEL] = effort;
  return attributes;
}

/** Chat Completions / Completions usage → semconv usage (prompt_tokens already include cached ones). */
export function completionUsage(usage: unknown): TokenUsage | undefined {
  const fields = asDict(usage);
  if (!fields) return undefined;
  return {
    input: asNumber(fields.prompt_tokens),
    output: asNumber(fields.completion_tokens),
    cacheRead: asNumber(asDict(fields.prompt_tokens_details)?.cached_tokens),
    reasoning: asNumber(asDict(fields.completion_tokens_details)?.reasoning_tokens),
  };
}

function responseAttributes(body: Dict): Attributes | undefined {
  const tier = asString(body.service_tier);
  const fingerprint = asString(body.system_fingerprint);
  // Nothing allocated for the (per stream chunk) common case of neither being set.
  if (!tier && !fingerprint) return undefined;
  const attributes: Attributes = {};
  if (tier) attributes[ATTR.OPENAI_RESPONSE_SERVICE_TIER] = tier;
  if (fingerprint) attributes[ATTR.OPENAI_RESPONSE_SYSTEM_FINGERPRINT] = fingerprint;
  return attributes;
}

function finishReasonsOf(choices: unknown): string[] | undefined {
  const reasons = (asArray(choices) ?? [])
    .map((choice) => asString(asDict(choice)?.finish_reason))
    .filter((reason): reason is string => reason !== undefined);
  return reasons.length > 0 ? reasons : undefined;
}

/** Estimated prompt tokens of a chat request (for streams without usage); plain string contents skip the message conversion. */
export function estimateChatRequestTokens(params: Dict): number {
  const messages = asArray(params.messages) ?? [];
  const texts: string[] = [];
  for (const item of messages) {
    const content = asDict(item)?.content;
    if (typeof content === 'string') texts.push(content);
    else texts.push(...messageTexts(chatInputMessages([item])));
  }
  return estimateChatInputTokens(texts);
}

export function recordChatRequestContent(call: CallRecorder, params: Dict): void {
  call.recordRequestContent({ inputMessages: chatInputMessages(params.messages) });
}

/** A non-streamed chat completion → the call's result. */
export function chatResult(call: CallRecorder, body: unknown): LlmResult {
  const completion = asDict(body) ?? {};
  return {
    responseModel: asString(completion.model),
    responseId: asString(completion.id),
    finishReasons: finishReasonsOf(completion.choices),
    usage: completionUsage(completion.usage),
    attributes: responseAttributes(completion),
    outputMessages: call.capturesContent ? chatOutputMessages(completion.choices) : undefined,
  };
}

interface ToolCallAccumulator {
  id?: string;
  name: string;
  arguments: string;
}

interface ChoiceAccumulator {
  role: string;
  text: string;
  finishReason?: string;
  toolCalls: Map<number, ToolCallAccumulator>;
}

/**
 * Accumulates chat.completion.chunk events: ids, finish reasons, usage (the final chunk when
 * `stream_options.include_usage` is set) and, for content capture or estimation, the text and
 * tool-call deltas per choice.
 */
export class ChatStreamAccumulator implements StreamObserver<unknown> {
  private readonly call: CallRecorder;
  /** Estimated prompt tokens, computed only when the stream brings no usage. */
  private readonly estimateInput: () => number;
  private id: string | undefined;
  private model: string | undefined;
  private usage: TokenUsage | undefined;
  private attributes: Attributes | undefined;
  private readonly choices = new Map<number, ChoiceAccumulator>();

  constructor(call: CallRecorder, estimateInput: () => number) {
    this.call = call;
    this.estimateInput = estimateInput;
  }

  onChunk(chunk: unknown): void {
    this.call.markFirstChunk();
    const data = asDict(chunk);
    if (!data) return;
    this.id ??= asString(data.id);
    this.model ??= asString(data.model);
    if (data.usage) this.usage = completionUsage(data.usage);
    if (!this.attributes) this.attributes = responseAttributes(data);
    const choices = asArray(data.choices);
    if (choices) {
      for (const item of choices) {
        const choice = asDict(item);
        if (choice) this.addChoiceDelta(choice);
      }
    }
  }

  private addChoiceDelta(choice: Dict): void {
    const index = asNumber(choice.index) ?? 0;
    let state = this.choices.get(index);
    if (!state) {
      state = { role: 'assistant', text: '', toolCalls: new Map() };
      this.choices.set(index, state);
    }
    const finishReason = asString(choice.finish_reason);
    if (finishReason) state.finishReason = finishReason;
    const delta = asDict(choice.delta);
    if (!delta) {
      // Legacy completions stream: the text is on the choice itself.
      const text = asString(choice.text);
      if (text) state.text += text;
      return;
    }
    const role = asString(delta.role);
    if (role) state.role = role;
    const content = asString(delta.content) ?? asString(delta.refusal);
    if (content) state.text += content;
    const toolCallDeltas = asArray(delta.tool_calls);
    if (toolCallDeltas) this.addToolCallDeltas(state, toolCallDeltas);
    const functionCall = asDict(delta.function_call);
    if (functionCall) {
      let tool = state.toolCalls.get(0);
      if (!tool) {
        tool = { name: '', arguments: '' };
        state.toolCalls.set(0, tool);
      }
      tool.name += asString(functionCall.name) ?? '';
      tool.arguments += asString(functionCall.arguments) ?? '';
    }
  }

  private addToolCallDeltas(state: ChoiceAccumulator, deltas: unknown[]): void {
    for (const item of deltas) {
      const toolDelta = asDict(item);
      if (!toolDelta) continue;
      const toolIndex = asNumber(toolDelta.index) ?? state.toolCalls.size;
      const fn = asDict(toolDelta.function);
      let tool = state.toolCalls.get(toolIndex);
      if (!tool) {
        tool = { name: '', arguments: '' };
        state.toolCalls.set(toolIndex, tool);
      }
      tool.id ??= asString(toolDelta.id);
      tool.name += asString(fn?.name) ?? '';
      tool.arguments += asString(fn?.arguments) ?? '';
    }
  }

  onEnd(end: Parameters<StreamObserver<unknown>['onEnd']>[0]): void {
    endCallFromStream(this.call, end, () => this.result());
  }

  private orderedChoices(): ChoiceAccumulator[] {
    return [...this.choices.entries()].sort(([a], [b]) => a - b).map(([, choice]) => choice);
  }

  private outputMessages(): OutputMessage[] {
    return this.orderedChoices().map((choice) => {
      const parts: OutputMessage['parts'] = choice.text ? [{ type: 'text', content: choice.text }] : [];
      for (const [, tool] of [...choice.toolCalls.entries()].sort(([a], [b]) => a - b)) {
        parts.push(toolCallPart({ id: tool.id, function: { name: tool.name, arguments: tool.arguments } }));
      }
      return { role: choice.role, parts, finish_reason: normalizeFinishReason(choice.finishReason) };
    });
  }

  /** Estimated usage straight from the accumulated text (no message objects built). */
  private estimatedUsage(): TokenUsage {
    let output = 0;
    for (const choice of this.choices.values()) {
      output += estimateTokens(choice.text);
      for (const tool of choice.toolCalls.values()) output += estimateTokens(tool.name) + estimateTokens(tool.arguments);
    }
    return { input: this.estimateInput(), output };
  }

  private result(): LlmResult {
    const reasons = this.orderedChoices()
      .map((choice) => choice.finishReason)
      .filter((reason): reason is string => reason !== undefined);
    const outputs = this.call.capturesContent ? this.outputMessages() : undefined;
    return {
      responseModel: this.model,
      responseId: this.id,
      finishReasons: reasons.length > 0 ? reasons : undefined,
      usage: this.usage ?? this.estimatedUsage(),
      usageEstimated: this.usage === undefined,
      attributes: this.attributes,
      outputMessages: this.call.capturesContent ? outputs : undefined,
    };
  }
}
