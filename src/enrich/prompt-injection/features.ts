/**
 * Features of one text for the prompt-injection model. Every feature is a rate, a mean or a
 * presence flag — never a count that grows with length — because the training data's attacks are
 * much longer than its benign prompts and a length-sensitive model would learn length.
 *   dense:  phrase families (override / persona / extraction), obfuscations undone, adversarial-
 *           suffix signal (densest window of non-words and symbol clutter), mean word vector.
 *   hashed: word uni/bigrams and character 3–5-grams of the de-obfuscated text, mean-pooled.
 */
import { FNV_OFFSET, fnvStep, mix32 } from '../text/fnv.ts';
import { wordVectors, type WordVectors } from '../text/word-vectors.ts';
import { deobfuscate, type Deobfuscated } from './deobfuscate.ts';
import { matchPatterns, normalizeForPatterns, type PatternHit } from './patterns.ts';

export const SIGNAL_FEATURE_NAMES = [
  'override',
  'override_log',
  'persona',
  'persona_log',
  'extraction',
  'extraction_log',
  'base64',
  'homoglyphs',
  'spaced_letters',
  'leetspeak',
  'suffix_window',
  'nonword_rate',
  'symbol_rate',
  'question',
] as const;
export const VECTOR_FEATURES = 100;
export const DENSE_FEATURES = SIGNAL_FEATURE_NAMES.length + VECTOR_FEATURES;
/** The mean word vector is unit length; scaled so its components weigh like the flags. */
const VECTOR_SCALE = 3;
const SUFFIX_WINDOW = 12;

const SEED_UNIGRAM = 0x2545f491;
const SEED_BIGRAM = 0x9e3779b1;

export interface InjectionFeatures {
  dense: Float32Array;
  /** Hashed feature indices: words in [0, wordCount), character n-grams after. */
  indices: Int32Array;
  wordCount: number;
  charCount: number;
  patterns: PatternHit[];
  deobfuscated: Deobfuscated;
  /** Densest window share of non-words/symbol clutter (the adversarial-suffix signal). */
  suffixWindow: number;
  tokenCount: number;
}

const LETTERS = /^\p{L}+$/u;
const MAX_CLUTTER_TOKENS = 20_000;

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
/** Punctuation stripped from token edges: . , ; : ! ? " ' ( ) « » “ ” ‘ ’ */
function isEdgePunct(c: number): boolean {
  return c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 34 || c === 39 || c === 40 || c === 41 || c === 0xab || c === 0xbb || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019;
}
/** Symbol clutter of optimised suffixes: [ ] { } < > | \\ ^ ~ = * $ # @ _ */
function isClutter(c: number): boolean {
  return c === 91 || c === 93 || c === 123 || c === 125 || c === 60 || c === 62 || c === 124 || c === 92 || c === 94 || c === 126 || c === 61 || c === 42 || c === 36 || c === 35 || c === 64 || c === 95;
}
const QUESTION_START = /^\s*(?:what|how|why|who|when|where|which|is|are|can|could|does|do|should|was|wie|was|warum|wer|wann|wo|welche|kann|ist|sind)\b/i;

function isWordIn(vectors: WordVectors): (w: string) => boolean {
  return (w) => vectors.index(w) >= 0;
}

export class InjectionFeaturizer {
  readonly hashBits: number;
  private readonly shift: number;
  private readonly vectors = wordVectors();
  private readonly isWord = isWordIn(this.vectors);
  private indices = new Int32Array(4096);
  private readonly mean = new Float32Array(VECTOR_FEATURES);

  constructor(hashBits: number) {
    this.hashBits = hashBits;
    this.shift = 32 - hashBits;
  }

  /**
   * One pass over the whitespace tokens of the raw text: the share of symbol clutter, of letter
   * tokens that are not English words, and the densest SUFFIX_WINDOW-token window of either.
   */
  private clutter(text: string): { tokens: number; nonwords: number; symbols: number; bestWindow: number } {
    const vectors = this.vectors;
    const ring = new Uint8Array(SUFFIX_WINDOW);
    let tokens = 0;
    let nonwords = 0;
    let symbols = 0;
    let windowSum = 0;
    let bestWindow = 0;
    const n = text.length;
    let i = 0;
    while (i < n && tokens < MAX_CLUTTER_TOKENS) {
      while (i < n && isSpaceCode(text.charCodeAt(i))) i++;
      if (i >= n) break;
      const start = i;
      while (i < n && !isSpaceCode(text.charCodeAt(i))) i++;
      let a = start;
      let b = i;
      while (a < b && isEdgePunct(text.charCodeAt(a))) a++;
      while (b > a && isEdgePunct(text.charCodeAt(b - 1))) b--;
      let odd = 0;
      if (a === b) {
        if (i - start > 2) odd = 1;
      } else {
        let clutter = false;
        let asciiLetters = true;
        let nonAscii = false;
        for (let k = a; k < b; k++) {
          const c = text.charCodeAt(k);
          if (isClutter(c)) {
            clutter = true;
            break;
          }
          if (c >= 128) nonAscii = true;
          else if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122))) asciiLetters = false;
        }
        if (clutter) odd = 1;
        else if (b - a > 2 && asciiLetters) {
          const core = text.slice(a, b);
          if ((!nonAscii || LETTERS.test(core)) && vectors.index(core.toLowerCase()) < 0) odd = 2;
        }
      }
      if (odd === 1) symbols++;
      else if (odd === 2) nonwords++;
      const flag = odd > 0 ? 1 : 0;
      windowSum += flag - ring[tokens % SUFFIX_WINDOW]!;
      ring[tokens % SUFFIX_WINDOW] = flag;
      tokens++;
      bestWindow = Math.max(bestWindow, windowSum / SUFFIX_WINDOW);
    }
    return { tokens, nonwords, symbols, bestWindow };
  }

  extract(text: string): InjectionFeatures {
    const deob = deobfuscate(text, this.isWord);
    let normalized = normalizeForPatterns(deob.text);
    const { hits: patterns, mentions } = matchPatterns(normalized);
    // A quoted or asked-about attack phrase is not an attack: the model does not see it either.
    if (mentions.length) {
      let kept = '';
      let at = 0;
      for (const [start, end] of mentions.sort((x, y) => x[0] - y[0])) {
        if (start < at) continue;
        kept += normalized.slice(at, start) + ' ';
        at = end;
      }
      normalized = (kept + normalized.slice(at)).replace(/ {2,}/g, ' ');
    }
    const dense = new Float32Array(DENSE_FEATURES);
    for (const hit of patterns) {
      const k = hit.family === 'override' ? 0 : hit.family === 'persona' ? 2 : 4;
      dense[k] = 1;
      dense[k + 1] = Math.log1p(hit.count) - Math.log(2) + 1; // 1 for one hit, grows slowly
    }
    dense[6] = deob.base64 > 0 ? 1 : 0;
    dense[7] = deob.homoglyphs > 0 ? 1 : 0;
    dense[8] = deob.spacedLetters > 0 ? 1 : 0;
    dense[9] = deob.leetspeak > 0 ? 1 : 0;

    // Raw tokens (before de-obfuscation): adversarial suffixes are clutter in the text as sent.
    const { tokens, nonwords, symbols, bestWindow } = this.clutter(text);
    const vectors = this.vectors;
    dense[10] = bestWindow;
    dense[11] = tokens ? nonwords / tokens : 0;
    dense[12] = tokens ? symbols / tokens : 0;
    dense[13] = QUESTION_START.test(text) || /\?\s*$/.test(text) ? 1 : 0;

    // Hashed words and the mean word vector, over the de-obfuscated normalised words.
    const words = normalized.trim() === '' ? [] : normalized.trim().split(' ');
    const need = words.length * 2 + normalized.length * 3 + 8;
    if (this.indices.length < need) this.indices = new Int32Array(need * 2);
    const indices = this.indices;
    const shift = this.shift;
    const mean = this.mean.fill(0);
    let count = 0;
    let previous = 0;
    let weightSum = 0;
    for (let t = 0; t < words.length; t++) {
      const w = words[t]!;
      let h = FNV_OFFSET;
      for (let i = 0; i < w.length; i++) h = fnvStep(h, w.charCodeAt(i));
      indices[count++] = mix32(h ^ SEED_UNIGRAM) >>> shift;
      if (t > 0) indices[count++] = mix32(Math.imul(previous, SEED_BIGRAM) ^ h) >>> shift;
      previous = h;
      const row = vectors.index(w);
      if (row >= 0) {
        const weight = row / (row + 200); // frequent function words carry little meaning
        vectors.addTo(mean, row, weight);
        weightSum += weight;
      }
    }
    const wordCount = count;
    // Character 3–5-grams over the normalised text (spaces mark word edges).
    for (let i = 0; i + 3 <= normalized.length; i++) {
      let h = FNV_OFFSET;
      h = fnvStep(h, normalized.charCodeAt(i));
      h = fnvStep(h, normalized.charCodeAt(i + 1));
      h = fnvStep(h, normalized.charCodeAt(i + 2));
      indices[count++] = mix32(h) >>> shift;
      if (i + 4 > normalized.length) continue;
      h = fnvStep(h, normalized.charCodeAt(i + 3));
      indices[count++] = mix32(h) >>> shift;
      if (i + 5 > normalized.length) continue;
      h = fnvStep(h, normalized.charCodeAt(i + 4));
      indices[count++] = mix32(h) >>> shift;
    }
    if (weightSum > 0) {
      let norm = 0;
      for (let k = 0; k < VECTOR_FEATURES; k++) norm += mean[k]! * mean[k]!;
      norm = Math.sqrt(norm);
      if (norm > 0) for (let k = 0; k < VECTOR_FEATURES; k++) dense[SIGNAL_FEATURE_NAMES.length + k] = (mean[k]! / norm) * VECTOR_SCALE;
    }
    return {
      dense,
      indices,
      wordCount,
      charCount: count - wordCount,
      patterns,
      deobfuscated: deob,
      suffixWindow: bestWindow,
      tokenCount: words.length,
    };
  }
}
