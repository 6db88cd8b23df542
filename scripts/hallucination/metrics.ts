/** Evaluation metrics: ROC-AUC with mid-ranks for ties, and pairwise accuracy. */

/** ROC-AUC of `scores` for labels 1 (positive) vs 0; tied scores get their mean rank. */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(scores.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = mid;
    i = j + 1;
  }
  let positives = 0;
  let rankSum = 0;
  labels.forEach((l, i) => {
    if (l === 1) {
      positives++;
      rankSum += ranks[i]!;
    }
  });
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface PairwiseResult {
  /** Share of pairs where the grounded text scored strictly lower. */
  accuracy: number;
  /** Share of exact ties (counted as failures in `accuracy`). */
  ties: number;
  n: number;
}

export function pairwise(grounded: readonly number[], hallucinated: readonly number[]): PairwiseResult {
  let wins = 0;
  let ties = 0;
  grounded.forEach((g, i) => {
    const h = hallucinated[i]!;
    if (g < h) wins++;
    else if (g === h) ties++;
  });
  const n = grounded.length;
  return { accuracy: n ? wins / n : Number.NaN, ties: n ? ties / n : Number.NaN, n };
}

/** Baseline from the SOURCE.txt files: 1 − share of answer tokens (lowercase, length ≥ 3) found in the context. */
export function overlapRisk(context: string, answer: string): number {
  const contextWords = new Set(context.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
  const words = answer.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  if (words.length === 0) return 0;
  let found = 0;
  for (const w of words) if (contextWords.has(w)) found++;
  return 1 - found / words.length;
}
