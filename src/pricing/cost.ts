import type { LlmCall } from '../genai/types.ts';
import type { PriceBook, PriceMatch } from './match.ts';
import type { CostResult, ModelPrice } from './types.ts';

/**
 * Cost of one call from list prices.
 *
 * Token bookkeeping: LlmCall follows the current GenAI semconv, whatever the source convention was
 * (src/genai/tokens.ts converts): inputTokens INCLUDES cacheReadTokens and cacheWriteTokens, and
 * outputTokens INCLUDES reasoningTokens. Per provider that means:
 * - OpenAI: prompt_tokens already includes cached_tokens → uncached = input − cacheRead, charged at the
 *   input price; cached at the cache-read price. Reasoning tokens are billed as output.
 * - Anthropic: the API's input_tokens EXCLUDES cache reads and writes; semconv instrumentations add them
 *   back, so uncached = input − cacheRead − cacheWrite, and each part is charged at its own price.
 * - Gemini: promptTokenCount includes cached content (charged at the cache-read price); thoughts are
 *   billed as output (semconv counts them inside output_tokens).
 * A missing cacheRead/cacheWrite price means the provider charges those tokens as normal input.
 */
export function computeCost(call: LlmCall, book: PriceBook): CostResult {
  // A response cache answered: no provider request was made, whatever tokens the span repeats.
  if (call.cacheHit) return { costUsd: 0, priced: true, source: 'cache_hit', matchedModel: '' };
  const match = findPrice(call, book);
  if (call.providedCostUsd !== null && Number.isFinite(call.providedCostUsd) && call.providedCostUsd >= 0) {
    return { costUsd: call.providedCostUsd, priced: true, source: 'provided', matchedModel: match?.key ?? '' };
  }
  if (match === null) {
    // Nothing was consumed (tool spans, failed requests): zero is the exact cost, model or not.
    if (!hasUsage(call)) return { costUsd: 0, priced: true, source: 'table', matchedModel: '' };
    return { costUsd: 0, priced: false, source: 'unpriced', matchedModel: '' };
  }
  return { costUsd: costFromPrice(call, match), priced: true, source: match.source, matchedModel: match.key };
}

/** The response model names the model that actually ran (Azure deployment names are arbitrary), so it goes first. */
export function findPrice(call: LlmCall, book: PriceBook): PriceMatch | null {
  if (call.responseModel !== '') {
    const byResponse = book.match(call.provider, call.responseModel);
    if (byResponse !== null) return byResponse;
  }
  return call.requestModel === '' ? null : book.match(call.provider, call.requestModel);
}

export function hasUsage(call: LlmCall): boolean {
  return call.inputTokens > 0 || call.outputTokens > 0 || call.cacheReadTokens > 0 || call.cacheWriteTokens > 0;
}

function costFromPrice(call: LlmCall, match: PriceMatch): number {
  return tokensCost(call, match.price);
}

/** The token counts a cost depends on (semconv bookkeeping: input includes cache reads/writes, output includes reasoning). */
export type TokenCounts = Pick<LlmCall, 'inputTokens' | 'outputTokens' | 'cacheReadTokens' | 'cacheWriteTokens' | 'reasoningTokens'>;

/** Cost of these tokens at this list price (linear: the cost of summed counts is the sum of the costs). */
export function tokensCost(call: TokenCounts, p: ModelPrice): number {
  const cacheRead = call.cacheReadTokens;
  const cacheWrite = call.cacheWriteTokens;
  const uncachedInput = Math.max(0, call.inputTokens - cacheRead - cacheWrite);
  const reasoning = p.reasoning === undefined ? 0 : Math.min(call.reasoningTokens, call.outputTokens);
  return (
    uncachedInput * p.input +
    cacheRead * (p.cacheRead ?? p.input) +
    cacheWrite * (p.cacheWrite ?? p.input) +
    (call.outputTokens - reasoning) * p.output +
    reasoning * (p.reasoning ?? p.output)
  );
}
