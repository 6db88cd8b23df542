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
      // Snapshot and -latest names are priced as their price key (or as their own key when they have one), as the advice does.
      const base = Date.UTC(2026, 10, 3, 9);
      const models = ['gpt-4o-2024-08-06', 'gpt-4o-2024-05-13', 'claude-haiku-4-5-20251001', 'claude-sonnet-4-5-latest', 'gpt-4o-mini'];
      await second.store.insertJsonEachRow(
        'llmscope.llm_calls',
        models
          .map((m, i) => JSON.stringify({
            timestamp: (BigInt(base + i * 1000) * 1_000_000n).toString(), trace_id: `${i}`.padStart(32, '0'), span_id: `${i}`.padStart(16, '0'), operation: 'chat',
            provider: m.startsWith('claude') ? 'anthropic' : 'openai', request_model: m, prompt_name: 'p', input_tokens: 10_000 + i, output_tokens: 500, cache_read_tokens: 1000, cost_usd: 0.05 + i / 100,
          }) + '\n')
          .join(''),
      );
      const advice = (await (await fetch(`${second.url}/api/v1/advice?from=${base}&to=${base + 60_000}`)).json()) as any;
      const res = await fetch(`${second.url}/api/v1/dashboards/llmscope-prompts/panels/9/query`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: base, to: base + 60_000, vars: {} }),
      });
      const t = ((await res.json()) as any).targets[0];
      expect(t.error).toBeUndefined();
      const cols = t.columns.map((c: { name: string }) => c.name);
      const panel = t.rows.map((r: unknown[]) => { const o = Object.fromEntries(cols.map((c: string, i: number) => [c, r[i]])); return `${o.model}>${o.priced_as}>${o.cheaper_model}:${Number(o.cheaper_cost_usd).toPrecision(12)}`; });
      const expected = (advice.cheaper_models as any[]).flatMap((g) => g.alternatives.map((a: any) => `${g.request_model}>${g.priced_as}>${a.model}:${Number(a.cost_usd).toPrecision(12)}`));
      expect(new Set(expected.map((e: string) => e.split('>')[1]))).toEqual(new Set(['gpt-4o', 'gpt-4o-2024-05-13', 'claude-haiku-4-5', 'claude-sonnet-4-5', 'gpt-4o-mini']));
      expect(panel).toEqual(expected);
      // Both loads are stored until merged; the older one no longer counts.
      const loads = await second.store.query<{ n: number }>(`SELECT uniqExact(loaded_at) AS n FROM llmscope.model_prices`);
      expect(Number(loads[0]!.n)).toBe(2);
    } finally {
      await second.close();
    }
  }, 60_000);
});
