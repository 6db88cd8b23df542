/** What cost advice reads from a span without content: request hashes, max_tokens, cache hits. */
import { describe, expect, it } from 'vitest';
import { understandSpan } from '../../src/genai/understand.ts';
import { spanContext } from './span-context.ts';

const base = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };

describe('advice fields of a call', () => {
  it('reads llmscope.request.hash(_normalized), gen_ai.request.max_tokens and llmscope.cache.hit', () => {
    const call = understandSpan(
      spanContext({ ...base, 'llmscope.request.hash': 'AB12cd34ef567890', 'llmscope.request.hash_normalized': '0123456789abcdef0123', 'gen_ai.request.max_tokens': 256, 'llmscope.cache.hit': true }),
    )!;
    expect([call.requestHash, call.requestHashNormalized, call.maxTokens, call.cacheHit]).toEqual(['ab12cd34ef567890', '0123456789abcdef0123', 256, true]);
  });

  it('defaults to empty hashes, 0 max_tokens and no cache hit', () => {
    const call = understandSpan(spanContext(base))!;
    expect([call.requestHash, call.requestHashNormalized, call.maxTokens, call.cacheHit]).toEqual(['', '', 0, false]);
  });

  it('drops what a sender put there that is not a bounded hex hash or a usable token cap', () => {
    const garbage = (hash: unknown, max: unknown) =>
      understandSpan(spanContext({ ...base, 'llmscope.request.hash': hash as string, 'gen_ai.request.max_tokens': max as number }))!;
    expect(garbage('not-hex-at-all!!', -5).requestHash).toBe('');
    expect(garbage('a'.repeat(65), Number.NaN).requestHash).toBe('');
    expect(garbage('abc', 0).requestHash).toBe('');
    expect(garbage(12345, 1e12).maxTokens).toBe(0xffff_ffff);
    expect(garbage('', 12.7).maxTokens).toBe(12);
    expect(garbage('', -5).maxTokens).toBe(0);
    expect(understandSpan(spanContext({ ...base, 'llm.invocation_parameters': '{"max_tokens": 64}' }))!.maxTokens).toBe(64);
  });
});
