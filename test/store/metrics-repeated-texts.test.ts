/**
 * RepeatedTexts (otel_metrics_common.ts): the times and histogram bounds reused from one data point
 * to the next are the texts float64Array / toString give, and change as soon as a value does —
 * including 0 vs -0 and NaN, which === would get wrong.
 */
import { describe, expect, it } from 'vitest';
import { RepeatedTexts, float64Array } from '../../src/store/tables/otel_metrics_common.ts';

describe('RepeatedTexts', () => {
  it('renders each bounds array as float64Array does, however they follow each other', () => {
    const seq: number[][] = [[1, 2], [1, 2], [1, 2, 3], [0], [-0], [-0], [0], [Number.NaN], [Number.NaN], [Infinity], [-Infinity], [], [], [1e21, 5e-324], [1e21, 5e-324]];
    const texts = new RepeatedTexts();
    expect(seq.map((b) => texts.bounds(b))).toEqual(seq.map((b) => float64Array(b)));
    expect(texts.bounds([-0])).toBe('[-0]');
    expect(texts.bounds([0])).toBe('[0]');
  });

  it('renders the start and end times of each point, reusing them only while they repeat', () => {
    const texts = new RepeatedTexts();
    const pairs: Array<[bigint, bigint]> = [
      [0n, 1n],
      [0n, 1n],
      [0n, 2n],
      [5n, 2n],
      [18446744073709551615n, 18446744073709551615n],
      [0n, 0n],
    ];
    for (const [s, t] of pairs) expect(texts.times(s, t)).toBe(`,"StartTimeUnix":${s},"TimeUnix":${t}`);
  });
});
