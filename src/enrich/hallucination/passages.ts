/**
 * Bounds on the text the groundedness checks look at, so that their cost does not depend on how long a
 * context or answer is. The answer is checked up to MAX_ANSWER_CHARS; a context longer than
 * MAX_CONTEXT_CHARS is cut into passages of a few sentences, and only the passages that share the most
 * (rarity-weighted) words with the answer and the question are kept, in their original order. Selection
 * is one pass over the context plus a sort of its passages: O(n log n) in the context length.
 */
import { rarity } from './rarity.ts';
import type { Token } from './tokenize.ts';

/** The answer is checked up to here (the rest is neither supported nor flagged; the explanation says so). */
export const MAX_ANSWER_CHARS = 4_000;
/** Selected context passages add up to at most this many characters. */
export const MAX_CONTEXT_CHARS = 8_000;
/** Only the start of a long question is used (it only helps to place short answers). */
export const MAX_QUESTION_CHARS = 1_000;

/** Passages end at a sentence end after MIN characters, or at a space (else anywhere) after MAX. */
const MIN_PASSAGE_CHARS = 200;
const MAX_PASSAGE_CHARS = 600;
/** Question words help choose passages, less than the answer's own words. */
const QUESTION_WEIGHT = 0.25;

export interface SelectedContext {
  text: string;
  /** Passages in the full context, and how many of them were kept (equal when nothing was cut). */
  passages: number;
  kept: number;
}

/** The first `limit` characters of a text, cut at a space when one is near the limit. */
export function head(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const space = text.lastIndexOf(' ', limit);
  return text.slice(0, space > limit - 200 ? space : limit);
}

/** Start offsets of the passages of a text (end of one = start of the next; the last ends at text.length). */
function passageStarts(text: string): number[] {
  const starts = [0];
  let start = 0;
  let lastSpace = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) lastSpace = i;
    const length = i + 1 - start;
    const sentenceEnd = c === 10 || ((c === 46 || c === 33 || c === 63) && (i + 1 === text.length || text.charCodeAt(i + 1) <= 32));
    if ((sentenceEnd && length >= MIN_PASSAGE_CHARS) || length >= MAX_PASSAGE_CHARS) {
      const cut = sentenceEnd || lastSpace <= start ? i + 1 : lastSpace + 1;
      if (cut < text.length) starts.push(cut);
      start = cut;
    }
  }
  return starts;
}

/** The comparison key of a word for passage selection: lower case, first five letters (a cheap stem). */
function probe(lowerWord: string): string {
  return /^[\d.,]+$/.test(lowerWord) ? lowerWord.replace(/,/g, '') : lowerWord.slice(0, 5);
}

const WORD_RE = /[\p{L}\p{N}]+(?:[.,]\d+)*/gu;

function addProbes(weights: Map<string, number>, tokens: readonly Token[], scale: number): void {
  for (const t of tokens) {
    if (t.kind === 'punct' || t.stop || t.neg) continue;
    const w = scale * (t.kind === 'word' ? rarity(t.key) : 1);
    for (const part of t.lower.match(WORD_RE) ?? []) {
      const p = probe(part);
      weights.set(p, Math.max(weights.get(p) ?? 0, w));
    }
  }
}

/** The context itself when it fits, else its passages most relevant to the answer (and question). */
export function selectContext(context: string, answer: readonly Token[], question: readonly Token[], budget = MAX_CONTEXT_CHARS): SelectedContext {
  if (context.length <= budget) return { text: context, passages: 1, kept: 1 };
  const weights = new Map<string, number>();
  addProbes(weights, question, QUESTION_WEIGHT);
  addProbes(weights, answer, 1);
  const starts = passageStarts(context);
  const ends = [...starts.slice(1), context.length];
  const scores = new Float64Array(starts.length);
  const lastSeen = new Map<string, number>(); // each word counts once per passage
  const lower = context.toLowerCase();
  let passage = 0;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(lower); m !== null; m = WORD_RE.exec(lower)) {
    while (m.index >= ends[passage]!) passage++;
    const p = probe(m[0]);
    const w = weights.get(p);
    if (w === undefined || lastSeen.get(p) === passage) continue;
    lastSeen.set(p, passage);
    scores[passage] = scores[passage]! + w;
  }
  const order = [...starts.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b);
  const kept: number[] = [];
  let used = 0;
  for (const i of order) {
    const length = ends[i]! - starts[i]! + 1;
    if (used + length > budget) continue;
    kept.push(i);
    used += length;
  }
  kept.sort((a, b) => a - b);
  const text = kept.map((i) => context.slice(starts[i], ends[i]).trim()).join('\n');
  return { text, passages: starts.length, kept: kept.length };
}
