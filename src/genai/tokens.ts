/**
 * Brings token counts to the current semconv bookkeeping, which is what LlmCall stores and what
 * pricing assumes (open-telemetry/semantic-conventions-genai model/gen-ai/registry.yaml):
 * - gen_ai.usage.input_tokens SHOULD include all input tokens, cached ones too; cache_read and
 *   cache_creation counts are subsets of it.
 * - gen_ai.usage.reasoning.output_tokens SHOULD be included in gen_ai.usage.output_tokens.
 *
 * Not every source follows that. Provider APIs differ: OpenAI prompt_tokens includes cached_tokens and
 * completion_tokens includes reasoning_tokens; Anthropic input_tokens EXCLUDES cache reads and writes;
 * Bedrock Converse inputTokens excludes cacheRead/cacheWrite; Gemini promptTokenCount includes
 * cachedContentTokenCount but candidatesTokenCount EXCLUDES thoughtsTokenCount. Instrumentations that
 * copy the provider's numbers through (Vercel AI SDK before v6, older OpenLLMetry/OpenInference
 * Anthropic instrumentations) therefore disagree with the spec. The caller states what the source's
 * convention promises; the counts themselves can overrule it when they prove otherwise.
 */
export interface RawUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
  /** A total reported next to the counts, or null. */
  total: number | null;
}

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  reasoning: number;
}

/** A token count as a UInt64 column can hold it: anything negative, fractional, huge or not a number is "not reported". */
export function tokenCount(v: number): number {
  return Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

export function normalizeUsage(rawIn: RawUsage, cacheInInputByConvention: boolean): Usage {
  const raw: RawUsage = {
    input: tokenCount(rawIn.input),
    output: tokenCount(rawIn.output),
    cacheRead: tokenCount(rawIn.cacheRead),
    cacheWrite: tokenCount(rawIn.cacheWrite),
    reasoning: tokenCount(rawIn.reasoning),
    total: rawIn.total === null ? null : tokenCount(rawIn.total),
  };
  const cache = raw.cacheRead + raw.cacheWrite;
  let cacheIncluded = cacheInInputByConvention;
  let reasoningIncluded = true;
  // A subset cannot exceed its superset: such counts were reported separately.
  if (cache > raw.input) cacheIncluded = false;
  if (raw.reasoning > raw.output) reasoningIncluded = false;
  // A total that equals the sum with the extra counts added proves they were separate. A total equal to
  // input + output proves nothing (several SDKs compute it that way whatever input means).
  if (raw.total !== null) {
    const base = raw.input + raw.output;
    if (cache > 0 && (raw.total === base + cache || raw.total === base + cache + raw.reasoning)) cacheIncluded = false;
    if (raw.reasoning > 0 && (raw.total === base + raw.reasoning || raw.total === base + cache + raw.reasoning)) {
      reasoningIncluded = false;
    }
  }
  return {
    input: cacheIncluded ? raw.input : raw.input + cache,
    output: reasoningIncluded ? raw.output : raw.output + raw.reasoning,
    cacheRead: raw.cacheRead,
    cacheWrite: raw.cacheWrite,
    reasoning: raw.reasoning,
  };
}
