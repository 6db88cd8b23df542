/**
 * One drift computation: for every (project, service, model, prompt name, prompt version) with
 * enough calls in the recent window, each feature of src/drift/features.ts in the recent window
 * against the same group's reference window. ClickHouse does the reading: one grouped query
 * returns, per group and window, a fixed-size reservoir sample per continuous feature and a
 * histogram per categorical one; this module only compares those (bounded work per group).
 *
 * Bounds: at most maxGroups groups per project (the busiest in the recent window) and
 * MAX_GROUPS_TOTAL overall; the groups left out are counted (groupsCut) and logged by the job.
 * Groups are aggregated GROUP_CHUNK at a time, so the query's memory (reservoirs of
 * SAMPLE_SIZE × 8 bytes per continuous feature, group and window: ≈ 0.3 MB per group) stays under
 * ≈ 60 MB however many groups there are.
 */
import type { Store } from '../store/store.ts';
import type { DriftRow } from '../store/tables/drift.ts';
import { FEATURES, FEATURE_PARAMS, type Feature } from './features.ts';
import { ks, psi } from './stats.ts';

/** Reservoir size per continuous feature, group and window. */
export const SAMPLE_SIZE = 2000;
/** Groups compared per run across all projects, whatever maxGroups says. */
export const MAX_GROUPS_TOTAL = 5000;
/** Groups aggregated per query. */
export const GROUP_CHUNK = 200;
/** KS counts as drift only when also this unlikely under "same distribution". */
export const KS_ALPHA = 0.01;
/** PSI is computed only with at least this many observations per category on each side (its bias under no shift is ≈ (k−1)(1/n₁ + 1/n₂)). */
export const PSI_MIN_PER_CATEGORY = 20;

export interface DriftSettings {
  /** Recent window length (ms); windows are aligned to multiples of it since the epoch. */
  recentMs: number;
  /** Reference window length (ms), ending where the recent window starts. */
  referenceMs: number;
  psiThreshold: number;
  ksThreshold: number;
  /** Fewest observations of a feature in each window for it to be compared. */
  minCalls: number;
  /** Most groups compared per project per run. */
  maxGroups: number;
  /** Groups aggregated per query (default GROUP_CHUNK). */
  groupChunk?: number;
}

export interface DriftWindow {
  /** Unix ms. */
  start: number;
  end: number;
  referenceStart: number;
}

export interface DriftRun {
  window: DriftWindow;
  rows: DriftRow[];
  groups: number;
  /** Groups with enough recent calls that were not compared because of the caps. */
  groupsCut: number;
  /** Features not compared in some group for lack of observations. */
  featuresSkipped: number;
}

/** The last complete recent window before `nowMs`, and its reference window. */
export function windowAt(nowMs: number, s: Pick<DriftSettings, 'recentMs' | 'referenceMs'>): DriftWindow {
  const end = Math.floor(nowMs / s.recentMs) * s.recentMs;
  const start = end - s.recentMs;
  return { start, end, referenceStart: start - s.referenceMs };
}

const GROUP_COLS = ['project_id', 'service_name', 'request_model', 'prompt_name', 'prompt_version'] as const;
type GroupKey = Record<(typeof GROUP_COLS)[number], string>;

interface WindowAggregate extends GroupKey {
  recent: number;
  calls: number;
  [k: string]: unknown;
}

/** The groups of the recent window with at least minCalls calls, busiest first. */
function groupsSql(db: string): string {
  const cols = GROUP_COLS.join(', ');
  return (
    `SELECT ${cols}, count() AS n FROM ${db}.llm_calls ` +
    `WHERE timestamp >= fromUnixTimestamp64Milli({ws:Int64}) AND timestamp < fromUnixTimestamp64Milli({we:Int64}) ` +
    `GROUP BY ${cols} HAVING n >= {min_calls:UInt64}`
  );
}

/** The groups compared: busiest first, at most max_groups per project and MAX_GROUPS_TOTAL overall, in a fixed order. */
function keptSql(db: string): string {
  const cols = GROUP_COLS.join(', ');
  return `SELECT ${cols} FROM (${groupsSql(db)}) ORDER BY n DESC, ${cols} LIMIT {max_groups:UInt64} BY project_id LIMIT ${MAX_GROUPS_TOTAL}`;
}

function aggregateSql(db: string): string {
  const cols = GROUP_COLS.join(', ');
  const inner: string[] = [...GROUP_COLS, 'timestamp >= fromUnixTimestamp64Milli({ws:Int64}) AS recent'];
  const outer: string[] = [...GROUP_COLS, 'recent', 'count() AS calls'];
  FEATURES.forEach((f: Feature, i) => {
    if (f.statistic === 'ks') {
      inner.push(`${f.value} AS v${i}`, `toUInt8(${f.present}) AS p${i}`);
      outer.push(
        `groupArraySampleIf(${SAMPLE_SIZE}, ${i + 1})(v${i}, p${i} = 1) AS s${i}`,
        `countIf(p${i} = 1) AS n${i}`,
        `avgIf(v${i}, p${i} = 1) AS m${i}`,
      );
    } else {
      inner.push(`${f.categories} AS c${i}`);
      outer.push(`CAST(sumMap(c${i}, arrayMap(x -> toUInt64(1), c${i})), 'Map(String, UInt64)') AS h${i}`);
    }
  });
  return (
    `SELECT ${outer.join(',\n  ')}\nFROM (SELECT ${inner.join(',\n  ')}\n` +
    `  FROM ${db}.llm_calls\n` +
    `  WHERE timestamp >= fromUnixTimestamp64Milli({rs:Int64}) AND timestamp < fromUnixTimestamp64Milli({we:Int64})\n` +
    `    AND (${cols}) IN (SELECT * FROM (${keptSql(db)}) LIMIT {chunk:UInt64} OFFSET {offset:UInt64}))\n` +
    `GROUP BY ${cols}, recent`
  );
}

const keyOf = (g: GroupKey) => JSON.stringify(GROUP_COLS.map((c) => g[c]));

/** Computes drift for one window (nothing is written). */
export async function computeDrift(store: Store, database: string, s: DriftSettings, window: DriftWindow, computedAt = Date.now()): Promise<DriftRun> {
  const params = { ...FEATURE_PARAMS, ws: window.start, we: window.end, rs: window.referenceStart, min_calls: s.minCalls, max_groups: s.maxGroups };
  const [counted] = await store.query<{ eligible: number | string; kept: number | string }>(
    `SELECT (SELECT count() FROM (${groupsSql(database)})) AS eligible, (SELECT count() FROM (${keptSql(database)})) AS kept`,
    params,
  );
  const eligible = Number(counted?.eligible ?? 0);
  const kept = Number(counted?.kept ?? 0);
  if (eligible === 0) return { window, rows: [], groups: 0, groupsCut: 0, featuresSkipped: 0 };
  const rows: DriftRow[] = [];
  let skipped = 0;
  let compared = 0;
  // One chunk of groups at a time: its samples are compared and dropped before the next is read.
  const chunk = Math.max(1, s.groupChunk ?? GROUP_CHUNK);
  for (let offset = 0; offset < kept; offset += chunk) {
    const aggregates = await store.query<WindowAggregate>(aggregateSql(database), { ...params, chunk, offset });
    const pairs = new Map<string, { recent?: WindowAggregate; reference?: WindowAggregate }>();
    for (const a of aggregates) {
      const k = keyOf(a);
      const p = pairs.get(k) ?? {};
      if (Number(a.recent) === 1) p.recent = a;
      else p.reference = a;
      pairs.set(k, p);
    }
    for (const { recent, reference } of pairs.values()) {
      if (!recent) continue;
      compared++;
      FEATURES.forEach((f, i) => {
        const row = compareFeature(f, i, recent, reference, s);
        if (!row) {
          skipped++;
          return;
        }
        rows.push({
          project_id: recent.project_id,
          window_start: window.start,
          window_end: window.end,
          reference_start: window.referenceStart,
          service_name: recent.service_name,
          request_model: recent.request_model,
          prompt_name: recent.prompt_name,
          prompt_version: recent.prompt_version,
          feature: f.name,
          computed_at: computedAt,
          ...row,
        });
      });
    }
  }
  return { window, rows, groups: compared, groupsCut: Math.max(0, eligible - compared), featuresSkipped: skipped };
}

type Comparison = Pick<
  DriftRow,
  'statistic' | 'value' | 'p_value' | 'threshold' | 'drifted' | 'recent_count' | 'reference_count' | 'recent_summary' | 'reference_summary' | 'detail'
>;

function compareFeature(f: Feature, i: number, recent: WindowAggregate, reference: WindowAggregate | undefined, s: DriftSettings): Comparison | null {
  if (!reference) return null;
  if (f.statistic === 'ks') {
    const nr = Number(recent[`n${i}`]);
    const ne = Number(reference[`n${i}`]);
    if (nr < s.minCalls || ne < s.minCalls) return null;
    const a = (recent[`s${i}`] as unknown[]).map(Number);
    const b = (reference[`s${i}`] as unknown[]).map(Number);
    const r = ks(a, b);
    return {
      statistic: 'ks',
      value: r.d,
      p_value: r.p,
      threshold: s.ksThreshold,
      drifted: r.d >= s.ksThreshold && r.p < KS_ALPHA,
      recent_count: nr,
      reference_count: ne,
      recent_summary: Number(recent[`m${i}`]),
      reference_summary: Number(reference[`m${i}`]),
      detail: JSON.stringify({ recent_sample: a.length, reference_sample: b.length, alpha: KS_ALPHA }),
    };
  }
  const hr = histogram(recent[`h${i}`]);
  const he = histogram(reference[`h${i}`]);
  const nr = Object.values(hr).reduce((x, y) => x + y, 0);
  const ne = Object.values(he).reduce((x, y) => x + y, 0);
  const k = new Set([...Object.keys(hr), ...Object.keys(he)]).size;
  const need = Math.max(1, s.minCalls, PSI_MIN_PER_CATEGORY * k);
  if (nr < need || ne < need) return null;
  const r = psi(hr, he);
  const top = Object.entries(hr).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]!;
  return {
    statistic: 'psi',
    value: r.psi,
    p_value: null,
    threshold: s.psiThreshold,
    drifted: r.psi >= s.psiThreshold,
    recent_count: nr,
    reference_count: ne,
    recent_summary: top[1] / nr,
    reference_summary: (he[top[0]] ?? 0) / ne,
    detail: JSON.stringify({
      top_recent: top[0],
      moved: r.moved.slice(0, 5).map((m) => ({ category: m.category, recent: round(m.recent), reference: round(m.reference) })),
    }),
  };
}

function histogram(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (v && typeof v === 'object') for (const [k, n] of Object.entries(v as Record<string, unknown>)) out[k] = Number(n);
  return out;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
