/**
 * The tokenizers sacreBLEU applies before BLEU (tokenize=13a | intl | char | none), so scores
 * compare with published sacreBLEU numbers. 13a is mteval-v13a.pl's tokenizer, sacreBLEU's default.
 */

export type BleuTokenizer = '13a' | 'intl' | 'char' | 'none';

/** Python's str.split() separators (str.isspace), wider than JavaScript's \s (\x1c–\x1f, \x85). */
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** Python `s.split()`: whitespace-separated words, no empty ones. */
export function pySplit(s: string): string[] {
  const parts = s.split(PY_SPACE);
  let n = 0;
  for (const p of parts) if (p) parts[n++] = p;
  parts.length = n;
  return parts;
}

/** Python `s.rstrip()` / `s.strip()` with Python's whitespace set. */
export function pyRstrip(s: string): string {
  return s.replace(/[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u, '');
}
export function pyStrip(s: string): string {
  return pyRstrip(s).replace(/^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u, '');
}

// mteval-v13a: symbols and punctuation apart; period/comma apart unless next to a digit; dash after a digit apart.
const RE_13A_SYMBOLS = /([{-~[-` -&(-+:-@/])/gu;
const RE_13A_PERIOD_COMMA_AFTER = /([^0-9])([.,])/gu;
const RE_13A_PERIOD_COMMA_BEFORE = /([.,])([^0-9])/gu;
const RE_13A_DIGIT_DASH = /([0-9])(-)/gu;

function tokenize13a(line: string): string {
  line = line.replaceAll('<skipped>', '').replaceAll('-\n', '').replaceAll('\n', ' ');
  if (line.includes('&')) line = line.replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
  line = ` ${line} `
    .replace(RE_13A_SYMBOLS, ' $1 ')
    .replace(RE_13A_PERIOD_COMMA_AFTER, '$1 $2 ')
    .replace(RE_13A_PERIOD_COMMA_BEFORE, ' $1 $2')
    .replace(RE_13A_DIGIT_DASH, '$1 $2 ');
  return pySplit(line).join(' ');
}

// tokenize=intl (mteval-v14 --international-tokenization): Unicode punctuation and symbols apart.
const RE_INTL_NONDIGIT_PUNCT = /([^\p{Nd}])(\p{P})/gu;
const RE_INTL_PUNCT_NONDIGIT = /(\p{P})([^\p{Nd}])/gu;
const RE_INTL_SYMBOL = /(\p{S})/gu;

function tokenizeIntl(line: string): string {
  return pyStrip(line.replace(RE_INTL_NONDIGIT_PUNCT, '$1 $2 ').replace(RE_INTL_PUNCT_NONDIGIT, ' $1 $2').replace(RE_INTL_SYMBOL, ' $1 '));
}

function tokenizeChar(line: string): string {
  return Array.from(line).join(' ');
}

export function sacrebleuTokenize(line: string, tokenizer: BleuTokenizer): string {
  switch (tokenizer) {
    case '13a':
      return tokenize13a(line);
    case 'intl':
      return tokenizeIntl(line);
    case 'char':
      return tokenizeChar(line);
    case 'none':
      return line;
  }
}
