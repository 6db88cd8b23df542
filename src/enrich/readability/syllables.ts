/**
 * English syllable counting that approximates textstat (CMUdict's first pronunciation,
 * Pyphen hyphenation for unknown words): vowel-group rules for regular words plus an
 * exception table for frequent words the rules get wrong.
 */
import { SYLLABLE_EXCEPTIONS } from './syllable-exceptions.ts';

const A = 97;
const C = 99;
const D = 100;
const E = 101;
const G = 103;
const H = 104;
const I = 105;
const L = 108;
const N = 110;
const O = 111;
const P = 112;
const Q = 113;
const R = 114;
const S = 115;
const T = 116;
const U = 117;
const X = 120;
const Y = 121;
const Z = 122;

function isVowel(c: number): boolean {
  return c === A || c === E || c === I || c === O || c === U || c === Y;
}

function isPlainVowel(c: number): boolean {
  return c === A || c === E || c === I || c === O || c === U;
}

function isLetter(c: number): boolean {
  return c >= A && c <= Z;
}

function isConsonant(c: number): boolean {
  return isLetter(c) && !isPlainVowel(c);
}

/** Is word[i] a vowel sound? y is a consonant at the start (yes) and between vowels (player, beyond). */
function vowelAt(word: string, i: number): boolean {
  const c = word.charCodeAt(i);
  if (c !== Y) return isPlainVowel(c);
  if (i === 0) return false;
  return !(isPlainVowel(word.charCodeAt(i - 1)) && i + 1 < word.length && isPlainVowel(word.charCodeAt(i + 1)));
}

/** Suffixes after which a silent e stays silent: state-ment, use-ful, safe-ty. */
const SILENT_E_SUFFIXES = ['ment', 'ments', 'ful', 'fully', 'less', 'ness', 'ly', 'ty'];

/** Rule-based count for a lowercase word of letters a–z (other characters are ignored). */
export function ruleSyllables(word: string): number {
  const n = word.length;
  let groups = 0;
  let letters = 0;
  let previousVowel = false;
  for (let i = 0; i < n; i++) {
    const c = word.charCodeAt(i);
    if (!isLetter(c)) {
      previousVowel = false;
      continue;
    }
    letters++;
    const vowel = vowelAt(word, i);
    if (vowel && !previousVowel) groups++;
    previousVowel = vowel;
  }
  if (letters < n) return mixedWordSyllables(word);
  if (groups === 0) return 1; // acronyms: Pyphen finds no break (gpt, css)

  let count = groups;
  const last = word.charCodeAt(n - 1);
  const beforeLast = word.charCodeAt(n - 2);
  const third = n >= 3 ? word.charCodeAt(n - 3) : 0;
  // Silent final e (make, whale), but not -le after a consonant (table).
  if (last === E && !vowelAt(word, n - 2)) {
    const consonantLe = beforeLast === L && !isVowel(third);
    if (!consonantLe) count--;
  }
  if (n > 3 && word.endsWith('es') && isConsonant(third)) {
    // -es is silent unless after a sibilant (boxes, pages, faces) or in consonant-le (tables).
    const sibilant = third === S || third === X || third === Z || word.endsWith('ches') || word.endsWith('shes') || word.endsWith('ges') || word.endsWith('ces');
    const consonantLes = third === L && !isVowel(word.charCodeAt(n - 4));
    if (!sibilant && !consonantLes) count--;
  } else if (n > 3 && word.endsWith('ed') && isConsonant(third) && third !== T && third !== D) count--; // jumped, loved; not wanted
  // Silent e before a suffix after vowel-consonant: statement, useful, safety.
  for (const suffix of SILENT_E_SUFFIXES) {
    const at = n - suffix.length - 1;
    const vowelBefore = at >= 2 ? word.charCodeAt(at - 2) : 0;
    const elementLike = at === 2 && vowelBefore === E; // e-le-ment keeps its e
    if (at >= 2 && !elementLike && word.endsWith(suffix) && word.charCodeAt(at) === E && isConsonant(word.charCodeAt(at - 1)) && isPlainVowel(vowelBefore)) {
      count--;
      break;
    }
  }
  // Silent -que/-gue (unique, league).
  if (word.endsWith('que') || word.endsWith('gue') || word.endsWith('ques') || word.endsWith('gues')) count--;

  for (let i = 0; i + 1 < n; i++) {
    const a = word.charCodeAt(i);
    const b = word.charCodeAt(i + 1);
    const p = i > 0 ? word.charCodeAt(i - 1) : 0;
    if (a === I && (b === A || b === O || b === U)) {
      // ia/io/iu split (piano, radio, medium) except softened (-cial, -tion, -sion, -gion, -shion),
      // after l/n (million, opinion), with -ciate/-tiate splitting again (appreciate).
      const science = p === C && i > 1 && word.charCodeAt(i - 2) === S;
      const softened = (p === C && !science) || p === S || p === T || p === X || p === G || (p === H && i > 1 && (word.charCodeAt(i - 2) === S || word.charCodeAt(i - 2) === C));
      const after = word.charCodeAt(i + 2);
      const glide = p === N || (p === L && (after === N || after === 109 || i + 2 === n)); // -lion, -lian, -liam, -lia
      const splitAgain = b === A && (p === C || p === T) && word.charCodeAt(i + 2) === T;
      if ((!softened && !glide && i > 0) || splitAgain) count++;
    } else if (a === E && b === O && word.charCodeAt(i + 2) !== P) count++; // video, rodeo; not people
    else if (a === U && (b === A || b === O) && p !== Q && p !== G) count++; // usual, continuous; not quality, language
    else if (a === U && b === E && (word.charCodeAt(i + 2) === N || word.charCodeAt(i + 2) === L) && p !== Q && p !== G) count++; // influence, fuel
    else if (a === E && b === A && word.startsWith('creat', i - 2) && 'eio'.includes(word[i + 3] ?? '')) count++; // create, creation
    else if (a === I && b === E && i > 0 && word.startsWith('en', i + 1) && !word.startsWith('end', i + 1) && p !== T && p !== N && (p !== C || (i > 1 && word.charCodeAt(i - 2) === S))) count++; // client, science; not patient, ancient, friend
    else if (a === E && b === A && i + 2 === n - (last === S ? 1 : 0) && i > 1) count++; // idea, areas
    else if (a === I && b === E && (word.startsWith('ier', i) || word.startsWith('iet', i) || word.startsWith('iest', i)) && i > 0) count++; // happier, quiet
  }
  // Vowel + -ing: being, going, flying (but playing already splits at the consonant y).
  if (n > 4 && word.endsWith('ing')) {
    const before = word.charCodeAt(n - 4);
    if (isPlainVowel(before) || (before === Y && isConsonant(word.charCodeAt(n - 5)))) count++;
  }
  // Syllabic endings: fire, desired, realism, rhythm.
  if (word.endsWith('ire') || word.endsWith('ires') || word.endsWith('ired')) {
    const at = word.lastIndexOf('ir') - 1;
    const before = word.charCodeAt(at);
    if (isConsonant(before) || (before === U && word.charCodeAt(at - 1) === Q)) count++; // fire, require
  }
  if (word.endsWith('ism') || word.endsWith('thm') || word.endsWith('thms') || word.endsWith('isms')) count++;
  return Math.max(1, count);
}

/** Words with digits or underscores (remove_punctuation, covid19): the letter runs counted apart. */
function mixedWordSyllables(word: string): number {
  let total = 0;
  let start = -1;
  for (let i = 0; i <= word.length; i++) {
    const letter = i < word.length && isLetter(word.charCodeAt(i));
    if (letter && start < 0) start = i;
    else if (!letter && start >= 0) {
      total += ruleSyllables(word.slice(start, i));
      start = -1;
    }
  }
  return Math.max(1, total);
}

/**
 * Syllables of one word as textstat counts it: the word is lowercased with apostrophes
 * kept (contractions: don't, it's), exceptions first, then the rules.
 */
export function countWordSyllables(word: string): number {
  const known = SYLLABLE_EXCEPTIONS.get(word);
  if (known !== undefined) return known;
  if (/[^\x00-\x7f]/.test(word)) {
    const ascii = word.normalize('NFD').replace(/\p{M}/gu, ''); // brontë → bronte
    if (ascii !== word) return countWordSyllables(ascii);
  }
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0) {
    const stem = word.slice(0, apostrophe);
    const base = countWordSyllables(stem);
    const tail = word.slice(apostrophe + 1);
    // n't adds a syllable after a consonant (did-n't, is-n't) but not after a vowel (don't, can't).
    const syllabicN = tail === 't' && stem.length > 2 && stem.endsWith('n') && !isVowel(stem.charCodeAt(stem.length - 2));
    return syllabicN ? base + 1 : base;
  }
  return ruleSyllables(word);
}
