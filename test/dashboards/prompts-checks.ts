/**
 * Expected values of the Prompts & feedback dashboard (dashboards/prompts.json), computed in plain
 * JS from the seed rows — independently of the SQL. Variables: prompt, version.
 */
import { expect } from 'vitest';
import { BUILTIN_PRICES } from '../../src/pricing/prices.ts';
import { isSuggestableTextModel, modelVendor } from '../../src/pricing/vendors.ts';
import { ANCHOR_MS, RANGE_FROM_MS, truncatedByCap, type Seed, type SeedCall, type SeedScore } from '../support/seed.ts';

type Row = Record<string, unknown>;
type Vars = Record<string, string | string[]>;
export type PromptsCheck = (results: Row[][], vars: Vars) => void;

const inRange = (ms: number) => ms >= RANGE_FROM_MS && ms <= ANCHOR_MS;
const scoreMs = (s: SeedScore) => Number(s.tsNs / 1_000_000n);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const num = (v: unknown) => Number(v);
const avgOrNull = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? sum(v) / v.length : null;
};
/** ClickHouse quantile() on fewer than 8192 values: linear interpolation at (n − 1)·p. */
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
function close(actual: unknown, expected: number | null, rel = 1e-9): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  const tol = Math.max(Math.abs(expected) * rel, 1e-12);
  if (Math.abs((actual as number) - expected) > tol) expect(actual).toBe(expected);
}
/** DateTime64(9) as the store returns it: 'YYYY-MM-DD hh:mm:ss.nnnnnnnnn' (UTC). */
function chTime64(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}.${(ns % 1_000_000_000n).toString().padStart(9, '0')}`;
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
export const isNegative = (s: { name: string; value: number }) => s.value <= 0 || (s.name === 'rating' && s.value <= 2);

function listOf(v: string | string[] | undefined): string[] | null {
  if (v === undefined || v === '$__all' || (Array.isArray(v) && v.length === 1 && v[0] === '$__all')) return null;
  return Array.isArray(v) ? v : [v];
}
function selected(c: SeedCall, vars: Vars): boolean {
  const prompts = listOf(vars.prompt);
  const versions = listOf(vars.version);
  return (prompts === null || prompts.includes(c.prompt_name)) && (versions === null || versions.includes(c.prompt_version));
}
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    m.set(k, [...(m.get(k) ?? []), x]);
  }
  return m;
}

export function promptsVariableValues(seed: Seed, name: string, vars: Vars): string[] {
  const distinct = (xs: string[]) => [...new Set(xs)].sort(cmp);
  const named = seed.calls.filter((c) => inRange(c.tsMs) && c.prompt_name !== '');
  if (name === 'prompt') return distinct(named.map((c) => c.prompt_name));
  expect(name).toBe('version');
  return distinct(named.filter((c) => selected(c, { prompt: vars.prompt ?? '$__all' })).map((c) => c.prompt_version));
}

export function promptsChecks(seed: Seed): Record<string, PromptsCheck> {
  const human = seed.scores.filter((s) => s.source === 'human' && inRange(scoreMs(s)));
  const feedbackOf = groupBy(human, (s) => `${s.trace_id}/${s.span_id}`);
  const fb = (c: SeedCall) => feedbackOf.get(`${c.trace_id}/${c.span_id}`) ?? [];
  const calls = (vars: Vars) => seed.calls.filter((c) => inRange(c.tsMs) && selected(c, vars));
  const callOf = new Map(seed.calls.map((c) => [`${c.trace_id}/${c.span_id}`, c]));

  const negativeShareBy = (r: Row[][], vars: Vars, key: (c: SeedCall) => string, cols: (row: Row) => string) => {
    const g = groupBy(calls(vars).filter((c) => fb(c).length > 0), key);
    const expected = [...g.entries()]
      .map(([k, xs]) => {
        const items = xs.flatMap(fb);
        return { k, n: items.length, neg: items.filter(isNegative).length };
      })
      .sort((a, b) => b.neg / b.n - a.neg / a.n || cmp(a.k, b.k));
    expect(expected.length).toBeGreaterThan(1);
    expect(r[0]!.map(cols)).toEqual(expected.map((e) => e.k));
    r[0]!.forEach((row, i) => {
      expect(num(row.feedback)).toBe(expected[i]!.n);
      expect(num(row.negative)).toBe(expected[i]!.neg);
      close(row.negative_share, expected[i]!.neg / expected[i]!.n);
    });
  };

  return {
    'Prompt versions side by side': (r, vars) => {
      const g = groupBy(calls(vars).filter((c) => c.prompt_name !== ''), (c) => `${c.prompt_name}|${c.prompt_version}`);
      const first = (xs: SeedCall[]) => xs.reduce((m, c) => (c.tsNs < m ? c.tsNs : m), xs[0]!.tsNs);
      const last = (xs: SeedCall[]) => xs.reduce((m, c) => (c.tsNs > m ? c.tsNs : m), xs[0]!.tsNs);
      const keys = [...g.keys()].sort((a, b) => {
        const [pa] = a.split('|');
        const [pb] = b.split('|');
        const fa = first(g.get(a)!);
        const fbb = first(g.get(b)!);
        return cmp(pa!, pb!) || (fa < fbb ? -1 : fa > fbb ? 1 : 0) || cmp(a, b);
      });
      expect(keys.length).toBeGreaterThan(1);
      expect(r[0]!.map((row) => `${row.prompt_name}|${row.prompt_version}`)).toEqual(keys);
      r[0]!.forEach((row, i) => {
        const xs = g.get(keys[i]!)!;
        const items = xs.flatMap(fb);
        expect(num(row.calls)).toBe(xs.length);
        close(row.cost_per_call, sum(xs.map((x) => x.cost_usd)) / xs.length);
        close(row.latency_p50_ms, quantile(xs.map((x) => x.duration_ms), 0.5), 1e-6);
        close(row.latency_p95_ms, quantile(xs.map((x) => x.duration_ms), 0.95), 1e-6);
        close(row.input_tokens_per_call, sum(xs.map((x) => x.input_tokens)) / xs.length);
        close(row.output_tokens_per_call, sum(xs.map((x) => x.output_tokens)) / xs.length);
        close(row.error_rate, xs.filter((x) => x.status === 'error').length / xs.length);
        close(row.toxicity, avgOrNull(xs.map((x) => x.toxicity)), 1e-6);
        close(row.hallucination, avgOrNull(xs.map((x) => x.hallucination)), 1e-6);
        close(row.readability, avgOrNull(xs.map((x) => x.readability)), 1e-6);
        close(row.relevance, avgOrNull(xs.map((x) => x.relevance)), 1e-6);
        close(row.prompt_injection, avgOrNull(xs.map((x) => x.prompt_injection)), 1e-6);
        expect(num(row.feedback)).toBe(items.length);
        close(row.negative_share, items.length ? items.filter(isNegative).length / items.length : null);
        expect(row.first_seen).toBe(chTime64(first(xs)));
        expect(row.last_seen).toBe(chTime64(last(xs)));
      });
    },
    'Scores and feedback by version': (r, vars) => {
      const wanted = new Set(calls(vars).filter((c) => c.prompt_name !== '').map((c) => `${c.trace_id}/${c.span_id}`));
      const scores = seed.scores.filter((s) => inRange(scoreMs(s)) && wanted.has(`${s.trace_id}/${s.span_id}`));
      const g = groupBy(scores, (s) => {
        const c = callOf.get(`${s.trace_id}/${s.span_id}`)!;
        return [c.prompt_name, c.prompt_version, s.source, s.name].join('|');
      });
      const keys = [...g.keys()].sort((a, b) => {
        const x = a.split('|');
        const y = b.split('|');
        for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return cmp(x[i]!, y[i]!);
        return 0;
      });
      expect(keys.some((k) => k.includes('|human|'))).toBe(true);
      expect(r[0]!.map((row) => [row.prompt_name, row.prompt_version, row.source, row.name].join('|'))).toEqual(keys);
      r[0]!.forEach((row, i) => {
        const xs = g.get(keys[i]!)!;
        expect(num(row.scored)).toBe(xs.length);
        close(row.avg_value, sum(xs.map((s) => s.value)) / xs.length, 1e-9);
      });
    },
    'Feedback rate': (r, vars) => {
      expect(r[0]).toHaveLength(1);
      const xs = calls(vars);
      const row = r[0]![0]!;
      expect(num(row.calls)).toBe(xs.length);
      expect(num(row.feedback)).toBe(sum(xs.map((c) => fb(c).length)));
      close(row.feedback_rate, xs.filter((c) => fb(c).length > 0).length / xs.length);
      expect(num(row.feedback_rate)).toBeGreaterThan(0);
    },
    'Negative feedback by model': (r, vars) => negativeShareBy(r, vars, (c) => c.request_model, (row) => String(row.model)),
    'Negative feedback by prompt version': (r, vars) =>
      negativeShareBy(r, vars, (c) => `${c.prompt_name}|${c.prompt_version}`, (row) => `${row.prompt_name}|${row.prompt_version}`),
    'Cacheable share by prompt version': (r, vars) => {
      const xs = calls(vars);
      const g = groupBy(xs, (c) => [c.service_name, c.prompt_name, c.prompt_version].join('|'));
      /** Repeats of each request among successful, non-cache-hit calls: count and cost beyond the first (earliest) occurrence. */
      const repeats = (group: SeedCall[], hash: (c: SeedCall) => string) => {
        const byHash = groupBy(group.filter((c) => hash(c) !== '' && c.status === 'ok' && !c.cache_hit), hash);
        let duplicates = 0;
        let saved = 0;
        for (const same of byHash.values()) {
          const first = same.reduce((a, b) => (b.tsNs < a.tsNs ? b : a));
          duplicates += same.length - 1;
          saved += same.reduce((a, b) => a + b.cost_usd, 0) - first.cost_usd;
        }
        return { duplicates, saved };
      };
      const expected = [...g.entries()].map(([k, group]) => ({
        k,
        calls: group.length,
        hits: group.filter((c) => c.cache_hit).length,
        exact: repeats(group, (c) => c.request_hash ?? ''),
        normalized: repeats(group, (c) => c.request_hash_normalized ?? ''),
      }));
      expected.sort((a, b) => b.normalized.saved - a.normalized.saved || cmp(a.k, b.k));
      const top = expected.slice(0, 100);
      expect(top.some((e) => e.normalized.duplicates > e.exact.duplicates)).toBe(true);
      expect(top.some((e) => e.hits > 0)).toBe(true);
      expect(r[0]!.map((row) => [row.service_name, row.prompt_name, row.prompt_version].join('|'))).toEqual(top.map((e) => e.k));
      r[0]!.forEach((row, i) => {
        const e = top[i]!;
        expect([num(row.calls), num(row.cache_hits), num(row.exact_duplicates), num(row.normalized_duplicates)]).toEqual([e.calls, e.hits, e.exact.duplicates, e.normalized.duplicates]);
        close(row.exact_share, e.exact.duplicates / e.calls);
        close(row.normalized_share, e.normalized.duplicates / e.calls);
        close(row.exact_saved_usd, e.exact.saved, 1e-9);
        close(row.normalized_saved_usd, e.normalized.saved, 1e-9);
      });
    },
    'Output tokens vs max_tokens': (r, vars) => {
      const xs = calls(vars).filter((c) => c.status === 'ok' && c.operation !== 'embeddings' && !c.cache_hit);
      const g = groupBy(xs, (c) => [c.service_name, c.request_model, c.prompt_name].join('|'));
      /** quantileExact: the element at ⌊p·n⌋ of the sorted values. */
      const exactQ = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.floor(p * v.length)]!;
      const expected = [...g.entries()]
        .map(([k, group]) => ({ k, group, truncated: group.filter(truncatedByCap).length }))
        .sort((a, b) => b.truncated / b.group.length - a.truncated / a.group.length || b.group.length - a.group.length || cmp(a.k, b.k))
        .slice(0, 100);
      expect(expected.some((e) => e.truncated > 0)).toBe(true);
      expect(r[0]!.map((row) => [row.service_name, row.model, row.prompt_name].join('|'))).toEqual(expected.map((e) => e.k));
      r[0]!.forEach((row, i) => {
        const { group, truncated } = expected[i]!;
        const caps = group.map((c) => c.max_tokens ?? 0).filter((m) => m > 0);
        const out = group.map((c) => c.output_tokens);
        expect(num(row.calls)).toBe(group.length);
        expect(num(row.with_max_tokens)).toBe(caps.length);
        if (caps.length) expect(num(row.max_tokens_p50)).toBe(exactQ(caps, 0.5));
        expect([num(row.output_p50), num(row.output_p95), num(row.output_p99), num(row.output_max)]).toEqual([exactQ(out, 0.5), exactQ(out, 0.95), exactQ(out, 0.99), Math.max(...out)]);
        expect(num(row.truncated)).toBe(truncated);
        close(row.truncated_share, truncated / group.length);
      });
    },
    'Cheaper models': (r, vars) => {
      // The built-in table (the test store holds its load plus an older, stale one that must not count).
      const at = (xs: SeedCall[], model: string) => {
        const p = BUILTIN_PRICES[model]!;
        return sum(
          xs.map((c) => {
            const reasoning = Math.min(c.reasoning_tokens, c.output_tokens);
            return Math.max(0, c.input_tokens - c.cache_read_tokens - c.cache_write_tokens) * p.input + c.cache_read_tokens * (p.cacheRead ?? p.input) +
              c.cache_write_tokens * (p.cacheWrite ?? p.input) + (c.output_tokens - reasoning) * p.output + reasoning * (p.reasoning ?? p.output);
          }),
        );
      };
      const xs = calls(vars).filter((c) => c.operation !== 'embeddings' && !c.cache_hit && c.request_model !== '' && BUILTIN_PRICES[c.request_model] !== undefined);
      const g = [...groupBy(xs, (c) => [c.provider, c.request_model, c.prompt_name].join('|')).values()]
        .map((group) => ({ group, c: group[0]!, cost: sum(group.map((x) => x.cost_usd)) }))
        .sort((a, b) => b.cost - a.cost || cmp(a.c.provider, b.c.provider) || cmp(a.c.request_model, b.c.request_model) || cmp(a.c.prompt_name, b.c.prompt_name));
      const expected = g.flatMap(({ group, c, cost }) => {
        const list = at(group, c.request_model);
        const vendor = modelVendor(c.request_model);
        return Object.keys(BUILTIN_PRICES)
          .filter((m) => m !== c.request_model && vendor !== '' && modelVendor(m) === vendor && isSuggestableTextModel(m))
          .map((m) => ({ c, cost, list, calls: group.length, model: m, alt: at(group, m) }))
          .filter((a) => a.alt < list)
          .sort((a, b) => a.alt - b.alt || cmp(a.model, b.model))
          .slice(0, 5);
      });
      // both vendors of the seed have cheaper models; the unpriced acme model has none
      expect(new Set(expected.map((e) => e.c.provider))).toEqual(new Set(['openai', 'anthropic']));
      expect(expected.some((e) => e.model === 'claude-haiku-4-5')).toBe(true);
      expect(r[0]!.map((row) => [row.provider, row.model, row.prompt_name, row.cheaper_model].join('|'))).toEqual(
        expected.map((e) => [e.c.provider, e.c.request_model, e.c.prompt_name, e.model].join('|')),
      );
      r[0]!.forEach((row, i) => {
        const e = expected[i]!;
        expect([row.priced_as, num(row.calls)]).toEqual([e.c.request_model, e.calls]);
        close(row.cost_usd, e.cost);
        close(row.list_cost_usd, e.list);
        close(row.cheaper_cost_usd, e.alt);
        close(row.saving_usd, e.list - e.alt);
        close(row.saving_share, (e.list - e.alt) / e.list);
      });
    },
    'Lowest-rated calls': (r, vars) => {
      const wanted = new Set(calls(vars).map((c) => `${c.trace_id}/${c.span_id}`));
      const expected = human
        .filter((s) => wanted.has(`${s.trace_id}/${s.span_id}`))
        .sort((a, b) => Number(isNegative(b)) - Number(isNegative(a)) || a.value - b.value || (a.tsNs > b.tsNs ? -1 : a.tsNs < b.tsNs ? 1 : 0) || cmp(a.span_id, b.span_id))
        .slice(0, 50);
      expect(expected.length).toBeGreaterThan(10);
      expect(r[0]!.map((row) => `${row.span_id}/${row.feedback}`)).toEqual(expected.map((s) => `${s.span_id}/${s.name}`));
      r[0]!.forEach((row, i) => {
        const s = expected[i]!;
        const c = callOf.get(`${s.trace_id}/${s.span_id}`)!;
        expect([row.trace_id, row.value, row.label, row.comment, row.feedback_user, row.model, row.prompt_name, row.prompt_version]).toEqual([
          s.trace_id, s.value, s.label ?? '', s.explanation ?? '', s.user_id ?? '', c.request_model, c.prompt_name, c.prompt_version,
        ]);
      });
    },
  };
}
