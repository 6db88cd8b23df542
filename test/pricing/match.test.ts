import { describe, expect, it } from 'vitest';
import { canonicalModelName, PriceBook, type PriceEntry } from '../../src/pricing/match.ts';
import { buildPriceBook } from '../../src/pricing/overrides.ts';

const book = buildPriceBook();
const keyFor = (model: string, provider = '') => book.match(provider, model)?.key ?? null;

describe('model name matching against the built-in table', () => {
  it.each([
    // date suffixes
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['o1-2024-12-17', 'o1'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['gpt-4-0613', 'gpt-4'],
    ['gpt-4-32k-0613', 'gpt-4-32k'],
    // Vertex @version
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['publishers/anthropic/models/claude-3-5-haiku@20241022', 'claude-3-5-haiku'],
    // provider prefixes
    ['openai/gpt-4o', 'gpt-4o'],
    ['models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gemini-2.5-flash-lite-preview-06-17', 'gemini-2.5-flash-lite'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash'],
    // Bedrock ids and inference profiles
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4'],
    ['apac.anthropic.claude-3-haiku-20240307-v1:0', 'claude-3-haiku'],
    ['eu.amazon.nova-pro-v1:0', 'amazon.nova-pro'],
    ['amazon.nova-micro-v1:0', 'amazon.nova-micro'],
    ['meta.llama3-1-70b-instruct-v1:0', 'meta.llama3-1-70b-instruct'],
    ['mistral.mistral-large-2407-v1:0', 'mistral.mistral-large-2407'],
    ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-7-sonnet'],
    // OpenRouter ids with dots
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet'],
    ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
    ['meta-llama/llama-3.3-70b-versatile', 'llama-3.3-70b-versatile'],
    // -latest aliases and Azure spelling
    ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet'],
    ['mistral-large-latest', 'mistral-large'],
    ['mistral-small-2503', 'mistral-small'],
    ['gpt-35-turbo', 'gpt-3.5-turbo'],
    ['GPT-4o', 'gpt-4o'],
  ])('%s → %s', (model, expected) => {
    expect(keyFor(model)).toBe(expected);
  });

  it('prefers an exact entry over a shorter prefix (the May 2024 gpt-4o snapshot has its own price)', () => {
    expect(keyFor('gpt-4o-2024-05-13')).toBe('gpt-4o-2024-05-13');
    expect(book.match('', 'gpt-4o-2024-05-13')!.price.input).toBeCloseTo(5 / 1e6, 15);
  });

  it('does not price an unknown minor version as its older sibling', () => {
    expect(keyFor('claude-opus-4-6')).toBeNull();
    expect(keyFor('claude-opus-4-0')).toBe('claude-opus-4');
  });

  it('returns null for unknown and empty names', () => {
    expect(keyFor('totally-unknown-model')).toBeNull();
    expect(keyFor('ft:gpt-4o-mini-2024-07-18:acme::abc123')).toBeNull();
    expect(keyFor('')).toBeNull();
  });

  it('memoises per (provider, model): repeated lookups return the same result object', () => {
    const first = book.match('openai', 'gpt-4o-2024-11-20');
    expect(book.match('openai', 'gpt-4o-2024-11-20')).toBe(first);
  });
});

describe('precedence with scoped entries and aliases', () => {
  const price = (input: number) => ({ input: input / 1e6, output: input / 1e6 });
  const entries = new Map<string, PriceEntry>([
    ['gpt-4o', { price: price(2.5), source: 'table' }],
    ['gpt-4o-mini', { price: price(0.15), source: 'table' }],
    ['azure.ai.openai/gpt-4o', { price: price(2.75), source: 'override' }],
  ]);
  const scoped = new PriceBook(entries, new Map([['prod-chat', 'gpt-4o-mini'], ['gpt-4o', 'gpt-4o-mini']]));

  it('uses a provider-scoped entry only for that provider', () => {
    expect(scoped.match('azure.ai.openai', 'gpt-4o')!.key).toBe('azure.ai.openai/gpt-4o');
    expect(scoped.match('openai', 'gpt-4o-2024-08-06')!.key).toBe('gpt-4o-mini'); // alias of the canonical name
  });

  it('applies user aliases before table names', () => {
    expect(scoped.match('azure.ai.openai', 'prod-chat')!.key).toBe('gpt-4o-mini');
    expect(scoped.match('', 'gpt-4o')!.key).toBe('gpt-4o-mini');
  });
});

describe('canonicalModelName', () => {
  it.each([
    ['us.anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['anthropic/claude-3.7-sonnet', 'claude-3-7-sonnet'],
    ['gemini-2.5-pro', 'gemini-2.5-pro'],
    ['gpt-4.1-2025-04-14', 'gpt-4.1'],
  ])('%s → %s', (raw, expected) => {
    expect(canonicalModelName(raw)).toBe(expected);
  });
});
