import { asArray, asDict, asNumber, asString } from '../../internal/values.ts';
import type { MessagePart, OutputMessage } from '../../recording/content.ts';
import type { CallRecorder, LlmResult, TokenUsage } from '../../recording/call-recorder.ts';
import type { StreamEnd, StreamObserver } from '../../recording/stream-observer.ts';
import { estimateTokens } from '../../recording/token-estimator.ts';
import { endCallFromStream } from '../stream-end.ts';
import { normalizeFinishReason, usageOf } from './content.ts';

interface CandidateAccumulator {
  text: string;
  thoughts: string;
  calls: MessagePart[];
  finishReason?: string;
}

/**
 * Accumulates streamGenerateContent chunks. Each chunk's usageMetadata is the running total of
 * the request, so the latest one wins; text arrives as deltas per candidate.
 */
export class GenerateContentStreamAccumulator implements StreamObserver<unknown> {
  private readonly call: CallRecorder;
  private readonly estimateInput: () => number;
  private model: string | undefined;
  private id: string | undefined;
  private usage: TokenUsage | undefined;
  private readonly candidates = new Map<number, CandidateAccumulator>();

  constructor(call: CallRecorder, estimateInput: () => number) {
    this.call = call;
    this.estimateInput = estimateInput;
  }

  onChunk(chunk: unknown): void {
    this.call.markFirstChunk();
    const response = asDict(chunk);
    if (!response) return;
    this.model ??= asString(response.modelVersion);
    this.id ??= asString(response.responseId);
    if (response.usageMetadata) this.usage = usageOf(response.usageMetadata);
    for (const [position, raw] of (asArray(response.candidates) ?? []).entries()) {
      const candidate = asDict(raw);
      if (!candidate) continue;
      const index = asNumber(candidate.index) ?? position;
      let state = this.candidates.get(index);
      if (!state) {
        state = { text: '', thoughts: '', calls: [] };
        this.candidates.set(index, state);
      }
      state.finishReason = asString(candidate.finishReason) ?? state.finishReason;
      for (const rawPart of asArray(asDict(candidate.content)?.parts) ?? []) {
        const part = asDict(rawPart);
        const text = asString(part?.text);
        if (text !== undefined) {
          if (part?.thought === true) state.thoughts += text;
          else state.text += text;
        }
        const functionCall = asDict(part?.functionCall);
        if (functionCall) state.calls.push({ type: 'tool_call', id: asString(functionCall.id) ?? null, name: asString(functionCall.name) ?? '', arguments: functionCall.args ?? null });
      }
    }
  }

  onEnd(end: StreamEnd): void {
    endCallFromStream(this.call, end, () => this.result());
  }

  private ordered(): CandidateAccumulator[] {
    return [...this.candidates.entries()].sort(([a], [b]) => a - b).map(([, candidate]) => candidate);
  }

  private result(): LlmResult {
    const candidates = this.ordered();
    const reasons = candidates.map((candidate) => candidate.finishReason).filter((reason): reason is string => reason !== undefined);
    const hasUsage = this.usage?.input !== undefined && this.usage.output !== undefined;
    const outputs: OutputMessage[] | undefined = this.call.capturesContent
      ? candidates.map((candidate) => ({
          role: 'assistant',
          parts: [
            ...(candidate.thoughts ? [{ type: 'reasoning' as const, content: candidate.thoughts }] : []),
            ...(candidate.text ? [{ type: 'text' as const, content: candidate.text }] : []),
            ...candidate.calls,
          ],
          finish_reason: normalizeFinishReason(candidate.finishReason),
        }))
      : undefined;
    return {
      responseModel: this.model,
      responseId: this.id,
      finishReasons: reasons.length > 0 ? reasons : undefined,
      usage: hasUsage
        ? this.usage
        : { input: this.usage?.input ?? this.estimateInput(), output: candidates.reduce((sum, candidate) => sum + estimateTokens(candidate.text + candidate.thoughts), 0) },
      usageEstimated: !hasUsage,
      outputMessages: outputs,
    };
  }
}
