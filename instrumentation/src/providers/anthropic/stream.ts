import { asDict, asNumber, asString, parseJsonLoosely, type Dict } from '../../internal/values.ts';
import type { MessagePart } from '../../recording/content.ts';
import type { CallRecorder, LlmResult } from '../../recording/call-recorder.ts';
import type { StreamEnd, StreamObserver } from '../../recording/stream-observer.ts';
import { estimateTokens } from '../../recording/token-estimator.ts';
import { endCallFromStream } from '../stream-end.ts';
import { messagesUsage, normalizeStopReason } from './messages.ts';

interface BlockAccumulator {
  type: string;
  text: string;
  id?: string;
  name?: string;
}

/**
 * Accumulates Messages stream events. `message_start` carries the id, model and the input side of
 * the usage; each `message_delta` carries usage totals for the whole message so far (cumulative:
 * its output_tokens replace, never add to, the earlier count) and the stop reason.
 */
export class MessagesStreamAccumulator implements StreamObserver<unknown> {
  private readonly call: CallRecorder;
  private readonly estimateInput: () => number;
  private id: string | undefined;
  private model: string | undefined;
  private role = 'assistant';
  private stopReason: string | undefined;
  private usage: Dict | undefined;
  private readonly blocks = new Map<number, BlockAccumulator>();

  constructor(call: CallRecorder, estimateInput: () => number) {
    this.call = call;
    this.estimateInput = estimateInput;
  }

  onChunk(chunk: unknown): void {
    this.call.markFirstChunk();
    const event = asDict(chunk);
    if (!event) return;
    switch (event.type) {
      case 'message_start': {
        const message = asDict(event.message) ?? {};
        this.id = asString(message.id);
        this.model = asString(message.model);
        this.role = asString(message.role) ?? this.role;
        this.usage = { ...asDict(message.usage) };
        break;
      }
      case 'content_block_start': {
        const block = asDict(event.content_block) ?? {};
        this.blocks.set(asNumber(event.index) ?? this.blocks.size, {
          type: asString(block.type) ?? 'text',
          text: asString(block.text) ?? asString(block.thinking) ?? '',
          id: asString(block.id),
          name: asString(block.name),
        });
        break;
      }
      case 'content_block_delta': {
        const block = this.blocks.get(asNumber(event.index) ?? -1);
        const delta = asDict(event.delta);
        if (block && delta) block.text += asString(delta.text) ?? asString(delta.thinking) ?? asString(delta.partial_json) ?? '';
        break;
      }
      case 'message_delta': {
        this.stopReason = asString(asDict(event.delta)?.stop_reason) ?? this.stopReason;
        const totals = asDict(event.usage);
        if (totals) {
          this.usage ??= {};
          for (const [key, value] of Object.entries(totals)) if (value !== null && value !== undefined) this.usage[key] = value;
        }
        break;
      }
      default:
        break;
    }
  }

  onEnd(end: StreamEnd): void {
    endCallFromStream(this.call, end, () => this.snapshot());
  }

  private parts(): MessagePart[] {
    return [...this.blocks.entries()]
      .sort(([a], [b]) => a - b)
      .flatMap(([, block]): MessagePart[] => {
        if (block.type === 'text') return [{ type: 'text', content: block.text }];
        if (block.type === 'thinking') return [{ type: 'reasoning', content: block.text }];
        if (block.type === 'tool_use' || block.type === 'server_tool_use') {
          return [{ type: 'tool_call', id: block.id ?? null, name: block.name ?? '', arguments: parseJsonLoosely(block.text || '{}') }];
        }
        return [];
      });
  }

  /** The call's result from the events read so far. */
  snapshot(): LlmResult {
    const usage = messagesUsage(this.usage);
    const hasOutputCount = usage?.output !== undefined && this.stopReason !== undefined;
    // Without a final message_delta the output count is message_start's placeholder: estimate it.
    const estimatedOutput = hasOutputCount ? undefined : [...this.blocks.values()].reduce((sum, block) => sum + estimateTokens(block.text), 0);
    return {
      responseModel: this.model,
      responseId: this.id,
      finishReasons: this.stopReason ? [this.stopReason] : undefined,
      usage: {
        ...usage,
        input: usage?.input ?? this.estimateInput(),
        output: estimatedOutput ?? usage?.output,
      },
      usageEstimated: usage?.input === undefined || estimatedOutput !== undefined,
      outputMessages: this.call.capturesContent
        ? [{ role: this.role, parts: this.parts(), finish_reason: normalizeStopReason(this.stopReason) }]
        : undefined,
    };
  }
}
