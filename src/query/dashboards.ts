/**
 * The Grafana dashboards of `dashboards/` as the panel API serves them: panels found by id, the
 * variables a client sends checked against the dashboard, and each target's SQL expanded with the
 * one expander (src/query/grafana-macros.ts) exactly as Grafana + the ClickHouse plugin would.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { calculateIntervalMs, expandQuery, parseIntervalMs } from './grafana-macros.ts';

export interface DashboardTarget {
  refId: string;
  rawSql?: string;
  hide?: boolean;
  format?: number;
  queryType?: string;
}

export interface DashboardPanel {
  id: number;
  type: string;
  title?: string;
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
  interval?: string;
  maxDataPoints?: number;
}

export interface DashboardVariable {
  type: string;
  name: string;
  query?: string | { rawSql?: string };
  multi?: boolean;
  includeAll?: boolean;
  current?: { value?: string | string[]; text?: string | string[] };
  options?: Array<{ text?: string; value: string }>;
}

export interface Dashboard {
  uid: string;
  title: string;
  tags?: string[];
  panels: DashboardPanel[];
  templating?: { list: DashboardVariable[] };
}

export type VarValues = Record<string, string | string[]>;

export class DashboardInputError extends Error {
  override name = 'DashboardInputError';
  readonly status: 400 | 404;
  constructor(message: string, status: 400 | 404 = 400) {
    super(message);
    this.status = status;
  }
}

const ALL = '$__all';
const MAX_VALUES = 1000;
const MAX_VALUE_LENGTH = 2048;
export const DEFAULT_MAX_DATA_POINTS = 1000;

/** Every dashboard of a folder by uid (a missing folder: none — the rest of the read API still works). */
export function loadDashboardDir(dir: string): Map<string, Dashboard> {
  const out = new Map<string, Dashboard>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const d = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Dashboard;
    if (typeof d.uid === 'string' && d.uid) out.set(d.uid, d);
  }
  return out;
}

export function findPanel(d: Dashboard, id: number): DashboardPanel | null {
  const walk = (ps: DashboardPanel[]): DashboardPanel | null => {
    for (const p of ps) {
      if (p.id === id && p.type !== 'row') return p;
      if (p.panels) {
        const inner = walk(p.panels);
        if (inner) return inner;
      }
    }
    return null;
  };
  return walk(d.panels);
}

export function variablesOf(d: Dashboard): DashboardVariable[] {
  return d.templating?.list ?? [];
}

export function variableSql(v: DashboardVariable): string | null {
  if (v.type !== 'query' || v.query === undefined) return null;
  return typeof v.query === 'string' ? v.query : (v.query.rawSql ?? null);
}

/** A custom variable's options ("4,5,8" or "label : value, …"), as Grafana splits them. */
export function customOptions(v: DashboardVariable): Array<{ text: string; value: string }> {
  const q = typeof v.query === 'string' ? v.query : '';
  const parts = q.match(/(?:\\,|[^,])+/g) ?? [];
  return parts.map((p) => {
    const text = p.trim().replace(/\\,/g, ',');
    const m = /^(.+?)\s:\s(.+)$/.exec(text);
    return m ? { text: m[1]!.trim(), value: m[2]!.trim() } : { text, value: text };
  });
}

/**
 * The values every variable takes for one request: the client's, else the dashboard's current
 * value. Refuses unknown names, wrong shapes, oversized values and custom values that are not
 * among the variable's options (400).
 */
export function resolveVariables(d: Dashboard, sent: unknown): VarValues {
  if (sent !== undefined && (typeof sent !== 'object' || sent === null || Array.isArray(sent))) {
    throw new DashboardInputError('vars must be an object of variable name → string or array of strings');
  }
  const given = (sent ?? {}) as Record<string, unknown>;
  const vars = variablesOf(d);
  const byName = new Map(vars.map((v) => [v.name, v]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) throw new DashboardInputError(`unknown variable "${name.slice(0, 100)}" for dashboard ${d.uid}`);
  }
  const out: VarValues = {};
  for (const v of vars) {
    const raw = Object.hasOwn(given, v.name) ? given[v.name] : undefined;
    let value: string | string[];
    if (raw === undefined) value = defaultValue(v);
    else if (typeof raw === 'string') value = v.multi ? [raw] : raw;
    else if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) {
      if (!v.multi && raw.length !== 1) throw new DashboardInputError(`variable ${v.name} takes one value`);
      value = v.multi ? (raw as string[]) : (raw[0] as string);
    } else throw new DashboardInputError(`variable ${v.name} must be a string or an array of strings`);
    const list = typeof value === 'string' ? [value] : value;
    if (list.length > MAX_VALUES) throw new DashboardInputError(`variable ${v.name}: more than ${MAX_VALUES} values`);
    if (list.some((x) => x.length > MAX_VALUE_LENGTH)) throw new DashboardInputError(`variable ${v.name}: a value is longer than ${MAX_VALUE_LENGTH} characters`);
    const isAll = list.length === 1 && list[0] === ALL;
    if (isAll && !v.includeAll && raw !== undefined) throw new DashboardInputError(`variable ${v.name} has no "All" option`);
    if (v.type === 'custom' && !isAll) {
      const allowed = new Set(customOptions(v).map((o) => o.value));
      for (const x of list) if (!allowed.has(x)) throw new DashboardInputError(`variable ${v.name}: "${x.slice(0, 100)}" is not one of its options (${[...allowed].join(', ')})`);
    }
    if (v.type === 'constant') value = typeof v.query === 'string' ? v.query : '';
    out[v.name] = value;
  }
  return out;
  function defaultValue(v: DashboardVariable): string | string[] {
    const cur = v.current?.value;
    if (cur === undefined) return v.multi ? [ALL] : '';
    return v.multi ? (Array.isArray(cur) ? cur : [cur]) : Array.isArray(cur) ? (cur[0] ?? '') : cur;
  }
}

export interface TimeRange {
  from: number;
  to: number;
}

/** from/to as ms epoch numbers (or numeric strings), from < to, within sane bounds. */
export function parseRange(body: Record<string, unknown>): TimeRange {
  const from = toMs(body.from, 'from');
  const to = toMs(body.to, 'to');
  if (from >= to) throw new DashboardInputError('from must be before to');
  return { from, to };
}

function toMs(v: unknown, name: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0 || n > 32503680000000) {
    throw new DashboardInputError(`${name} must be a time in milliseconds since the epoch`);
  }
  return Math.floor(n);
}

/** The interval Grafana would send with this panel's queries. */
export function panelIntervalMs(p: DashboardPanel | null, range: TimeRange, maxDataPoints: number | undefined): number {
  const points = maxDataPoints ?? p?.maxDataPoints ?? DEFAULT_MAX_DATA_POINTS;
  const low = p?.interval ? (parseIntervalMs(p.interval) ?? 1) : 1;
  return calculateIntervalMs(range.from, range.to, points, low);
}

/** A target's SQL expanded for execution by the server (strict: unsafe formats refused). */
export function expandTarget(sql: string, vars: VarValues, range: TimeRange, intervalMs: number): string {
  return expandQuery(sql, { from: new Date(range.from), to: new Date(range.to), intervalMs, variables: vars, strict: true });
}
