import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, asStringList, type Dict } from '../../internal/values.ts';
import type { ChatMessage, MessagePart, OutputMessage, ToolDefinition } from '../../recording/content.ts';
import type { CallRecorder, LlmResult, TokenUsage } from '../../recording/call-recorder.ts';
import type { StreamEnd, StreamObserver } from '../../recording/stream-observer.ts';
import { estimateTokens } from '../../recording/token-estimator.ts';
import { ATTR } from '@llmscope/semconv';
import { endCallFromStream } from '../stream-end.ts';

/** Converse `inferenceConfig` (also Nova's InvokeModel body) → gen_ai.request.*. */
export function converseRequestAttributes(input: Dict): Attributes {
  const attributes: Attributes = {};
  const config = asDict(input.inferenceConfig) ?? {};
  const maxTokens = asNumber(config.maxTokens) ?? asNumber(config.max_new_tokens);
  if (maxTokens !== undefined) attributes[ATTR.REQUEST_MAX_TOKENS] = maxTokens;
  const temperature = asNumber(config.temperature);
  if (temperature !== undefined) attributes[ATTR.REQUEST_TEMPERATURE] = temperature;
  const topP = asNumber(config.topP) ?? asNumber(config.top_p);
  if (topP !== undefined) attributes[ATTR.REQUEST_TOP_P] = topP;
  const stop = asStringList(config.stopSequences);
  if (stop) attributes[ATTR.REQUEST_STOP_SEQUENCES] = stop;
  return attributes;
}

function bytesToBase64(value: unknown): string {
  if (typeof value === 'string') return value;
  return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : '';
}

/** A Converse ContentBlock → semconv part. */
function part(raw: unknown): MessagePart | undefined {
  const block = asDict(raw);
  if (!block) return undefined;
  const text = asString(block.text);
  if (text !== undefined) return { type: 'text', content: text };
  const reasoning = asString(asDict(asDict(block.reasoningContent)?.reasoningText)?.text);
  if (reasoning !== undefined) return { type: 'reasoning', content: reasoning };
  const toolUse = asDict(block.toolUse);
  if (toolUse) return { type: 'tool_call', id: asString(toolUse.toolUseId) ?? null, name: asString(toolUse.name) ?? '', arguments: toolUse.input ?? null };
  const toolResult = asDict(block.toolResult);
  if (toolResult) {
    const content = (asArray(toolResult.content) ?? []).map((item) => asString(asDict(item)?.text) ?? asDict(item)?.json ?? null);
    return { type: 'tool_call_response', id: asString(toolResult.toolUseId) ?? null, response: content.length === 1 ? content[0] : content };
  }
  for (const [key, modality] of [['image', 'image'], ['video', 'video'], ['document', 'file']] as const) {
    const media = asDict(block[key]);
    if (!media) continue;
    const format = asString(media.format);
    const source = asDict(media.source) ?? {};
    const uri = asString(asDict(source.s3Location)?.uri);
    if (uri) return { type: 'uri', modality, mime_type: format ? `${modality}/${format}` : null, uri };
    return { type: 'blob', modality, mime_type: format ? `${modality}/${format}` : null, content: bytesToBase64(source.bytes) };
  }
  return undefined;
}

export function converseParts(content: unknown): MessagePart[] {
  return (asArray(content) ?? []).map(part).filter((item): item is MessagePart => item !== undefined);
}

export function converseInputMessages(messages: unknown): ChatMessage[] {
  return (asArray(messages) ?? []).flatMap((raw) => {
    const message = asDict(raw);
    return message ? [{ role: asString(message.role) ?? 'user', parts: converseParts(message.content) }] : [];
  });
}

export function converseSystem(system: unknown): MessagePart[] | undefined {
  const parts = converseParts(system);
  return parts.length > 0 ? parts : undefined;
}

export function converseToolDefinitions(toolConfig: unknown): ToolDefinition[] | undefined {
  const definitions = (asArray(asDict(toolConfig)?.tools) ?? []).flatMap((raw): ToolDefinition[] => {
    const spec = asDict(asDict(raw)?.toolSpec);
    if (!spec) return [];
    const definition: ToolDefinition = { type: 'function', name: asString(spec.name) ?? '' };
    const description = asString(spec.description);
    if (description) definition.description = description;
    const schema = asDict(spec.inputSchema)?.json;
    if (schema !== undefined) definition.parameters = schema;
    return [definition];
  });
  return definitions.length > 0 ? definitions : undefined;
}

/** Bedrock stop reasons → semconv output-message finish reasons. */
export function normalizeStopReason(reason: string | undefined): string {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
    case undefined:
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_call';
    case 'guardrail_intervened':
    case 'content_filtered':
      return 'content_filter';
    default:
      return reason;
  }
}

/**
 * Converse usage → semconv: like Anthropic's API, Bedrock counts cache reads and writes apart
 * from inputTokens, so the semconv input total is their sum.
 */
export function converseUsage(usage: unknown): TokenUsage | undefined {
  const fields = asDict(usage);
  if (!fields) return undefined;
  const uncached = asNumber(fields.inputTokens);
  const cacheRead = asNumber(fields.cacheReadInputTokens) ?? asNumber(fields.cacheReadInputTokenCount);
  const cacheWrite = asNumber(fields.cacheWriteInputTokens) ?? asNumber(fields.cacheWriteInputTokenCount);
  return {
    input: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheWrite ?? 0),
    output: asNumber(fields.outputTokens),
    cacheRead,
    cacheWrite,
  };
}

export function recordConverseRequest(call: CallRecorder, input: Dict): void {
  call.recordToolDefinitions(converseToolDefinitions(input.toolConfig));
  if (call.capturesContent) call.recordRequestContent({ inputMessages: converseInputMessages(input.messages), systemInstructions: converseSystem(input.system) });
}

export function converseResult(call: CallRecorder, body: unknown): LlmResult {
  const output = asDict(body) ?? {};
  const message = asDict(asDict(output.output)?.message);
  const stopReason = asString(output.stopReason);
  return {
    finishReasons: stopReason ? [stopReason] : undefined,
    usage: converseUsage(output.usage),
    outputMessages: call.capturesContent && message ? [{ role: asString(message.role) ?? 'assistant', parts: converseParts(message.content), finish_reason: normalizeStopReason(stopReason) }] : undefined,
  };
}

interface BlockAccumulator {
  text: string;
  reasoning: string;
  toolUseId?: string;
  toolName?: string;
  toolInput: string;
}

/** Accumulates ConverseStream events: text/tool/reasoning deltas, messageStop and the final metadata usage. */
export class ConverseStreamAccumulator implements StreamObserver<unknown> {
  private readonly call: CallRecorder;
  private readonly estimateInput: () => number;
  private role = 'assistant';
  private stopReason: string | undefined;
  private usage: TokenUsage | undefined;
  private readonly blocks = new Map<number, BlockAccumulator>();

  constructor(call: CallRecorder, estimateInput: () => number) {
    this.call = call;
    this.estimateInput = estimateInput;
  }

  private block(index: number): BlockAccumulator {
    let block = this.blocks.get(index);
    if (!block) {
      block = { text: '', reasoning: '', toolInput: '' };
      this.blocks.set(index, block);
    }
    return block;
  }

  onChunk(chunk: unknown): void {
    this.call.markFirstChunk();
    const event = asDict(chunk);
    if (!event) return;
    if (event.messageStart) this.role = asString(asDict(event.messageStart)?.role) ?? this.role;
    const start = asDict(event.contentBlockStart);
    const toolStart = asDict(asDict(start?.start)?.toolUse);
    if (start && toolStart) {
      const block = this.block(asNumber(start.contentBlockIndex) ?? 0);
      block.toolUseId = asString(toolStart.toolUseId);
      block.toolName = asString(toolStart.name);
    }
    const delta = asDict(event.contentBlockDelta);
    if (delta) {
      const block = this.block(asNumber(delta.contentBlockIndex) ?? 0);
      const change = asDict(delta.delta) ?? {};
      block.text += asString(change.text) ?? '';
      block.reasoning += asString(asDict(change.reasoningContent)?.text) ?? '';
      block.toolInput += asString(asDict(change.toolUse)?.input) ?? '';
    }
    const stop = asDict(event.messageStop);
    if (stop) this.stopReason = asString(stop.stopReason);
    const metadata = asDict(event.metadata);
    if (metadata?.usage) this.usage = converseUsage(metadata.usage);
  }

  onEnd(end: StreamEnd): void {
    endCallFromStream(this.call, end, () => this.result());
  }

  private outputs(): OutputMessage[] {
    const parts = [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([, block]): MessagePart[] => {
        const result: MessagePart[] = [];
        if (block.reasoning) result.push({ type: 'reasoning', content: block.reasoning });
        if (block.text) result.push({ type: 'text', content: block.text });
        if (block.toolName !== undefined) {
          let args: unknown = block.toolInput;
          try {
            args = JSON.parse(block.toolInput || '{}');
          } catch {
            // Keep the raw text when the deltas do not form JSON (stream cut short).
          }
          result.push({ type: 'tool_call', id: block.toolUseId ?? null, name: block.toolName, arguments: args });
        }
        return result;
      });
    return [{ role: this.role, parts, finish_reason: normalizeStopReason(this.stopReason) }];
  }

  private result(): LlmResult {
    const estimated = this.usage?.output === undefined;
    return {
      finishReasons: this.stopReason ? [this.stopReason] : undefined,
      usage: estimated
        ? { input: this.estimateInput(), output: [...this.blocks.values()].reduce((sum, block) => sum + estimateTokens(block.text + block.reasoning + block.toolInput), 0) }
        : this.usage,
      usageEstimated: estimated,
      outputMessages: this.call.capturesContent ? this.outputs() : undefined,
    };
  }
}
