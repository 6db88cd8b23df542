/**
 * Seeded drift rows (the drift table as the drift job writes it) for the Drift dashboard tests:
 * hourly windows over the seeded range and a few hours before it, for every (service, model,
 * prompt, version) of the seeded calls, each with a subset of the features; some windows are
 * "computed again" (a newer row with another value replaces the first: FINAL must hide the old).
 * A stream of its own, so the other seeded values stay as they are.
 */
import { FEATURES } from '../../src/drift/features.ts';
import type { DriftRow } from '../../src/store/tables/drift.ts';
import { ANCHOR_MS, RANGE_FROM_MS, prng, type SeedCall } from './seed.ts';

const HOUR = 3600_000;

export interface SeedDrift {
  /** The rows that count (the newest version of each key). */
  current: DriftRow[];
  /** Older versions replaced by a newer computation of the same window. */
  superseded: DriftRow[];
}

export function driftRows(calls: readonly SeedCall[], seed: number): SeedDrift {
  const rand = prng(seed ^ 0xd71f7);
  const groups = [...new Map(calls.map((c) => [[c.service_name, c.request_model, c.prompt_name, c.prompt_version].join('|'), c])).values()];
  const current: DriftRow[] = [];
  const superseded: DriftRow[] = [];
  for (let start = RANGE_FROM_MS - 3 * HOUR; start + HOUR <= ANCHOR_MS + HOUR; start += HOUR) {
    for (const g of groups) {
      if (rand() < 0.3) continue; // too few calls in this window
      for (const f of FEATURES) {
        if (rand() < 0.25) continue; // feature not observed (no content, not scored)
        const ks = f.statistic === 'ks';
        const value = ks ? rand() * 0.3 : rand() * rand() * 0.8;
        const p = ks ? Math.pow(rand(), 4) : null;
        const threshold = ks ? 0.1 : 0.2;
        const row: DriftRow = {
          project_id: 'default',
          window_start: start,
          window_end: start + HOUR,
          reference_start: start - 7 * 24 * HOUR,
          service_name: g.service_name,
          request_model: g.request_model,
          prompt_name: g.prompt_name,
          prompt_version: g.prompt_version,
          feature: f.name,
          statistic: f.statistic,
          value,
          p_value: p,
          threshold,
          drifted: value >= threshold && (p === null || p < 0.01),
          recent_count: 30 + Math.floor(rand() * 300),
          reference_count: 1000 + Math.floor(rand() * 9000),
          recent_summary: rand(),
          reference_summary: rand(),
          detail: '{}',
          computed_at: start + HOUR + 60_000,
        };
        if (rand() < 0.05) {
          // computed twice: the first result is replaced by the second
          superseded.push({ ...row, value: row.value + 1, drifted: !row.drifted, computed_at: row.computed_at - 30_000 });
        }
        current.push(row);
      }
    }
  }
  return { current, superseded };
}
