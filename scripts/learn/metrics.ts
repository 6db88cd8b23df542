/** Ranking and calibration metrics for the scorer evaluations. */
export { calibration, rocAuc } from '../toxicity/metrics.ts';

/** Mean reciprocal rank of the first relevant item per group (groups with no relevant item skipped). */
export function meanReciprocalRank(groups: ReadonlyArray<ReadonlyArray<{ score: number; label: number }>>): number {
  let sum = 0;
  let n = 0;
  for (const group of groups) {
    if (!group.some((g) => g.label === 1)) continue;
    const sorted = [...group].sort((a, b) => b.score - a.score);
    // Ties broken pessimistically: a relevant item shares its rank with every equal-scoring item.
    const firstRelevant = sorted.findIndex((g) => g.label === 1);
    const score = sorted[firstRelevant]!.score;
    const rank = sorted.filter((g) => g.score > score || (g.score === score && g.label === 0)).length + 1;
    sum += 1 / rank;
    n++;
  }
  return n ? sum / n : Number.NaN;
}

/** Quantile boundaries (q1, q2, q3) of a list of numbers. */
export function quartiles(values: readonly number[]): [number, number, number] {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return [at(0.25), at(0.5), at(0.75)];
}
