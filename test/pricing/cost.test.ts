/**
 * Expected costs are computed here from the providers' stated list prices (USD per 1M tokens),
 * not from the price table, so a wrong table entry or formula fails the test.
 */
import { describe, expect, it } from 'vitest';
import type { LlmCall } from '../../src/genai/types.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { computeCost } from '../../src/pricing/cost.ts';
import { buildPriceBook } from '../../src/pricing/overrides.ts';
import { spanContext } from '../genai/span-context.ts';

const book = buildPriceBook();
const M = 1_000_000;

function call(fields: Partial<LlmCall>): LlmCall {
  return {
    operation: 'chat',
    provider: '',
    requestModel: '',
    responseModel: '',
    responseId: '',
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    tokensEstimated: false,
    providedCostUsd: null,
    ttftMs: null,
    stream: false,
    finishReasons: [],
    errorType: '',
    userId: '',
    sessionId: '',
    promptName: '',
    promptVersion: '',
    serverAddress: '',
    systemFingerprint: '', serviceTier: '', httpStatus: 0, apiVersion: '', apiDeprecation: '', apiSunset: '', sdkDeprecationWarning: '',
    inputText: '',
    outputText: '',
    contextText: '',
    convention: 'semconv',
    requestHash: '',
    requestHashNormalized: '',
    maxTokens: 0,
    cacheHit: false,
    ...fields,
  };
}

describe('computeCost from list prices', () => {
  it('gpt-4o: 1,000 input + 500 output tokens at $2.50/$10 per 1M = $0.0075', () => {
    const cost = computeCost(call({ provider: 'openai', requestModel: 'gpt-4o', inputTokens: 1000, outputTokens: 500 }), book);
    expect(cost.costUsd).toBeCloseTo(0.0075, 12);
    expect(cost).toMatchObject({ priced: true, source: 'table', matchedModel: 'gpt-4o' });
  });

  it('OpenAI: cached tokens are part of input and charged at the cached price ($1.25 for gpt-4o)', () => {
    const cost = computeCost(call({ provider: 'openai', requestModel: 'gpt-4o', inputTokens: 2000, cacheReadTokens: 1500, outputTokens: 100 }), book);
    expect(cost.costUsd).toBeCloseTo((500 * 2.5 + 1500 * 1.25 + 100 * 10) / M, 12);
  });

  it('Anthropic: uncached input, cache reads (0.1×) and 5-minute cache writes (1.25×) each at their own price', () => {
    // claude-sonnet-4-5: $3 input, $15 output, $0.30 cache read, $3.75 cache write per 1M.
    const expected = (20 * 3 + 3000 * 0.3 + 500 * 3.75 + 100 * 15) / M;
    const semconv = call({ provider: 'anthropic', requestModel: 'claude-sonnet-4-5-20250929', inputTokens: 3520, cacheReadTokens: 3000, cacheWriteTokens: 500, outputTokens: 100 });
    expect(computeCost(semconv, book).costUsd).toBeCloseTo(expected, 12);
  });

  it('Anthropic numbers passed through raw (input excludes cache, Vercel AI SDK v5) cost the same after understanding', () => {
    const viaVercel = understandSpan(
      spanContext({
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'claude-sonnet-4-5-20250929',
        'ai.model.provider': 'anthropic.messages',
        'ai.usage.inputTokens': 20,
        'ai.usage.outputTokens': 100,
        'ai.usage.cachedInputTokens': 3000,
        'ai.response.providerMetadata': JSON.stringify({ anthropic: { cacheCreationInputTokens: 500 } }),
      }),
    )!;
    expect(computeCost(viaVercel, book).costUsd).toBeCloseTo((20 * 3 + 3000 * 0.3 + 500 * 3.75 + 100 * 15) / M, 12);
  });

  it('Gemini: thinking tokens are inside output and billed at the output price', () => {
    // gemini-2.5-flash: $0.30 input, $2.50 output per 1M.
    const cost = computeCost(call({ provider: 'gcp.gemini', requestModel: 'gemini-2.5-flash', inputTokens: 1000, outputTokens: 600, reasoningTokens: 400 }), book);
    expect(cost.costUsd).toBeCloseTo((1000 * 0.3 + 600 * 2.5) / M, 12);
  });

  it('embeddings: text-embedding-3-small at $0.02 per 1M', () => {
    const cost = computeCost(call({ operation: 'embeddings', provider: 'openai', requestModel: 'text-embedding-3-small', inputTokens: 1000 }), book);
    expect(cost.costUsd).toBeCloseTo(0.00002, 15);
  });

  it('Bedrock Nova Lite via an EU inference profile ($0.06/$0.24 per 1M)', () => {
    const cost = computeCost(call({ provider: 'aws.bedrock', requestModel: 'eu.amazon.nova-lite-v1:0', inputTokens: 10_000, outputTokens: 1000 }), book);
    expect(cost.costUsd).toBeCloseTo((10_000 * 0.06 + 1000 * 0.24) / M, 12);
  });

  it('prices by the response model when the request model is a deployment name', () => {
    const cost = computeCost(
      call({ provider: 'azure.ai.openai', requestModel: 'prod-chat-deployment', responseModel: 'gpt-4o-mini-2024-07-18', inputTokens: 1000, outputTokens: 1000 }),
      book,
    );
    expect(cost.matchedModel).toBe('gpt-4o-mini');
    expect(cost.costUsd).toBeCloseTo((1000 * 0.15 + 1000 * 0.6) / M, 12);
  });

  it('prices a response-cache hit at zero, whatever tokens the span repeats', () => {
    const hit = call({ provider: 'openai', requestModel: 'gpt-4o', inputTokens: 1000, outputTokens: 500, cacheHit: true });
    expect(computeCost(hit, book)).toEqual({ costUsd: 0, priced: true, source: 'cache_hit', matchedModel: '' });
    expect(computeCost({ ...hit, cacheHit: false }, book).costUsd).toBeGreaterThan(0);
  });

  it('keeps a cost already on the span, marked as provided', () => {
    const cost = computeCost(call({ provider: 'openai', requestModel: 'gpt-4o', inputTokens: 1000, outputTokens: 500, providedCostUsd: 0.123 }), book);
    expect(cost).toEqual({ costUsd: 0.123, priced: true, source: 'provided', matchedModel: 'gpt-4o' });
  });

  it('unknown models with usage are unpriced at cost 0', () => {
    const cost = computeCost(call({ provider: 'acme', requestModel: 'acme-llm-9', inputTokens: 10, outputTokens: 10 }), book);
    expect(cost).toEqual({ costUsd: 0, priced: false, source: 'unpriced', matchedModel: '' });
  });

  it('a call without usage costs exactly 0 even without a price (tool spans, failed requests)', () => {
    const cost = computeCost(call({ operation: 'execute_tool' }), book);
    expect(cost).toEqual({ costUsd: 0, priced: true, source: 'table', matchedModel: '' });
  });
});
