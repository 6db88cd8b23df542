/**
 * Seed rows and expected values of the Evaluations dashboard (dashboards/evaluations.json): eval
 * runs and their item results, written with the tables' own row builders, and every panel's
 * answer computed in plain JS from those rows — independently of the SQL. Variables:
 * eval_version (prompt version), eval_model.
 */
import { expect } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { EVAL_RUNS, evalRunRowJson, type EvalRunRow } from '../../src/store/tables/eval_runs.ts';
import { EVAL_RESULTS, evalResultRowJson, type EvalResultRow } from '../../src/store/tables/eval_results.ts';
import { ANCHOR_MS, RANGE_FROM_MS } from '../support/seed.ts';

type Row = Record<string, unknown>;
type Vars = Record<string, string | string[]>;
export type EvaluationsCheck = (results: Row[][], vars: Vars) => void;

export interface EvalSeed {
  runs: EvalRunRow[];
  results: EvalResultRow[];
}

const VERSIONS = ['v1', 'v2', 'v3'];
const MODELS = ['gpt-4o-mini', 'claude-sonnet-4-5', 'acme-large'];
const METRICS = ['bleu', 'chrf', 'ter', 'rougeL', 'exact'] as const;

/** Deterministic runs: every (version, model), one without version/model, one from stored calls with a model per item, one before the range. */
export function generateEvalSeed(): EvalSeed {
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const runs: EvalRunRow[] = [];
  const results: EvalResultRow[] = [];
  const add = (i: number, version: string, model: string, at: number, itemModels?: string[]) => {
    const runId = `run-${String(i).padStart(2, '0')}`;
    const n = 3 + (i % 4);
    const rows: EvalResultRow[] = [];
    for (let item = 1; item <= n; item++) {
      for (const metric of ['bleu', 'rougeL', 'exact']) {
        const value = metric === 'exact' ? (rnd() < 0.4 ? 1 : 0) : metric === 'bleu' ? Math.round(rnd() * 10000) / 100 : Math.round(rnd() * 1000) / 1000;
        rows.push({
          project_id: 'default', run_id: runId, created_at: at, item, item_id: `it-${item}`, metric, value, detail: '',
          prompt_version: version, model: itemModels ? itemModels[item % itemModels.length]! : model,
          trace_id: '', span_id: '', prediction: `prediction ${i}/${item}`, reference: `reference ${i}/${item}`,
        });
      }
    }
    results.push(...rows);
    const scores: Record<string, number> = {};
    for (const m of METRICS) if (!(m === 'ter' && i % 3 === 0) && !(m === 'chrf' && i % 4 === 1)) scores[m] = Math.round(rnd() * 10000) / 100;
    runs.push({
      project_id: 'default', run_id: runId, name: `run ${i}`, created_at: at, source: itemModels ? 'from-calls' : 'dataset', dataset: 'faq.jsonl',
      prompt_name: 'faq', prompt_version: version, model, metrics: ['bleu', 'rougeL', 'exact'], items: n, errors: i % 3, scores,
    });
  };
  let i = 0;
  for (const v of VERSIONS) for (const m of MODELS) add(++i, v, m, ANCHOR_MS - i * 3_600_000 - 17_000);
  add(++i, '', '', ANCHOR_MS - i * 3_600_000 - 17_000);
  add(++i, 'v2', '', ANCHOR_MS - i * 3_600_000 - 17_000, ['gpt-4o-mini', 'acme-large']);
  add(++i, 'v1', 'gpt-4o-mini', RANGE_FROM_MS - 3_600_000); // before the range: never shown
  return { runs, results };
}

export async function insertEvalSeed(store: Store, seed: EvalSeed, db = 'llmscope'): Promise<void> {
  await store.insertJsonEachRow(`${db}.${EVAL_RUNS.name}`, seed.runs.map(evalRunRowJson).join(''));
  await store.insertJsonEachRow(`${db}.${EVAL_RESULTS.name}`, seed.results.map(evalResultRowJson).join(''));
}

const inRange = (ms: number) => ms >= RANGE_FROM_MS && ms <= ANCHOR_MS;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const num = (v: unknown) => Number(v);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
function close(actual: unknown, expected: number | null): void {
  if (expected === null) {
    expect(actual).toBeNull();
    return;
  }
  expect(typeof actual).toBe('number');
  if (Math.abs((actual as number) - expected) > Math.max(Math.abs(expected) * 1e-9, 1e-12)) expect(actual).toBe(expected);
}
/** DateTime64(3) as the store returns it: 'YYYY-MM-DD hh:mm:ss.mmm' (UTC). */
function chTime3(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}
function listOf(v: string | string[] | undefined): string[] | null {
  if (v === undefined || v === '$__all' || (Array.isArray(v) && v.length === 1 && v[0] === '$__all')) return null;
  return Array.isArray(v) ? v : [v];
}
function selected(r: { prompt_version: string; model: string; created_at: number }, vars: Vars): boolean {
  const versions = listOf(vars.eval_version);
  const models = listOf(vars.eval_model);
  return inRange(r.created_at) && (versions === null || versions.includes(r.prompt_version)) && (models === null || models.includes(r.model));
}
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}
function meanOf(runs: EvalRunRow[], m: string): number | null {
  const v = runs.filter((r) => m in r.scores).map((r) => r.scores[m]!);
  return v.length ? sum(v) / v.length : null;
}

export function evaluationsVariableValues(seed: EvalSeed, name: string, vars: Vars): string[] {
  const distinct = (xs: string[]) => [...new Set(xs)].sort(cmp);
  const runs = seed.runs.filter((r) => inRange(r.created_at));
  if (name === 'eval_version') return distinct(runs.map((r) => r.prompt_version).filter((v) => v !== ''));
  expect(name).toBe('eval_model');
  return distinct(runs.filter((r) => selected(r, { eval_version: vars.eval_version ?? '$__all' })).map((r) => r.model).filter((m) => m !== ''));
}

export function evaluationsChecks(seed: EvalSeed): Record<string, EvaluationsCheck> {
  const runs = (vars: Vars) => seed.runs.filter((r) => selected(r, vars));
  const results = (vars: Vars) => seed.results.filter((r) => selected(r, vars));
  const perGroup = (col: 'prompt_version' | 'model') => (r: Row[][], vars: Vars) => {
    const g = groupBy(runs(vars), (x) => x[col]);
    const keys = [...g.keys()].sort(cmp);
    expect(keys.length).toBeGreaterThan(1);
    expect(r[0]!.map((row) => row[col])).toEqual(keys);
    r[0]!.forEach((row, i) => {
      const xs = g.get(keys[i]!)!;
      expect(num(row.runs)).toBe(xs.length);
      expect(num(row.total_items)).toBe(sum(xs.map((x) => x.items)));
      expect(row.last_run).toBe(chTime3(Math.max(...xs.map((x) => x.created_at))));
      for (const m of METRICS) close(row[m], meanOf(xs, m));
    });
  };
  return {
    'Runs, items and errors': (r, vars) => {
      const xs = runs(vars);
      expect(xs.length).toBeGreaterThan(1);
      expect(r[0]!.map((row) => [num(row.runs), num(row.total_items), num(row.total_errors)])).toEqual([[xs.length, sum(xs.map((x) => x.items)), sum(xs.map((x) => x.errors))]]);
    },
    'Evaluation runs': (r, vars) => {
      const xs = runs(vars).sort((a, b) => b.created_at - a.created_at || cmp(a.run_id, b.run_id));
      expect(r[0]!.map((row) => row.run_id)).toEqual(xs.map((x) => x.run_id));
      r[0]!.forEach((row, i) => {
        const x = xs[i]!;
        expect([row.created_at, row.name, row.source, row.prompt_version, row.model, num(row.items), num(row.errors)]).toEqual([chTime3(x.created_at), x.name, x.source, x.prompt_version, x.model, x.items, x.errors]);
        for (const m of METRICS) close(row[m], x.scores[m] ?? null);
      });
    },
    'Runs per prompt version': perGroup('prompt_version'),
    'Runs per model': perGroup('model'),
    'Item scores by prompt version, model and metric': (r, vars) => {
      const g = groupBy(results(vars), (x) => `${x.prompt_version}|${x.model}|${x.metric}`);
      const keys = [...g.keys()].sort((a, b) => {
        const [va, ma, xa] = a.split('|');
        const [vb, mb, xb] = b.split('|');
        return cmp(va!, vb!) || cmp(ma!, mb!) || cmp(xa!, xb!);
      });
      expect(keys.length).toBeGreaterThan(3);
      expect(r[0]!.map((row) => `${row.prompt_version}|${row.model}|${row.metric}`)).toEqual(keys);
      r[0]!.forEach((row, i) => {
        const v = g.get(keys[i]!)!.map((x) => x.value);
        expect(num(row.items)).toBe(v.length);
        close(row.mean, sum(v) / v.length);
        close(row.min, Math.min(...v));
        close(row.max, Math.max(...v));
      });
    },
    'Lowest-scoring items': (r, vars) => {
      const xs = results(vars)
        .filter((x) => x.metric === 'rougeL')
        .sort((a, b) => a.value - b.value || b.created_at - a.created_at || cmp(a.run_id, b.run_id) || a.item - b.item)
        .slice(0, 20);
      expect(xs.length).toBeGreaterThan(5);
      expect(r[0]!.map((row) => `${row.run_id}/${num(row.item)}`)).toEqual(xs.map((x) => `${x.run_id}/${x.item}`));
      r[0]!.forEach((row, i) => {
        const x = xs[i]!;
        close(row.rougeL, x.value);
        expect([row.item_id, row.prompt_version, row.model, row.prediction_start, row.reference_start]).toEqual([x.item_id, x.prompt_version, x.model, x.prediction, x.reference]);
      });
    },
  };
}
