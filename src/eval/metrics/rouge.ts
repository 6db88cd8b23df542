/**
 * ROUGE as Google's rouge-score computes it (rouge/rouge_scorer.py, tokenize.py): lowercase, every
 * run of characters outside [a-z0-9] is a space, optional Porter stemming of tokens longer than 3
 * characters; ROUGE-N from clipped n-gram overlap, ROUGE-L from the longest common subsequence,
 * ROUGE-Lsum from the union LCS over newline-separated sentences. With several references the one
 * with the highest F1 is kept (score_multi). Values are 0–1.
 *
 * ROUGE-L is quadratic in the text length, so each side is capped at ROUGE_MAX_TOKENS tokens
 * (the result says when it was truncated).
 */
import { stemmer } from 'stemmer';

export const ROUGE_MAX_TOKENS = 4000;

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export type RougeType = 'rouge1' | 'rouge2' | 'rougeL' | 'rougeLsum';

const NON_ALNUM = /[^a-z0-9]+/g;

export function rougeTokenize(text: string, useStemmer: boolean): string[] {
  const out: string[] = [];
  for (const t of text.toLowerCase().replace(NON_ALNUM, ' ').split(/\s+/)) {
    if (!t) continue;
    out.push(useStemmer && t.length > 3 ? stemmer(t) : t);
  }
  return out;
}

function fmeasure(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

function ngrams(tokens: readonly string[], n: number): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const k = tokens.slice(i, i + n).join(' ');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

export function rougeN(target: readonly string[], prediction: readonly string[], n: number): RougeScore {
  const t = ngrams(target, n);
  const p = ngrams(prediction, n);
  let overlap = 0;
  let tCount = 0;
  let pCount = 0;
  for (const [k, c] of t) {
    overlap += Math.min(c, p.get(k) ?? 0);
    tCount += c;
  }
  for (const c of p.values()) pCount += c;
  const precision = overlap / Math.max(pCount, 1);
  const recall = overlap / Math.max(tCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence, two rows of memory. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

export function rougeL(target: readonly string[], prediction: readonly string[]): RougeScore {
  if (!target.length || !prediction.length) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(target, prediction);
  const precision = lcs / prediction.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Indices in `ref` of one LCS with `can` (rouge-score's non-recursive backtrack). */
function lcsIndices(ref: readonly string[], can: readonly string[]): number[] {
  const w = can.length + 1;
  const t = new Uint32Array((ref.length + 1) * w);
  for (let i = 1; i <= ref.length; i++)
    for (let j = 1; j <= can.length; j++) t[i * w + j] = ref[i - 1] === can[j - 1] ? t[(i - 1) * w + j - 1]! + 1 : Math.max(t[(i - 1) * w + j]!, t[i * w + j - 1]!);
  const out: number[] = [];
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.push(i - 1);
      i--;
      j--;
    } else if (t[i * w + j - 1]! > t[(i - 1) * w + j]!) j--;
    else i--;
  }
  return out.reverse();
}

export function rougeLsum(targetSents: readonly (readonly string[])[], predictionSents: readonly (readonly string[])[]): RougeScore {
  const zero = { precision: 0, recall: 0, fmeasure: 0 };
  if (!targetSents.length || !predictionSents.length) return zero;
  let m = 0;
  let n = 0;
  const refCounts = new Map<string, number>();
  const canCounts = new Map<string, number>();
  for (const s of targetSents) for (const t of s) (m++, refCounts.set(t, (refCounts.get(t) ?? 0) + 1));
  for (const s of predictionSents) for (const t of s) (n++, canCounts.set(t, (canCounts.get(t) ?? 0) + 1));
  if (!m || !n) return zero;
  let hits = 0;
  for (const r of targetSents) {
    const union = new Set<number>();
    for (const c of predictionSents) for (const i of lcsIndices(r, c)) union.add(i);
    for (const i of [...union].sort((a, b) => a - b)) {
      const tok = r[i]!;
      if ((canCounts.get(tok) ?? 0) > 0 && (refCounts.get(tok) ?? 0) > 0) {
        hits++;
        canCounts.set(tok, canCounts.get(tok)! - 1);
        refCounts.set(tok, refCounts.get(tok)! - 1);
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

export interface RougeOptions {
  useStemmer?: boolean;
}

function capped(tokens: string[]): { tokens: string[]; truncated: boolean } {
  return tokens.length > ROUGE_MAX_TOKENS ? { tokens: tokens.slice(0, ROUGE_MAX_TOKENS), truncated: true } : { tokens, truncated: false };
}

/** One ROUGE type of a prediction against one target (rouge-score's scorer.score(target, prediction)). */
export function rougeScore(type: RougeType, target: string, prediction: string, o: RougeOptions = {}): RougeScore & { truncated: boolean } {
  const stem = o.useStemmer ?? false;
  if (type === 'rougeLsum') {
    const sents = (s: string) => s.split('\n').filter((x) => x.length).map((x) => rougeTokenize(x, stem));
    let t = sents(target);
    let p = sents(prediction);
    const total = (x: string[][]) => x.reduce((a, s) => a + s.length, 0);
    const truncated = total(t) > ROUGE_MAX_TOKENS || total(p) > ROUGE_MAX_TOKENS;
    if (truncated) {
      const cut = (x: string[][]) => {
        let left = ROUGE_MAX_TOKENS;
        return x.map((s) => {
          const k = s.slice(0, Math.max(0, left));
          left -= k.length;
          return k;
        });
      };
      t = cut(t);
      p = cut(p);
    }
    return { ...rougeLsum(t, p), truncated };
  }
  const t = rougeTokenize(target, stem);
  const p = rougeTokenize(prediction, stem);
  if (type === 'rouge1') return { ...rougeN(t, p, 1), truncated: false };
  if (type === 'rouge2') return { ...rougeN(t, p, 2), truncated: false };
  const ct = capped(t);
  const cp = capped(p);
  return { ...rougeL(ct.tokens, cp.tokens), truncated: ct.truncated || cp.truncated };
}

/** Several references: the score with the highest F1 (rouge-score's score_multi). */
export function rougeMulti(type: RougeType, references: readonly string[], prediction: string, o: RougeOptions = {}): RougeScore & { truncated: boolean } {
  let best: (RougeScore & { truncated: boolean }) | null = null;
  for (const r of references) {
    const s = rougeScore(type, r, prediction, o);
    if (!best || s.fmeasure > best.fmeasure) best = s;
  }
  return best ?? { precision: 0, recall: 0, fmeasure: 0, truncated: false };
}
