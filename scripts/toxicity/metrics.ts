/** Evaluation metrics for binary scorers. */

/** ROC-AUC with tied scores given mid-ranks (Mann–Whitney U). */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanScore: number;
  meanTarget: number;
}

/** Reliability table over equal-width score bins, plus expected calibration error. */
export function calibration(scores: ArrayLike<number>, targets: ArrayLike<number>, bins = 10): { bins: CalibrationBin[]; ece: number } {
  const table: CalibrationBin[] = Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: 0,
    meanScore: 0,
    meanTarget: 0,
  }));
  for (let i = 0; i < scores.length; i++) {
    const bin = table[Math.min(bins - 1, Math.floor(scores[i]! * bins))]!;
    bin.count++;
    bin.meanScore += scores[i]!;
    bin.meanTarget += targets[i]!;
  }
  let ece = 0;
  for (const bin of table) {
    if (bin.count === 0) continue;
    bin.meanScore /= bin.count;
    bin.meanTarget /= bin.count;
    ece += (bin.count / scores.length) * Math.abs(bin.meanScore - bin.meanTarget);
  }
  return { bins: table, ece };
}
