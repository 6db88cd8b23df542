/**
 * Text normalisation for the toxicity model, built for adversarial spellings:
 * casing, repeated letters (fuuuuck), leetspeak (sh1t, @ss, $hit), masked profanity
 * (f*ck, f**k, s#it, b!tch) and spaced-out letters (f u c k, f.u.c.k).
 * Works on reusable code-unit buffers so the hot path allocates no per-token strings.
 */
import { FNV_OFFSET, fnvStep } from '../text/fnv.ts';
import {
  LEX_INSULT,
  LEX_PROFANITY,
  LEX_SECOND_PERSON,
  LEX_SLUR,
  MASK,
  lexiconFlagsByHash,
  resolveMasked,
} from './lexicon.ts';

const SPACE = 32;
const AT = 64;
const DOLLAR = 36;
const BANG = 33;
const PIPE = 124;
const AMP = 38;
const SEMI = 59;
const HASH = 35;

/** Digit → letter for leetspeak, indexed by digit value; 0 = not a leet digit. */
const LEET_DIGIT = [111, 105, 0, 101, 97, 115, 0, 116, 0, 0]; // 0→o 1→i 3→e 4→a 5→s 7→t

function isLetter(c: number): boolean {
  if (c >= 97 && c <= 122) return true;
  if (c < 0xc0) return false;
  if (c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  if (c >= 0x370 && c < 0x2000) return true; // Greek, Cyrillic, … scripts
  return c >= 0x3040 && c < 0xd800; // CJK and friends; stops before surrogates (emoji)
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLeetSymbol(c: number): boolean {
  return c === AT || c === DOLLAR || c === BANG || c === PIPE;
}

function isMask(c: number): boolean {
  return c === 42 || c === HASH || c === 37 || c === 94; // * # % ^
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018 || c === 96;
}

function isSpace(c: number): boolean {
  return c === SPACE || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000;
}

/** Counts of lexicon hits gathered while normalising. */
export interface LexiconStats {
  profanity: number;
  insult: number;
  slur: number;
  /** Hits within three tokens of a second-person word ("you idiot", "fuck you"). */
  directed: number;
}

export class ToxicityNormalizer {
  /** Normalised text: tokens separated by one space, no leading or trailing space. */
  codes = new Uint16Array(1024);
  length = 0;
  tokenCount = 0;
  tokenStart = new Int32Array(256);
  tokenEnd = new Int32Array(256);
  /** Raw FNV-1a hash of each token (unseeded), reused for word features. */
  tokenHash = new Uint32Array(256);
  readonly stats: LexiconStats = { profanity: 0, insult: 0, slur: 0, directed: 0 };

  // Phase-1 words (leet-mapped, masks resolved, not yet collapsed or joined).
  private words = new Uint16Array(1024);
  private wordsLength = 0;
  private wordCount = 0;
  private wordStart = new Int32Array(256);
  private wordEnd = new Int32Array(256);
  private piece = new Uint16Array(256);
  private scratch = new Uint16Array(256);
  private lastSecondPerson = -100;
  private lastHit = -100;

  normalize(text: string): this {
    const lower = text.toLowerCase();
    this.ensureCapacity(lower.length);
    this.wordsLength = 0;
    this.wordCount = 0;
    const n = lower.length;
    let i = 0;
    while (i < n) {
      while (i < n && isSpace(lower.charCodeAt(i))) i++;
      let j = i;
      while (j < n && !isSpace(lower.charCodeAt(j))) j++;
      if (j > i) this.rawToken(lower, i, j);
      i = j;
    }
    this.finish();
    return this;
  }

  toString(): string {
    let out = '';
    for (let i = 0; i < this.length; i += 4096) {
      out += String.fromCharCode.apply(null, Array.from(this.codes.subarray(i, Math.min(this.length, i + 4096))));
    }
    return out;
  }

  private ensureCapacity(inputLength: number): void {
    const need = inputLength * 2 + 16;
    if (this.codes.length < need) this.codes = new Uint16Array(need);
    if (this.words.length < need) this.words = new Uint16Array(need);
    if (this.piece.length < need) this.piece = new Uint16Array(need);
    if (this.scratch.length < need) this.scratch = new Uint16Array(need);
    const tokens = inputLength + 8;
    if (this.wordStart.length < tokens) {
      this.wordStart = new Int32Array(tokens);
      this.wordEnd = new Int32Array(tokens);
      this.tokenStart = new Int32Array(tokens);
      this.tokenEnd = new Int32Array(tokens);
      this.tokenHash = new Uint32Array(tokens);
    }
  }

  /** One whitespace-delimited token of the lowercased input. */
  private rawToken(s: string, start: number, end: number): void {
    if (isUrl(s, start, end)) return;
    const piece = this.piece;
    let length = 0;
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c === AMP) {
        const entityEnd = htmlEntityEnd(s, k, end);
        if (entityEnd > 0) {
          this.subToken(length);
          length = 0;
          k = entityEnd; // skip '&…;' (Davidson keeps &amp; and &#128514; undecoded)
          continue;
        }
      }
      if (isLetter(c) || isDigit(c) || isLeetSymbol(c) || isMask(c)) piece[length++] = c;
      else if (isApostrophe(c)) continue; // don't → dont
      else {
        this.subToken(length);
        length = 0;
      }
    }
    this.subToken(length);
  }

  /** A run of letters, digits, leet symbols and masks held in `piece[0..length)`. */
  private subToken(length: number): void {
    const s = this.piece;
    let start = 0;
    let end = length;
    let leadingMask = false;
    while (start < end && (isMask(s[start]!) || s[start] === BANG || s[start] === PIPE)) {
      if (isMask(s[start]!)) leadingMask = true; // markdown/hashtag, not a mask: *it*, **bold**, #tag
      start++;
    }
    while (end > start && (s[end - 1] === BANG || s[end - 1] === PIPE)) end--;
    if (start === end) return;

    let letters = 0;
    for (let p = start; p < end; p++) if (isLetter(s[p]!)) letters++;
    if (letters === 0) {
      this.digitRuns(start, end);
      return;
    }

    let masks = 0;
    for (let p = start; p < end; p++) {
      const c = s[p]!;
      if (c === AT) s[p] = 97;
      else if (c === DOLLAR) s[p] = 115;
      else if (c === BANG || c === PIPE) s[p] = 105;
      else if (isMask(c)) {
        s[p] = MASK;
        masks++;
      } else if (isDigit(c)) {
        let q = p + 1;
        while (q < end && isDigit(s[q]!)) q++;
        const leet = LEET_DIGIT[c - 48]!;
        const besideLetter = (p > start && isLetter(s[p - 1]!)) || (q < end && (isLetter(s[q]!) || isLeetSymbol(s[q]!)));
        if (q - p === 1 && leet !== 0 && besideLetter) s[p] = leet; // sh1t, h0e; keeps 10pm and 90s
        p = q - 1;
      }
    }

    if (masks > 0 && leadingMask) {
      while (end > start && s[end - 1] === MASK) {
        end--;
        masks--;
      }
    }
    if (masks === 0) {
      this.pushWord(s, start, end);
      return;
    }
    const collapsedEnd = collapseRuns(s, start, end, this.scratch, 1);
    const resolved = resolveMasked(this.scratch, 0, collapsedEnd);
    if (resolved !== undefined) {
      const scratch = this.scratch;
      const word = resolved.entry.codes;
      scratch.set(word, 0);
      // scratch[word.length..collapsedEnd) already holds the suffix.
      this.pushWord(scratch, 0, word.length + resolved.suffixLength);
      return;
    }
    let pieceStart = start;
    for (let p = start; p <= end; p++) {
      if (p === end || s[p] === MASK) {
        if (p > pieceStart) this.pushWord(s, pieceStart, p);
        pieceStart = p + 1;
      }
    }
  }

  private digitRuns(start: number, end: number): void {
    const s = this.piece;
    let runStart = -1;
    for (let p = start; p <= end; p++) {
      const digit = p < end && isDigit(s[p]!);
      if (digit && runStart < 0) runStart = p;
      else if (!digit && runStart >= 0) {
        this.pushWord(s, runStart, p);
        runStart = -1;
      }
    }
  }

  private pushWord(source: Uint16Array, start: number, end: number): void {
    this.wordStart[this.wordCount] = this.wordsLength;
    const words = this.words;
    let at = this.wordsLength;
    for (let p = start; p < end; p++) words[at++] = source[p]!; // no subarray view per word (allocation)
    this.wordsLength = at;
    this.wordEnd[this.wordCount] = this.wordsLength;
    this.wordCount++;
  }

  /** Joins runs of three or more single letters (f u c k), collapses repeats and tags lexicon hits. */
  private finish(): void {
    this.length = 0;
    this.tokenCount = 0;
    this.lastSecondPerson = -100;
    this.lastHit = -100;
    const stats = this.stats;
    stats.profanity = 0;
    stats.insult = 0;
    stats.slur = 0;
    stats.directed = 0;
    const words = this.words;
    let w = 0;
    while (w < this.wordCount) {
      let run = w;
      while (run < this.wordCount && this.wordEnd[run]! - this.wordStart[run]! === 1 && isLetter(words[this.wordStart[run]!]!)) run++;
      if (run - w >= 3) {
        // Single-letter words sit back to back in the buffer, so the run is one contiguous span.
        this.emit(words, this.wordStart[w]!, this.wordEnd[run - 1]!);
        w = run;
      } else {
        this.emit(words, this.wordStart[w]!, this.wordEnd[w]!);
        w++;
      }
    }
  }

  private emit(source: Uint16Array, start: number, end: number): void {
    if (this.length > 0) this.codes[this.length++] = SPACE;
    const tokenStart = this.length;
    const collapsed = collapseRuns(source, start, end, this.codes, 1, tokenStart);
    let hash = hashCodes(this.codes, tokenStart, collapsed);
    let flags = lexiconFlagsByHash(hash);
    if (flags === 0 && collapsed - tokenStart < end - start) {
      // Runs collapsed to one letter missed the lexicon; try two (assss → ass, not as).
      const doubled = collapseRuns(source, start, end, this.scratch, 2);
      const doubledHash = hashCodes(this.scratch, 0, doubled);
      const doubledFlags = lexiconFlagsByHash(doubledHash);
      if (doubledFlags !== 0) {
        this.codes.set(this.scratch.subarray(0, doubled), tokenStart);
        this.length = tokenStart + doubled;
        hash = doubledHash;
        flags = doubledFlags;
      } else this.length = collapsed;
    } else this.length = collapsed;

    const index = this.tokenCount++;
    this.tokenStart[index] = tokenStart;
    this.tokenEnd[index] = this.length;
    this.tokenHash[index] = hash;
    this.tally(flags, index);
  }

  private tally(flags: number, index: number): void {
    const stats = this.stats;
    if (flags & LEX_SECOND_PERSON) {
      if (index - this.lastHit <= 1) stats.directed++;
      this.lastSecondPerson = index;
    }
    const hit = flags & (LEX_PROFANITY | LEX_INSULT | LEX_SLUR);
    if (hit === 0) return;
    if (flags & LEX_PROFANITY) stats.profanity++;
    if (flags & LEX_INSULT) stats.insult++;
    if (flags & LEX_SLUR) stats.slur++;
    if (index - this.lastSecondPerson <= 3) stats.directed++;
    this.lastHit = index;
  }
}

function hashCodes(codes: Uint16Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = fnvStep(hash, codes[i]!);
  return hash;
}

/**
 * Copies source[start..end) to target[at..) with every run of three or more equal
 * characters shortened to `keep`; returns the end index in target.
 */
function collapseRuns(source: Uint16Array, start: number, end: number, target: Uint16Array, keep: number, at = 0): number {
  let out = at;
  let p = start;
  while (p < end) {
    const c = source[p]!;
    let q = p + 1;
    while (q < end && source[q] === c) q++;
    const run = q - p;
    const copies = run >= 3 ? keep : run;
    for (let k = 0; k < copies; k++) target[out++] = c;
    p = q;
  }
  return out;
}

function isUrl(s: string, start: number, end: number): boolean {
  if (end - start < 5) return false;
  return s.startsWith('http://', start) || s.startsWith('https://', start) || s.startsWith('www.', start);
}

/** If s[at] starts an HTML entity (&amp; &#8220; &lt;), returns the index of its ';', else 0. */
function htmlEntityEnd(s: string, at: number, end: number): number {
  const limit = Math.min(end, at + 10);
  for (let k = at + 1; k < limit; k++) {
    const c = s.charCodeAt(k);
    if (c === SEMI) return k > at + 1 ? k : 0;
    if (!(isDigit(c) || (c >= 97 && c <= 122) || c === HASH)) return 0;
  }
  return 0;
}

const shared = new ToxicityNormalizer();

/** Normalised form of `text` as a string (for inspection and tests; scoring uses the buffers). */
export function normalizeToxicityText(text: string): string {
  return shared.normalize(text).toString();
}
