/** Which price-table models cost advice may offer as cheaper stand-ins, and whose they are. */
import { describe, expect, it } from 'vitest';
import { BUILTIN_PRICES } from '../../src/pricing/prices.ts';
import { isSuggestableTextModel, modelVendor } from '../../src/pricing/vendors.ts';

describe('model vendors', () => {
  it('names the vendor of the table’s models by their keys', () => {
    expect(['gpt-4o', 'o3-mini', 'o1', 'chatgpt-4o-latest'].map(modelVendor)).toEqual(['openai', 'openai', 'openai', 'openai']);
    expect(['claude-haiku-4-5', 'gemini-2.5-flash', 'mistral-small', 'amazon.nova-lite', 'meta.llama3-1-8b-instruct'].map(modelVendor)).toEqual([
      'anthropic', 'google', 'mistral', 'amazon', 'meta',
    ]);
    // open-weight models many hosts serve are nobody's "same provider"
    expect(modelVendor('gpt-oss-20b')).toBe('');
    expect(modelVendor('some-custom-model')).toBe('');
  });

  it('every Claude and Gemini entry of the built-in table has its vendor', () => {
    for (const key of Object.keys(BUILTIN_PRICES)) {
      if (key.startsWith('claude')) expect(modelVendor(key), key).toBe('anthropic');
      if (key.startsWith('gemini')) expect(modelVendor(key), key).toBe('google');
    }
  });

  it('offers text models only: no embeddings, speech, realtime, legacy completions or dated snapshots', () => {
    expect(['gpt-4o-mini', 'claude-3-5-haiku', 'meta.llama3-1-8b-instruct', 'gemini-2.0-flash-lite'].every(isSuggestableTextModel)).toBe(true);
    for (const key of ['text-embedding-3-small', 'gpt-4o-realtime-preview', 'gpt-3.5-turbo-instruct', 'gpt-4o-2024-05-13', 'gpt-3.5-turbo-1106', 'mistral-medium-2312', 'o3-deep-research', 'openai/gpt-4o']) {
      expect(isSuggestableTextModel(key), key).toBe(false);
    }
  });
});
