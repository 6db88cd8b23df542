/**
 * chrF as sacreBLEU computes it (sacrebleu/metrics/chrf.py; Popović 2015): character n-grams of
 * orders 1..charOrder (whitespace removed unless `whitespace`), per order hypothesis / reference /
 * matched counts; the reference with the best segment F is kept; corpus chrF sums the segment
 * statistics. Default eps_smoothing = false: precision and recall averaged over the orders both
 * sides have, then F-beta; eps_smoothing = true: the mean of the per-order F-beta with 1e-16 for
 * empty orders (chrF++.py). β = 2 and charOrder = 6 by default. Word n-grams (chrF++) are not
 * implemented: wordOrder is 0. Scores are 0–100.
 */
import { pySplit } from './sacrebleu-tokenizers.ts';

export interface ChrfOptions {
  charOrder?: number;
  beta?: number;
  lowercase?: boolean;
  /** keep whitespace inside the character n-grams */
  whitespace?: boolean;
  epsSmoothing?: boolean;
}

/** Per order: [hyp n-grams, ref n-grams, matched], flattened. */
export type ChrfStats = number[];

function charNgrams(text: string, order: number, whitespace: boolean): Map<string, number>[] {
  const str = whitespace ? text : pySplit(text).join('');
  const out: Map<string, number>[] = [];
  for (let n = 1; n <= order; n++) out.push(new Map<string, number>());
  // Characters are code points (as in Python); without surrogate pairs a code unit is one.
  const units = /[\uD800-\uDFFF]/.test(str) ? null : str;
  const chars = units === null ? Array.from(str) : null;
  const len = units === null ? chars!.length : units.length;
  for (let n = 1; n <= order; n++) {
    const m = out[n - 1]!;
    for (let i = 0; i + n <= len; i++) {
      const k = units !== null ? units.slice(i, i + n) : chars!.slice(i, i + n).join('');
      m.set(k, (m.get(k) ?? 0) + 1);
    }
  }
  return out;
}

function matchStats(hyp: Map<string, number>, ref: Map<string, number>): [number, number, number] {
  let hypCount = 0;
  let match = 0;
  for (const [k, c] of hyp) {
    hypCount += c;
    const r = ref.get(k);
    if (r !== undefined) match += Math.min(c, r);
  }
  let refCount = 0;
  for (const c of ref.values()) refCount += c;
  return [hypCount, refCount, match];
}

export function chrfFromStats(stats: ChrfStats, o: ChrfOptions = {}): number {
  const order = stats.length / 3;
  const factor = (o.beta ?? 2) ** 2;
  const eps = 1e-16;
  let score = 0;
  let effectiveOrder = 0;
  let avgPrec = 0;
  let avgRec = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i]!;
    const nRef = stats[3 * i + 1]!;
    const nMatch = stats[3 * i + 2]!;
    const prec = nHyp > 0 ? nMatch / nHyp : eps;
    const rec = nRef > 0 ? nMatch / nRef : eps;
    const denom = factor * prec + rec;
    score += denom > 0 ? ((1 + factor) * prec * rec) / denom : eps;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += prec;
      avgRec += rec;
      effectiveOrder++;
    }
  }
  if (o.epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) return 0;
  avgPrec /= effectiveOrder;
  avgRec /= effectiveOrder;
  if (avgPrec + avgRec === 0) return 0;
  return (100 * (1 + factor) * avgPrec * avgRec) / (factor * avgPrec + avgRec);
}

/** The statistics of the reference with the highest chrF (the first on a tie; zeros when none scores). */
export function chrfSegmentStats(hypothesis: string, references: readonly string[], o: ChrfOptions = {}): ChrfStats {
  const order = o.charOrder ?? 6;
  const ws = o.whitespace ?? false;
  const prep = (s: string) => (o.lowercase ? s.toLowerCase() : s);
  const hyp = charNgrams(prep(hypothesis), order, ws);
  let best = -1;
  let bestStats: ChrfStats = new Array<number>(3 * order).fill(0);
  for (const ref of references) {
    const r = charNgrams(prep(ref), order, ws);
    const stats: ChrfStats = [];
    for (let n = 0; n < order; n++) stats.push(...matchStats(hyp[n]!, r[n]!));
    const f = chrfFromStats(stats, o);
    if (f > best) {
      best = f;
      bestStats = stats;
    }
  }
  return bestStats;
}

export function sentenceChrf(hypothesis: string, references: readonly string[], o: ChrfOptions = {}): number {
  return chrfFromStats(chrfSegmentStats(hypothesis, references, o), o);
}

export function corpusChrf(hypotheses: readonly string[], references: readonly (readonly string[])[], o: ChrfOptions = {}): number {
  const order = o.charOrder ?? 6;
  const sum = new Array<number>(3 * order).fill(0);
  hypotheses.forEach((h, i) => {
    const s = chrfSegmentStats(h, references[i] ?? [], o);
    for (let k = 0; k < sum.length; k++) sum[k]! += s[k]!;
  });
  return chrfFromStats(sum, o);
}
