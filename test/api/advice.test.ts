/**
 * GET /api/v1/advice on a real collector (HTTP, embedded chdb): cacheable share from request
 * hashes (exact and normalised), cheaper models of the same vendor at list prices with quality and
 * feedback side by side, output-token caps — every value computed here independently from the rows
 * inserted; tenancy and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { BUILTIN_PRICES } from '../../src/pricing/prices.ts';

const READ_A = 'read-key-team-a-0123';
const READ_B = 'read-key-team-b-0123';
const INGEST_A = 'ingest-key-team-a-01';
const BASE_MS = Date.UTC(2026, 10, 2, 9, 0, 0);
let dir: string;
let c: RunningCollector;

interface Row {
  project_id: string;
  ms: number;
  service_name: string;
  prompt_name: string;
  prompt_version: string;
  provider: string;
  request_model: string;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens: number;
  status: string;
  request_hash: string;
  request_hash_normalized: string;
  max_tokens: number;
  cache_hit: boolean;
  finish_reasons: string[];
  toxicity: number | null;
  trace_id: string;
  span_id: string;
}
const rows: Row[] = [];
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
function call(p: Partial<Row>): Row {
  const i = rows.length + 1;
  const row: Row = {
    project_id: 'team-a', ms: BASE_MS + i * 60_000, service_name: 'chat-api', prompt_name: 'faq', prompt_version: 'v1', provider: 'openai',
    request_model: 'gpt-4o', cost_usd: 0.01, input_tokens: 1000, output_tokens: 100, cache_read_tokens: 0, status: 'ok', request_hash: '',
    request_hash_normalized: '', max_tokens: 1000, cache_hit: false, finish_reasons: ['stop'], toxicity: null, trace_id: hex(5000 + i, 32), span_id: hex(6000 + i, 16),
    ...p,
  };
  rows.push(row);
  return row;
}
const H = (n: number) => hex(n, 16);

// faq v1 on gpt-4o: h1 three times (+ a cache hit of it), h2 once — same normalised request as h1; h3 ok once and failed once; one unhashed call.
call({ request_hash: H(1), request_hash_normalized: H(101), cost_usd: 0.01, output_tokens: 40, toxicity: 0.25 });
call({ request_hash: H(1), request_hash_normalized: H(101), cost_usd: 0.02, output_tokens: 60, toxicity: 0.75 });
call({ request_hash: H(1), request_hash_normalized: H(101), cost_usd: 0.03, output_tokens: 80, cache_read_tokens: 500 });
call({ request_hash: H(1), request_hash_normalized: H(101), cost_usd: 0, cache_hit: true, output_tokens: 80 });
call({ request_hash: H(2), request_hash_normalized: H(101), cost_usd: 0.04, output_tokens: 90 });
call({ request_hash: H(3), request_hash_normalized: H(103), cost_usd: 0.05, output_tokens: 120 });
call({ request_hash: H(3), request_hash_normalized: H(103), cost_usd: 0, status: 'error', output_tokens: 0, finish_reasons: [] });
call({ cost_usd: 0.06, output_tokens: 70 });
// faq v1 also on gpt-4o-mini (the comparison), every answer cut off at its cap of 64
const mini1 = call({ request_model: 'gpt-4o-mini', cost_usd: 0.001, output_tokens: 64, max_tokens: 64, finish_reasons: ['length'], toxicity: 0.5 });
const mini2 = call({ request_model: 'gpt-4o-mini', cost_usd: 0.002, output_tokens: 64, max_tokens: 64, finish_reasons: ['length'] });
// batch: no prompt, no cap; one request repeated
call({ service_name: 'batch', prompt_name: '', prompt_version: '', request_hash: H(4), request_hash_normalized: H(104), cost_usd: 0.1, max_tokens: 0, output_tokens: 300 });
call({ service_name: 'batch', prompt_name: '', prompt_version: '', request_hash: H(4), request_hash_normalized: H(104), cost_usd: 0.1, max_tokens: 0, output_tokens: 500 });
// another tenant with the same hashes: never part of team-a's advice
for (let i = 0; i < 5; i++) call({ project_id: 'team-b', request_hash: H(1), request_hash_normalized: H(101), cost_usd: 1 });

const gpt4oFaq = rows.filter((r) => r.project_id === 'team-a' && r.prompt_name === 'faq' && r.request_model === 'gpt-4o' && !r.cache_hit);

async function get(path: string, key: string) {
  const res = await fetch(c.url + path, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, json: (await res.json()) as any };
}
const RANGE = `from=${BASE_MS}&to=${BASE_MS + 3600_000}`;
const closeTo = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-12 + Math.abs(b) * 1e-9);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-advice-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    ['keys:', `  - { key: ${READ_A}, project: team-a, role: read }`, `  - { key: ${READ_B}, project: team-b, role: read }`, `  - { key: ${INGEST_A}, project: team-a }`].join('\n') + '\n',
  );
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', apiKeys: join(dir, 'keys.yaml') });
  await c.store.insertJsonEachRow(
    'llmscope.llm_calls',
    rows.map(({ ms, ...r }) => JSON.stringify({ ...r, timestamp: (BigInt(ms) * 1_000_000n).toString(), operation: 'chat' }) + '\n').join(''),
  );
  // Feedback through the real route: gpt-4o call 1 up, call 2 down; mini call 1 down.
  for (const [r, v] of [[rows[0]!, 1], [rows[1]!, 0], [mini1, 0]] as const) {
    const res = await fetch(`${c.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_A}`, 'content-type': 'application/json' },
      body: JSON.stringify({ trace_id: r.trace_id, span_id: r.span_id, name: 'thumbs', value: v }),
    });
    expect(res.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/v1/advice', () => {
  it('cacheable share: repeats of the exact and of the normalised request, and what a cache would have saved', async () => {
    const r = await get(`/api/v1/advice?${RANGE}`, READ_A);
    expect(r.status).toBe(200);
    const faq = r.json.cacheable.find((g: any) => g.service_name === 'chat-api' && g.prompt_name === 'faq');
    const faqCalls = rows.filter((x) => x.project_id === 'team-a' && x.prompt_name === 'faq');
    expect(faq).toMatchObject({ prompt_version: 'v1', calls: faqCalls.length, hashed_calls: faqCalls.filter((x) => x.request_hash).length, cache_hits: 1 });
    // exact: h1 ok ×3 (first paid 0.01) → 2 repeats saving 0.02 + 0.03; h2, h3 (one ok) no repeat
    expect(faq.exact_duplicates).toBe(2);
    closeTo(faq.exact_saved_usd, 0.05);
    closeTo(faq.exact_share, 2 / faqCalls.length);
    // normalised: h1 ×3 and h2 share one → 3 repeats saving 0.02 + 0.03 + 0.04
    expect(faq.normalized_duplicates).toBe(3);
    closeTo(faq.normalized_saved_usd, 0.09);
    closeTo(faq.cost_usd, faqCalls.reduce((a, x) => a + x.cost_usd, 0));
    const batch = r.json.cacheable.find((g: any) => g.service_name === 'batch');
    expect([batch.exact_duplicates, batch.normalized_duplicates]).toEqual([1, 1]);
    closeTo(batch.exact_saved_usd, 0.1);
  });

  it('cheaper models: the same tokens at the list prices of cheaper models of the same vendor, cheapest first', async () => {
    const r = await get(`/api/v1/advice?${RANGE}`, READ_A);
    const advice = r.json.cheaper_models.find((g: any) => g.request_model === 'gpt-4o' && g.prompt_name === 'faq');
    const input = gpt4oFaq.reduce((a, x) => a + x.input_tokens, 0);
    const output = gpt4oFaq.reduce((a, x) => a + x.output_tokens, 0);
    const cached = gpt4oFaq.reduce((a, x) => a + x.cache_read_tokens, 0);
    expect(advice).toMatchObject({ provider: 'openai', priced_as: 'gpt-4o', calls: gpt4oFaq.length, input_tokens: input, output_tokens: output, cache_read_tokens: cached });
    const at = (model: string) => {
      const p = BUILTIN_PRICES[model]!;
      return (input - cached) * p.input + cached * (p.cacheRead ?? p.input) + output * p.output;
    };
    // Cheapest OpenAI text models for this mix (embeddings, realtime, codex and dated snapshots are not suggested).
    expect(advice.alternatives.map((a: any) => a.model)).toEqual(['gpt-5-nano', 'gpt-4.1-nano', 'gpt-4o-mini', 'gpt-5-mini', 'gpt-4.1-mini']);
    for (const a of advice.alternatives) {
      closeTo(a.cost_usd, at(a.model));
      closeTo(a.saving_usd, at('gpt-4o') - at(a.model));
      closeTo(a.saving_share, (at('gpt-4o') - at(a.model)) / at('gpt-4o'));
    }
    expect(advice.alternatives.find((a: any) => a.model === 'gpt-4o-mini').served_same_prompt_versions).toEqual(['v1']);
    expect(advice.alternatives.find((a: any) => a.model === 'gpt-5-nano').served_same_prompt_versions).toEqual([]);
    // No cheaper Anthropic/Google model is offered for an OpenAI model.
    expect(advice.alternatives.every((a: any) => a.model.startsWith('gpt-'))).toBe(true);
  });

  it('the "Cheaper models" panel (Prompts dashboard, priced from model_prices) lists what the advice lists, per tenant', async () => {
    const panel = async (key: string) => {
      const res = await fetch(`${c.url}/api/v1/dashboards/llmscope-prompts/panels/9/query`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ from: BASE_MS, to: BASE_MS + 3600_000, vars: { prompt: ['$__all'], version: ['$__all'] } }),
      });
      expect(res.status).toBe(200);
      const t = ((await res.json()) as any).targets[0];
      expect(t.error).toBeUndefined();
      return t.rows.map((r: unknown[]) => Object.fromEntries(t.columns.map((col: { name: string }, i: number) => [col.name, r[i]])));
    };
    for (const key of [READ_A, READ_B]) {
      const advice = (await get(`/api/v1/advice?${RANGE}`, key)).json.cheaper_models as any[];
      const expected = advice.flatMap((g) => g.alternatives.map((a: any) => ({ g, a })));
      const rows = await panel(key);
      expect(expected.length).toBeGreaterThan(0);
      expect(rows.map((r: any) => `${r.prompt_name}|${r.model}|${r.cheaper_model}`)).toEqual(expected.map(({ g, a }) => `${g.prompt_name}|${g.request_model}|${a.model}`));
      rows.forEach((r: any, i: number) => {
        const { g, a } = expected[i]!;
        expect([r.provider, r.priced_as, Number(r.calls)]).toEqual([g.provider, g.priced_as, g.calls]);
        closeTo(Number(r.cost_usd), g.cost_usd);
        closeTo(Number(r.cheaper_cost_usd), a.cost_usd);
        closeTo(Number(r.saving_usd), a.saving_usd);
        closeTo(Number(r.saving_share), a.saving_share);
      });
      // team-b's five calls cost 1 each: never in team-a's panel, and only theirs in team-b's
      const own = rows.filter((r: any) => r.model === 'gpt-4o' && r.prompt_name === 'faq')[0];
      closeTo(Number(own.cost_usd), key === READ_B ? 5 : gpt4oFaq.reduce((x, r) => x + r.cost_usd, 0));
    }
  });

  it('where two models served the same prompt version: quality and feedback side by side', async () => {
    const r = await get(`/api/v1/advice?${RANGE}`, READ_A);
    expect(r.json.model_comparisons).toHaveLength(1);
    const [cmp] = r.json.model_comparisons;
    expect([cmp.prompt_name, cmp.prompt_version, cmp.models.map((m: any) => m.model)]).toEqual(['faq', 'v1', ['gpt-4o', 'gpt-4o-mini']]);
    const [big, mini] = cmp.models;
    expect(big.calls).toBe(gpt4oFaq.length);
    closeTo(big.error_rate, 1 / gpt4oFaq.length);
    closeTo(big.cost_per_call, gpt4oFaq.reduce((a, x) => a + x.cost_usd, 0) / gpt4oFaq.length);
    closeTo(big.toxicity, 0.5);
    expect([big.feedback, big.negative_share]).toEqual([2, 0.5]);
    expect([mini.calls, mini.toxicity, mini.feedback, mini.negative_share]).toEqual([2, 0.5, 1, 1]);
    expect(mini.relevance).toBeNull();
  });

  it('output caps: truncation by the cap, caps far above the outputs, calls without a cap', async () => {
    const r = await get(`/api/v1/advice?${RANGE}`, READ_A);
    const by = (service: string, model: string) => r.json.output_caps.find((g: any) => g.service_name === service && g.request_model === model);
    const mini = by('chat-api', 'gpt-4o-mini');
    expect(mini).toMatchObject({ calls: 2, with_max_tokens: 2, max_tokens_p50: 64, truncated: 2, truncated_share: 1, suggestion: 'raise', suggested_max_tokens: null });
    const big = by('chat-api', 'gpt-4o');
    const outs = gpt4oFaq.filter((x) => x.status === 'ok').map((x) => x.output_tokens).sort((a, b) => a - b);
    const exact = (p: number) => outs[Math.floor(p * outs.length)]!; // quantileExact: the element at ⌊p·n⌋
    expect(big).toMatchObject({ calls: outs.length, with_max_tokens: outs.length, max_tokens_p50: 1000, truncated: 0, output_p50: exact(0.5), output_p95: exact(0.95), output_p99: exact(0.99), output_max: outs.at(-1), suggestion: 'lower' });
    expect(big.suggested_max_tokens).toBe(Math.ceil(exact(0.99) * 1.2));
    expect(by('batch', 'gpt-4o')).toMatchObject({ with_max_tokens: 0, max_tokens_p50: null, suggestion: 'set', suggested_max_tokens: Math.ceil(500 * 1.2) });
  });

  it('is per tenant, filters by service, and rejects bad input', async () => {
    const b = await get(`/api/v1/advice?${RANGE}`, READ_B);
    expect(b.json.cacheable).toHaveLength(1);
    expect([b.json.cacheable[0].calls, b.json.cacheable[0].exact_duplicates]).toEqual([5, 4]);
    expect(b.json.model_comparisons).toEqual([]);
    const a = await get(`/api/v1/advice?${RANGE}&service=batch`, READ_A);
    expect(a.json.cacheable.map((g: any) => g.service_name)).toEqual(['batch']);
    expect(a.json.output_caps.map((g: any) => g.service_name)).toEqual(['batch']);
    const outside = await get(`/api/v1/advice?from=${BASE_MS - 7200_000}&to=${BASE_MS - 3600_000}`, READ_A);
    expect([outside.json.cacheable, outside.json.cheaper_models, outside.json.output_caps]).toEqual([[], [], []]);
    expect((await get(`/api/v1/advice?from=5&to=1`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/advice?from=abc`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/advice?sql=1`, READ_A)).json.error).toMatch(/unknown parameter/);
    expect((await get(`/api/v1/advice?service=${'x'.repeat(300)}`, READ_A)).status).toBe(400);
    expect((await get(`/api/v1/advice`, INGEST_A)).status).toBe(403);
    expect((await get(`/api/v1/advice`, 'nope-nope-nope-nope')).status).toBe(401);
  });
});
