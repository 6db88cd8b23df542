import { describe, expect, it } from 'vitest';
import { normalizeUsage } from '../../src/genai/tokens.ts';

const none = { cacheRead: 0, cacheWrite: 0, reasoning: 0, total: null };

describe('normalizeUsage (to semconv: cache inside input, reasoning inside output)', () => {
  it('keeps counts that already follow the semconv', () => {
    expect(normalizeUsage({ ...none, input: 2000, output: 100, cacheRead: 1500, total: 2100 }, true)).toEqual({
      input: 2000,
      output: 100,
      cacheRead: 1500,
      cacheWrite: 0,
      reasoning: 0,
    });
  });

  it('adds cache reads and writes when the convention reports them outside input (Anthropic API numbers)', () => {
    expect(normalizeUsage({ ...none, input: 20, output: 100, cacheRead: 3000, cacheWrite: 500, total: 120 }, false).input).toBe(3520);
  });

  it('trusts the counts over the convention when cache exceeds input', () => {
    expect(normalizeUsage({ ...none, input: 20, output: 5, cacheRead: 3000 }, true).input).toBe(3020);
  });

  it('uses a total that only adds up with the cache outside input as proof', () => {
    expect(normalizeUsage({ ...none, input: 100, output: 10, cacheRead: 50, total: 160 }, true).input).toBe(150);
    // A total of input + output proves nothing either way: the convention decides.
    expect(normalizeUsage({ ...none, input: 100, output: 10, cacheRead: 50, total: 110 }, true).input).toBe(100);
  });

  it('adds reasoning reported outside output (Gemini thoughts)', () => {
    expect(normalizeUsage({ ...none, input: 20, output: 300, reasoning: 200, total: 520 }, true).output).toBe(500);
    expect(normalizeUsage({ ...none, input: 20, output: 50, reasoning: 200 }, true).output).toBe(250);
    expect(normalizeUsage({ ...none, input: 20, output: 300, reasoning: 200, total: 320 }, true).output).toBe(300);
  });
});
