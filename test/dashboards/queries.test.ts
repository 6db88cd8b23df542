/**
 * Every panel query and every variable query of every dashboard, expanded the way Grafana and the
 * ClickHouse plugin expand them, run on the real ClickHouse engine (chdb) over deterministic seed
 * data — and each result compared with values computed independently in JS from the seed rows.
 * Two variable scenarios: everything "All", and a multi-value selection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { modelPriceRows } from '../../src/store/tables/model_prices.ts';
import { buildPriceBook } from '../../src/pricing/overrides.ts';
import { expandQuery } from '../../src/query/grafana-macros.ts';
import {
  CUMULATIVE_METRICS_SERVICE,
  SEED_DURATION_BOUNDS,
  bucketIndex,
  callMeasurements,
  ANCHOR_MS,
  RANGE_FROM_MS,
  generateSeed,
  insertSeed,
  type SeedBudgetRow,
  type SeedCall,
  type SeedSpan,
} from '../support/seed.ts';
import { allPanels, loadDashboards, variableSql, type Dashboard, type Panel } from './load.ts';
import { promptsChecks, promptsVariableValues } from './prompts-checks.ts';
import { evaluationsChecks, evaluationsVariableValues, generateEvalSeed, insertEvalSeed } from './evaluations-checks.ts';
import { driftChecks, driftVariableValues } from './drift-checks.ts';
import { changesChecks, changesVariableValues } from './changes-checks.ts';
import { withAgentRuns, type SeedAgentSpan, type SeedGuardrail } from '../support/seed-agents.ts';

type Row = Record<string, unknown>;

const INTERVAL_S = 3600;
const seed = withAgentRuns(generateSeed());
const evalSeed = generateEvalSeed();
const dashboards = loadDashboards();

interface Scenario {
  name: string;
  vars: Record<string, string | string[]>;
  /** trace shown by the Traces dashboard in this scenario */
  traceCall: SeedCall;
  /** trace shown by the "Agent run in this trace" panel */
  agentTrace: string;
}

// A trace with a span link and the newer status/kind spellings; and an error trace with the classic ones.
const linkedIdx = seed.calls.findIndex((c, i) => i % 45 === 0 && i > 0 && c.tsMs >= RANGE_FROM_MS);
const errorIdx = seed.calls.findIndex((c, i) => c.status === 'error' && i % 5 !== 0 && c.tsMs >= RANGE_FROM_MS);

const SCENARIOS: Scenario[] = [
  {
    name: 'all',
    vars: { service: '$__all', environment: '$__all', provider: '$__all', model: '$__all', output_price_ratio: '4', cache_read_discount: '0.9', prompt: '$__all', version: '$__all', eval_version: '$__all', eval_model: '$__all', feature: '$__all' },
    traceCall: seed.calls[linkedIdx]!,
    // a run with a nested agent (every fifth run has one) and a failing tool
    agentTrace: seed.agentSpans.filter((a) => a.agent_name === 'math-helper' && inRange(a.tsMs))[1]!.trace_id,
  },
  {
    name: 'filtered',
    vars: {
      service: ['chat-api', 'summarizer'],
      environment: ['prod'],
      provider: ['openai', 'acme'],
      model: ['gpt-4o-mini', 'claude-sonnet-4-5', 'acme-large'],
      output_price_ratio: '5',
      cache_read_discount: '0.5',
      prompt: ['support-answer'],
      version: ['v1', 'v3'],
      eval_version: ['v1', 'v2'],
      eval_model: ['gpt-4o-mini', 'acme-large'],
      feature: ['topic', 'input_tokens', 'toxicity', 'language', 'refusal'],
    },
    traceCall: seed.calls[errorIdx]!,
    agentTrace: seed.agentSpans.find((a) => a.operation === 'execute_tool' && a.status === 'error' && inRange(a.tsMs))!.trace_id,
  },
];

// ───────────────────────────── independent JS computations ─────────────────────────────

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
function avgOrNull(xs: number[]): number | null {
  return xs.length ? sum(xs) / xs.length : null;
}
/** ClickHouse quantile() on fewer than 8192 values: linear interpolation at (n − 1)·p of the sorted values. */
function quantile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
function chTime(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 19).replace('T', ' ');
}
function bucketOf(tsMs: number, interval = INTERVAL_S): string {
  const s = Math.floor(tsMs / 1000);
  return chTime(s - (s % interval));
}
function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}
function sortedKeys<T>(m: Map<string, T>): string[] {
  return [...m.keys()].sort();
}
const notNull = <T>(xs: (T | null)[]): T[] => xs.filter((x): x is T => x !== null);
const num = (v: unknown): number => Number(v);

function close(actual: unknown, expected: number | null, rel = 1e-9): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  const a = actual as number;
  const tol = Math.max(Math.abs(expected) * rel, 1e-12);
  if (Math.abs(a - expected) > tol) expect(a).toBe(expected); // fails with both values shown
}

interface Ctx {
  s: Scenario;
  /** calls in the time range and matching the variables */
  calls: SeedCall[];
  /** calls matching the variables, any time */
  varCalls: SeedCall[];
  spans: SeedSpan[];
}

function listOf(v: string | string[] | undefined): string[] | null {
  if (v === undefined || v === '$__all' || (Array.isArray(v) && v.length === 1 && v[0] === '$__all')) return null;
  return Array.isArray(v) ? v : [v];
}
function matches(c: SeedCall, vars: Scenario['vars']): boolean {
  const checks: [string, string][] = [
    ['service', c.service_name],
    ['environment', c.environment],
    ['provider', c.provider],
    ['model', c.request_model],
  ];
  return checks.every(([name, value]) => {
    const allowed = listOf(vars[name]);
    return allowed === null || allowed.includes(value);
  });
}
function inRange(tsMs: number): boolean {
  return tsMs >= RANGE_FROM_MS && tsMs <= ANCHOR_MS;
}

function contextFor(s: Scenario): Ctx {
  const varCalls = seed.calls.filter((c) => matches(c, s.vars));
  return { s, varCalls, calls: varCalls.filter((c) => inRange(c.tsMs)), spans: seed.spans };
}

const isErrorStatus = (code: string) => code === 'STATUS_CODE_ERROR' || code === 'Error';

/** budget_notifications after FINAL: the latest updated_at per (budget, period_start, threshold). */
function finalBudgets(): SeedBudgetRow[] {
  const m = new Map<string, SeedBudgetRow>();
  for (const b of seed.budgets) {
    const k = `${b.budget}|${b.period_start}|${b.threshold}`;
    const prev = m.get(k);
    if (!prev || prev.updated_at < b.updated_at) m.set(k, b);
  }
  return [...m.values()];
}

function latestPerBudget(): SeedBudgetRow[] {
  const byBudget = groupBy(finalBudgets(), (b) => b.budget);
  return sortedKeys(byBudget).map((k) =>
    [...byBudget.get(k)!].sort((a, b) => (a.period_start === b.period_start ? (a.updated_at < b.updated_at ? 1 : -1) : a.period_start < b.period_start ? 1 : -1))[0]!,
  );
}

function perBucket(calls: SeedCall[]): Map<string, SeedCall[]> {
  return groupBy(calls, (c) => bucketOf(c.tsMs));
}

// ───────────────────────────── per-panel checks ─────────────────────────────

type Check = (results: Row[][], c: Ctx) => void;
const one = (results: Row[][]): Row => {
  expect(results[0]).toHaveLength(1);
  return results[0]![0]!;
};

const overviewChecks: Record<string, Check> = {
  Requests: (r, c) => expect(num(one(r).requests)).toBe(c.calls.length),
  'Error rate': (r, c) => close(one(r).error_rate, c.calls.filter((x) => x.status === 'error').length / c.calls.length),
  'Latency p50 / p95 / p99': (r, c) => {
    const row = one(r);
    const d = c.calls.map((x) => x.duration_ms);
    close(row.p50, quantile(d, 0.5), 1e-6);
    close(row.p95, quantile(d, 0.95), 1e-6);
    close(row.p99, quantile(d, 0.99), 1e-6);
  },
  'Time to first chunk': (r, c) => {
    const t = notNull(c.calls.map((x) => x.ttft_ms));
    expect(t.length).toBeGreaterThan(10);
    close(one(r).ttft_p50, quantile(t, 0.5), 1e-6);
    close(one(r).ttft_p95, quantile(t, 0.95), 1e-6);
  },
  Cost: (r, c) => close(one(r).cost, sum(c.calls.map((x) => x.cost_usd)), 1e-9),
  Tokens: (r, c) => {
    const row = one(r);
    expect(num(row.input)).toBe(sum(c.calls.map((x) => x.input_tokens)));
    expect(num(row.output)).toBe(sum(c.calls.map((x) => x.output_tokens)));
    expect(num(row.cached)).toBe(sum(c.calls.map((x) => x.cache_read_tokens)));
    expect(num(row.reasoning)).toBe(sum(c.calls.map((x) => x.reasoning_tokens)));
  },
  'Requests and errors': (r, c) => {
    const b = perBucket(c.calls);
    expect(r[0]).toEqual(
      sortedKeys(b).map((t) => ({ time: t, requests: b.get(t)!.length, errors: b.get(t)!.filter((x) => x.status === 'error').length })),
    );
  },
  'Error rate over time': (r, c) => {
    const b = perBucket(c.calls);
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(b));
    r[0]!.forEach((row) => {
      const xs = b.get(row.time as string)!;
      close(row.error_rate, xs.filter((x) => x.status === 'error').length / xs.length);
    });
  },
  'Latency percentiles': (r, c) => {
    const b = perBucket(c.calls);
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(b));
    r[0]!.forEach((row) => {
      const d = b.get(row.time as string)!.map((x) => x.duration_ms);
      close(row.p50, quantile(d, 0.5), 1e-6);
      close(row.p95, quantile(d, 0.95), 1e-6);
      close(row.p99, quantile(d, 0.99), 1e-6);
    });
  },
  'Time to first chunk over time': (r, c) => {
    const b = perBucket(c.calls.filter((x) => x.ttft_ms !== null));
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(b));
    r[0]!.forEach((row) => {
      const t = b.get(row.time as string)!.map((x) => x.ttft_ms!);
      close(row.ttft_p50, quantile(t, 0.5), 1e-6);
      close(row.ttft_p95, quantile(t, 0.95), 1e-6);
    });
  },
  'Tokens over time': (r, c) => {
    const b = perBucket(c.calls);
    expect(r[0]).toEqual(
      sortedKeys(b).map((t) => {
        const xs = b.get(t)!;
        return { time: t, input: sum(xs.map((x) => x.input_tokens)), output: sum(xs.map((x) => x.output_tokens)), cached: sum(xs.map((x) => x.cache_read_tokens)) };
      }),
    );
  },
  'Cost by model': (r, c) => {
    const g = groupBy(c.calls, (x) => `${bucketOf(x.tsMs)}|${x.request_model}`);
    expect(r[0]!.map((x) => `${x.time}|${x.model}`)).toEqual(sortedKeys(g));
    r[0]!.forEach((row) => close(row.cost, sum(g.get(`${row.time}|${row.model}`)!.map((x) => x.cost_usd)), 1e-9));
  },
  'By model': (r, c) => {
    const g = groupBy(c.calls, (x) => `${x.provider}|${x.request_model}`);
    const expected = [...g.entries()]
      .map(([k, xs]) => ({ k, n: xs.length, cost: sum(xs.map((x) => x.cost_usd)), xs }))
      .sort((a, b) => b.cost - a.cost || b.n - a.n);
    expect(r[0]!.map((x) => `${x.provider}|${x.model}`)).toEqual(expected.map((e) => e.k));
    r[0]!.forEach((row, i) => {
      const { xs, cost } = expected[i]!;
      expect(num(row.requests)).toBe(xs.length);
      close(row.error_rate, xs.filter((x) => x.status === 'error').length / xs.length);
      close(row.p95_ms, quantile(xs.map((x) => x.duration_ms), 0.95), 1e-6);
      expect(num(row.input)).toBe(sum(xs.map((x) => x.input_tokens)));
      expect(num(row.cached)).toBe(sum(xs.map((x) => x.cache_read_tokens)));
      close(row.cost, cost, 1e-9);
    });
  },
  'By service': (r, c) => {
    const g = groupBy(c.calls, (x) => x.service_name);
    const expected = [...g.entries()].map(([k, xs]) => ({ k, xs, cost: sum(xs.map((x) => x.cost_usd)) })).sort((a, b) => b.cost - a.cost);
    expect(r[0]!.map((x) => x.service)).toEqual(expected.map((e) => e.k));
    r[0]!.forEach((row, i) => {
      const { xs, cost } = expected[i]!;
      expect(num(row.requests)).toBe(xs.length);
      close(row.error_rate, xs.filter((x) => x.status === 'error').length / xs.length);
      close(row.p95_ms, quantile(xs.map((x) => x.duration_ms), 0.95), 1e-6);
      expect(num(row.tokens)).toBe(sum(xs.map((x) => x.input_tokens + x.output_tokens)));
      close(row.cost, cost, 1e-9);
    });
  },
  'By user': (r, c) => {
    const g = groupBy(c.calls.filter((x) => x.user_id !== ''), (x) => x.user_id);
    const expected = [...g.entries()]
      .map(([k, xs]) => ({ k, xs, cost: sum(xs.map((x) => x.cost_usd)) }))
      .sort((a, b) => b.cost - a.cost || (a.k < b.k ? -1 : 1));
    expect(r[0]!.map((x) => x.user_id)).toEqual(expected.map((e) => e.k));
    expect(r[0]!.map((x) => x.user_id)).not.toContain('');
    r[0]!.forEach((row, i) => {
      const { xs, cost } = expected[i]!;
      expect(num(row.requests)).toBe(xs.length);
      expect(num(row.sessions)).toBe(new Set(xs.map((x) => x.session_id)).size);
      close(row.cost, cost, 1e-9);
    });
  },
  'Top expensive calls': (r, c) => {
    const expected = [...c.calls].sort((a, b) => b.cost_usd - a.cost_usd || (a.tsNs < b.tsNs ? 1 : -1)).slice(0, 20);
    expect(r[0]!.map((x) => x.trace_id)).toEqual(expected.map((x) => x.trace_id));
    r[0]!.forEach((row, i) => {
      close(row.cost_usd, expected[i]!.cost_usd);
      expect(num(row.input_tokens)).toBe(expected[i]!.input_tokens);
    });
  },
  'Unpriced calls': (r, c) => {
    const n = c.calls.filter((x) => !x.priced).length;
    expect(n).toBeGreaterThan(0);
    expect(num(one(r).unpriced_calls)).toBe(n);
  },
  'Unpriced models': (r, c) => {
    const unpriced = c.calls.filter((x) => !x.priced);
    expect(r[0]).toHaveLength(1);
    const row = r[0]![0]!;
    expect(row.model).toBe('acme-large');
    expect(row.provider).toBe('acme');
    expect(num(row.calls)).toBe(unpriced.length);
    expect(num(row.input)).toBe(sum(unpriced.map((x) => x.input_tokens)));
    const last = unpriced.reduce((a, b) => (a.tsNs > b.tsNs ? a : b));
    expect(String(row.last_seen).slice(0, 19)).toBe(chTime(Math.floor(last.tsMs / 1000)));
  },
  'Tokens by model (OTLP metrics)': (r, c) => {
    // Every in-range call's tokens, except the first in-range point of a cumulative series that
    // started before the range (its baseline is unknown, so it counts from its next point).
    const firstInRange = new Set<string>();
    const expected = new Map<string, number>();
    for (const x of [...c.calls].sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1))) {
      for (const [type, tokens] of [['input', x.input_tokens], ['output', x.output_tokens]] as const) {
        const series = `${x.service_name}|${x.environment}|${x.provider}|${x.request_model}|${type}`;
        let counted = tokens;
        if (x.service_name === CUMULATIVE_METRICS_SERVICE && !firstInRange.has(series)) {
          firstInRange.add(series);
          const started = seed.calls.filter((y) => `${y.service_name}|${y.environment}|${y.provider}|${y.request_model}` === series.slice(0, series.lastIndexOf('|'))).reduce((a, b) => (a.tsNs < b.tsNs ? a : b));
          if (started.tsMs < RANGE_FROM_MS) counted = 0;
        }
        const k = `${bucketOf(x.tsMs)}|${x.request_model}`;
        expected.set(k, (expected.get(k) ?? 0) + counted);
      }
    }
    expect(r[0]!.map((x) => `${x.time}|${x.model}`)).toEqual(sortedKeys(expected));
    r[0]!.forEach((row) => expect(num(row.tokens), `${row.time}|${row.model}`).toBe(expected.get(`${row.time}|${row.model}`)));
    // Some cumulative series began before the range: the rule above was exercised.
    expect(c.calls.some((x) => x.service_name === CUMULATIVE_METRICS_SERVICE)).toBe(true);
  },
  'Operation duration by model (OTLP metrics)': (r, c) => {
    // Same rule as for tokens, on sum (seconds) and count (calls) of the duration histogram.
    const seen = new Set<string>();
    const sums = new Map<string, { s: number; n: number }>();
    for (const x of [...c.calls].sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1))) {
      const series = `${x.service_name}|${x.environment}|${x.provider}|${x.request_model}`;
      let counted = true;
      if (x.service_name === CUMULATIVE_METRICS_SERVICE && !seen.has(series)) {
        seen.add(series);
        const started = seed.calls.filter((y) => `${y.service_name}|${y.environment}|${y.provider}|${y.request_model}` === series).reduce((a, b) => (a.tsNs < b.tsNs ? a : b));
        if (started.tsMs < RANGE_FROM_MS) counted = false;
      }
      if (!counted) continue;
      const k = `${bucketOf(x.tsMs)}|${x.request_model}`;
      const e = sums.get(k) ?? { s: 0, n: 0 };
      e.s += x.duration_ms / 1000;
      e.n++;
      sums.set(k, e);
    }
    expect(r[0]!.map((x) => `${x.time}|${x.model}`)).toEqual(sortedKeys(sums));
    r[0]!.forEach((row) => {
      const e = sums.get(`${row.time}|${row.model}`)!;
      close(row.mean_duration, e.s / e.n, 1e-6);
    });
  },
};

/**
 * The histogram measurements the OTLP-metrics panels count: every in-range call's, except the first
 * in-range point of a cumulative series that started before the range (its baseline is unknown).
 */
function countedMeasurements(c: Ctx): { call: SeedCall; metric: string; type: string; value: number }[] {
  const seriesOf = (x: SeedCall, metric: string, type: string) => `${metric}|${x.service_name}|${x.environment}|${x.provider}|${x.request_model}|${type}`;
  const starts = new Map<string, number>();
  for (const x of seed.calls) for (const [metric, type] of callMeasurements(x)) {
    const k = seriesOf(x, metric, type);
    starts.set(k, Math.min(starts.get(k) ?? Infinity, x.tsMs));
  }
  const seen = new Set<string>();
  const out: { call: SeedCall; metric: string; type: string; value: number }[] = [];
  for (const x of [...c.calls].sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1))) {
    for (const [metric, type, value] of callMeasurements(x)) {
      const k = seriesOf(x, metric, type);
      const first = !seen.has(k);
      seen.add(k);
      if (x.service_name === CUMULATIVE_METRICS_SERVICE && first && starts.get(k)! < RANGE_FROM_MS) continue;
      out.push({ call: x, metric, type, value });
    }
  }
  return out;
}

/** histogram_quantile-style estimate: linear inside the bucket holding the quantile; lower edge 0; the overflow bucket answers its lower bound. */
function bucketQuantile(buckets: number[], bounds: readonly number[], q: number): number | null {
  const total = sum(buckets);
  if (total === 0) return null;
  let cum = 0;
  for (let k = 0; k < buckets.length; k++) {
    const before = cum;
    cum += buckets[k]!;
    if (cum >= q * total) {
      const lower = k === 0 ? 0 : bounds[k - 1]!;
      if (k >= bounds.length) return lower;
      return lower + ((bounds[k]! - lower) * (q * total - before)) / buckets[k]!;
    }
  }
  return null;
}

Object.assign(overviewChecks, {
  'By model (OTLP metrics)': (r: Row[][], c: Ctx) => {
    const byModel = groupBy(countedMeasurements(c), (m) => m.call.request_model);
    const expected = [...byModel.entries()].map(([model, ms]) => {
      const of = (metric: string) => ms.filter((m) => m.metric === metric).map((m) => m.value);
      const dur = of('gen_ai.client.operation.duration');
      const buckets = [...SEED_DURATION_BOUNDS, 0].map(() => 0);
      for (const v of dur) buckets[bucketIndex(v)]!++;
      const ttfc = of('gen_ai.client.operation.time_to_first_chunk');
      const tpoc = of('gen_ai.client.operation.time_per_output_chunk');
      return {
        model,
        calls: dur.length,
        input: sum(ms.filter((m) => m.type === 'input').map((m) => m.value)),
        output: sum(ms.filter((m) => m.type === 'output').map((m) => m.value)),
        mean: dur.length ? sum(dur) / dur.length : null,
        p95: bucketQuantile(buckets, SEED_DURATION_BOUNDS, 0.95),
        ttfc: ttfc.length ? sum(ttfc) / ttfc.length : null,
        tpoc: tpoc.length ? sum(tpoc) / tpoc.length : null,
      };
    }).sort((a, b) => b.calls - a.calls || (a.model < b.model ? -1 : 1));
    expect(r[0]!.map((x) => x.model)).toEqual(expected.map((e) => e.model));
    r[0]!.forEach((row, i) => {
      const e = expected[i]!;
      expect(num(row.calls)).toBe(e.calls);
      expect(num(row.input_tokens)).toBe(e.input);
      expect(num(row.output_tokens)).toBe(e.output);
      close(row.mean_duration, e.mean, 1e-9);
      close(row.p95_duration, e.p95, 1e-9);
      close(row.mean_time_to_first_chunk, e.ttfc, 1e-9);
      close(row.mean_time_per_output_chunk, e.tpoc, 1e-9);
    });
    // the estimate is a real one: inside the buckets, not pinned to a bound
    expect(expected.some((e) => e.p95 !== null && !SEED_DURATION_BOUNDS.includes(e.p95))).toBe(true);
  },
  'Time to first chunk and per output chunk (OTLP metrics)': (r: Row[][], c: Ctx) => {
    const ms = countedMeasurements(c).filter((m) => m.metric.endsWith('time_to_first_chunk') || m.metric.endsWith('time_per_output_chunk'));
    const g = groupBy(ms, (m) => `${bucketOf(m.call.tsMs)}|${m.call.request_model} · ${m.metric.replace('gen_ai.client.operation.', '')}`);
    expect(r[0]!.map((x) => `${x.time}|${x.series}`)).toEqual(sortedKeys(g));
    r[0]!.forEach((row) => {
      const xs = g.get(`${row.time}|${row.series}`)!;
      close(row.mean_seconds, sum(xs.map((x) => x.value)) / xs.length, 1e-9);
    });
    expect(r[0]!.some((x) => String(x.series).endsWith('time_per_output_chunk'))).toBe(true);
  },
} satisfies Record<string, Check>);

const periodCalls = (c: Ctx, startMs: number) => c.varCalls.filter((x) => x.tsMs >= startMs && x.tsMs <= ANCHOR_MS);
const anchor = new Date(ANCHOR_MS);
const DAY_START = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
const MONTH_START = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1);
const NEXT_MONTH = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + 1, 1);

function savingsByModel(c: Ctx): Map<string, { cached: number; price: number; savings: number }> {
  const ratio = Number(c.s.vars.output_price_ratio);
  const discount = Number(c.s.vars.cache_read_discount);
  const out = new Map<string, { cached: number; price: number; savings: number }>();
  for (const [model, xs] of groupBy(c.calls.filter((x) => x.priced), (x) => x.request_model)) {
    const cached = sum(xs.map((x) => x.cache_read_tokens));
    const price = sum(xs.map((x) => x.cost_usd)) / sum(xs.map((x) => x.input_tokens + ratio * x.output_tokens));
    out.set(model, { cached, price, savings: cached * price * discount });
  }
  return out;
}

const costChecks: Record<string, Check> = {
  'Budget status': (r) => {
    const expected = latestPerBudget();
    expect(r[0]!.map((x) => x.budget)).toEqual(expected.map((b) => b.budget));
    r[0]!.forEach((row, i) => {
      const b = expected[i]!;
      expect(row.period_start).toBe(b.period_start);
      expect(row.metric).toBe(b.metric);
      close(row.limit_value, b.limit);
      close(row.spent, b.spent);
      close(row.used_ratio, b.spent / b.limit);
      close(row.threshold, b.threshold);
      expect(row.delivery).toBe(b.status);
    });
    // the replaced 'pending' row must not show: FINAL keeps the later 'delivered' one
    expect(r[0]!.find((x) => x.budget === 'daily-chat-api')!.delivery).toBe('delivered');
  },
  'Budget usage': (r) => {
    const expected = latestPerBudget();
    expect(r[0]!.map((x) => x.budget)).toEqual(expected.map((b) => b.budget));
    r[0]!.forEach((row, i) => close(row.used_ratio, expected[i]!.spent / expected[i]!.limit));
  },
  'Today: spend, burn rate, projection': (r, c) => {
    const spent = sum(periodCalls(c, DAY_START).map((x) => x.cost_usd));
    expect(spent).toBeGreaterThan(0);
    const elapsed = (ANCHOR_MS - DAY_START) / 1000;
    const row = one(r);
    close(row.spent_today, spent, 1e-9);
    close(row.burn_per_hour, (spent * 3600) / elapsed, 1e-9);
    close(row.projected_day, (spent * 86400) / elapsed, 1e-9);
  },
  'This month: spend, burn rate, projection': (r, c) => {
    const calls = periodCalls(c, MONTH_START);
    // the month includes calls before the dashboard range and excludes February's
    expect(calls.some((x) => x.tsMs < RANGE_FROM_MS)).toBe(true);
    const spent = sum(calls.map((x) => x.cost_usd));
    const elapsed = (ANCHOR_MS - MONTH_START) / 1000;
    const row = one(r);
    close(row.month_to_date, spent, 1e-9);
    close(row.burn_per_day, (spent * 86400) / elapsed, 1e-9);
    close(row.projected_month, (spent * ((NEXT_MONTH - MONTH_START) / 1000)) / elapsed, 1e-9);
  },
  'Spend by service': (r, c) => {
    const g = groupBy(c.calls, (x) => `${bucketOf(x.tsMs)}|${x.service_name}`);
    expect(r[0]!.map((x) => `${x.time}|${x.service}`)).toEqual(sortedKeys(g));
    r[0]!.forEach((row) => close(row.cost, sum(g.get(`${row.time}|${row.service}`)!.map((x) => x.cost_usd)), 1e-9));
  },
  'Daily spend': (r, c) => {
    const g = groupBy(c.calls, (x) => bucketOf(x.tsMs, 86400));
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(g));
    expect(r[0]!.length).toBe(3);
    r[0]!.forEach((row) => close(row.cost, sum(g.get(row.time as string)!.map((x) => x.cost_usd)), 1e-9));
  },
  'Cost per 1k requests by model': (r, c) => {
    const g = groupBy(c.calls.filter((x) => x.priced), (x) => x.request_model);
    const expected = [...g.entries()].map(([k, xs]) => ({ k, n: xs.length, per1k: (sum(xs.map((x) => x.cost_usd)) * 1000) / xs.length })).sort((a, b) => b.per1k - a.per1k);
    expect(r[0]!.map((x) => x.model)).toEqual(expected.map((e) => e.k));
    expect(r[0]!.map((x) => x.model)).not.toContain('acme-large');
    r[0]!.forEach((row, i) => {
      expect(num(row.requests)).toBe(expected[i]!.n);
      close(row.cost_per_1k_requests, expected[i]!.per1k, 1e-9);
    });
  },
  'Cache-read savings (estimate)': (r, c) => {
    const total = sum([...savingsByModel(c).values()].map((v) => v.savings));
    expect(total).toBeGreaterThan(0);
    close(one(r).est_savings, total, 1e-9);
  },
  'Cache-read savings by model': (r, c) => {
    const m = savingsByModel(c);
    const expected = [...m.entries()].filter(([, v]) => v.cached > 0).sort((a, b) => b[1].savings - a[1].savings);
    expect(r[0]!.map((x) => x.model)).toEqual(expected.map(([k]) => k));
    r[0]!.forEach((row, i) => {
      const v = expected[i]![1];
      expect(num(row.cached)).toBe(v.cached);
      close(row.input_price, v.price, 1e-9);
      close(row.est_input_usd_per_mtok, v.price * 1e6, 1e-9);
      close(row.est_savings, v.savings, 1e-9);
    });
  },
  'Budget notifications': (r) => {
    const from = new Date(RANGE_FROM_MS).toISOString().slice(0, 19).replace('T', ' ');
    const to = new Date(ANCHOR_MS).toISOString().slice(0, 19).replace('T', ' ');
    const expected = finalBudgets()
      .filter((b) => b.updated_at.slice(0, 19) >= from && b.updated_at.slice(0, 19) <= to)
      .sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
    expect(expected.length).toBeGreaterThan(2);
    expect(r[0]!.map((x) => `${x.budget}|${x.period_start}|${x.threshold}`)).toEqual(expected.map((b) => `${b.budget}|${b.period_start}|${b.threshold}`));
    r[0]!.forEach((row, i) => {
      expect(row.status).toBe(expected[i]!.status);
      expect(num(row.attempts)).toBe(expected[i]!.attempts);
      expect(row.last_error).toBe(expected[i]!.last_error);
    });
  },
};

function riskDistribution(values: number[]): { bucket: string; calls: number }[] {
  const g = groupBy(values, (v) => String(Math.min(Math.floor(v * 10), 9)));
  return [...g.entries()]
    .map(([k, xs]) => ({ i: Number(k), calls: xs.length }))
    .sort((a, b) => a.i - b.i)
    .map(({ i, calls }) => ({ bucket: `${i / 10}–${(i + 1) / 10}`, calls }));
}

/** Scores rows of the PII panel: time range + service/model on the row, environment/provider through the call. */
function piiScores(c: Ctx) {
  const spanCalls = new Map(seed.calls.map((x) => [x.span_id, x]));
  return seed.scores.filter((s) => {
    if (!s.name.startsWith('pii.')) return false;
    const ms = Number(s.tsNs / 1_000_000n);
    if (!inRange(ms)) return false;
    const call = spanCalls.get(s.span_id)!;
    return matches(call, c.s.vars) && inRange(call.tsMs);
  });
}

const flagged = (x: SeedCall) => (x.toxicity ?? -1) >= 0.5 || (x.hallucination ?? -1) >= 0.5;

const qualityChecks: Record<string, Check> = {
  'Calls scored': (r, c) => {
    const row = one(r);
    const n = c.calls.length;
    close(row.toxicity_scored, notNull(c.calls.map((x) => x.toxicity)).length / n);
    close(row.hallucination_scored, notNull(c.calls.map((x) => x.hallucination)).length / n);
    close(row.readability_scored, notNull(c.calls.map((x) => x.readability)).length / n);
  },
  'Flagged calls': (r, c) => expect(num(one(r).flagged_calls)).toBe(c.calls.filter(flagged).length),
  'Toxic share of scored calls': (r, c) => {
    const scored = notNull(c.calls.map((x) => x.toxicity));
    close(one(r).toxic_share, scored.filter((t) => t >= 0.5).length / scored.length);
  },
  'PII findings': (r, c) => {
    const p = notNull(c.calls.map((x) => x.pii_count));
    expect(num(one(r).pii_findings)).toBe(sum(p));
    expect(num(one(r).calls_with_pii)).toBe(p.filter((x) => x > 0).length);
  },
  'Mean readability': (r, c) => close(one(r).mean_readability, avgOrNull(notNull(c.calls.map((x) => x.readability))), 1e-9),
  'Toxicity distribution': (r, c) => expect(r[0]!.map((x) => ({ bucket: x.bucket, calls: num(x.calls) }))).toEqual(riskDistribution(notNull(c.calls.map((x) => x.toxicity)))),
  'Hallucination distribution': (r, c) =>
    expect(r[0]!.map((x) => ({ bucket: x.bucket, calls: num(x.calls) }))).toEqual(riskDistribution(notNull(c.calls.map((x) => x.hallucination)))),
  'Readability distribution': (r, c) => {
    const g = groupBy(notNull(c.calls.map((x) => x.readability)), (v) => String(Math.min(Math.max(Math.floor(v / 10), 0), 9)));
    const expected = [...g.entries()]
      .map(([k, xs]) => ({ i: Number(k), calls: xs.length }))
      .sort((a, b) => a.i - b.i)
      .map(({ i, calls }) => ({ bucket: i === 0 ? '<10' : i === 9 ? '90+' : `${i * 10}–${i * 10 + 10}`, calls }));
    expect(r[0]!.map((x) => ({ bucket: x.bucket, calls: num(x.calls) }))).toEqual(expected);
  },
  'Risk scores over time': (r, c) => {
    const b = perBucket(c.calls);
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(b));
    r[0]!.forEach((row) => {
      const xs = b.get(row.time as string)!;
      close(row.toxicity_mean, avgOrNull(notNull(xs.map((x) => x.toxicity))), 1e-6);
      close(row.hallucination_mean, avgOrNull(notNull(xs.map((x) => x.hallucination))), 1e-6);
      close(row.flagged_share, xs.filter(flagged).length / xs.length);
    });
  },
  'Readability over time': (r, c) => {
    const b = perBucket(c.calls.filter((x) => x.readability !== null));
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(b));
    r[0]!.forEach((row) => {
      const v = b.get(row.time as string)!.map((x) => x.readability!);
      close(row.readability_mean, avgOrNull(v), 1e-6);
      close(row.readability_p10, quantile(v, 0.1), 1e-6);
    });
  },
  'Flagged calls — details': (r, c) => {
    const risk = (x: SeedCall) => Math.max(x.toxicity ?? 0, x.hallucination ?? 0);
    const expected = c.calls.filter(flagged).sort((a, b) => risk(b) - risk(a) || (a.tsNs < b.tsNs ? 1 : -1)).slice(0, 100);
    expect(expected.length).toBeGreaterThan(5);
    expect(r[0]!.map((x) => x.span_id)).toEqual(expected.map((x) => x.span_id));
    r[0]!.forEach((row, i) => {
      expect(row.trace_id).toBe(expected[i]!.trace_id);
      expect(row.toxicity).toBe(expected[i]!.toxicity);
      expect(row.hallucination).toBe(expected[i]!.hallucination);
    });
  },
  'PII findings by type': (r, c) => {
    const g = groupBy(piiScores(c), (s) => s.name.slice(4));
    const expected = [...g.entries()]
      .map(([t, xs]) => ({ pii_type: t, findings: sum(xs.map((x) => x.value)), calls: new Set(xs.map((x) => x.span_id)).size }))
      .sort((a, b) => b.findings - a.findings || (a.pii_type < b.pii_type ? -1 : 1));
    expect(expected.length).toBe(3);
    expect(r[0]!.map((x) => ({ pii_type: x.pii_type, findings: num(x.findings), calls: num(x.calls) }))).toEqual(expected);
    // the per-type findings add up to the pii_count of the same calls
    expect(sum(expected.map((e) => e.findings))).toBe(sum(notNull(c.calls.map((x) => x.pii_count))));
  },
  'PII findings over time': (r, c) => {
    const b = perBucket(c.calls.filter((x) => x.pii_count !== null));
    expect(r[0]).toEqual(sortedKeys(b).map((t) => ({ time: t, pii_findings: sum(b.get(t)!.map((x) => x.pii_count!)) })));
  },
  'Prompt-injection attempts over time': (r, c) => {
    const b = perBucket(c.calls.filter((x) => x.prompt_injection !== null));
    expect(r[0]!.map((x) => x.time)).toEqual(sortedKeys(b));
    r[0]!.forEach((row) => {
      const xs = b.get(row.time as string)!;
      expect(num(row.injection_attempts)).toBe(xs.filter((x) => x.prompt_injection! >= 0.5).length);
      expect(num(row.calls_scored)).toBe(xs.length);
    });
  },
  'Prompt-injection attempts by service and user': (r, c) => {
    const g = groupBy(c.calls.filter((x) => x.prompt_injection !== null), (x) => `${x.service_name}|${x.user_id}`);
    const expected = [...g.values()]
      .map((xs) => ({
        service_name: xs[0]!.service_name,
        user_id: xs[0]!.user_id,
        attempts: xs.filter((x) => x.prompt_injection! >= 0.5).length,
        calls_scored: xs.length,
        max_score: Math.max(...xs.map((x) => x.prompt_injection!)),
      }))
      .filter((e) => e.attempts > 0)
      .sort((a, b) => b.attempts - a.attempts || (a.service_name === b.service_name ? (a.user_id < b.user_id ? -1 : 1) : a.service_name < b.service_name ? -1 : 1));
    expect(expected.length).toBeGreaterThan(2);
    expect(r[0]!.map((x) => ({ ...x, attempts: num(x.attempts), calls_scored: num(x.calls_scored) }))).toEqual(expected);
  },
  'Flagged prompts': (r, c) => {
    const inScoreRange = (ns: bigint) => inRange(Number(ns / 1_000_000n));
    const explanationOf = (span: string) => {
      const xs = seed.scores.filter((s) => s.span_id === span && s.name.startsWith('prompt_injection.') && inScoreRange(s.tsNs));
      return xs.length ? xs.sort((a, b) => b.value - a.value)[0]!.explanation! : '';
    };
    const expected = c.calls
      .filter((x) => x.prompt_injection !== null && x.prompt_injection >= 0.5)
      .sort((a, b) => b.prompt_injection! - a.prompt_injection! || (a.tsNs < b.tsNs ? 1 : -1))
      .slice(0, 100);
    expect(expected.length).toBeGreaterThan(2);
    expect(r[0]!.map((x) => x.span_id)).toEqual(expected.map((x) => x.span_id));
    r[0]!.forEach((row, i) => {
      expect(row.trace_id).toBe(expected[i]!.trace_id);
      expect(row.user_id).toBe(expected[i]!.user_id);
      expect(row.prompt_injection).toBe(expected[i]!.prompt_injection);
      expect(row.explanation).toBe(explanationOf(expected[i]!.span_id));
    });
    expect(r[0]!.filter((x) => String(x.explanation).includes('override')).length).toBeGreaterThan(0);
  },
  'Relevance by model and prompt version': (r, c) => {
    const g = groupBy(c.calls.filter((x) => x.relevance !== null), (x) => `${x.request_model}\u0000${x.prompt_name}\u0000${x.prompt_version}`);
    const keys = sortedKeys(g);
    expect(r[0]!.map((x) => `${x.model}\u0000${x.prompt_name}\u0000${x.prompt_version}`)).toEqual(keys);
    r[0]!.forEach((row, i) => {
      const v = g.get(keys[i]!)!.map((x) => x.relevance!);
      expect(num(row.calls_scored)).toBe(v.length);
      close(row.relevance_mean, avgOrNull(v), 1e-6);
      close(row.relevance_p10, quantile(v, 0.1), 1e-6);
      close(row.off_topic_share, v.filter((x) => x < 0.5).length / v.length);
    });
  },
  'Quality by model': (r, c) => {
    const g = groupBy(c.calls, (x) => x.request_model);
    const expected = [...g.entries()]
      .map(([k, xs]) => ({ k, xs, flagged: xs.filter(flagged).length }))
      .sort((a, b) => b.flagged - a.flagged || (a.k < b.k ? -1 : 1));
    expect(r[0]!.map((x) => x.model)).toEqual(expected.map((e) => e.k));
    r[0]!.forEach((row, i) => {
      const { xs, flagged: f } = expected[i]!;
      expect(num(row.calls)).toBe(xs.length);
      expect(num(row.flagged)).toBe(f);
      close(row.toxicity_scored, notNull(xs.map((x) => x.toxicity)).length / xs.length);
      close(row.toxicity_mean, avgOrNull(notNull(xs.map((x) => x.toxicity))), 1e-6);
      close(row.readability_mean, avgOrNull(notNull(xs.map((x) => x.readability))), 1e-6);
      expect(num(row.pii_findings)).toBe(sum(notNull(xs.map((x) => x.pii_count))));
    });
  },
};

function traceServiceMatch(s: Scenario, service: string): boolean {
  const allowed = listOf(s.vars.service);
  return allowed === null || allowed.includes(service);
}

const tracesChecks: Record<string, Check> = {
  'Recent traces': (r, c) => {
    const roots = c.spans
      .filter((s) => s.ParentSpanId === '' && inRange(s.tsMs) && traceServiceMatch(c.s, s.ServiceName))
      .sort((a, b) => (a.tsNs === b.tsNs ? (a.TraceId < b.TraceId ? -1 : 1) : a.tsNs < b.tsNs ? 1 : -1))
      .slice(0, 100);
    expect(r[0]!.map((x) => x.TraceId)).toEqual(roots.map((s) => s.TraceId));
    const callsByTrace = groupBy(seed.calls.filter((x) => inRange(x.tsMs)), (x) => x.trace_id);
    r[0]!.forEach((row, i) => {
      const s = roots[i]!;
      expect(row.ServiceName).toBe(s.ServiceName);
      expect(row.SpanName).toBe(s.SpanName);
      expect(row.StatusCode).toBe(s.StatusCode);
      close(row.duration_ms, Number(s.DurationNs) / 1e6, 1e-12);
      const xs = callsByTrace.get(s.TraceId) ?? [];
      expect(num(row.llm_calls)).toBe(xs.length);
      close(row.llm_cost, sum(xs.map((x) => x.cost_usd)), 1e-9);
    });
  },
  Trace: (r, c) => {
    const call = c.s.traceCall;
    const spans = c.spans.filter((s) => s.TraceId === call.trace_id).sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1));
    expect(spans.length).toBe(2);
    expect(r[0]!.map((x) => x.spanID)).toEqual(spans.map((s) => s.SpanId));
    r[0]!.forEach((row, i) => {
      const s = spans[i]!;
      expect(row.traceID).toBe(call.trace_id);
      expect(row.parentSpanID).toBe(s.ParentSpanId);
      expect(row.serviceName).toBe(s.ServiceName);
      expect(row.operationName).toBe(s.SpanName);
      close(row.startTime, Number(s.tsNs) / 1e6, 1e-12);
      close(row.duration, Number(s.DurationNs) / 1e6, 1e-12);
      expect(row.kind).toBe(s.SpanKind.replace('SPAN_KIND_', '').toLowerCase());
      const code = isErrorStatus(s.StatusCode) ? 2 : s.StatusCode === 'STATUS_CODE_OK' || s.StatusCode === 'Ok' ? 1 : 0;
      expect(num(row.statusCode)).toBe(code);
      expect(row.statusMessage).toBe(s.StatusMessage);
      expect(row.instrumentationLibraryName).toBe(s.ScopeName);
      const tags = row.tags as { key: string; value: string }[];
      expect(Object.fromEntries(tags.map((t) => [t.key, t.value]))).toEqual(s.SpanAttributes);
      const serviceTags = row.serviceTags as { key: string; value: string }[];
      expect(Object.fromEntries(serviceTags.map((t) => [t.key, t.value]))).toEqual(s.ResourceAttributes);
      const logs = row.logs as { name: string; timestamp: string; fields: { key: string; value: string }[] }[];
      expect(logs.map((l) => l.name)).toEqual(s.events.map((e) => e.name));
      logs.forEach((l, k) => {
        expect(Number(l.timestamp)).toBe(Math.floor(Number(s.events[k]!.tsNs / 1_000_000n)));
        expect(Object.fromEntries(l.fields.map((f) => [f.key, f.value]))).toEqual(s.events[k]!.attributes);
      });
      const refs = row.references as { traceID: string; spanID: string }[];
      expect(refs.map((x) => `${x.traceID}/${x.spanID}`)).toEqual(s.links.map((l) => `${l.traceId}/${l.spanId}`));
    });
  },
  'LLM calls in this trace': (r, c) => {
    const call = c.s.traceCall;
    expect(r[0]).toHaveLength(1);
    const row = r[0]![0]!;
    expect(row.span_id).toBe(call.span_id);
    expect(row.request_model).toBe(call.request_model);
    expect(row.status).toBe(call.status);
    expect(row.error_type).toBe(call.error_type);
    close(row.cost_usd, call.cost_usd);
    expect(num(row.output_tokens)).toBe(call.output_tokens);
  },
  'Spans and error spans': (r, c) => {
    const spans = c.spans.filter((s) => inRange(s.tsMs) && traceServiceMatch(c.s, s.ServiceName));
    const b = groupBy(spans, (s) => bucketOf(s.tsMs));
    expect(r[0]).toEqual(sortedKeys(b).map((t) => ({ time: t, spans: b.get(t)!.length, error_spans: b.get(t)!.filter((s) => isErrorStatus(s.StatusCode)).length })));
  },
};

// Agent runs: each model call and tool span belongs to its nearest invoke_agent ancestor (walking
// parent ids through every span of the trace); a nested agent is a run of its own.
const spanById = new Map(seed.spans.map((x) => [`${x.TraceId}/${x.SpanId}`, x]));
const agentById = new Map(seed.agentSpans.map((a) => [`${a.trace_id}/${a.span_id}`, a]));
function runOf(traceId: string, parentSpanId: string): { run: SeedAgentSpan; depth: number } | null {
  let id = parentSpanId;
  for (let depth = 1; id !== '' && depth < 20; depth++) {
    const a = agentById.get(`${traceId}/${id}`);
    if (a?.operation === 'invoke_agent') return { run: a, depth };
    id = spanById.get(`${traceId}/${id}`)?.ParentSpanId ?? '';
  }
  return null;
}
interface RunTotals {
  calls: SeedCall[];
  tools: SeedAgentSpan[];
}
const runTotals = new Map<string, RunTotals>();
const totalsOf = (a: SeedAgentSpan): RunTotals => {
  let t = runTotals.get(a.span_id);
  if (!t) runTotals.set(a.span_id, (t = { calls: [], tools: [] }));
  return t;
};
for (const x of seed.calls) {
  const r = runOf(x.trace_id, x.parent_span_id);
  if (r) totalsOf(r.run).calls.push(x);
}
for (const x of seed.agentSpans.filter((a) => a.operation === 'execute_tool')) {
  const r = runOf(x.trace_id, x.parent_span_id);
  if (r) totalsOf(r.run).tools.push(x);
}
const runsIn = (c: Ctx) => seed.agentSpans.filter((a) => a.operation === 'invoke_agent' && inRange(a.tsMs) && traceServiceMatch(c.s, a.service_name));
const runSums = (a: SeedAgentSpan) => {
  const t = runTotals.get(a.span_id) ?? { calls: [], tools: [] };
  return {
    llm_calls: t.calls.length,
    tool_calls: t.tools.length,
    tool_errors: t.tools.filter((x) => x.status === 'error').length,
    input_tokens: sum(t.calls.map((x) => x.input_tokens)),
    output_tokens: sum(t.calls.map((x) => x.output_tokens)),
    cost_usd: sum(t.calls.map((x) => x.cost_usd)),
  };
};

const agentChecks: Record<string, Check> = {
  'Agent runs': (r, c) => {
    const expected = runsIn(c).sort((a, b) => (a.tsNs === b.tsNs ? (a.span_id < b.span_id ? -1 : 1) : a.tsNs < b.tsNs ? 1 : -1));
    expect(expected.length).toBeGreaterThan(5);
    expect(r[0]!.map((x) => x.span_id)).toEqual(expected.map((a) => a.span_id));
    r[0]!.forEach((row, i) => {
      const a = expected[i]!;
      const e = runSums(a);
      expect(row.agent_name).toBe(a.agent_name);
      expect(row.trace_id).toBe(a.trace_id);
      expect(row.status).toBe(a.status);
      close(row.duration_ms, a.duration_ms);
      expect(num(row.llm_calls)).toBe(e.llm_calls);
      expect(num(row.tool_calls)).toBe(e.tool_calls);
      expect(num(row.tool_errors)).toBe(e.tool_errors);
      expect(num(row.input_tokens)).toBe(e.input_tokens);
      expect(num(row.output_tokens)).toBe(e.output_tokens);
      close(row.cost_usd, e.cost_usd, 1e-9);
    });
    // the runs have model calls two levels down and nested runs, so the walk above was exercised
    expect(expected.some((a) => a.agent_name === 'math-helper' && runSums(a).llm_calls === 1)).toBe(true);
    expect(expected.filter((a) => a.agent_name !== 'math-helper').every((a) => runSums(a).llm_calls === 2)).toBe(true);
  },
  'Agent run in this trace': (r, c) => {
    const traceId = c.s.agentTrace;
    type Expected = { tsNs: bigint; kind: string; name: string; run_agent: string; depth: number; input: number; output: number; cost: number; duration: number; status: string; span_id: string };
    const rows: Expected[] = [];
    for (const a of seed.agentSpans.filter((x) => x.trace_id === traceId && x.operation === 'invoke_agent')) {
      const e = runSums(a);
      rows.push({ tsNs: a.tsNs, kind: 'agent', name: a.agent_name, run_agent: a.agent_name, depth: 0, input: e.input_tokens, output: e.output_tokens, cost: e.cost_usd, duration: a.duration_ms, status: a.status, span_id: a.span_id });
    }
    for (const x of seed.calls.filter((y) => y.trace_id === traceId)) {
      const run = runOf(traceId, x.parent_span_id)!;
      rows.push({ tsNs: x.tsNs, kind: 'llm', name: '· '.repeat(run.depth) + x.request_model, run_agent: run.run.agent_name, depth: run.depth, input: x.input_tokens, output: x.output_tokens, cost: x.cost_usd, duration: x.duration_ms, status: x.status, span_id: x.span_id });
    }
    for (const x of seed.agentSpans.filter((y) => y.trace_id === traceId && (y.operation === 'execute_tool' || y.operation === 'retrieval'))) {
      const run = runOf(traceId, x.parent_span_id)!;
      rows.push({ tsNs: x.tsNs, kind: x.operation === 'retrieval' ? 'retrieval' : 'tool', name: '· '.repeat(run.depth) + x.tool_name, run_agent: run.run.agent_name, depth: run.depth, input: 0, output: 0, cost: 0, duration: x.duration_ms, status: x.status, span_id: x.span_id });
    }
    rows.sort((a, b) => (a.tsNs === b.tsNs ? (a.span_id < b.span_id ? -1 : 1) : a.tsNs < b.tsNs ? -1 : 1));
    expect(rows.filter((x) => x.kind === 'agent').length).toBeGreaterThanOrEqual(1);
    expect(r[0]!.map((x) => `${x.kind}:${x.span_id}`)).toEqual(rows.map((x) => `${x.kind}:${x.span_id}`));
    r[0]!.forEach((row, i) => {
      const e = rows[i]!;
      expect(row.name).toBe(e.name);
      expect(row.run_agent).toBe(e.run_agent);
      expect(num(row.depth)).toBe(e.depth);
      expect(num(row.input_tokens)).toBe(e.input);
      expect(num(row.output_tokens)).toBe(e.output);
      close(row.cost_usd, e.cost, 1e-9);
      close(row.duration_ms, e.duration);
      expect(row.status).toBe(e.status);
    });
    expect(rows.some((x) => x.depth === 2)).toBe(true);
    expect(rows.some((x) => x.kind === 'retrieval' && x.name.endsWith('kb-docs'))).toBe(true);
  },
  'Tool calls by tool': (r, c) => {
    const tools = seed.agentSpans.filter((a) => (a.operation === 'execute_tool' || a.operation === 'retrieval') && inRange(a.tsMs) && traceServiceMatch(c.s, a.service_name));
    const g = groupBy(tools, (a) => `${a.tool_name}\u0000${a.tool_type}`);
    const expected = [...g.values()].sort((a, b) => b.length - a.length || (a[0]!.tool_name < b[0]!.tool_name ? -1 : a[0]!.tool_name > b[0]!.tool_name ? 1 : a[0]!.tool_type < b[0]!.tool_type ? -1 : 1));
    expect(r[0]!.map((x) => `${x.tool_name}/${x.tool_type}`)).toEqual(expected.map((xs) => `${xs[0]!.tool_name}/${xs[0]!.tool_type}`));
    r[0]!.forEach((row, i) => {
      const xs = expected[i]!;
      const errors = xs.filter((x) => x.status === 'error').length;
      expect(num(row.calls)).toBe(xs.length);
      expect(num(row.errors)).toBe(errors);
      close(row.error_rate, errors / xs.length);
      close(row.p50_ms, quantile(xs.map((x) => x.duration_ms), 0.5), 1e-6);
      close(row.p95_ms, quantile(xs.map((x) => x.duration_ms), 0.95), 1e-6);
    });
    expect(tools.some((x) => x.status === 'error')).toBe(true);
    expect(r[0]!.some((x) => x.tool_name === 'kb-docs' && x.tool_type === 'datastore')).toBe(true);
  },
  'Cost by agent': (r, c) => {
    const g = groupBy(runsIn(c), (a) => a.agent_name);
    const expected = [...g.entries()]
      .map(([name, runs]) => {
        const sums = runs.map(runSums);
        return { name, runs, cost: sum(sums.map((x) => x.cost_usd)), sums };
      })
      .sort((a, b) => b.cost - a.cost || (a.name < b.name ? -1 : 1));
    expect(r[0]!.map((x) => x.agent_name)).toEqual(expected.map((e) => e.name));
    r[0]!.forEach((row, i) => {
      const e = expected[i]!;
      expect(num(row.runs)).toBe(e.runs.length);
      expect(num(row.failed_runs)).toBe(e.runs.filter((a) => a.status === 'error').length);
      expect(num(row.llm_calls)).toBe(sum(e.sums.map((x) => x.llm_calls)));
      expect(num(row.tool_calls)).toBe(sum(e.sums.map((x) => x.tool_calls)));
      expect(num(row.input_tokens)).toBe(sum(e.sums.map((x) => x.input_tokens)));
      expect(num(row.output_tokens)).toBe(sum(e.sums.map((x) => x.output_tokens)));
      close(row.cost_usd, e.cost, 1e-9);
      close(row.cost_per_run, e.cost / e.runs.length, 1e-9);
    });
  },
};
Object.assign(tracesChecks, agentChecks);

function guardrailsIn(c: Ctx): SeedGuardrail[] {
  const services = listOf(c.s.vars.service);
  const envs = listOf(c.s.vars.environment);
  return seed.guardrails.filter((g) => inRange(g.tsMs) && (services === null || services.includes(g.service_name)) && (envs === null || envs.includes(g.environment)));
}

const guardrailChecks: Record<string, Check> = {
  'Guardrail runs': (r, c) => {
    const g = groupBy(guardrailsIn(c).filter((x) => x.origin === 'span'), (x) => `${x.guardrail}\u0000${x.source}`);
    const expected = [...g.values()].sort((a, b) => b.length - a.length || (`${a[0]!.guardrail}\u0000${a[0]!.source}` < `${b[0]!.guardrail}\u0000${b[0]!.source}` ? -1 : 1));
    expect(expected.length).toBeGreaterThan(0);
    expect(r[0]!.map((x) => `${x.guardrail}|${x.source}`)).toEqual(expected.map((xs) => `${xs[0]!.guardrail}|${xs[0]!.source}`));
    r[0]!.forEach((row, i) => {
      const xs = expected[i]!;
      expect(num(row.runs)).toBe(xs.length);
      expect(num(row.errors)).toBe(xs.filter((x) => x.status === 'error').length);
      close(row.p50_ms, quantile(xs.map((x) => x.duration_ms!), 0.5), 1e-6);
      close(row.p95_ms, quantile(xs.map((x) => x.duration_ms!), 0.95), 1e-6);
    });
  },
  'Guardrail results': (r, c) => {
    const rows = guardrailsIn(c).filter((x) => x.result_type !== '' || x.risk_category !== '');
    const key = (x: SeedGuardrail) => [x.guardrail, x.source, x.result_type, x.result_value, x.risk_category].join('\u0000');
    const g = groupBy(rows, key);
    const perType = groupBy(rows, (x) => [x.guardrail, x.source, x.result_type].join('\u0000'));
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = [...g.values()].sort(
      (a, b) =>
        cmp(a[0]!.guardrail, b[0]!.guardrail) || cmp(a[0]!.source, b[0]!.source) || cmp(a[0]!.result_type, b[0]!.result_type) || b.length - a.length ||
        cmp(a[0]!.result_value, b[0]!.result_value) || cmp(a[0]!.risk_category, b[0]!.risk_category),
    );
    expect(r[0]!.map((x) => [x.guardrail, x.source, x.result_type, x.result_value, x.risk_category].join('|'))).toEqual(
      expected.map((xs) => [xs[0]!.guardrail, xs[0]!.source, xs[0]!.result_type, xs[0]!.result_value, xs[0]!.risk_category].join('|')),
    );
    r[0]!.forEach((row, i) => {
      const xs = expected[i]!;
      expect(num(row.results)).toBe(xs.length);
      close(row.share, xs.length / perType.get([xs[0]!.guardrail, xs[0]!.source, xs[0]!.result_type].join('\u0000'))!.length);
      const scores = notNull(xs.map((x) => x.risk_score));
      if (scores.length === 0) expect(row.max_risk_score).toBeNull();
      else close(row.max_risk_score, Math.max(...scores));
    });
    expect(expected.some((xs) => xs[0]!.result_value === 'GUARDRAIL_INTERVENED')).toBe(true);
  },
  'Guardrail results over time': (r, c) => {
    const g = groupBy(guardrailsIn(c).filter((x) => x.result_type !== ''), (x) => `${bucketOf(x.tsMs)}|${x.guardrail} ${x.result_type}=${x.result_value}`);
    expect(r[0]!.map((x) => `${x.time}|${x.result}`)).toEqual(sortedKeys(g));
    r[0]!.forEach((row) => expect(num(row.results)).toBe(g.get(`${row.time}|${row.result}`)!.length));
  },
};
Object.assign(qualityChecks, guardrailChecks);

const CHECKS: Record<string, Record<string, Check>> = {
  'llmscope-overview': overviewChecks,
  'llmscope-cost': costChecks,
  'llmscope-quality': qualityChecks,
  'llmscope-traces': tracesChecks,
  'llmscope-prompts': Object.fromEntries(Object.entries(promptsChecks(seed)).map(([title, check]) => [title, (r: Row[][], c: Ctx) => check(r, c.s.vars)])),
  'llmscope-evaluations': Object.fromEntries(Object.entries(evaluationsChecks(evalSeed)).map(([title, check]) => [title, (r: Row[][], c: Ctx) => check(r, c.s.vars)])),
  'llmscope-drift': Object.fromEntries(Object.entries(driftChecks(seed)).map(([title, check]) => [title, (r: Row[][], c: Ctx) => check(r, c.s.vars)])),
  'llmscope-api-changes': Object.fromEntries(Object.entries(changesChecks(seed)).map(([title, check]) => [title, (r: Row[][], c: Ctx) => check(r, c.s.vars)])),
};

/** What each variable query must list, from the seed. */
function expectedVariableValues(d: Dashboard, name: string, s: Scenario): string[] {
  const distinct = (xs: string[]) => [...new Set(xs)].sort();
  if (d.uid === 'llmscope-prompts') return promptsVariableValues(seed, name, s.vars);
  if (d.uid === 'llmscope-evaluations') return evaluationsVariableValues(evalSeed, name, s.vars);
  if (d.uid === 'llmscope-drift') return driftVariableValues(seed, name);
  if (d.uid === 'llmscope-api-changes') return changesVariableValues(seed, name);
  if (d.uid === 'llmscope-traces') {
    expect(name).toBe('service');
    return distinct(seed.spans.filter((x) => inRange(x.tsMs)).map((x) => x.ServiceName));
  }
  // each variable is filtered by the ones before it: service → environment → provider → model
  const order = ['service', 'environment', 'provider', 'model'];
  const before = order.slice(0, order.indexOf(name));
  const vars = Object.fromEntries(Object.entries(s.vars).filter(([k]) => before.includes(k)));
  const calls = seed.calls.filter((c) => inRange(c.tsMs) && matches(c, vars));
  const col = { service: 'service_name', environment: 'environment', provider: 'provider', model: 'request_model' }[name] as keyof SeedCall;
  return distinct(calls.map((c) => String(c[col])));
}

// ───────────────────────────── the tests ─────────────────────────────

let dir = '';
let store: EmbeddedStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-dash-'));
  store = new EmbeddedStore(dir);
  await migrate(store, { database: 'llmscope' });
  await insertSeed(store, seed);
  await insertEvalSeed(store, evalSeed);
  // The price table as the collector loads it, after an older load whose rows must not count
  // (a model since dropped from the overrides, a price since changed).
  const stale = [{ ...modelPriceRows(buildPriceBook(), 0)[0]!, model: 'gpt-0-dropped', vendor: 'openai', suggestable: true, input: 0, output: 0, cache_read: 0, cache_write: 0, reasoning: 0 }];
  stale.push({ ...stale[0]!, model: 'claude-haiku-4-5', vendor: 'anthropic' });
  await store.insert('llmscope.model_prices', stale.map((r) => ({ ...r, loaded_at: '2026-01-01 00:00:00.000' })));
  await store.insert('llmscope.model_prices', modelPriceRows(buildPriceBook(), ANCHOR_MS));
});

afterAll(async () => {
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Trace ids per panel: the agent-run panel shows a trace with an agent run. */
const traceIdFor = (panel: string, s: Scenario) => (panel === 'Agent run in this trace' ? s.agentTrace : s.traceCall.trace_id);

function allValuesFor(d: Dashboard): Record<string, string[]> {
  // Grafana spells out "All" as every option when a query uses the variable outside $__conditionalAll.
  const out: Record<string, string[]> = {};
  for (const v of d.templating.list) if (v.type === 'query') out[v.name] = expectedVariableValues(d, v.name, SCENARIOS[0]!);
  return out;
}

async function run(d: Dashboard, sql: string, s: Scenario, traceId = s.traceCall.trace_id): Promise<Row[]> {
  const expanded = expandQuery(sql, {
    from: new Date(RANGE_FROM_MS),
    to: new Date(ANCHOR_MS),
    intervalMs: INTERVAL_S * 1000,
    variables: { ...s.vars, trace_id: traceId },
    allValues: allValuesFor(d),
  });
  return store.query<Row>(expanded);
}

describe('seed sanity', () => {
  it('has the traces the scenarios need', () => {
    expect(linkedIdx).toBeGreaterThan(0);
    expect(errorIdx).toBeGreaterThan(0);
    expect(seed.spans.find((s) => s.SpanId === seed.calls[linkedIdx]!.span_id)!.links).toHaveLength(1);
    expect(seed.calls[errorIdx]!.status).toBe('error');
  });
});

for (const [uid, { dashboard }] of dashboards) {
  describe(`dashboard ${uid}`, () => {
    it('has a value check for every panel', () => {
      const checks = CHECKS[uid];
      expect(checks, `no checks for ${uid}`).toBeDefined();
      const titles = allPanels(dashboard).filter((p) => p.targets?.length).map((p) => p.title);
      expect(new Set(titles).size).toBe(titles.length);
      expect(titles.filter((t) => !checks![t])).toEqual([]);
      expect(Object.keys(checks!).filter((t) => !titles.includes(t))).toEqual([]);
    });

    for (const s of SCENARIOS) {
      it(`variable queries list the seeded values (${s.name})`, async () => {
        const vars = dashboard.templating.list.filter((v) => v.type === 'query');
        expect(vars.length).toBeGreaterThan(0);
        for (const v of vars) {
          const rows = await run(dashboard, variableSql(v)!, s);
          expect(rows.map((r) => String(Object.values(r)[0])), v.name).toEqual(expectedVariableValues(dashboard, v.name, s));
        }
      });

      for (const panel of allPanels(dashboard).filter((p: Panel) => p.targets?.length)) {
        it(`${panel.title} (${s.name})`, async () => {
          const results: Row[][] = [];
          for (const t of panel.targets!) results.push(await run(dashboard, t.rawSql, s, traceIdFor(panel.title, s)));
          expect(results.some((r) => r.length > 0)).toBe(true);
          CHECKS[uid]![panel.title]!(results, contextFor(s));
        });
      }
    }
  });
}
