/** Budget periods in UTC. `start` is inclusive, `end` exclusive (the start of the next period). */
import type { BudgetPeriod } from './budget-file.ts';

export interface PeriodBounds {
  start: Date;
  end: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export function periodBounds(period: BudgetPeriod, at: Date): PeriodBounds {
  const t = at.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  switch (period) {
    case 'hour': {
      const s = Math.floor(t / HOUR) * HOUR;
      return { start: new Date(s), end: new Date(s + HOUR) };
    }
    case 'day': {
      const s = Math.floor(t / DAY) * DAY;
      return { start: new Date(s), end: new Date(s + DAY) };
    }
    case 'week': {
      // ISO week: Monday 00:00 UTC. getUTCDay(): Sunday = 0 … Saturday = 6.
      const day = Math.floor(t / DAY) * DAY;
      const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
      const s = day - sinceMonday * DAY;
      return { start: new Date(s), end: new Date(s + 7 * DAY) };
    }
    case 'month': {
      const y = at.getUTCFullYear();
      const m = at.getUTCMonth();
      return { start: new Date(Date.UTC(y, m, 1)), end: new Date(Date.UTC(y, m + 1, 1)) };
    }
  }
}

/** The period before the one containing `at`. */
export function previousPeriod(period: BudgetPeriod, at: Date): PeriodBounds {
  return periodBounds(period, new Date(periodBounds(period, at).start.getTime() - 1));
}

/** Share of the period elapsed at `at`, in [0, 1]. */
export function elapsedShare(b: PeriodBounds, at: Date): number {
  const total = b.end.getTime() - b.start.getTime();
  return Math.min(1, Math.max(0, (at.getTime() - b.start.getTime()) / total));
}
