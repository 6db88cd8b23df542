/** Ranking and calibration metrics for the scorer evaluations. */
import { calibration } from '../toxicity/metrics.ts';
import { mulberry32 } from './logistic.ts';
export { calibration, rocAuc } from '../toxicity/metrics.ts';

/**
 * What binned ECE a perfectly calibrated scorer would show on these scores: labels drawn as
 * Bernoulli(score), `draws` times (deterministic seed). On a small set the estimate itself is noisy
 * and biased upwards, so an observed ECE is read against this reference: `pAtLeast` is the share
 * of draws whose ECE is at least `observed` (small = real miscalibration, not sampling noise).
 */
export function eceUnderPerfectCalibration(scores: readonly number[], observed: number, draws = 2000, seed = 20261205): { mean: number; p90: number; pAtLeast: number } {
  const rand = mulberry32(seed);
  const eces: number[] = [];
  const labels = new Array<number>(scores.length);
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < scores.length; i++) labels[i] = rand() < scores[i]! ? 1 : 0;
    eces.push(calibration(scores, labels).ece);
  }
  eces.sort((a, b) => a - b);
  return {
    mean: eces.reduce((s, e) => s + e, 0) / draws,
    p90: eces[Math.floor(0.9 * draws)]!,
    pAtLeast: eces.filter((e) => e >= observed).length / draws,
  };
}

/**
 * Binned ECE a perfectly calibrated scorer would show on a set of `size` rows whose scores follow
 * `scores` (rows drawn with replacement, labels Bernoulli(score)), averaged over `draws`
 * (deterministic seed): the sampling-noise floor of ECE at that set size for that sharpness.
 */
export function expectedEceAtSize(scores: readonly number[], size: number, draws = 2000, seed = 20261205): number {
  const rand = mulberry32(seed);
  const picked = new Array<number>(size);
  const labels = new Array<number>(size);
  let sum = 0;
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < size; i++) {
      picked[i] = scores[Math.floor(rand() * scores.length)]!;
      labels[i] = rand() < picked[i]! ? 1 : 0;
    }
    sum += calibration(picked, labels).ece;
  }
  return sum / draws;
}

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
