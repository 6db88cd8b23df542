/**
 * Expected values of the Drift dashboard (dashboards/drift.json), computed in plain JS from the
 * seeded drift rows (test/support/seed-drift.ts) — independently of the SQL. Superseded rows (a
 * window computed again) must not count. Variables: service, model, prompt, feature.
 */
import { expect } from 'vitest';
import { ANCHOR_MS, RANGE_FROM_MS, type Seed } from '../support/seed.ts';
import type { DriftRow } from '../../src/store/tables/drift.ts';

type Row = Record<string, unknown>;
type Vars = Record<string, string | string[]>;
export type DriftCheck = (results: Row[][], vars: Vars) => void;

const inRange = (ms: number) => ms >= RANGE_FROM_MS && ms <= ANCHOR_MS;
const num = (v: unknown) => Number(v);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** DateTime64(3) as the store returns it: 'YYYY-MM-DD hh:mm:ss.mmm' (UTC). */
const chTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');

function close(actual: unknown, expected: number, rel = 1e-9): void {
  expect(typeof actual).toBe('number');
  const tol = Math.max(Math.abs(expected) * rel, 1e-12);
  if (Math.abs((actual as number) - expected) > tol) expect(actual).toBe(expected);
}
function listOf(v: string | string[] | undefined): string[] | null {
  if (v === undefined || v === '$__all' || (Array.isArray(v) && v.length === 1 && v[0] === '$__all')) return null;
  return Array.isArray(v) ? v : [v];
}
const COLUMN: Record<string, keyof DriftRow> = { service: 'service_name', model: 'request_model', prompt: 'prompt_name', feature: 'feature' };
function selected(r: DriftRow, vars: Vars): boolean {
  for (const [v, col] of Object.entries(COLUMN)) {
    const l = listOf(vars[v]);
    if (l !== null && !l.includes(String(r[col]))) return false;
  }
  return true;
}
function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}
const groupKey = (r: DriftRow) => [r.service_name, r.request_model, r.prompt_name, r.prompt_version].join('|');

export function driftVariableValues(seed: Seed, name: string): string[] {
  const col = COLUMN[name];
  expect(col, name).toBeDefined();
  return [...new Set(seed.drift.current.filter((r) => inRange(r.window_start)).map((r) => String(r[col!])))].sort(cmp);
}

export function driftChecks(seed: Seed): Record<string, DriftCheck> {
  const rows = (vars: Vars) => seed.drift.current.filter((r) => inRange(r.window_start) && selected(r, vars));
  return {
    'Drifted features': (r, vars) => {
      const xs = rows(vars);
      expect(xs.filter((x) => x.drifted).length).toBeGreaterThan(0);
      expect(r[0]).toHaveLength(1);
      const row = r[0]![0]!;
      expect(num(row.drifted_features)).toBe(xs.filter((x) => x.drifted).length);
      expect(num(row.compared)).toBe(xs.length);
      expect(num(row.drifting_groups)).toBe(new Set(xs.filter((x) => x.drifted).map(groupKey)).size);
    },
    'Drifted features per window': (r, vars) => {
      const g = groupBy(rows(vars), (x) => String(x.window_start));
      const keys = [...g.keys()].map(Number).sort((a, b) => a - b);
      expect(keys.length).toBeGreaterThan(24);
      expect(r[0]).toEqual(keys.map((k) => ({ time: chTime(k), drifted: g.get(String(k))!.filter((x) => x.drifted).length, compared: g.get(String(k))!.length })));
    },
    'Latest drift by group and feature': (r, vars) => {
      const g = groupBy(rows(vars), (x) => `${groupKey(x)}|${x.feature}`);
      const latest = [...g.values()].map((xs) => xs.reduce((a, b) => (b.window_start > a.window_start ? b : a)));
      latest.sort(
        (a, b) =>
          Number(b.drifted) - Number(a.drifted) ||
          b.value / b.threshold - a.value / a.threshold ||
          cmp(groupKey(a), groupKey(b)) ||
          cmp(a.feature, b.feature),
      );
      const expected = latest.slice(0, 500);
      expect(expected.length).toBeGreaterThan(5);
      expect(r[0]!.map((x) => `${[x.service_name, x.request_model, x.prompt_name, x.prompt_version].join('|')}|${x.feature}`)).toEqual(
        expected.map((x) => `${groupKey(x)}|${x.feature}`),
      );
      r[0]!.forEach((row, i) => {
        const e = expected[i]!;
        expect(row.latest_window).toBe(chTime(e.window_start));
        expect(row.statistic).toBe(e.statistic);
        close(row.value, e.value);
        if (e.p_value === null) expect(row.p_value).toBeNull();
        else close(row.p_value, e.p_value);
        expect(Boolean(row.drifted)).toBe(e.drifted);
        expect(num(row.recent_count)).toBe(e.recent_count);
        expect(num(row.reference_count)).toBe(e.reference_count);
        close(row.threshold, e.threshold);
      });
    },
    'Features that drift most': (r, vars) => {
      const g = groupBy(rows(vars), (x) => x.feature);
      const expected = [...g.entries()]
        .map(([feature, xs]) => ({ feature, xs, drifted: xs.filter((x) => x.drifted).length }))
        .sort((a, b) => b.drifted - a.drifted || cmp(a.feature, b.feature));
      expect(r[0]!.map((x) => x.feature)).toEqual(expected.map((e) => e.feature));
      r[0]!.forEach((row, i) => {
        const e = expected[i]!;
        expect(row.statistic).toBe(e.xs[0]!.statistic);
        expect(num(row.windows)).toBe(e.xs.length);
        expect(num(row.drifted_windows)).toBe(e.drifted);
        close(row.drifted_share, e.drifted / e.xs.length);
        close(row.avg_value, e.xs.reduce((s, x) => s + x.value, 0) / e.xs.length, 1e-9);
        close(row.max_value, Math.max(...e.xs.map((x) => x.value)));
      });
    },
    'Statistic over threshold by feature': (r, vars) => {
      const g = groupBy(rows(vars), (x) => `${x.window_start}|${x.feature}`);
      const keys = [...g.keys()].sort((a, b) => {
        const [ta, fa] = a.split('|');
        const [tb, fb] = b.split('|');
        return Number(ta) - Number(tb) || cmp(fa!, fb!);
      });
      expect(r[0]!.map((x) => `${x.time}|${x.feature}`)).toEqual(keys.map((k) => `${chTime(Number(k.split('|')[0]))}|${k.split('|')[1]}`));
      r[0]!.forEach((row, i) => close(row.over_threshold, Math.max(...g.get(keys[i]!)!.map((x) => x.value / x.threshold))));
    },
  };
}
