/**
 * A small built-in lexicon of profanity, insults and slurs. It serves two jobs:
 * resolving masked spellings (f*ck, s#it) back to a word, and a few dense features
 * that carry across domains (the weights on them are still learned from Davidson only).
 * Entries are written in normalised form: lowercase, no runs of three equal letters.
 */
import { FNV_OFFSET, fnvStep } from '../text/fnv.ts';

export const LEX_PROFANITY = 1;
export const LEX_INSULT = 2;
export const LEX_SLUR = 4;
export const LEX_SECOND_PERSON = 8;

// Order matters for masked-word resolution: the first entry that fits wins (s**t → shit, not slut).
const PROFANITY = [
  'fuck', 'fucks', 'fucked', 'fucker', 'fuckers', 'fucking', 'fuckin', 'fuk', 'fck', 'fucktard', 'fuckface', 'fuckhead',
  'motherfucker', 'motherfuckers', 'motherfucking', 'mofo', 'fuckboy',
  'shit', 'shits', 'shitty', 'shitting', 'shithead', 'shitface', 'bullshit', 'shite',
  'bitch', 'bitches', 'bitchy', 'bitchin', 'bitching', 'biatch',
  'ass', 'asses', 'asshole', 'assholes', 'arse', 'arsehole', 'asshat',
  'dick', 'dicks', 'dickhead', 'cock', 'cocks', 'cocksucker', 'cunt', 'cunts', 'pussy', 'pussies',
  'whore', 'whores', 'slut', 'sluts', 'slutty', 'hoe', 'hoes', 'thot', 'thots',
  'bastard', 'bastards', 'damn', 'damned', 'goddamn', 'dammit', 'crap', 'crappy', 'piss', 'pissed', 'pissing',
  'tits', 'titties', 'wank', 'wanker', 'wankers', 'twat', 'twats', 'douche', 'douchebag', 'jackass', 'dumbass', 'smartass',
  'blowjob', 'cum', 'prick', 'pricks', 'bollocks', 'bugger', 'skank', 'skanks',
];

const INSULTS = [
  'idiot', 'idiots', 'idiotic', 'stupid', 'stupidity', 'moron', 'morons', 'moronic', 'dumb', 'dummy', 'loser', 'losers',
  'jerk', 'jerks', 'imbecile', 'imbeciles', 'cretin', 'pathetic', 'worthless', 'scum', 'scumbag', 'scumbags', 'freak', 'freaks',
  'coward', 'cowards', 'hypocrite', 'hypocrites', 'liar', 'liars', 'kys',
  'ugly', 'fool', 'fools', 'disgusting', 'stfu', 'gtfo', 'retarded', 'dipshit', 'numbnuts', 'halfwit', 'nitwit', 'dimwit',
];

const SLURS = [
  'nigger', 'niggers', 'nigga', 'niggas', 'niggaz', 'faggot', 'faggots', 'fag', 'fags', 'dyke', 'dykes', 'tranny', 'trannies',
  'retard', 'retards', 'spic', 'spics', 'chink', 'chinks', 'kike', 'kikes', 'wetback', 'wetbacks', 'beaner', 'beaners',
  'gook', 'gooks', 'raghead', 'ragheads', 'towelhead', 'towelheads', 'homo', 'homos', 'coon', 'coons',
];

const SECOND_PERSON = ['you', 'u', 'ya', 'your', 'ur', 'youre', 'yourself', 'yourselves', 'yall', 'ye', 'thou'];

/** Suffixes accepted after a masked stem, e.g. f*cking = f*ck + ing. */
const MASK_SUFFIXES = new Set(['s', 'es', 'ed', 'er', 'ers', 'ing', 'in', 'y', 'ty', 'head', 'hole', 'face']);

export interface LexiconEntry {
  readonly word: string;
  readonly codes: Uint16Array;
  readonly flags: number;
}

function hashString(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = fnvStep(hash, word.charCodeAt(i));
  return hash;
}

const flagsByHash = new Map<number, number>();
const entries: LexiconEntry[] = [];
const entryIndex = new Map<string, number>();

function add(words: readonly string[], flag: number, maskable: boolean): void {
  for (const word of words) {
    const hash = hashString(word);
    flagsByHash.set(hash, (flagsByHash.get(hash) ?? 0) | flag);
    if (!maskable) continue;
    const existing = entryIndex.get(word);
    if (existing === undefined) {
      entryIndex.set(word, entries.length);
      entries.push({ word, codes: Uint16Array.from(word, (ch) => ch.charCodeAt(0)), flags: flag });
    } else {
      const old = entries[existing]!;
      entries[existing] = { ...old, flags: old.flags | flag };
    }
  }
}

add(PROFANITY, LEX_PROFANITY, true);
add(SLURS, LEX_SLUR, true);
add(INSULTS, LEX_INSULT, true);
add(SECOND_PERSON, LEX_SECOND_PERSON, false);

/** Lexicon flags of a word given its FNV-1a hash (0 when absent). */
export function lexiconFlagsByHash(hash: number): number {
  return flagsByHash.get(hash) ?? 0;
}

/** Lexicon flags of a word (0 when absent). */
export function lexiconFlags(word: string): number {
  return lexiconFlagsByHash(hashString(word));
}

export const MASK = 42; // '*': every masking character is rewritten to this before resolution

/**
 * Resolves a masked token (codes[start..end), masks already rewritten to '*') to a lexicon entry:
 * same length with letters agreeing outside the masks, or such a stem followed by a plain suffix.
 * Returns the entry and how many trailing suffix characters follow it, or undefined.
 */
export function resolveMasked(
  codes: Uint16Array,
  start: number,
  end: number,
): { entry: LexiconEntry; suffixLength: number } | undefined {
  const length = end - start;
  let letters = 0;
  for (let i = start; i < end; i++) if (codes[i] !== MASK) letters++;
  if (letters === 0 || letters === length) return undefined;
  for (const entry of entries) {
    const stem = entry.codes.length;
    if (stem > length) continue;
    const suffixLength = length - stem;
    if (suffixLength > 0 && !suffixIsPlain(codes, start + stem, end)) continue;
    let matches = true;
    let masksCovered = 0;
    for (let k = 0; k < stem; k++) {
      const code = codes[start + k]!;
      if (code === MASK) masksCovered++;
      else if (code !== entry.codes[k]) {
        matches = false;
        break;
      }
    }
    // The stem must hold every mask and at least one real letter, or "***" would read as "ass".
    if (matches && masksCovered === length - letters && masksCovered < stem) return { entry, suffixLength };
  }
  return undefined;
}

function suffixIsPlain(codes: Uint16Array, start: number, end: number): boolean {
  let suffix = '';
  for (let i = start; i < end; i++) {
    const code = codes[i]!;
    if (code === MASK) return false;
    suffix += String.fromCharCode(code);
  }
  return MASK_SUFFIXES.has(suffix);
}
