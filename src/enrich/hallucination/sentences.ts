/** Sentence and clause segmentation over tokens (token index ranges, end exclusive). */
import { ABBREVIATIONS, CLAUSE_CONJUNCTIONS, CLAUSE_SUBJECTS } from './lexicon.ts';
import type { Token } from './tokenize.ts';

export interface Span {
  start: number;
  end: number;
}

const TERMINATORS = new Set(['.', '!', '?']);
const MIN_CLAUSE_WORDS = 3;
/**
 * A "sentence" longer than this is cut (real sentences rarely reach it): every check that compares a claim
 * with its aligned sentence is then bounded by a constant per sentence, whatever text arrives.
 */
export const MAX_SENTENCE_TOKENS = 80;

function endsSentence(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  if (!TERMINATORS.has(t.lower)) return false;
  const next = tokens[i + 1];
  if (!next) return true;
  if (t.lower !== '.') return next.kind !== 'punct' || !TERMINATORS.has(next.lower);
  const prev = tokens[i - 1];
  if (prev && prev.kind === 'word' && (prev.lower.length === 1 || ABBREVIATIONS.has(prev.lower))) return false;
  if (next.kind === 'punct' && (TERMINATORS.has(next.lower) || next.lower === ',' || next.lower === ')')) return false;
  return true;
}

/** Sentences: split after . ! ? (not after initials or abbreviations), at line breaks, and at MAX_SENTENCE_TOKENS. */
export function splitSentences(tokens: readonly Token[]): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (i > start && (tokens[i]!.newlineBefore || i - start >= MAX_SENTENCE_TOKENS)) {
      spans.push({ start, end: i });
      start = i;
    }
    if (endsSentence(tokens, i)) {
      spans.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < tokens.length) spans.push({ start, end: tokens.length });
  return spans;
}

function wordCount(tokens: readonly Token[], span: Span): number {
  let n = 0;
  for (let i = span.start; i < span.end; i++) if (tokens[i]!.kind !== 'punct') n++;
  return n;
}

/**
 * Claims: sentences further split into clauses at ; and : and at a comma followed by a conjunction or a
 * pronoun subject ("i love it, it is relaxing"). Short pieces stay attached to their neighbour.
 */
export function splitClaims(tokens: readonly Token[]): Span[] {
  const claims: Span[] = [];
  for (const sentence of splitSentences(tokens)) {
    let start = sentence.start;
    for (let i = sentence.start; i < sentence.end - 1; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'punct') continue;
      const next = tokens[i + 1]!;
      const cut =
        t.lower === ';' ||
        (t.lower === ':' && next.kind !== 'number') ||
        (t.lower === ',' && next.kind === 'word' && (CLAUSE_CONJUNCTIONS.has(next.lower) || CLAUSE_SUBJECTS.has(next.lower)));
      if (!cut) continue;
      const piece = { start, end: i + 1 };
      const rest = { start: i + 1, end: sentence.end };
      if (wordCount(tokens, piece) >= MIN_CLAUSE_WORDS && wordCount(tokens, rest) >= MIN_CLAUSE_WORDS) {
        claims.push(piece);
        start = i + 1;
      }
    }
    claims.push({ start, end: sentence.end });
  }
  return claims.filter((c) => wordCount(tokens, c) > 0);
}
