/**
 * model_prices on a real collector (embedded chdb): every start writes the effective price table
 * (built-in plus --prices overrides, with vendor and suggestability); a restart with other overrides
 * replaces it for readers (the newest load), and the Cheaper models panel prices from that load.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../../src/collector.ts';
import { BUILTIN_PRICES } from '../../src/pricing/prices.ts';

const dir = mkdtempSync(join(tmpdir(), 'llmscope-prices-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEWEST = `FROM llmscope.model_prices FINAL WHERE loaded_at = (SELECT max(loaded_at) FROM llmscope.model_prices)`;

async function startWith(prices: string) {
  const file = join(dir, `prices-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, prices);
  return startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', prices: file });
}

describe('model_prices', () => {
  it('is filled on start from the one price table incl. overrides, and replaced by the next start', async () => {
    const first = await startWith('models:\n  gpt-4o: { input_per_mtok: 1, output_per_mtok: 4 }\n  gpt-house-mini: { input_per_mtok: 0.01, output_per_mtok: 0.02 }\n');
    let rows: Array<Record<string, unknown>>;
    try {
      rows = await first.store.query(`SELECT model, vendor, suggestable, source, input, output, cache_read, cache_write, reasoning ${NEWEST} ORDER BY model`);
    } finally {
      await first.close();
    }
    const builtin = Object.keys(BUILTIN_PRICES);
    expect(rows.length).toBe(builtin.length + 1);
    const by = new Map(rows.map((r) => [String(r.model), r]));
    expect(by.get('gpt-4o')).toMatchObject({ vendor: 'openai', source: 'override', input: 1e-6, output: 4e-6, cache_read: 1e-6, cache_write: 1e-6, reasoning: 4e-6 });
    expect(by.get('gpt-house-mini')).toMatchObject({ vendor: 'openai', source: 'override', suggestable: true });
    const haiku = BUILTIN_PRICES['claude-haiku-4-5']!;
    expect(by.get('claude-haiku-4-5')).toMatchObject({ vendor: 'anthropic', source: 'table', input: haiku.input, output: haiku.output, cache_read: haiku.cacheRead, cache_write: haiku.cacheWrite });
    expect(by.get('gpt-4o-realtime-preview')).toMatchObject({ vendor: 'openai', suggestable: false });
    expect(by.get('text-embedding-3-small')).toMatchObject({ vendor: '', suggestable: false });

    // Restart without the house model and with gpt-4o back at list price: readers see only this load.
    await new Promise((r) => setTimeout(r, 5)); // a later loaded_at (millisecond resolution)
    const second = await startWith('models:\n  gpt-4o-mini: { input_per_mtok: 0.1, output_per_mtok: 0.5 }\n');
    try {
      const now = await second.store.query<{ model: string; source: string; input: number }>(`SELECT model, source, input ${NEWEST} ORDER BY model`);
      expect(now.length).toBe(builtin.length);
      expect(now.find((r) => r.model === 'gpt-house-mini')).toBeUndefined();
      expect(now.find((r) => r.model === 'gpt-4o')).toMatchObject({ source: 'table', input: BUILTIN_PRICES['gpt-4o']!.input });
      expect(now.find((r) => r.model === 'gpt-4o-mini')).toMatchObject({ source: 'override', input: 0.1 / 1_000_000 });
      // Both loads are stored until merged; the older one no longer counts.
      const loads = await second.store.query<{ n: number }>(`SELECT uniqExact(loaded_at) AS n FROM llmscope.model_prices`);
      expect(Number(loads[0]!.n)).toBe(2);
    } finally {
      await second.close();
    }
  }, 60_000);
});
