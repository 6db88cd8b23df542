/**
 * BLEU as sacreBLEU computes it (sacrebleu/metrics/bleu.py): clipped n-gram counts against the
 * per-n-gram maximum over the references, brevity penalty from the closest reference length
 * (the shorter on a tie), smoothing exp (default) | floor | add-k | none, optional effective order,
 * and BLEU = 0 when no unigram matches at all (sacreBLEU issue #141). Scores are 0–100.
 * Corpus BLEU sums the statistics of every segment before the formula, as sacreBLEU does.
 */
import { pyRstrip, pySplit, sacrebleuTokenize, type BleuTokenizer } from './sacrebleu-tokenizers.ts';

export type BleuSmoothing = 'exp' | 'floor' | 'add-k' | 'none';

export interface BleuOptions {
  tokenize?: BleuTokenizer;
  lowercase?: boolean;
  smoothMethod?: BleuSmoothing;
  /** floor: default 0.1; add-k: default 1 */
  smoothValue?: number | null;
  effectiveOrder?: boolean;
  maxNgramOrder?: number;
}

const SMOOTH_DEFAULTS: Record<BleuSmoothing, number | null> = { exp: null, floor: 0.1, 'add-k': 1, none: null };

/** One segment's sufficient statistics: hypothesis and closest reference length, matches and totals per order. */
export interface BleuStats {
  sysLen: number;
  refLen: number;
  correct: number[];
  total: number[];
}

export interface BleuScore {
  score: number;
  bp: number;
  precisions: number[];
  sysLen: number;
  refLen: number;
  correct: number[];
  total: number[];
}

function preprocess(s: string, o: Required<Pick<BleuOptions, 'tokenize' | 'lowercase'>>): string[] {
  if (o.lowercase) s = s.toLowerCase();
  return pySplit(sacrebleuTokenize(pyRstrip(s), o.tokenize));
}

/** Word n-grams of orders 1..maxOrder with counts; key = the tokens joined by U+0001 (cannot occur inside a token). */
function ngramCounts(tokens: readonly string[], maxOrder: number): Map<string, { n: number; count: number }> {
  const m = new Map<string, { n: number; count: number }>();
  for (let i = 0; i < tokens.length; i++) {
    let key = '';
    for (let n = 1; n <= maxOrder && i + n <= tokens.length; n++) {
      key = n === 1 ? tokens[i]! : key + '\u0001' + tokens[i + n - 1]!;
      const e = m.get(key);
      if (e) e.count++;
      else m.set(key, { n, count: 1 });
    }
  }
  return m;
}

function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let refLen = -1;
  let closest = -1;
  for (const r of refLens) {
    const diff = Math.abs(hypLen - r);
    if (closest === -1 || diff < closest) {
      closest = diff;
      refLen = r;
    } else if (diff === closest && r < refLen) refLen = r;
  }
  return refLen;
}

export function bleuSegmentStats(hypothesis: string, references: readonly string[], o: BleuOptions = {}): BleuStats {
  const max = o.maxNgramOrder ?? 4;
  const pre = { tokenize: o.tokenize ?? '13a', lowercase: o.lowercase ?? false };
  const refMax = new Map<string, number>();
  const refLens: number[] = [];
  for (const ref of references) {
    const toks = preprocess(ref, pre);
    refLens.push(toks.length);
    for (const [k, v] of ngramCounts(toks, max)) if ((refMax.get(k) ?? 0) < v.count) refMax.set(k, v.count);
  }
  const hyp = preprocess(hypothesis, pre);
  const correct = new Array<number>(max).fill(0);
  const total = new Array<number>(max).fill(0);
  for (const [k, v] of ngramCounts(hyp, max)) {
    total[v.n - 1]! += v.count;
    const r = refMax.get(k);
    if (r !== undefined) correct[v.n - 1]! += Math.min(v.count, r);
  }
  return { sysLen: hyp.length, refLen: closestRefLen(hyp.length, refLens), correct, total };
}

function myLog(x: number): number {
  return x === 0 ? -9999999999 : Math.log(x);
}

/** sacreBLEU's BLEU.compute_bleu on summed statistics. */
export function bleuFromStats(stats: BleuStats, o: BleuOptions = {}): BleuScore {
  const method = o.smoothMethod ?? 'exp';
  const max = o.maxNgramOrder ?? stats.correct.length;
  const smoothValue = o.smoothValue ?? SMOOTH_DEFAULTS[method];
  const correct = [...stats.correct];
  const total = [...stats.total];
  const { sysLen, refLen } = stats;
  const bp = sysLen < refLen ? (sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0) : 1;
  const precisions = new Array<number>(max).fill(0);
  if (!correct.some((c) => c !== 0)) return { score: 0, bp, precisions, sysLen, refLen, correct, total };
  let smoothMteval = 1;
  let effOrder = max;
  for (let n = 1; n <= max; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1]! += smoothValue!;
      total[n - 1]! += smoothValue!;
    }
    if (total[n - 1] === 0) break;
    if (o.effectiveOrder) effOrder = n;
    if (correct[n - 1] === 0) {
      if (method === 'exp') {
        smoothMteval *= 2;
        precisions[n - 1] = 100 / (smoothMteval * total[n - 1]!);
      } else if (method === 'floor') precisions[n - 1] = (100 * smoothValue!) / total[n - 1]!;
    } else precisions[n - 1] = (100 * correct[n - 1]!) / total[n - 1]!;
  }
  let sum = 0;
  for (let i = 0; i < effOrder; i++) sum += myLog(precisions[i]!);
  return { score: bp * Math.exp(sum / effOrder), bp, precisions, sysLen, refLen, correct, total };
}

export function sumBleuStats(all: readonly BleuStats[], maxOrder = 4): BleuStats {
  const s: BleuStats = { sysLen: 0, refLen: 0, correct: new Array<number>(maxOrder).fill(0), total: new Array<number>(maxOrder).fill(0) };
  for (const x of all) {
    s.sysLen += x.sysLen;
    s.refLen += x.refLen;
    for (let i = 0; i < maxOrder; i++) {
      s.correct[i]! += x.correct[i]!;
      s.total[i]! += x.total[i]!;
    }
  }
  return s;
}

/** sacreBLEU sentence_score: effective order on by default, as sacreBLEU recommends for one sentence. */
export function sentenceBleu(hypothesis: string, references: readonly string[], o: BleuOptions = {}): BleuScore {
  const opts = { effectiveOrder: true, ...o };
  return bleuFromStats(bleuSegmentStats(hypothesis, references, opts), opts);
}

/** sacreBLEU corpus_score: hypotheses[i] against references[i] (alternatives of segment i). */
export function corpusBleu(hypotheses: readonly string[], references: readonly (readonly string[])[], o: BleuOptions = {}): BleuScore {
  const max = o.maxNgramOrder ?? 4;
  return bleuFromStats(sumBleuStats(hypotheses.map((h, i) => bleuSegmentStats(h, references[i] ?? [], o)), max), o);
}
