/**
 * The two drift statistics. Continuous features: the two-sample Kolmogorov-Smirnov statistic D
 * (largest gap between the two empirical CDFs, ties handled) with its asymptotic p-value. Binned
 * or categorical features: the population stability index over the union of categories, each
 * share smoothed with +0.5 per category so that a category missing on one side stays finite.
 * Both are O(n log n) / O(k) in the (fixed-size) samples and histograms they are given.
 */

export interface KsResult {
  d: number;
  p: number;
}

/** Two-sample KS on samples a, b (need not be sorted; not modified). */
export function ks(a: readonly number[], b: readonly number[]): KsResult {
  if (a.length === 0 || b.length === 0) return { d: 0, p: 1 };
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    // Step past every value equal to the smaller head on both sides, then compare the CDFs.
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return { d, p: ksPValue(d, x.length, y.length) };
}

/** Asymptotic two-sided p-value of D for sample sizes n, m (Stephens' small-sample correction). */
export function ksPValue(d: number, n: number, m: number): number {
  if (d <= 0) return 1;
  const en = Math.sqrt((n * m) / (n + m));
  return kolmogorovQ((en + 0.12 + 0.11 / en) * d);
}

/** Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²}, the Kolmogorov distribution's survival function. */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) <= 1e-10 * Math.abs(sum) || Math.abs(term) < 1e-300) return Math.min(1, Math.max(0, sum));
  }
  return Math.min(1, Math.max(0, sum));
}

export interface PsiResult {
  psi: number;
  /** Categories by how much they moved (|recent share − reference share|), largest first. */
  moved: Array<{ category: string; recent: number; reference: number }>;
}

/** PSI = Σ (r_i − e_i) · ln(r_i / e_i) over the union of categories, shares smoothed (+0.5 each). */
export function psi(recent: Readonly<Record<string, number>>, reference: Readonly<Record<string, number>>): PsiResult {
  const keys = [...new Set([...Object.keys(recent), ...Object.keys(reference)])];
  if (keys.length === 0) return { psi: 0, moved: [] };
  const total = (h: Readonly<Record<string, number>>) => keys.reduce((s, k) => s + (h[k] ?? 0), 0);
  const nr = total(recent) + 0.5 * keys.length;
  const ne = total(reference) + 0.5 * keys.length;
  let sum = 0;
  const moved: PsiResult['moved'] = [];
  for (const k of keys) {
    const r = ((recent[k] ?? 0) + 0.5) / nr;
    const e = ((reference[k] ?? 0) + 0.5) / ne;
    sum += (r - e) * Math.log(r / e);
    moved.push({ category: k, recent: r, reference: e });
  }
  moved.sort((a, b) => Math.abs(b.recent - b.reference) - Math.abs(a.recent - a.reference) || (a.category < b.category ? -1 : 1));
  return { psi: sum, moved };
}
