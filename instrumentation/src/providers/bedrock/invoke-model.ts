import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, asStringList, type Dict } from '../../internal/values.ts';
import { messageTexts } from '../../recording/content.ts';
import type { CallRecorder, LlmResult } from '../../recording/call-recorder.ts';
import type { StreamEnd, StreamObserver } from '../../recording/stream-observer.ts';
import { estimateChatInputTokens, estimateTokens } from '../../recording/token-estimator.ts';
import { ATTR, OPERATION } from '@llmscope/semconv';
import { inputMessages as anthropicInputMessages, messagesRequestAttributes, messagesResult, recordMessagesRequest, systemInstructions as anthropicSystem } from '../anthropic/messages.ts';
import { MessagesStreamAccumulator } from '../anthropic/stream.ts';
import { endCallFromStream } from '../stream-end.ts';
import { converseInputMessages, converseParts, converseRequestAttributes, converseSystem, converseUsage, normalizeStopReason, recordConverseRequest } from './converse.ts';

/**
 * InvokeModel bodies are the model vendor's own JSON. The families handled: Anthropic Messages
 * (reusing the Anthropic adapter), Amazon Nova (Converse-shaped), Meta Llama and Amazon Titan
 * text (prompt-style). Others still get a span, without usage.
 */
type BodyFamily = 'anthropic' | 'nova' | 'llama' | 'titan' | 'other';

export function bodyFamily(modelId: string | undefined, body: Dict | undefined): BodyFamily {
  const id = modelId ?? '';
  if (body?.anthropic_version !== undefined || /(^|[.:/])anthropic\./.test(id)) return 'anthropic';
  if (/(^|[.:/])amazon\.nova/.test(id)) return 'nova';
  if (/(^|[.:/])meta\.llama/.test(id)) return 'llama';
  if (/(^|[.:/])amazon\.titan-text/.test(id)) return 'titan';
  return 'other';
}

const decoder = new TextDecoder();

/** InvokeModel bodies arrive as strings or bytes; parse them as JSON when they are. */
export function parseBody(body: unknown): Dict | undefined {
  try {
    const text = typeof body === 'string' ? body : body instanceof Uint8Array ? decoder.decode(body) : undefined;
    return text === undefined ? asDict(body) : asDict(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function invokeOperation(family: BodyFamily): string {
  return family === 'llama' || family === 'titan' ? OPERATION.TEXT_COMPLETION : OPERATION.CHAT;
}

export function invokeRequestAttributes(family: BodyFamily, body: Dict): Attributes {
  switch (family) {
    case 'anthropic':
      return messagesRequestAttributes(body);
    case 'nova':
      return converseRequestAttributes(body);
    case 'llama': {
      const attributes: Attributes = {};
      const maxTokens = asNumber(body.max_gen_len);
      if (maxTokens !== undefined) attributes[ATTR.REQUEST_MAX_TOKENS] = maxTokens;
      if (asNumber(body.temperature) !== undefined) attributes[ATTR.REQUEST_TEMPERATURE] = asNumber(body.temperature)!;
      if (asNumber(body.top_p) !== undefined) attributes[ATTR.REQUEST_TOP_P] = asNumber(body.top_p)!;
      return attributes;
    }
    case 'titan': {
      const config = asDict(body.textGenerationConfig) ?? {};
      const attributes: Attributes = {};
      if (asNumber(config.maxTokenCount) !== undefined) attributes[ATTR.REQUEST_MAX_TOKENS] = asNumber(config.maxTokenCount)!;
      if (asNumber(config.temperature) !== undefined) attributes[ATTR.REQUEST_TEMPERATURE] = asNumber(config.temperature)!;
      if (asNumber(config.topP) !== undefined) attributes[ATTR.REQUEST_TOP_P] = asNumber(config.topP)!;
      const stop = asStringList(config.stopSequences);
      if (stop) attributes[ATTR.REQUEST_STOP_SEQUENCES] = stop;
      return attributes;
    }
    default:
      return {};
  }
}

function promptOf(family: BodyFamily, body: Dict): string | undefined {
  return family === 'llama' ? asString(body.prompt) : family === 'titan' ? asString(body.inputText) : undefined;
}

export function recordInvokeRequest(call: CallRecorder, family: BodyFamily, body: Dict): void {
  if (family === 'anthropic') return recordMessagesRequest(call, body);
  if (family === 'nova') return recordConverseRequest(call, body);
  const prompt = promptOf(family, body);
  if (call.capturesContent && prompt !== undefined) call.recordRequestContent({ inputMessages: [{ role: 'user', parts: [{ type: 'text', content: prompt }] }] });
}

export function estimateInvokeInput(family: BodyFamily, body: Dict): number {
  if (family === 'anthropic') {
    const system = anthropicSystem(body.system);
    return estimateChatInputTokens([...(system ? messageTexts([{ role: 'system', parts: system }]) : []), ...messageTexts(anthropicInputMessages(body.messages))]);
  }
  if (family === 'nova') {
    const system = converseSystem(body.system);
    return estimateChatInputTokens([...(system ? messageTexts([{ role: 'system', parts: system }]) : []), ...messageTexts(converseInputMessages(body.messages))]);
  }
  return estimateTokens(promptOf(family, body) ?? '');
}

export function invokeResult(call: CallRecorder, family: BodyFamily, response: Dict | undefined): LlmResult {
  if (!response) return {};
  switch (family) {
    case 'anthropic':
      return messagesResult(call, response);
    case 'nova': {
      const message = asDict(asDict(response.output)?.message);
      const stopReason = asString(response.stopReason);
      return {
        finishReasons: stopReason ? [stopReason] : undefined,
        usage: converseUsage(response.usage),
        outputMessages: call.capturesContent && message ? [{ role: 'assistant', parts: converseParts(message.content), finish_reason: normalizeStopReason(stopReason) }] : undefined,
      };
    }
    case 'llama': {
      const stopReason = asString(response.stop_reason);
      return {
        finishReasons: stopReason ? [stopReason] : undefined,
        usage: { input: asNumber(response.prompt_token_count), output: asNumber(response.generation_token_count) },
        outputMessages: call.capturesContent ? [{ role: 'assistant', parts: [{ type: 'text', content: asString(response.generation) ?? '' }], finish_reason: stopReason === 'length' ? 'length' : 'stop' }] : undefined,
      };
    }
    case 'titan': {
      const results = (asArray(response.results) ?? []).map((item) => asDict(item) ?? {});
      const reasons = results.map((result) => asString(result.completionReason)).filter((reason): reason is string => reason !== undefined);
      return {
        finishReasons: reasons.length > 0 ? reasons : undefined,
        usage: { input: asNumber(response.inputTextTokenCount), output: results.reduce((sum, result) => sum + (asNumber(result.tokenCount) ?? 0), 0) },
        outputMessages: call.capturesContent
          ? results.map((result) => ({ role: 'assistant', parts: [{ type: 'text' as const, content: asString(result.outputText) ?? '' }], finish_reason: result.completionReason === 'LENGTH' ? 'length' : 'stop' }))
          : undefined,
      };
    }
    default:
      return {};
  }
}

/**
 * InvokeModelWithResponseStream: each event's `chunk.bytes` is one JSON event of the model's own
 * stream. Anthropic events go to the Messages accumulator; every family's last event carries
 * `amazon-bedrock-invocationMetrics` with the billed token counts, which win.
 */
export class InvokeStreamObserver implements StreamObserver<unknown> {
  private readonly call: CallRecorder;
  private readonly family: BodyFamily;
  private readonly anthropic: MessagesStreamAccumulator | undefined;
  private readonly estimateInput: () => number;
  private metrics: Dict | undefined;
  private text = '';
  private stopReason: string | undefined;

  constructor(call: CallRecorder, family: BodyFamily, estimateInput: () => number) {
    this.call = call;
    this.family = family;
    this.estimateInput = estimateInput;
    this.anthropic = family === 'anthropic' ? new MessagesStreamAccumulator(call, estimateInput) : undefined;
  }

  onChunk(chunk: unknown): void {
    this.call.markFirstChunk();
    const event = parseBody(asDict(asDict(chunk)?.chunk)?.bytes);
    if (!event) return;
    const metrics = asDict(event['amazon-bedrock-invocationMetrics']);
    if (metrics) this.metrics = metrics;
    if (this.anthropic) {
      this.anthropic.onChunk(event);
      return;
    }
    this.text += asString(event.generation) ?? asString(event.outputText) ?? asString(asDict(asDict(event.contentBlockDelta)?.delta)?.text) ?? '';
    this.stopReason = asString(event.stop_reason) ?? asString(event.completionReason) ?? asString(asDict(event.messageStop)?.stopReason) ?? this.stopReason;
  }

  onEnd(end: StreamEnd): void {
    endCallFromStream(this.call, end, () => this.result());
  }

  private result(): LlmResult {
    const base: LlmResult = this.anthropic ? this.anthropic.snapshot() : {
      finishReasons: this.stopReason ? [this.stopReason] : undefined,
      usage: { input: this.estimateInput(), output: estimateTokens(this.text) },
      usageEstimated: true,
      outputMessages: this.call.capturesContent ? [{ role: 'assistant', parts: [{ type: 'text', content: this.text }], finish_reason: normalizeStopReason(this.stopReason) }] : undefined,
    };
    const input = asNumber(this.metrics?.inputTokenCount);
    const output = asNumber(this.metrics?.outputTokenCount);
    if (input === undefined || output === undefined) return base;
    const cacheRead = asNumber(this.metrics?.cacheReadInputTokenCount);
    const cacheWrite = asNumber(this.metrics?.cacheWriteInputTokenCount);
    return {
      ...base,
      usage: { ...base.usage, input: input + (cacheRead ?? 0) + (cacheWrite ?? 0), output, cacheRead: cacheRead ?? base.usage?.cacheRead, cacheWrite: cacheWrite ?? base.usage?.cacheWrite },
      usageEstimated: false,
    };
  }
}

