/**
 * Undoes the cheap disguises attackers put on instructions before the detector reads them:
 * homoglyphs (Cyrillic/Greek look-alikes inside Latin words), base64-encoded payloads,
 * spaced or dotted letters ("i g n o r e"), leetspeak ("1gn0r3") and full-width/styled letters
 * (NFKC). Returns the readable text (original + decoded payloads) and what was undone, so the
 * explanation can name the obfuscation. One pass per rule, each linear in the input.
 */
export interface Deobfuscated {
  text: string;
  base64: number;
  homoglyphs: number;
  spacedLetters: number;
  leetspeak: number;
}

/** Look-alike letters (Unicode confusables, the common subset) → Latin. */
const CONFUSABLES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ɡ: 'g',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  α: 'a', β: 'b', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', γ: 'y',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
};
const CONFUSABLE_CLASS = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`);
/** Letter runs; each is checked for mixed scripts by a linear scan (a regex with nested stars here backtracks cubically). */
const LETTER_RUN = /\p{L}+/gu;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * A word with at least one Latin letter and at least one look-alike from another script gets its
 * look-alikes mapped to Latin. A word made only of look-alikes (all-Cyrillic "рор") is left alone:
 * it may be real Russian.
 */
function unmixWord(word: string): string | null {
  let latin = false;
  let lookalike = false;
  for (let i = 0; i < word.length && !(latin && lookalike); i++) {
    const c = word.charCodeAt(i);
    if (isAsciiLetter(c)) latin = true;
    else if (c >= 0x250 && CONFUSABLES[word[i]!] !== undefined) lookalike = true;
  }
  if (!latin || !lookalike) return null;
  let out = '';
  for (const ch of word) out += CONFUSABLES[ch] ?? ch;
  return out;
}

const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}/g;
/** Cheap ASCII pre-checks: most texts have no candidate at all, and the Unicode-aware rules are slower. */
const MAYBE_SPACED_ASCII = /(?:^|[^A-Za-z0-9])[A-Za-z][ .\-_*|/]{1,3}[A-Za-z][ .\-_*|/]{1,3}[A-Za-z][ .\-_*|/]{1,3}[A-Za-z](?![A-Za-z0-9])/;
const MAYBE_LEET_ASCII = /[A-Za-z][013457@$|!]|[013457@$|][A-Za-z]/;
const NON_ASCII = /[^\x00-\x7f]/;
const SPACED_LETTERS = /(?<![\p{L}\p{N}])(?:\p{L}[ .\-_*|/]{1,3}){3,}\p{L}(?![\p{L}\p{N}])/gu;
const LEET_TOKEN = /(?<![\p{L}\p{N}])(?=[\p{L}0-9@$!|]*\p{L})(?=[\p{L}0-9@$!|]*[013457@$|])[\p{L}0-9@$!|]{3,}(?![\p{L}\p{N}])/gu;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };

function decodeBase64Run(run: string): string | null {
  // An ordinary long word: no digit or +/ and not mixed case. (Separate tests: a single regex
  // /[A-Z].*[a-z]|[a-z].*[A-Z]/ backtracks quadratically on a long one-case run.)
  if (!/[0-9+/]/.test(run) && !(/[A-Z]/.test(run) && /[a-z]/.test(run))) return null;
  const bytes = Buffer.from(run, 'base64');
  if (bytes.length < 8) return null;
  let printable = 0;
  let letters = 0;
  let spaces = 0;
  for (const b of bytes) {
    if ((b >= 32 && b < 127) || b === 10 || b === 13 || b === 9) printable++;
    if ((b >= 65 && b <= 90) || (b >= 97 && b <= 122)) letters++;
    if (b === 32) spaces++;
  }
  if (printable < bytes.length * 0.95 || letters < bytes.length * 0.5 || (spaces === 0 && bytes.length > 24)) return null;
  return bytes.toString('latin1');
}

/**
 * `isWord` says whether a lower-case string is a known word; it keeps leetspeak decoding to
 * tokens that turn into words ("h4ck3r" → "hacker") and leaves "abc123" or "3d" alone.
 */
export function deobfuscate(input: string, isWord: (word: string) => boolean): Deobfuscated {
  let text = input;
  // Full-width and mathematical letters → ASCII. NFKC is linear; skip the work for plain ASCII.
  const ascii = !NON_ASCII.test(text);
  if (!ascii) text = text.normalize('NFKC');

  let homoglyphs = 0;
  if (CONFUSABLE_CLASS.test(text)) {
    text = text.replace(LETTER_RUN, (word) => {
      const unmixed = unmixWord(word);
      if (unmixed === null) return word;
      homoglyphs++;
      return unmixed;
    });
  }

  let spacedLetters = 0;
  if (!ascii || MAYBE_SPACED_ASCII.test(text)) text = text.replace(SPACED_LETTERS, (run) => {
    // "i g n o r e  a l l": a wider gap (2+ separators) separates words.
    const words = run.split(/[ .\-_*|/]{2,}/).map((w) => w.replace(/[ .\-_*|/]/g, ''));
    const joined = words.join(' ');
    if (!words.some((w) => w.length >= 4 && isWord(w.toLowerCase()))) return run;
    spacedLetters++;
    return joined;
  });

  let leetspeak = 0;
  if (!ascii || MAYBE_LEET_ASCII.test(text)) text = text.replace(LEET_TOKEN, (token) => {
    const lower = token.toLowerCase();
    if (isWord(lower.replace(/[!]+$/, ''))) return token;
    let mapped = '';
    for (const ch of lower) mapped += LEET[ch] ?? ch;
    if (!isWord(mapped)) return token;
    leetspeak++;
    return mapped;
  });

  let base64 = 0;
  let decoded = '';
  for (const m of text.matchAll(BASE64_RUN)) {
    const plain = decodeBase64Run(m[0]);
    if (plain === null) continue;
    base64++;
    decoded += '\n' + plain;
  }
  return { text: base64 ? text + decoded : text, base64, homoglyphs, spacedLetters, leetspeak };
}
