import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPriceBook, loadPriceOverrides, parsePriceOverrides, PriceOverrideError } from '../../src/pricing/overrides.ts';
import { createPricer } from '../../src/pricing/pricer.ts';
import type { LlmCall } from '../../src/genai/types.ts';

const dir = mkdtempSync(join(tmpdir(), 'llmscope-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const VALID_YAML = `# negotiated prices
models:
  acme-llm-9:
    input_per_mtok: 1.5
    output_per_mtok: 6
    cache_read_per_mtok: 0.15
  gpt-4o:
    input_per_mtok: 2.0
    output_per_mtok: 8.0
aliases:
  prod-chat: gpt-4o-mini
`;

function problemsOf(text: string): string[] {
  try {
    parsePriceOverrides(text, 'prices.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(PriceOverrideError);
    return [...(e as PriceOverrideError).problems];
  }
  throw new Error('expected the file to be rejected');
}

function chatCall(model: string, input: number, output: number): LlmCall {
  return {
    operation: 'chat', provider: 'openai', requestModel: model, responseModel: '', responseId: '',
    inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0,
    tokensEstimated: false, providedCostUsd: null, ttftMs: null, stream: false, finishReasons: [], errorType: '',
    userId: '', sessionId: '', promptName: '', promptVersion: '', serverAddress: '',
    systemFingerprint: '', serviceTier: '', httpStatus: 0, apiVersion: '', apiDeprecation: '', apiSunset: '', sdkDeprecationWarning: '',
    inputText: '', outputText: '', contextText: '', convention: 'semconv',
    requestHash: '', requestHashNormalized: '', maxTokens: 0, cacheHit: false,
  };
}

describe('price override file', () => {
  it('converts per-million prices to per-token and wins over the built-in table', () => {
    const overrides = parsePriceOverrides(VALID_YAML, 'prices.yaml');
    expect(overrides.models.get('acme-llm-9')).toEqual({ input: 1.5 / 1e6, output: 6 / 1e6, cacheRead: 0.15 / 1e6 });
    const book = buildPriceBook(overrides);
    expect(book.match('', 'acme-llm-9')).toMatchObject({ key: 'acme-llm-9', source: 'override' });
    const gpt4o = book.match('openai', 'gpt-4o-2024-08-06')!;
    expect(gpt4o.source).toBe('override');
    expect(gpt4o.price.input).toBeCloseTo(2 / 1e6, 15);
  });

  it('maps aliases to models of either table', () => {
    const book = buildPriceBook(parsePriceOverrides(VALID_YAML));
    expect(book.match('azure.ai.openai', 'prod-chat')).toMatchObject({ key: 'gpt-4o-mini', source: 'table' });
  });

  it('reads the same content as JSON', () => {
    const json = JSON.stringify({ models: { 'acme-llm-9': { input_per_mtok: 1.5, output_per_mtok: 6 } }, aliases: { 'prod-chat': 'acme-llm-9' } });
    const book = buildPriceBook(parsePriceOverrides(json, 'prices.json'));
    expect(book.match('', 'prod-chat')).toMatchObject({ key: 'acme-llm-9', source: 'override' });
  });

  it('names the model, the field and the line of a bad value', () => {
    const problems = problemsOf('models:\n  my-model:\n    input_per_mtok: abc\n    output_per_mtok: -1\n');
    expect(problems).toEqual([
      'line 3: models."my-model".input_per_mtok must be a non-negative number, got "abc"',
      'line 4: models."my-model".output_per_mtok must be a non-negative number, got -1',
    ]);
  });

  it('reports missing and unknown fields, unknown sections and dangling aliases', () => {
    const problems = problemsOf(
      'models:\n  half-priced:\n    input_per_mtok: 1\n    inputt_per_mtok: 2\nalias:\n  x: y\naliases:\n  my-dep: gpt-9000\n',
    );
    expect(problems).toEqual([
      'line 4: models."half-priced": unknown field "inputt_per_mtok" (expected input_per_mtok, output_per_mtok, cache_read_per_mtok, cache_write_per_mtok, reasoning_per_mtok)',
      'line 2: models."half-priced": missing output_per_mtok',
      'line 5: unknown top-level key "alias" (expected models or aliases)',
      'line 8: aliases."my-dep": target "gpt-9000" matches no model in the built-in table or in models',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('models:\n  a: {input_per_mtok: 1\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/^line \d+: /);
  });

  it('rejects a file that is not a mapping', () => {
    expect(problemsOf('- gpt-4o\n')).toEqual(['line 1: the file must be a mapping with "models" and/or "aliases"']);
  });

  it('says which file could not be read', async () => {
    await expect(loadPriceOverrides(join(dir, 'missing.yaml'))).rejects.toThrow(/missing\.yaml[\s\S]*cannot read the file/);
  });

  it('feeds the collector pricer, which counts unpriced calls by model', async () => {
    const path = join(dir, 'prices.yaml');
    writeFileSync(path, VALID_YAML);
    const pricer = await createPricer(path);
    const priced = pricer(chatCall('acme-llm-9', 1000, 1000));
    expect(priced).toMatchObject({ priced: true, source: 'override', matchedModel: 'acme-llm-9' });
    expect(priced.costUsd).toBeCloseTo((1000 * 1.5 + 1000 * 6) / 1e6, 12);
    pricer(chatCall('mystery-1', 5, 5));
    pricer(chatCall('mystery-1', 5, 5));
    pricer(chatCall('mystery-2', 5, 5));
    expect(pricer.unpriced.total).toBe(3);
    expect(pricer.unpriced.entries()).toEqual([
      { provider: 'openai', model: 'mystery-1', count: 2 },
      { provider: 'openai', model: 'mystery-2', count: 1 },
    ]);
  });
});
