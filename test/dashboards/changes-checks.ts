/**
 * Expected values of the API changes dashboard (dashboards/api-changes.json), computed in plain JS
 * from the seeded api_changes rows (test/support/seed-changes.ts) and calls — independently of the
 * SQL. Superseded versions of a change must not count. Variables: provider, model.
 */
import { expect } from 'vitest';
import { ANCHOR_MS, RANGE_FROM_MS, type Seed } from '../support/seed.ts';
import type { ApiChangeRow } from '../../src/store/tables/api_changes.ts';

type Row = Record<string, unknown>;
type Vars = Record<string, string | string[]>;
export type ChangesCheck = (results: Row[][], vars: Vars) => void;

/** queries.test.ts expands $__timeInterval with a 1-hour interval. */
const INTERVAL_S = 3600;
const inRange = (ms: number) => ms >= RANGE_FROM_MS && ms <= ANCHOR_MS;
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** DateTime64(3) as the store returns it: 'YYYY-MM-DD hh:mm:ss.mmm' (UTC). */
const chTime64 = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
const chTime = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 19).replace('T', ' ');

function listOf(v: string | string[] | undefined): string[] | null {
  if (v === undefined || v === '$__all' || (Array.isArray(v) && v.length === 1 && v[0] === '$__all')) return null;
  return Array.isArray(v) ? v : [v];
}
function selected(provider: string, model: string, vars: Vars): boolean {
  const p = listOf(vars.provider);
  const m = listOf(vars.model);
  return (p === null || p.includes(provider)) && (m === null || m.includes(model));
}

export function changesVariableValues(seed: Seed, name: string): string[] {
  const col = ({ provider: 'provider', model: 'request_model' } as const)[name as 'provider' | 'model'];
  expect(col, name).toBeDefined();
  return [...new Set(seed.changes.current.filter((r) => inRange(r.first_seen)).map((r) => r[col]))].sort(cmp);
}

export function changesChecks(seed: Seed): Record<string, ChangesCheck> {
  const rows = (vars: Vars): ApiChangeRow[] => seed.changes.current.filter((r) => inRange(r.first_seen) && selected(r.provider, r.request_model, vars));
  return {
    Changes: (r, vars) => {
      const xs = rows(vars);
      expect(r[0]).toEqual([
        {
          changes: xs.length,
          moved_aliases: xs.filter((x) => x.kind === 'response_model').length,
          deprecations: xs.filter((x) => ['deprecation', 'sunset', 'sdk_warning'].includes(x.kind)).length,
        },
      ]);
    },
    'Changes by kind': (r, vars) => {
      const counts = new Map<string, number>();
      for (const x of rows(vars)) counts.set(x.kind, (counts.get(x.kind) ?? 0) + 1);
      expect(r[0]).toEqual([...counts.keys()].sort(cmp).map((kind) => ({ kind, changes: counts.get(kind) })));
    },
    'API changes': (r, vars) => {
      const xs = rows(vars).sort((a, b) => b.first_seen - a.first_seen || cmp(a.kind, b.kind) || cmp(a.change_id, b.change_id));
      expect(xs.length).toBeGreaterThan(0);
      expect(r[0]).toEqual(
        xs.map((x) => ({
          first_seen: chTime64(x.first_seen),
          provider: x.provider,
          request_model: x.request_model,
          kind: x.kind,
          before: x.before,
          after: x.after,
          // the newest version's count, not a superseded one's
          calls_since: x.calls_since,
          notify_status: x.notify_status,
          advice: x.advice,
        })),
      );
    },
    'Served model per request model': (r, vars) => {
      const counts = new Map<string, number>();
      for (const c of seed.calls) {
        if (!inRange(c.tsMs) || c.response_model === '' || !selected(c.provider, c.request_model, vars)) continue;
        const s = Math.floor(c.tsMs / 1000);
        const key = `${chTime(s - (s % INTERVAL_S))}|${c.request_model} → ${c.response_model}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect(counts.size).toBeGreaterThan(0);
      expect(r[0]!.map((x) => `${x.time}|${x.served}`)).toEqual([...counts.keys()].sort(cmp));
      for (const x of r[0]!) expect(Number(x.calls)).toBe(counts.get(`${x.time}|${x.served}`));
    },
  };
}
