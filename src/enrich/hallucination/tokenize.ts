/**
 * Tokenizer with character offsets. Each token gets a match key that is equal across surface variants:
 * stems for words, normalised values for numbers ("1,000" = "one thousand" = "1000"), month keys for dates.
 */
import { FILLERS, NEGATORS, STOPWORDS } from './lexicon.ts';
import { digitKey, FIRST, lookup, monthKey, monthOf, numberKey, numberWord, scaleOf, type NumberWordKind } from './numbers.ts';
import { lightStem } from './stem.ts';

export type TokenKind = 'word' | 'number' | 'date' | 'punct';

export interface Token {
  start: number;
  end: number;
  lower: string;
  /** Stem of the lowercase word (antonym lookups use this, even for number words like "first"). */
  stem: string;
  /** Key claim and context tokens are matched on. */
  key: string;
  /** Further keys a context number also matches ("2 million" is also "2"). */
  altKeys: readonly string[] | null;
  kind: TokenKind;
  cap: boolean;
  neg: boolean;
  stop: boolean;
  filler: boolean;
  /** A line break separates this token from the previous one. */
  newlineBefore: boolean;
}

const TOKEN_RE = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(st|nd|rd|th|s|['’]s)?(?![\p{L}\d])|(\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)*)|(\d+)|([^\s\p{L}\p{N}])/gu;
const CLITICS = new Set(['s', 'm', 're', 've', 'll', 'd', 't']);
const NT_BASES: ReadonlyMap<string, string> = lookup({ ca: 'can', wo: 'will', sha: 'shall', ai: 'be' });
const UPPER_START = /^\p{Lu}/u;
const ONE_AS_NUMBER: readonly string[] = ['#1'];

function wordToken(text: string, start: number, end: number, lower: string): Token {
  const cap = UPPER_START.test(text.slice(start, start + 2));
  const month = monthOf(lower, cap);
  if (month > 0) return makeToken(start, end, lower, lower, monthKey(month), 'date', cap);
  const stem = lightStem(foldLatinAccents(lower));
  const t = makeToken(start, end, lower, stem, stem, 'word', cap);
  // "one" is mostly a pronoun, so it is not a number word; in a context it still supports a claim's "1".
  if (lower === 'one') t.altKeys = ONE_AS_NUMBER;
  t.neg = NEGATORS.has(lower);
  t.stop = STOPWORDS.has(lower) || STOPWORDS.has(stem);
  t.filler = FILLERS.has(lower);
  return t;
}

const NON_ASCII = /[^\x00-\x7f]/;
const LATIN_MARKS = /([a-z])\p{M}+/gu;

/** "pokémon" and "pokemon" match: accents on Latin letters are dropped from the key (other scripts keep theirs). */
function foldLatinAccents(lower: string): string {
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC') : lower;
}

function makeToken(start: number, end: number, lower: string, stem: string, key: string, kind: TokenKind, cap: boolean): Token {
  return { start, end, lower, stem, key, altKeys: null, kind, cap, neg: false, stop: false, filler: false, newlineBefore: false };
}

function pushWord(out: Token[], text: string, start: number, end: number): void {
  const surface = text.slice(start, end);
  const lower = surface.toLowerCase().replace(/’/g, "'");
  const apostrophe = lower.indexOf("'");
  if (apostrophe < 0) {
    out.push(wordToken(text, start, end, lower));
    return;
  }
  if (lower === "n't") {
    // Penn-Treebank tokenized text ("do n't", "ca n't"): the base is the previous token; no empty word in between.
    const prev = out[out.length - 1];
    const base = prev && prev.kind === 'word' && prev.end === start - 1 ? NT_BASES.get(prev.lower) : undefined;
    if (base !== undefined) out[out.length - 1] = { ...wordToken(text, prev!.start, prev!.end, base), stop: true };
    out.push(negatorToken(start, end));
    return;
  }
  if (lower.endsWith("n't")) {
    const rawBase = lower.slice(0, -3);
    const base = NT_BASES.get(rawBase) ?? rawBase;
    const baseToken = wordToken(text, start, end - 3, base);
    out.push(baseToken);
    out.push(negatorToken(end - 3, end));
    return;
  }
  const clitic = lower.slice(apostrophe + 1);
  if (CLITICS.has(clitic)) {
    out.push(wordToken(text, start, start + apostrophe, lower.slice(0, apostrophe)));
    return;
  }
  out.push(wordToken(text, start, end, lower)); // a name such as O'Brien
}

function negatorToken(start: number, end: number): Token {
  const t = makeToken(start, end, 'not', 'not', 'not', 'word', false);
  t.neg = true;
  t.stop = true;
  return t;
}

/** Splits text into tokens with offsets and match keys. */
export function tokenize(text: string): Token[] {
  const raw: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  let lastEnd = 0;
  for (let m = TOKEN_RE.exec(text); m !== null; m = TOKEN_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = raw.length;
    if (m[1] !== undefined) {
      const key = digitKey(m[1], m[2]);
      const t = makeToken(start, end, m[0].toLowerCase(), m[0].toLowerCase(), key ?? m[0], 'number', false);
      raw.push(t);
    } else if (m[3] !== undefined) {
      pushWord(raw, text, start, end);
    } else if (m[4] !== undefined) {
      raw.push(makeToken(start, end, m[4], m[4], numberKey(Number(m[4])), 'number', false));
    } else {
      const ch = m[5] ?? m[0];
      if (ch === '%') raw.push(makeToken(start, end, 'percent', 'percent', 'percent', 'word', false));
      else raw.push(makeToken(start, end, ch === '’' ? "'" : ch, ch, ch, 'punct', false));
    }
    if (raw.length > before && text.slice(lastEnd, start).includes('\n')) raw[before]!.newlineBefore = true;
    lastEnd = end;
  }
  return markInterjections(mergeNumbers(joinSplitClitics(raw), text));
}

/** "No, ..." answers and "not only ... but" do not negate the clause. */
function markInterjections(tokens: Token[]): Token[] {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.neg) continue;
    const next = tokens[i + 1];
    if (t.lower === 'no' && (!next || next.kind === 'punct')) t.neg = false;
    else if (t.lower === 'not' && next && next.lower === 'only') t.neg = false;
  }
  return tokens;
}

/** Text tokenized as "don ' t" / "world ' s" (as in some dialogue corpora): rejoin the clitic. */
function joinSplitClitics(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const prev = out[out.length - 1];
    if (t.kind === 'punct' && t.lower === "'" && next && prev && prev.kind === 'number' && next.lower === 's' && !prev.key.endsWith('s')) {
      out[out.length - 1] = { ...prev, end: next.end, key: `${prev.key}s` }; // "1920 ' s" = 1920s
      i++;
      continue;
    }
    if (t.kind === 'punct' && t.lower === ',' && next && prev && prev.kind === 'number' && next.lower === '000' && /^\d{1,3}$/.test(prev.lower)) {
      out[out.length - 1] = { ...prev, end: next.end, key: numberKey(Number(prev.lower) * 1000) }; // "100, 000"
      i++;
      continue;
    }
    if (t.kind === 'punct' && t.lower === ',' && next && prev?.kind === 'number' && t.start > prev.end && /^\d{1,3}(?:,\d{3})*$/.test(prev.lower) && /^\d{3}$/.test(next.lower)) {
      const lower = `${prev.lower},${next.lower}`; // "45 , 700": a digit group split off by tokenization (space before the comma)
      out[out.length - 1] = { ...prev, end: next.end, lower, stem: lower, key: numberKey(Number(lower.replace(/,/g, ''))) };
      i++;
      continue;
    }
    if (t.kind === 'punct' && t.lower === "'" && next && prev && prev.kind === 'word' && next.kind === 'word' && CLITICS.has(next.lower)) {
      if (next.lower === 't' && prev.lower.endsWith('n')) {
        const rawBase = prev.lower.slice(0, -1);
        const base = NT_BASES.get(rawBase) ?? rawBase;
        const baseToken = makeToken(prev.start, prev.end - 1, base, lightStem(base), lightStem(base), 'word', prev.cap);
        baseToken.stop = true;
        out[out.length - 1] = baseToken;
        out.push(negatorToken(prev.end - 1, next.end));
      }
      i++; // drop the apostrophe and the clitic
      continue;
    }
    out.push(t);
  }
  return out;
}

/**
 * The number word u as the next part of a number whose last part was `previous` (null: u starts it), or null.
 * "twenty" takes a unit ("twenty-five", "twenty-first"); a unit or teen takes only a scale ("five hundred").
 * "first" counts only after a tens word; alone it is an ordinary word ("first published").
 */
function continuation(u: Token | undefined, previous: NumberWordKind | null, current: number): { kind: NumberWordKind; value: number } | null {
  if (!u || u.kind !== 'word') return null;
  const afterTens = previous === 'tens';
  const w = u.lower === FIRST ? (afterTens ? { kind: 'ordinal' as const, value: 1 } : null) : numberWord(u.lower);
  if (w === null || previous === null) return w;
  if (w.kind === 'scale') return w;
  if (previous === 'unit') return null;
  if (previous === 'tens') return w.value < 10 ? w : null;
  return current % 100 === 0 || w.kind !== 'tens' ? w : null; // after a scale: "hundred twenty", "thousand five"
}

/** Merges spelled-out numbers ("twenty-five", "two million") and digits with a scale word ("2 million"). */
function mergeNumbers(tokens: Token[], text: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'number' && !t.key.endsWith('s')) {
      const next = tokens[i + 1];
      const scale = next && next.kind === 'word' ? scaleOf(next.lower) : 0;
      if (scale > 0 && next) {
        const value = Number(t.key.slice(1)) * scale;
        const merged = makeToken(t.start, next.end, text.slice(t.start, next.end).toLowerCase(), t.stem, numberKey(value), 'number', false);
        merged.altKeys = [t.key];
        out.push(merged);
        i++;
        continue;
      }
      out.push(t);
      continue;
    }
    if (t.kind !== 'word' || numberWord(t.lower) === null) {
      out.push(t);
      continue;
    }
    // A run of number words, possibly hyphenated, that reads as one number ("twenty-five", "two hundred").
    let total = 0;
    let current = 0;
    let previous: NumberWordKind | null = null;
    let j = i;
    let last = i;
    while (j < tokens.length && previous !== 'ordinal') {
      const u = tokens[j]!;
      const w = continuation(u, previous, current);
      if (w === null) {
        if (u.lower === '-' && j > i && continuation(tokens[j + 1], previous, current) !== null) {
          j++;
          continue;
        }
        break;
      }
      if (w.kind === 'scale') {
        current = (current === 0 ? 1 : current) * w.value;
        if (w.value >= 1000) {
          total += current;
          current = 0;
        }
      } else {
        current += w.value;
      }
      previous = w.kind;
      last = j;
      j++;
    }
    const first = tokens[i]!;
    const end = tokens[last]!;
    const lower = text.slice(first.start, end.end).toLowerCase();
    const merged = makeToken(first.start, end.end, lower, last === i ? first.stem : lower, numberKey(total + current), 'number', first.cap);
    out.push(merged);
    i = last;
  }
  return out;
}
