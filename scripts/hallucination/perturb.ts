/**
 * Synthetic minimal-edit hallucinations: grounded texts (HaluEval right answers, sentences of HaluEval
 * knowledge passages, DialFact SUPPORTS claims, Q² consistent responses) with one edit that makes them
 * unsupported: entity swap, number/date change, negation insertion/removal, antonym substitution,
 * unsupported addition. Each edit comes from a named template; templates marked `heldOut` are never used for
 * fitting or tuning, so their accuracy shows how far the scorer generalises beyond its own generator.
 * Derived from the public sets (attribution in datasets.ts / the SOURCE.txt files).
 *
 * Run: npx node scripts/hallucination/perturb.ts [--jsonl out.jsonl]   (prints per-type pairwise accuracy)
 */
import { writeFileSync } from 'node:fs';
import { COMMON_WORDS_BY_FREQUENCY } from '../../src/enrich/hallucination/common-words.ts';
import { hash32, loadDialFact, loadHaluEval, loadQ2, splitOf, type PairItem } from './datasets.ts';
import { mulberry32 } from '../../src/util/prng.ts';

/** Single capitalised words that are ordinary words ("Since", "Bear") are not names. */
const COMMON = new Set(COMMON_WORDS_BY_FREQUENCY.slice(0, 3000));

export type PerturbationKind = 'entity' | 'number' | 'negation' | 'antonym' | 'addition';

export interface Template {
  kind: PerturbationKind;
  name: string;
  heldOut: boolean;
  apply(text: string, context: string, rng: Rng): string | null;
}

export interface SyntheticPair extends PairItem {
  kind: PerturbationKind;
  template: string;
  heldOut: boolean;
  source: string;
}

export type Rng = () => number;

export function rngFor(seed: string): Rng {
  return mulberry32(hash32(seed));
}

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

interface Match {
  start: number;
  end: number;
  text: string;
}

function matches(text: string, re: RegExp): Match[] {
  const out: Match[] = [];
  for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

function replaceAt(text: string, m: Match, replacement: string): string {
  return text.slice(0, m.start) + replacement + text.slice(m.end);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const NAME_RE = /\b\p{Lu}[\p{L}'’.&-]*(?:\s+(?:of\s+|de\s+|van\s+|von\s+|&\s+)?\p{Lu}[\p{L}'’.&-]*)*/gu;
const SENTENCE_START_COMMON = new Set(['The', 'A', 'An', 'It', 'He', 'She', 'They', 'This', 'In', 'On', 'At', 'His', 'Her', 'Their', 'There', 'I', 'We', 'You', 'Yes', 'No', 'But', 'And', 'After', 'Before', 'When', 'As', 'Its', 'One', 'During', 'From', 'With', 'For', 'Both', 'That', 'These', 'Some', 'Most', 'Many', 'Although', 'While', 'Well', 'Oh', 'So', 'If']);

/** Capitalised word runs that look like names (sentence-initial function words stripped). */
function names(text: string): Match[] {
  const out: Match[] = [];
  for (const m of matches(text, NAME_RE)) {
    const words = m.text.split(/\s+/);
    let start = m.start;
    while (words.length > 0 && SENTENCE_START_COMMON.has(words[0]!)) {
      start += words[0]!.length;
      words.shift();
      while (text[start] === ' ') start++;
    }
    if (words.length === 0) continue;
    const value = text.slice(start, m.end).replace(/[.'’-]+$/, '');
    if (value.length < 3 || MONTHS.includes(value)) continue;
    if (!value.includes(' ') && (SENTENCE_START_COMMON.has(value) || COMMON.has(value.toLowerCase()))) continue;
    out.push({ start, end: start + value.length, text: value });
  }
  return out;
}

const NUMBER_RE = /\b\d{1,3}(?:,\d{3})+\b|\b\d+(?:\.\d+)?\b/g;
const MONTH_RE = new RegExp(`\\b(${MONTHS.join('|')})\\b`, 'g');
const SPELLED = ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const SPELLED_RE = new RegExp(`\\b(${SPELLED.join('|')})\\b`, 'gi');
const AUX_RE = /\b(is|was|are|were|has|have|had|can|will|would|could|should|does|did|must)\b/gi;
const NEG_RE = /\s+not\b|n['’]t\b|\bnever\s+/gi;
const DET_NOUN_RE = /\b(the|a|an)\s+(?=[a-z]{3,})/gi;
const PAST_VERB_RE = /\b(?:he|she|they|it|\p{Lu}\p{Ll}+)\s+(?=\p{Ll}{3,}ed\b)/gu;

/** Antonym pairs the detector's built-in list also has (used for fitting). */
const TRAIN_ANTONYMS: ReadonlyArray<readonly [string, string]> = [
  ['increased', 'decreased'], ['increase', 'decrease'], ['before', 'after'], ['won', 'lost'], ['more', 'less'],
  ['largest', 'smallest'], ['larger', 'smaller'], ['first', 'last'], ['older', 'younger'], ['oldest', 'youngest'],
  ['north', 'south'], ['east', 'west'], ['northern', 'southern'], ['eastern', 'western'], ['higher', 'lower'],
  ['highest', 'lowest'], ['early', 'late'], ['male', 'female'], ['husband', 'wife'], ['father', 'mother'],
  ['son', 'daughter'], ['brother', 'sister'], ['public', 'private'], ['ancient', 'modern'], ['common', 'rare'],
  ['success', 'failure'], ['major', 'minor'], ['long', 'short'], ['large', 'small'], ['born', 'died'],
  ['opened', 'closed'], ['began', 'ended'], ['bought', 'sold'], ['above', 'below'], ['maximum', 'minimum'],
];
/** Pairs deliberately absent from the detector's list (held out). */
const HELD_OUT_ANTONYMS: ReadonlyArray<readonly [string, string]> = [
  ['former', 'current'], ['professional', 'amateur'], ['natural', 'artificial'], ['active', 'inactive'],
  ['married', 'divorced'], ['joined', 'left'], ['popular', 'unpopular'], ['known', 'unknown'],
  ['official', 'unofficial'], ['national', 'local'], ['independent', 'dependent'], ['original', 'replacement'],
  ['famous', 'obscure'], ['inner', 'outer'], ['coastal', 'inland'], ['annual', 'monthly'], ['daily', 'weekly'],
  ['solo', 'group'], ['indoor', 'outdoor'], ['fiction', 'nonfiction'],
];

function antonymTemplate(name: string, heldOut: boolean, pairs: ReadonlyArray<readonly [string, string]>): Template {
  const lookup = new Map<string, string>();
  for (const [a, b] of pairs) {
    lookup.set(a, b);
    lookup.set(b, a);
  }
  const re = new RegExp(`\\b(${[...lookup.keys()].join('|')})\\b`, 'gi');
  return {
    kind: 'antonym', name, heldOut,
    apply(text, _context, rng) {
      const found = matches(text, re);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      const lower = m.text.toLowerCase();
      const opposite = lookup.get(lower)!;
      const cased = m.text[0] === m.text[0]!.toUpperCase() ? opposite[0]!.toUpperCase() + opposite.slice(1) : opposite;
      return replaceAt(text, m, cased);
    },
  };
}

function changedNumber(digits: string, rng: Rng): string {
  const value = Number(digits.replace(/,/g, ''));
  if (/^\d{4}$/.test(digits) && value >= 1000 && value <= 2100) return String(value + pick(rng, [-9, -5, -3, -2, -1, 1, 2, 3, 4, 7, 10]));
  if (digits.includes('.')) return (value + pick(rng, [0.5, 1.2, 2])).toFixed(digits.split('.')[1]!.length);
  let next = value <= 3 ? value + pick(rng, [1, 2, 3]) : Math.round(value * pick(rng, [0.5, 1.5, 2, 3]));
  if (next === value) next = value + 1;
  return digits.includes(',') ? next.toLocaleString('en-US') : String(next);
}

/** Novel names drawn from other passages (never from the text's own context). */
let namePool: string[] = [];
export function setNamePool(pool: string[]): void {
  namePool = pool;
}

const TEMPLATES: readonly Template[] = [
  {
    kind: 'entity', name: 'swap-two-names', heldOut: false,
    apply(text) {
      const found = names(text);
      for (let i = 0; i < found.length; i++) {
        for (let j = i + 1; j < found.length; j++) {
          const a = found[i]!;
          const b = found[j]!;
          if (a.text === b.text || a.text.includes(b.text) || b.text.includes(a.text)) continue;
          // Swapping items of a list ("A, B and C") changes nothing; a role swap needs words between them.
          if (!/\b\p{Ll}{2,}/u.test(text.slice(a.end, b.start).replace(/\b(and|or)\b/g, ''))) continue;
          return text.slice(0, a.start) + b.text + text.slice(a.end, b.start) + a.text + text.slice(b.end);
        }
      }
      return null;
    },
  },
  {
    kind: 'entity', name: 'name-from-context', heldOut: false,
    apply(text, context, rng) {
      const own = names(text);
      if (own.length === 0) return null;
      const ownTexts = new Set(own.map((n) => n.text));
      const lowerText = text.toLowerCase();
      const candidates = [...new Set(names(context).map((n) => n.text))].filter(
        (c) => !lowerText.includes(c.toLowerCase()) && ![...ownTexts].some((o) => o.includes(c) || c.includes(o)),
      );
      if (candidates.length === 0) return null;
      const target = pick(rng, own);
      return replaceAt(text, target, pick(rng, candidates));
    },
  },
  {
    kind: 'entity', name: 'novel-name', heldOut: true,
    apply(text, context, rng) {
      const own = names(text);
      if (own.length === 0 || namePool.length === 0) return null;
      for (let tries = 0; tries < 20; tries++) {
        const candidate = pick(rng, namePool);
        if (!context.includes(candidate) && !text.includes(candidate)) return replaceAt(text, pick(rng, own), candidate);
      }
      return null;
    },
  },
  {
    kind: 'number', name: 'change-digits', heldOut: false,
    apply(text, _context, rng) {
      const found = matches(text, NUMBER_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return replaceAt(text, m, changedNumber(m.text, rng));
    },
  },
  {
    kind: 'number', name: 'change-month', heldOut: true,
    apply(text, _context, rng) {
      const found = matches(text, MONTH_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return replaceAt(text, m, pick(rng, MONTHS.filter((x) => x !== m.text)));
    },
  },
  {
    kind: 'number', name: 'change-spelled-number', heldOut: true,
    apply(text, _context, rng) {
      const found = matches(text, SPELLED_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return replaceAt(text, m, pick(rng, SPELLED.filter((x) => x !== m.text.toLowerCase())));
    },
  },
  {
    kind: 'negation', name: 'insert-not-after-auxiliary', heldOut: false,
    apply(text, _context, rng) {
      const found = matches(text, AUX_RE).filter((m) => !/^\s+(not|never)\b|^n['’]t/i.test(text.slice(m.end, m.end + 7)));
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return `${text.slice(0, m.end)} not${text.slice(m.end)}`;
    },
  },
  {
    kind: 'negation', name: 'remove-negation', heldOut: false,
    apply(text, context, rng) {
      // Only negations the context itself expresses: dropping an unsupported "not" leaves an unsupported text.
      if (!/\b(not|never|no|without)\b|n['’]t\b/i.test(context)) return null;
      const found = matches(text, NEG_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return replaceAt(text, m, '');
    },
  },
  {
    kind: 'negation', name: 'insert-never-before-verb', heldOut: true,
    apply(text, _context, rng) {
      const found = matches(text, PAST_VERB_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return `${text.slice(0, m.end)}never ${text.slice(m.end)}`;
    },
  },
  antonymTemplate('listed-antonym', false, TRAIN_ANTONYMS),
  antonymTemplate('unlisted-antonym', true, HELD_OUT_ANTONYMS),
  {
    kind: 'addition', name: 'adjective-after-determiner', heldOut: false,
    apply(text, _context, rng) {
      const found = matches(text, DET_NOUN_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      const adjective = pick(rng, ['famous', 'first', 'largest', 'only', 'oldest', 'official', 'controversial', 'award-winning', 'private', 'annual']);
      const det = m.text.trim().toLowerCase() === 'an' ? (m.text[0] === 'A' ? 'A' : 'a') : m.text.trim();
      const fixedDet = det.toLowerCase() === 'a' && /^[aeiou]/.test(adjective) ? (det[0] === 'A' ? 'An' : 'an') : det;
      return `${text.slice(0, m.start)}${fixedDet} ${adjective} ${text.slice(m.end)}`;
    },
  },
  {
    kind: 'addition', name: 'adverb-after-auxiliary', heldOut: false,
    apply(text, _context, rng) {
      const found = matches(text, AUX_RE);
      if (found.length === 0) return null;
      const m = pick(rng, found);
      return `${text.slice(0, m.end)} ${pick(rng, ['originally', 'reportedly', 'secretly', 'briefly', 'officially', 'mostly', 'always', 'widely'])}${text.slice(m.end)}`;
    },
  },
  {
    kind: 'addition', name: 'trailing-phrase', heldOut: true,
    apply(text, context, rng) {
      const phrase = pick(rng, ['in 1987', 'in London', 'with his brother', 'for the second time', 'after a long legal battle', 'in the early 1960s', 'under pressure from the government', 'at the age of 19']);
      if (context.includes(phrase)) return null;
      const end = text.replace(/[\s.!?]+$/, '');
      if (end.length < 3) return null;
      return `${end} ${phrase}${text.slice(end.length)}`;
    },
  },
];

export const PERTURBATION_TEMPLATES: readonly Template[] = TEMPLATES;

interface GroundedText {
  id: string;
  group: string;
  source: string;
  question: string;
  context: string;
  text: string;
}

function contextSentences(passage: string): string[] {
  return passage
    .replace(/([a-z)"”])\.(?=[A-Z])/g, '$1. ')
    .split(/(?<=[\p{Ll}\d)"”]{2}[.!?])\s+(?=[A-Z"“])/u)
    .map((s) => s.trim())
    .filter((s) => s.length >= 40 && s.length <= 300);
}

/** A summary-like rewrite of a context sentence: parentheticals, quotes and trailing relative clauses dropped. */
function compress(sentence: string): string | null {
  let s = sentence.replace(/\s*\([^)]*\)/g, '').replace(/["“”]/g, '');
  const cut = s.search(/, (which|who|where|while|although)\b|; /);
  if (cut >= 40) s = `${s.slice(0, cut).trim()}.`;
  s = s.replace(/\s+/g, ' ').trim();
  return s !== sentence && s.length >= 30 ? s : null;
}

/** The grounded texts that get perturbed (each keeps its own context and question). */
export function groundedTexts(): GroundedText[] {
  const out: GroundedText[] = [];
  for (const p of loadHaluEval()) {
    out.push({ id: `${p.id}-answer`, group: p.group, source: 'halueval-answer', question: p.question, context: p.context, text: p.grounded });
    const sentences = contextSentences(p.context);
    sentences.forEach((s, k) => {
      out.push({ id: `${p.id}-sentence${k}`, group: p.group, source: 'halueval-sentence', question: '', context: p.context, text: s });
      const short = compress(s);
      if (short) out.push({ id: `${p.id}-compressed${k}`, group: p.group, source: 'halueval-compressed', question: '', context: p.context, text: short });
      const next = sentences[k + 1];
      if (next && short && s.length + next.length <= 320) {
        // Two sentences fused into one, as summaries do.
        const second = compress(next) ?? next;
        const fused = `${short.replace(/\.$/, '')}, and ${second[0]!.toLowerCase()}${second.slice(1)}`;
        out.push({ id: `${p.id}-fused${k}`, group: p.group, source: 'halueval-fused', question: '', context: p.context, text: fused });
      }
    });
  }
  for (const d of loadDialFact()) {
    if (d.unsupported === 0) out.push({ id: d.id, group: d.group, source: 'dialfact-supports', question: d.question, context: d.context, text: d.answer });
  }
  for (const q of loadQ2()) {
    if (q.unsupported === 0) out.push({ id: q.id, group: q.group, source: 'q2-consistent', question: q.question, context: q.context, text: q.answer });
  }
  return out;
}

/** One pair per (grounded text, template) where the template applies. */
export function syntheticPairs(): SyntheticPair[] {
  const texts = groundedTexts();
  setNamePool([...new Set(loadHaluEval().flatMap((p) => names(p.context).map((n) => n.text)))].filter((n) => n.includes(' ')).sort());
  const out: SyntheticPair[] = [];
  for (const g of texts) {
    for (const t of TEMPLATES) {
      const rng = rngFor(`${g.id}|${t.name}`);
      const perturbed = t.apply(g.text, g.context, rng);
      if (perturbed === null || perturbed === g.text) continue;
      out.push({
        id: `${g.id}|${t.name}`, group: g.group, question: g.question, context: g.context, grounded: g.text,
        hallucinated: perturbed, kind: t.kind, template: t.name, heldOut: t.heldOut, source: g.source,
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { hallucination } = await import('../../src/enrich/hallucination/index.ts');
  const pairs = syntheticPairs().filter((p) => splitOf(p.group) === 'test');
  const jsonlAt = process.argv.indexOf('--jsonl');
  if (jsonlAt > 0) writeFileSync(process.argv[jsonlAt + 1]!, pairs.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const byKey = new Map<string, { wins: number; ties: number; n: number }>();
  for (const p of pairs) {
    const g = hallucination(p.question, p.context, p.grounded)!.score;
    const h = hallucination(p.question, p.context, p.hallucinated)!.score;
    for (const key of [`${p.kind}`, `${p.kind}/${p.template}${p.heldOut ? ' (held out)' : ''}`, `source ${p.source}`]) {
      const s = byKey.get(key) ?? { wins: 0, ties: 0, n: 0 };
      s.n++;
      if (g < h) s.wins++;
      else if (g === h) s.ties++;
      byKey.set(key, s);
    }
  }
  console.log('synthetic minimal edits, held-out split, pairwise accuracy (grounded < perturbed; ties count as errors)');
  for (const [key, s] of [...byKey.entries()].sort()) console.log(`  ${key.padEnd(48)} ${(s.wins / s.n).toFixed(3)}  ties ${(s.ties / s.n).toFixed(3)}  n=${s.n}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
