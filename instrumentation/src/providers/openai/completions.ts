import { asArray, asDict, asString, type Dict } from '../../internal/values.ts';
import type { ChatMessage, OutputMessage } from '../../recording/content.ts';
import type { CallRecorder, LlmResult } from '../../recording/call-recorder.ts';
import { estimateTokens } from '../../recording/token-estimator.ts';
import { completionUsage } from './chat.ts';
import { normalizeFinishReason } from './messages.ts';

/** Legacy Completions: the prompt (string or list of strings) as user messages. */
export function completionInputMessages(prompt: unknown): ChatMessage[] {
  const prompts = typeof prompt === 'string' ? [prompt] : (asArray(prompt) ?? []).filter((item): item is string => typeof item === 'string');
  return prompts.map((text) => ({ role: 'user', parts: [{ type: 'text', content: text }] }));
}

export function estimateCompletionRequestTokens(params: Dict): number {
  return completionInputMessages(params.prompt).reduce((sum, message) => sum + estimateTokens(message.parts.map((part) => (part.type === 'text' ? part.content : '')).join('')), 0);
}

function completionOutputMessages(choices: unknown): OutputMessage[] {
  return (asArray(choices) ?? []).map((item) => {
    const choice = asDict(item) ?? {};
    return { role: 'assistant', parts: [{ type: 'text', content: asString(choice.text) ?? '' }], finish_reason: normalizeFinishReason(asString(choice.finish_reason)) };
  });
}

export function completionResult(call: CallRecorder, body: unknown): LlmResult {
  const completion = asDict(body) ?? {};
  const reasons = (asArray(completion.choices) ?? [])
    .map((choice) => asString(asDict(choice)?.finish_reason))
    .filter((reason): reason is string => reason !== undefined);
  return {
    responseModel: asString(completion.model),
    responseId: asString(completion.id),
    finishReasons: reasons.length > 0 ? reasons : undefined,
    usage: completionUsage(completion.usage),
    outputMessages: call.capturesContent ? completionOutputMessages(completion.choices) : undefined,
  };
}
