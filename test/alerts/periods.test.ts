import { describe, expect, it } from 'vitest';
import { elapsedShare, periodBounds, previousPeriod } from '../../src/alerts/periods.ts';

const iso = (b: { start: Date; end: Date }) => [b.start.toISOString(), b.end.toISOString()];

describe('UTC budget periods', () => {
  it('hour', () => {
    expect(iso(periodBounds('hour', new Date('2025-03-09T14:59:59.999Z')))).toEqual(['2025-03-09T14:00:00.000Z', '2025-03-09T15:00:00.000Z']);
    expect(iso(periodBounds('hour', new Date('2025-03-09T15:00:00.000Z')))).toEqual(['2025-03-09T15:00:00.000Z', '2025-03-09T16:00:00.000Z']);
    expect(iso(periodBounds('hour', new Date('2025-12-31T23:30:00Z')))).toEqual(['2025-12-31T23:00:00.000Z', '2026-01-01T00:00:00.000Z']);
  });

  it('day is UTC, whatever the local zone', () => {
    expect(iso(periodBounds('day', new Date('2025-06-15T00:00:00Z')))).toEqual(['2025-06-15T00:00:00.000Z', '2025-06-16T00:00:00.000Z']);
    expect(iso(periodBounds('day', new Date('2025-06-15T23:59:59.999Z')))).toEqual(['2025-06-15T00:00:00.000Z', '2025-06-16T00:00:00.000Z']);
    // 01:30 at +05:00 is still the previous UTC day.
    expect(iso(periodBounds('day', new Date('2025-06-16T01:30:00+05:00')))).toEqual(['2025-06-15T00:00:00.000Z', '2025-06-16T00:00:00.000Z']);
  });

  it('week starts Monday 00:00 UTC (ISO week)', () => {
    const week = ['2025-06-09T00:00:00.000Z', '2025-06-16T00:00:00.000Z']; // Mon 9 June … Mon 16 June
    expect(new Date(week[0]!).getUTCDay()).toBe(1);
    expect(iso(periodBounds('week', new Date('2025-06-09T00:00:00Z')))).toEqual(week); // Monday
    expect(iso(periodBounds('week', new Date('2025-06-11T12:00:00Z')))).toEqual(week); // Wednesday
    expect(iso(periodBounds('week', new Date('2025-06-15T23:59:59.999Z')))).toEqual(week); // Sunday, last ms
    expect(iso(periodBounds('week', new Date('2025-06-16T00:00:00Z')))).toEqual(['2025-06-16T00:00:00.000Z', '2025-06-23T00:00:00.000Z']);
    // A week across a year boundary: Mon 29 Dec 2025 … Mon 5 Jan 2026.
    expect(iso(periodBounds('week', new Date('2026-01-01T08:00:00Z')))).toEqual(['2025-12-29T00:00:00.000Z', '2026-01-05T00:00:00.000Z']);
  });

  it('month, including February in leap and common years and 30/31-day months', () => {
    expect(iso(periodBounds('month', new Date('2024-02-29T23:59:59.999Z')))).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(iso(periodBounds('month', new Date('2024-03-01T00:00:00Z')))).toEqual(['2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z']);
    expect(iso(periodBounds('month', new Date('2025-02-28T12:00:00Z')))).toEqual(['2025-02-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z']);
    expect(iso(periodBounds('month', new Date('2025-04-30T23:59:59Z')))).toEqual(['2025-04-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z']);
    expect(iso(periodBounds('month', new Date('2025-12-31T23:59:59Z')))).toEqual(['2025-12-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    const feb2024 = periodBounds('month', new Date('2024-02-10T00:00:00Z'));
    expect((feb2024.end.getTime() - feb2024.start.getTime()) / 86_400_000).toBe(29);
    const feb2025 = periodBounds('month', new Date('2025-02-10T00:00:00Z'));
    expect((feb2025.end.getTime() - feb2025.start.getTime()) / 86_400_000).toBe(28);
  });

  it('previous period and elapsed share', () => {
    expect(iso(previousPeriod('month', new Date('2024-03-01T00:00:10Z')))).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
    expect(iso(previousPeriod('week', new Date('2025-06-16T00:01:00Z')))).toEqual(['2025-06-09T00:00:00.000Z', '2025-06-16T00:00:00.000Z']);
    expect(iso(previousPeriod('day', new Date('2025-01-01T00:00:00Z')))).toEqual(['2024-12-31T00:00:00.000Z', '2025-01-01T00:00:00.000Z']);
    const day = periodBounds('day', new Date('2025-06-15T06:00:00Z'));
    expect(elapsedShare(day, new Date('2025-06-15T06:00:00Z'))).toBe(0.25);
    expect(elapsedShare(day, new Date('2025-06-15T00:00:00Z'))).toBe(0);
    expect(elapsedShare(day, new Date('2025-06-17T00:00:00Z'))).toBe(1);
  });
});
