/** Lookup structures over a tokenized text (context or question): where each key occurs, by sentence. */
import { PROPER_NOUNS } from './common-words.ts';
import { isCommonWord } from './rarity.ts';
import { splitSentences, type Span } from './sentences.ts';
import { tokenize, type Token } from './tokenize.ts';

export interface TextIndex {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly sentences: readonly Span[];
  /** Token index → sentence index. */
  readonly sentenceOf: Int32Array;
  /** Match key → token indices. */
  readonly positions: ReadonlyMap<string, number[]>;
  /** First FUZZY_PREFIX characters of a word key → the word keys sharing them. */
  readonly byPrefix: ReadonlyMap<string, string[]>;
  /** Keys written with a capital letter where that marks a name (not just a sentence start). */
  readonly names: ReadonlySet<string>;
}

export const FUZZY_PREFIX = 5;

/** True when a capital letter on tokens[i] marks a name rather than a sentence start or shouting. */
export function looksLikeName(tokens: readonly Token[], i: number, sentenceStart: boolean, shouting: boolean): boolean {
  const t = tokens[i]!;
  if (!t.cap || shouting || t.stop || t.kind !== 'word') return false;
  return !sentenceStart || !isCommonWord(t.stem) || PROPER_NOUNS.has(t.lower);
}

/** Whether most letters are upper case (then capitals carry no information). */
export function isShouting(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  return upper > lower;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexText(text: string): TextIndex {
  const tokens = tokenize(text);
  const sentences = splitSentences(tokens);
  const sentenceOf = new Int32Array(tokens.length);
  const positions = new Map<string, number[]>();
  const byPrefix = new Map<string, string[]>();
  const names = new Set<string>();
  const shouting = isShouting(text);
  sentences.forEach((s, si) => {
    for (let i = s.start; i < s.end; i++) {
      sentenceOf[i] = si;
      const t = tokens[i]!;
      if (t.kind === 'punct') continue;
      const known = positions.get(t.key);
      if (known) known.push(i);
      else {
        positions.set(t.key, [i]);
        if (t.kind === 'word' && t.key.length >= FUZZY_PREFIX) push(byPrefix, t.key.slice(0, FUZZY_PREFIX), t.key);
      }
      if (t.altKeys) for (const k of t.altKeys) push(positions, k, i);
      if (looksLikeName(tokens, i, i === s.start, shouting)) names.add(t.key);
    }
  });
  return { text, tokens, sentences, sentenceOf, positions, byPrefix, names };
}

/** Context key that a claim word key matches by shared prefix ("popularizing" ~ "popular"), or null. */
export function fuzzyKey(index: TextIndex, key: string): string | null {
  if (key.length < FUZZY_PREFIX) return null;
  const candidates = index.byPrefix.get(key.slice(0, FUZZY_PREFIX));
  if (!candidates) return null;
  for (const c of candidates) {
    const shortest = Math.min(c.length, key.length);
    let shared = FUZZY_PREFIX;
    while (shared < shortest && c.charCodeAt(shared) === key.charCodeAt(shared)) shared++;
    if (shared >= shortest - 1) return c;
  }
  return null;
}

/** Index of the first entry >= value in an ascending list (list.length when none): positions are ascending. */
export function lowerBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The positions that fall in sentence `s` (a slice of the ascending list: O(log n), not a scan). */
export function positionsInSentence(index: TextIndex, positions: readonly number[], s: number): readonly number[] {
  const sentence = index.sentences[s]!;
  return positions.slice(lowerBound(positions, sentence.start), lowerBound(positions, sentence.end));
}

/** Whether any of the positions falls in sentence `s`. */
export function occursInSentence(index: TextIndex, positions: readonly number[], s: number): boolean {
  const sentence = index.sentences[s];
  if (!sentence) return false;
  const at = lowerBound(positions, sentence.start);
  return at < positions.length && positions[at]! < sentence.end;
}
