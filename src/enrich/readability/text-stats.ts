/**
 * The text counts textstat's English formulas are built from, reproduced with textstat's
 * tokenisation rules: punctuation is deleted (not split on), so "singer-songwriter" is one
 * word; apostrophes survive only in contractions (it's, we'll); sentences are runs matched by
 * /\b[^.!?]+[.!?]*\/ and runs of two words or fewer don't count.
 */
import { EASY_POLYSYLLABIC_WORDS } from './easy-words.ts';
import { countWordSyllables } from './syllables.ts';

export interface TextStats {
  /** Words after punctuation removal (textstat count_words). */
  words: number;
  /** Whitespace-separated tokens, punctuation-only ones included (count_words rm_punctuation=False). */
  rawTokens: number;
  /** Non-whitespace characters (count_chars ignore_spaces=True). */
  chars: number;
  /** Word characters: letters, digits, underscore (count_letters). */
  letters: number;
  sentences: number;
  syllables: number;
  /** Words of three or more syllables (count_polysyllable_words). */
  polysyllables: number;
  /** Polysyllables not on the Dale–Chall familiar-word list (count_difficult_words, threshold 3). */
  difficultWords: number;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0x85 || (c >= 0x1c && c <= 0x1f);
}

/** Python's \w for one UTF-16 unit (ASCII fast path). */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return NON_ASCII_WORD.test(text[i]!);
}

/**
 * textstat keeps an apostrophe only before t, s, d (then a word boundary) or ve, ll, re
 * (then a boundary): the tail of a contraction. Case-sensitive, as in textstat.
 */
function keepsApostrophe(text: string, at: number, end: number): boolean {
  const boundaryAt = (i: number): boolean => i >= end || !isWordChar(text, i);
  const c1 = text.charCodeAt(at + 1);
  if ((c1 === 116 || c1 === 115 || c1 === 100) && at + 1 < end) return boundaryAt(at + 2);
  const two = text.slice(at + 1, at + 3);
  return (two === 've' || two === 'll' || two === 're') && boundaryAt(at + 3);
}

/**
 * Memo of word → syllables keyed by two independent 32-bit hashes of the lowercased word,
 * in flat typed arrays, so a repeated word costs no string allocation. Real traffic repeats
 * its vocabulary heavily; the table is wiped when it fills up.
 */
const CACHE_BITS = 16;
const CACHE_SLOTS = 1 << CACHE_BITS;
const cacheKeyA = new Int32Array(CACHE_SLOTS);
const cacheKeyB = new Int32Array(CACHE_SLOTS);
const cacheValue = new Int8Array(CACHE_SLOTS).fill(-1);
let cacheUsed = 0;

function cachedInfo(hashA: number, hashB: number): number {
  let slot = hashA & (CACHE_SLOTS - 1);
  for (;;) {
    const value = cacheValue[slot]!;
    if (value < 0) return -1;
    if (cacheKeyA[slot] === hashA && cacheKeyB[slot] === hashB) return value;
    slot = (slot + 1) & (CACHE_SLOTS - 1);
  }
}

/** Cached value: syllables (0–63) plus EASY_FLAG when the word is on the familiar-word list. */
const EASY_FLAG = 64;

function wordInfo(lower: string): number {
  return Math.min(63, countWordSyllables(lower)) | (EASY_POLYSYLLABIC_WORDS.has(lower) ? EASY_FLAG : 0);
}

function remember(hashA: number, hashB: number, info: number): void {
  if (cacheUsed >= CACHE_SLOTS / 2) {
    cacheValue.fill(-1);
    cacheUsed = 0;
  }
  let slot = hashA & (CACHE_SLOTS - 1);
  while (cacheValue[slot]! >= 0) slot = (slot + 1) & (CACHE_SLOTS - 1);
  cacheKeyA[slot] = hashA;
  cacheKeyB[slot] = hashB;
  cacheValue[slot] = info;
  cacheUsed++;
}

/** Words (textstat list_words, punctuation removed) in text[start..end). */
function countWordsIn(text: string, start: number, end: number): number {
  let words = 0;
  let i = start;
  while (i < end) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    let hasWord = false;
    while (i < end && !isSpace(text.charCodeAt(i))) {
      if (!hasWord) hasWord = isWordChar(text, i) || (text.charCodeAt(i) === 39 && keepsApostrophe(text, i, end));
      i++;
    }
    if (hasWord) words++;
  }
  return words;
}

const SENTENCE = /\b[^.!?]+[.!?]*/g;

function countSentences(text: string): number {
  if (text.length === 0) return 0;
  let sentences = 0;
  let ignored = 0;
  SENTENCE.lastIndex = 0;
  for (let m = SENTENCE.exec(text); m !== null; m = SENTENCE.exec(text)) {
    sentences++;
    if (countWordsIn(text, m.index, m.index + m[0].length) <= 2) ignored++;
  }
  return Math.max(1, sentences - ignored);
}

function cleanedWord(text: string, start: number, end: number): string {
  let word = '';
  for (let k = start; k < end; k++) {
    if (isWordChar(text, k) || (text.charCodeAt(k) === 39 && keepsApostrophe(text, k, end))) word += text[k];
  }
  return word;
}

export function textStats(text: string): TextStats {
  let words = 0;
  let rawTokens = 0;
  let chars = 0;
  let letters = 0;
  let syllables = 0;
  let polysyllables = 0;
  let difficultWords = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    rawTokens++;
    chars += i - start;
    // The cleaned word (word characters plus contraction apostrophes), hashed lowercase as we go.
    let hashA = 0x811c9dc5;
    let hashB = 0x2545f491;
    let kept = 0;
    let asciiOnly = true;
    for (let k = start; k < i; k++) {
      let c = text.charCodeAt(k);
      if (!(isWordChar(text, k) || (c === 39 && keepsApostrophe(text, k, i)))) continue;
      kept++;
      if (c !== 39) letters++;
      if (c >= 65 && c <= 90) c |= 32;
      else if (c >= 128) asciiOnly = false;
      hashA = Math.imul(hashA ^ c, 0x01000193);
      hashB = Math.imul(hashB ^ c, 0x5bd1e995) ^ (hashB >>> 15);
    }
    if (kept === 0) continue;
    words++;
    let info = asciiOnly ? cachedInfo(hashA, hashB) : -1;
    if (info < 0) {
      info = wordInfo(cleanedWord(text, start, i).toLowerCase());
      if (asciiOnly) remember(hashA, hashB, info);
    }
    const count = info & 63;
    syllables += count;
    if (count >= 3) {
      polysyllables++;
      if ((info & EASY_FLAG) === 0) difficultWords++;
    }
  }
  return { words, rawTokens, chars, letters, sentences: countSentences(text), syllables, polysyllables, difficultWords };
}
