/**
 * TER (translation edit rate) as sacreBLEU computes it (sacrebleu/metrics/ter.py, lib_ter.py, after
 * tercom): edits = word shifts + Levenshtein distance after the shifts, divided by the average
 * reference length; the reference with the fewest edits is kept. Shifts are searched greedily
 * like tercom: a shifted phrase is at most 10 words, moved at most 50 positions, at most 1000
 * candidate shifts per segment, and the Levenshtein matrix is computed in a beam of 25 around the
 * diagonal — so the cost of one segment is bounded by 1000 × length × 50 cell updates.
 * Defaults as sacreBLEU: case-insensitive, no normalisation, no punctuation removal.
 * Scores are 0–100 (TER can exceed 100).
 */
import { pyRstrip, pySplit } from './sacrebleu-tokenizers.ts';

const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const MAX_SHIFT_CANDIDATES = 1000;
const BEAM_WIDTH = 25;
const INF = 1e16;

// Edit operations, rewriting the hypothesis into the reference.
const NOP = 0;
const SUB = 1;
const INS = 2;
const DEL = 3;

/** Words of a segment TER looks at; longer hypotheses/references are cut here (the shift search stays bounded). */
export const TER_MAX_WORDS = 1000;

export interface TerOptions {
  caseSensitive?: boolean;
}

/** [edits, average reference length] of one segment. */
export type TerStats = [number, number];

/**
 * Beam-limited Levenshtein distance of a hypothesis word list to a fixed reference, with the
 * operation trace. Only the cells inside the beam are stored (row i keeps columns [lo_i, hi_i)),
 * so time and memory are O(hypothesis length × beam + reference length), not their product.
 */
function beamEditDistance(hyp: readonly number[], ref: readonly number[]): { distance: number; trace: number[] } {
  const nh = hyp.length;
  const nr = ref.length;
  const lengthRatio = nh ? nr / nh : 1;
  const beam = BEAM_WIDTH < lengthRatio / 2 ? Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
  const lo = new Int32Array(nh + 1);
  const hi = new Int32Array(nh + 1);
  const base = new Int32Array(nh + 2);
  hi[0] = nr + 1;
  base[1] = nr + 1;
  for (let i = 1; i <= nh; i++) {
    const diag = Math.floor(i * lengthRatio);
    lo[i] = Math.max(0, diag - beam);
    hi[i] = i === nh ? nr + 1 : Math.min(nr + 1, diag + beam);
    if (hi[i]! < lo[i]!) hi[i] = lo[i]!;
    base[i + 1] = base[i]! + hi[i]! - lo[i]!;
  }
  const cost = new Float64Array(base[nh + 1]!).fill(INF);
  const op = new Uint8Array(base[nh + 1]!);
  const at = (i: number, j: number): number => (j >= lo[i]! && j < hi[i]! ? cost[base[i]! + j - lo[i]!]! : INF);
  for (let j = 0; j <= nr; j++) {
    cost[j] = j;
    op[j] = INS;
  }
  for (let i = 1; i <= nh; i++) {
    for (let j = lo[i]!; j < hi[i]!; j++) {
      const k = base[i]! + j - lo[i]!;
      if (j === 0) {
        cost[k] = at(i - 1, 0) + 1;
        op[k] = DEL;
        continue;
      }
      const same = hyp[i - 1] === ref[j - 1];
      // tercom prefers match/substitution, then (in the flipped trace) insertion, then deletion
      let best = at(i - 1, j - 1) + (same ? 0 : 1);
      let bestOp = same ? NOP : SUB;
      const del = at(i - 1, j) + 1;
      if (del < best) {
        best = del;
        bestOp = DEL;
      }
      const ins = (j - 1 >= lo[i]! ? cost[k - 1]! : INF) + 1;
      if (ins < best) {
        best = ins;
        bestOp = INS;
      }
      if (best < cost[k]!) {
        cost[k] = best;
        op[k] = bestOp;
      }
    }
  }
  const trace: number[] = [];
  let i = nh;
  let j = nr;
  while (i > 0 || j > 0) {
    if (j < lo[i]! || j >= hi[i]!) throw new Error('TER: trace left the beam');
    const o = op[base[i]! + j - lo[i]!]!;
    trace.push(o);
    if (o === NOP || o === SUB) {
      i--;
      j--;
    } else if (o === INS) j--;
    else i--;
  }
  trace.reverse();
  return { distance: cost[base[nh]! + nr - lo[nh]!]!, trace };
}

/**
 * The same distance as beamEditDistance without the trace: two rolling rows over the beam, no
 * allocation per cell — what each candidate shift is scored with (the trace is needed only once per
 * round, for the alignment).
 */
function beamDistance(hyp: readonly number[], ref: readonly number[], rows: { a: Float64Array; b: Float64Array }): number {
  const nh = hyp.length;
  const nr = ref.length;
  if (rows.a.length < nr + 1) {
    rows.a = new Float64Array(nr + 1);
    rows.b = new Float64Array(nr + 1);
  }
  let prev = rows.a;
  let cur = rows.b;
  for (let j = 0; j <= nr; j++) prev[j] = j;
  let plo = 0;
  let phi = nr + 1;
  const lengthRatio = nh ? nr / nh : 1;
  const beam = BEAM_WIDTH < lengthRatio / 2 ? Math.ceil(lengthRatio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
  for (let i = 1; i <= nh; i++) {
    const diag = Math.floor(i * lengthRatio);
    const lo = Math.max(0, diag - beam);
    let hi = i === nh ? nr + 1 : Math.min(nr + 1, diag + beam);
    if (hi < lo) hi = lo;
    const w = hyp[i - 1];
    let left = INF; // cur[j - 1]
    for (let j = lo; j < hi; j++) {
      const up = j >= plo && j < phi ? prev[j]! : INF;
      if (j === 0) {
        left = cur[0] = up + 1;
        continue;
      }
      const upLeft = j - 1 >= plo && j - 1 < phi ? prev[j - 1]! : INF;
      let best = upLeft + (w === ref[j - 1] ? 0 : 1);
      if (up + 1 < best) best = up + 1;
      if (left + 1 < best) best = left + 1;
      left = cur[j] = best;
    }
    plo = lo;
    phi = hi;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return nh === 0 ? nr : prev[nr]!;
}

/** Alignment of reference positions to hypothesis positions from the flipped trace (reference rewritten into hypothesis). */
function traceToAlignment(inverseTrace: readonly number[]): { align: Map<number, number>; refErr: number[]; hypErr: number[] } {
  let posHyp = -1;
  let posRef = -1;
  const align = new Map<number, number>();
  const refErr: number[] = [];
  const hypErr: number[] = [];
  for (const inv of inverseTrace) {
    const o = inv === INS ? DEL : inv === DEL ? INS : inv; // flip
    if (o === NOP || o === SUB) {
      posHyp++;
      posRef++;
      align.set(posRef, posHyp);
      hypErr.push(o === SUB ? 1 : 0);
      refErr.push(o === SUB ? 1 : 0);
    } else if (o === INS) {
      posHyp++;
      hypErr.push(1);
    } else {
      posRef++;
      align.set(posRef, posHyp);
      refErr.push(1);
    }
  }
  return { align, refErr, hypErr };
}

function performShift(words: readonly number[], start: number, length: number, target: number): number[] {
  if (target < start) return [...words.slice(0, target), ...words.slice(start, start + length), ...words.slice(target, start), ...words.slice(start + length)];
  if (target > start + length) return [...words.slice(0, start), ...words.slice(start + length, target), ...words.slice(start, start + length), ...words.slice(target)];
  return [...words.slice(0, start), ...words.slice(start + length, length + target), ...words.slice(start, start + length), ...words.slice(length + target)];
}

function sum(a: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to && i < a.length; i++) s += a[i]!;
  return s;
}

interface Candidate {
  gain: number;
  length: number;
  startH: number;
  idx: number;
  words: number[];
}

/** tercom's ranking: largest gain, then longest, then earliest start, then earliest target. */
function better(a: Candidate, b: Candidate | null): boolean {
  if (!b) return true;
  if (a.gain !== b.gain) return a.gain > b.gain;
  if (a.length !== b.length) return a.length > b.length;
  if (a.startH !== b.startH) return a.startH < b.startH;
  if (a.idx !== b.idx) return a.idx < b.idx;
  // sacreBLEU's tuples would next compare the shifted word lists: equal here, the same shift
  return false;
}

function bestShift(hyp: readonly number[], ref: readonly number[], checked: number): { gain: number; words: readonly number[]; checked: number } {
  const { distance: pre, trace } = beamEditDistance(hyp, ref);
  const rows = { a: new Float64Array(ref.length + 1), b: new Float64Array(ref.length + 1) };
  const { align, refErr, hypErr } = traceToAlignment(trace);
  let best: Candidate | null = null;
  outer: for (let startH = 0; startH < hyp.length; startH++) {
    const fromR = Math.max(0, startH - MAX_SHIFT_DIST);
    const toR = Math.min(ref.length - 1, startH + MAX_SHIFT_DIST);
    for (let startR = fromR; startR <= toR; startR++) {
      for (let length = 1; length <= MAX_SHIFT_SIZE; length++) {
        if (startH + length > hyp.length || startR + length > ref.length) break;
        if (hyp[startH + length - 1] !== ref[startR + length - 1]) break;
        // only shift a phrase the hypothesis has wrong to where the reference is not matched
        if (sum(hypErr, startH, startH + length) !== 0 && sum(refErr, startR, startR + length) !== 0) {
          const a = align.get(startR);
          if (!(a !== undefined && startH <= a && a < startH + length)) {
            let prevIdx = -1;
            for (let offset = -1; offset < length; offset++) {
              let idx: number;
              if (startR + offset === -1) idx = 0;
              else if (align.has(startR + offset)) idx = align.get(startR + offset)! + 1;
              else break;
              if (idx === prevIdx) continue;
              prevIdx = idx;
              const shifted = performShift(hyp, startH, length, idx);
              const cand: Candidate = { gain: pre - beamDistance(shifted, ref, rows), length, startH, idx, words: shifted };
              checked++;
              if (better(cand, best)) best = cand;
            }
          }
        }
        if (checked >= MAX_SHIFT_CANDIDATES) break outer;
      }
    }
  }
  return best ? { gain: best.gain, words: best.words, checked } : { gain: 0, words: hyp, checked };
}

/** Edits needed to turn the hypothesis words into the reference words (shifts + edit distance). */
export function translationEditRate(hypWords: readonly string[], refWords: readonly string[]): number {
  if (refWords.length === 0) return hypWords.length;
  // Words as small integers: every comparison in the search is then an integer comparison.
  const ids = new Map<string, number>();
  const id = (w: string): number => {
    let v = ids.get(w);
    if (v === undefined) ids.set(w, (v = ids.size));
    return v;
  };
  const hyp = hypWords.map(id);
  const ref = refWords.map(id);
  let shifts = 0;
  let words: readonly number[] = hyp;
  let checked = 0;
  for (;;) {
    const r = bestShift(words, ref, checked);
    checked = r.checked;
    if (checked >= MAX_SHIFT_CANDIDATES || r.gain <= 0) break;
    shifts++;
    words = r.words;
  }
  return shifts + beamEditDistance(words, ref).distance;
}

function words(s: string, o: TerOptions): string[] {
  const t = pyRstrip(s);
  const w = pySplit(o.caseSensitive ? t : t.toLowerCase());
  return w.length > TER_MAX_WORDS ? w.slice(0, TER_MAX_WORDS) : w;
}

export function terSegmentStats(hypothesis: string, references: readonly string[], o: TerOptions = {}): TerStats {
  const h = words(hypothesis, o);
  let best = Infinity;
  let refLenSum = 0;
  for (const r of references) {
    const rw = words(r, o);
    refLenSum += rw.length;
    best = Math.min(best, translationEditRate(h, rw));
  }
  return [references.length ? best : h.length, references.length ? refLenSum / references.length : 0];
}

export function terFromStats([edits, refLen]: TerStats): number {
  if (refLen > 0) return (100 * edits) / refLen;
  return edits > 0 ? 100 : 0;
}

export function sentenceTer(hypothesis: string, references: readonly string[], o: TerOptions = {}): number {
  return terFromStats(terSegmentStats(hypothesis, references, o));
}

export function corpusTer(hypotheses: readonly string[], references: readonly (readonly string[])[], o: TerOptions = {}): number {
  let e = 0;
  let l = 0;
  hypotheses.forEach((h, i) => {
    const [a, b] = terSegmentStats(h, references[i] ?? [], o);
    e += a;
    l += b;
  });
  return terFromStats([e, l]);
}
