/**
 * A light, deterministic stemmer: the same word family maps to the same key on both sides
 * (claim and context), which is all the matcher needs. Not linguistically exact on purpose.
 */

const IRREGULAR: ReadonlyMap<string, string> = lookup({
  began: 'begin', begun: 'begin', won: 'win', lost: 'lose', sold: 'sell', bought: 'buy', built: 'build',
  became: 'become', made: 'make', gave: 'give', given: 'give', took: 'take', taken: 'take', wrote: 'write',
  written: 'write', led: 'lead', rose: 'rise', risen: 'rise', fell: 'fall', fallen: 'fall', grew: 'grow',
  grown: 'grow', knew: 'know', known: 'know', held: 'hold', met: 'meet', ran: 'run', saw: 'see', seen: 'see',
  told: 'tell', thought: 'think', brought: 'bring', taught: 'teach', fought: 'fight', went: 'go', gone: 'go',
  goes: 'go', came: 'come', got: 'get', gotten: 'get', spoke: 'speak', spoken: 'speak', chose: 'choose',
  chosen: 'choose', drew: 'draw', drawn: 'draw', flew: 'fly', flown: 'fly', sang: 'sing', sung: 'sing',
  children: 'child', men: 'man', women: 'woman', people: 'person', feet: 'foot', teeth: 'tooth', mice: 'mouse',
  died: 'die', dies: 'die', dying: 'die', used: 'use', uses: 'use', aged: 'age', ages: 'age',
  paid: 'pay', said: 'say', says: 'say', sent: 'send', spent: 'spend', kept: 'keep', slept: 'sleep',
  felt: 'feel', meant: 'mean', stood: 'stand', understood: 'understand', sat: 'sit',
  struck: 'strike', hung: 'hang', shot: 'shoot', hid: 'hide', hidden: 'hide', ate: 'eat',
  eaten: 'eat', wore: 'wear', worn: 'wear', beat: 'beat', beaten: 'beat', threw: 'throw', thrown: 'throw',
  broke: 'break', broken: 'break', froze: 'freeze', frozen: 'freeze', drove: 'drive', driven: 'drive',
  rode: 'ride', ridden: 'ride', fed: 'feed', bred: 'breed', sought: 'seek', caught: 'catch',
});

import { STOPWORDS } from './lexicon.ts';
import { lookup } from './numbers.ts';

const VOWEL = /[aeiouy]/;
const UNDOUBLE = /(bb|gg|mm|nn|pp|rr|tt)$/;

/** Stemming is a hot path and vocabularies repeat: memoise, dropping the memo when it grows large. */
const memo = new Map<string, string>();
const MEMO_LIMIT = 50_000;

export function lightStem(lowerWord: string): string {
  const known = memo.get(lowerWord);
  if (known !== undefined) return known;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  const stem = stemOnce(lowerWord);
  memo.set(lowerWord, stem);
  return stem;
}

function stemOnce(lowerWord: string): string {
  const stem = stripSuffixes(lowerWord);
  // "theme" → "them", "there's" → "there": a content word must not collapse into a function word.
  return stem !== lowerWord && STOPWORDS.has(stem) && !STOPWORDS.has(lowerWord) ? lowerWord : stem;
}

/** British → American spelling, so "colour"/"color", "organise"/"organize", "centre"/"center" meet. */
function americanSpelling(w: string): string {
  if (w.length < 6) return w;
  return w
    .replace(/our(s|ed|ing|ite|ites|able|ful|ist|ists|er|ers)?$/, 'or$1')
    .replace(/([^aeiou])is(e|ed|es|ing|ation|ations|er|ers)$/, '$1iz$2')
    .replace(/ys(e|ed|es|ing)$/, 'yz$1')
    .replace(/([^aeiou])tre(s|d)?$/, '$1ter$2')
    .replace(/ogue(s)?$/, 'og$1');
}

function stripSuffixes(lowerWord: string): string {
  let w = americanSpelling(lowerWord);
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  else if (w.endsWith("'") || w.endsWith('’')) w = w.slice(0, -1);
  const irregular = IRREGULAR.get(w);
  if (irregular !== undefined) w = irregular;
  if (w.length <= 3) return w;
  // plurals / third person
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(s|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // past tense / progressive
  let stripped = false;
  if (w.endsWith('ied') && w.length > 4) {
    w = w.slice(0, -3) + 'y';
    stripped = true;
  } else if (w.endsWith('ing') && w.length > 5) {
    const base = w.slice(0, -3);
    if (VOWEL.test(base)) {
      w = UNDOUBLE.test(base) ? base.slice(0, -1) : base;
      stripped = true;
    }
  } else if (w.endsWith('ed') && !(w.endsWith('eed') && w.length <= 4)) {
    const base = w.slice(0, -2);
    if (base.length >= 3 && VOWEL.test(base)) {
      w = UNDOUBLE.test(base) ? base.slice(0, -1) : base;
      stripped = true;
    }
  }
  if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (!stripped && w.endsWith('e') && w.length > 3) w = w.slice(0, -1);
  return w;
}
