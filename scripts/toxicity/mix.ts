/**
 * The training mix, the calibration set and the held-out sets of the toxicity model, all by deterministic
 * text-hash splits (see datasets.ts). HateCheck and the Wikipedia identity set are never in the first two.
 *
 * Structure the data rarely shows is added by rewriting training texts (never evaluation texts):
 *   - negation: a toxic "X is a filthy Y" madlibs sentence with "not" inserted is not toxic;
 *   - benign LLM answers: half of the HaluEval ChatGPT answers are non-toxic training rows (long prose
 *     the other sets lack); the other half is held out for the false-positive rate;
 *   - reporting / counter-speech: a toxic training text quoted inside a frame that rejects or reports it
 *     ("Someone wrote \"...\" and was banned for it") is not toxic.
 * The frames are our own wording, chosen to cover quoting, reporting and objecting in general.
 */
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { templateHash, textHash } from './manifest.ts';
import {
  type LabelledText, loadBenignAnswers, loadConvAbuse, loadHateCheck, loadDavidson, loadJigsaw, loadMadlibs, loadSurge, loadWikiTalk, madlibsEighth, splitBucket, splitDavidson, splitKey,
} from './datasets.ts';

export interface SourcedText extends LabelledText {
  source: string;
  /** For a rewrite: the training text it was made from (cross-fitting keeps both in one fold). */
  origin?: string;
}

export interface ToxicityMix {
  train: SourcedText[];
  calibration: SourcedText[];
  heldOut: Record<string, LabelledText[]>;
}

/** Share of the total training weight each source gets (split between its classes by CLASS_BALANCE). */
export const SOURCE_SHARE: Record<string, number> = {
  davidson: 1,
  convabuse: 1,
  surge: 0.6,
  'wiki-talk': 1,
  jigsaw: 0.2,
  madlibs: 0.6,
  'augmented-negation': 0.4,
  'augmented-negated-praise': 0.3,
  'augmented-friendly-profanity': 0.12,
  'augmented-reported': 0.5,
  'llm-answers': 0.5,
};

/** Longer texts are cut for training (the head carries the label nearly always; keeps epochs short). */
const MAX_TRAIN_CHARS = 1500;

const REPORT_FRAMES = [
  'Someone wrote "{t}" and was banned for it.',
  'Please stop posting comments like "{t}".',
  'I was shocked to read "{t}" in the thread.',
  'Writing "{t}" is never acceptable.',
  'The moderators removed "{t}" within minutes.',
  'My teacher explained why "{t}" is a hurtful thing to say.',
  'He was fired after he said "{t}".',
  'Why would anyone write "{t}"?',
  'Stop saying {t}.',
  'It is wrong to keep saying that {t}.',
  'My neighbour claimed {t}, and everyone told him off.',
  'Nobody here is posting {t}, so relax.',
];

/** Profanity as emphasis or exclamation, aimed at no one ({t}: one benign sentence). */
const PROFANITY_FRAMES = [
  'Holy shit, {t}',
  'Damn, {t}',
  '{t} Fucking brilliant.',
  'Oh crap, {t}',
  '{t} That is so damn cool.',
  'Fuck yes! {t}',
  '{t} Shit, I did not know that.',
  'Hell yeah, {t}',
];

function firstSentence(text: string): string | null {
  const m = /^[^.!?\n]{20,160}[.!?]/.exec(text.trim());
  return m ? m[0] : null;
}

function negate(text: string): string | null {
  const m = /^(.*?\b(?:is|are|am))\s+(.*)$/i.exec(text);
  if (!m) return null;
  return `${m[1]} not ${m[2]}`;
}

function augment(train: readonly SourcedText[]): SourcedText[] {
  const out: SourcedText[] = [];
  for (const row of train) {
    const h = fnv1a(`augment:${row.text}`);
    if (row.label === 0) {
      // The other direction: praise of a group or person, negated, is derogation.
      if (row.source === 'madlibs' && h % 2 === 0) {
        const negated = negate(row.text);
        if (negated) out.push({ text: negated, label: 1, soft: 1, source: 'augmented-negated-praise', origin: row.text });
      }
      // Profanity that insults no one is not toxic: benign LLM sentences with an emphatic swear.
      const sentence = row.source === 'llm-answers' && h % 3 === 0 ? firstSentence(row.text) : null;
      if (sentence) out.push({ text: PROFANITY_FRAMES[(h >>> 8) % PROFANITY_FRAMES.length]!.replace('{t}', sentence), label: 0, soft: 0, source: 'augmented-friendly-profanity', origin: row.text });
      continue;
    }
    if (row.source === 'madlibs' && h % 2 === 0) {
      const negated = negate(row.text);
      if (negated) out.push({ text: negated, label: 0, soft: 0, source: 'augmented-negation', origin: row.text });
    }
    if ((row.source === 'madlibs' || row.source === 'davidson' || row.source === 'convabuse') && row.text.length <= 140 && h % 5 === 1) {
      const frame = REPORT_FRAMES[(h >>> 8) % REPORT_FRAMES.length]!;
      out.push({ text: frame.replace('{t}', row.text.replace(/"/g, "'")), label: 0, soft: 0, source: 'augmented-reported', origin: row.text });
    }
  }
  return out;
}

const tag = (rows: readonly LabelledText[], source: string): SourcedText[] => rows.map((r) => ({ ...r, source, text: r.text.slice(0, MAX_TRAIN_CHARS) }));

/** Training rows dropped because their text or template equals a HateCheck case (set by buildMix). */
export let excludedAsHateCheck = 0;

export function buildMix(): ToxicityMix {
  const train: SourcedText[] = [];
  const calibration: SourcedText[] = [];
  const heldOut: Record<string, LabelledText[]> = {};

  const davidson = splitDavidson(loadDavidson());
  for (const r of davidson.train) (splitBucket(r.text) === 2 ? calibration : train).push({ ...r, source: 'davidson' });
  heldOut.davidson = davidson.heldOut;

  const convabuse = loadConvAbuse();
  train.push(...tag(convabuse.filter((r) => r.slice === 'train'), 'convabuse'));
  calibration.push(...tag(convabuse.filter((r) => r.slice === 'validation'), 'convabuse'));
  heldOut.convabuse = convabuse.filter((r) => r.slice === 'test');

  for (const [name, rows] of [['surge', loadSurge()], ['wiki-talk', loadWikiTalk()]] as const) {
    heldOut[name] = rows.filter((r) => splitBucket(r.text) < 3);
    calibration.push(...tag(rows.filter((r) => splitBucket(r.text) === 3), name));
    train.push(...tag(rows.filter((r) => splitBucket(r.text) > 3), name));
  }

  const jigsaw = loadJigsaw();
  heldOut.jigsaw = jigsaw.filter((r) => splitBucket(r.text) < 5);
  train.push(...tag(jigsaw.filter((r) => splitBucket(r.text) >= 5), 'jigsaw'));

  const madlibs = loadMadlibs();
  heldOut.madlibs = madlibs.filter((r) => madlibsEighth(r.text) === 0);
  calibration.push(...tag(madlibs.filter((r) => madlibsEighth(r.text) === 2).filter((_, i) => i % 4 === 0), 'madlibs'));
  train.push(...tag(madlibs.filter((r) => madlibsEighth(r.text) === 1), 'madlibs'));

  // Benign LLM output (what the scorer mostly sees): half of the HaluEval ChatGPT answers train as
  // non-toxic, the other half measures false positives.
  const answers = loadBenignAnswers().map((text): LabelledText => ({ text, label: 0, soft: 0 }));
  heldOut['llm-answers'] = answers.filter((r) => splitBucket(r.text) < 5);
  train.push(...tag(answers.filter((r) => splitBucket(r.text) >= 5), 'llm-answers'));

  train.push(...augment(train));
  // HateCheck is read only to keep its cases and templates out of training (a tweet may say the same words).
  const hatecheck = loadHateCheck();
  const banned = new Set([...hatecheck.map((r) => textHash(r.text)), ...hatecheck.map((r) => templateHash(r.text))]);
  const kept = train.filter((r) => !banned.has(textHash(r.text)) && !banned.has(templateHash(r.text)));
  excludedAsHateCheck = train.length - kept.length;
  train.length = 0;
  train.push(...kept);
  // A text in two sides of a split is trained on only (never both trained on and evaluated).
  const trainKeys = new Set(train.map((r) => splitKey(r.text)));
  for (const name of Object.keys(heldOut)) heldOut[name] = heldOut[name]!.filter((r) => !trainKeys.has(splitKey(r.text)));
  return { train, calibration: calibration.filter((r) => !trainKeys.has(splitKey(r.text))), heldOut };
}

/**
 * How far training evens out the classes within a source (weight within a class ∝ count^-balance): 1 gives
 * each class half of the source's weight, 0 keeps the source's own share of toxic rows. With every source
 * balanced, the logit carried no notion of how common toxic text is in each kind of text, and one
 * calibration had to serve sets 2% to 83% toxic (held-out ECE 0.06–0.14 on every set); kept near its own
 * share, each source teaches its base rate to the n-gram weights. Davidson stays balanced: at its own 83%
 * (tweets sampled for slurs) it teaches that every slur is toxic, and HateCheck's reclaimed slurs and slur
 * homonyms fell to 23–26% right.
 */
export const CLASS_BALANCE: Record<string, number> = { davidson: 1, default: 0.15 };

/** Per-row training weight: each source gets SOURCE_SHARE of the total, split between classes by `balance`. */
export function sourceWeights(rows: readonly SourcedText[], balance: Readonly<Record<string, number>> = CLASS_BALANCE): Float64Array {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.source}:${r.label}`, (counts.get(`${r.source}:${r.label}`) ?? 0) + 1);
  const shares = Object.values(SOURCE_SHARE).reduce((a, b) => a + b, 0);
  const weights = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const inClass = counts.get(`${r.source}:${r.label}`)!;
    const other = counts.get(`${r.source}:${1 - r.label}`) ?? 0;
    const b = balance[r.source] ?? balance.default ?? 1;
    const norm = inClass ** (1 - b) + (other > 0 ? other ** (1 - b) : 0);
    weights[i] = ((SOURCE_SHARE[r.source] ?? 0.5) / shares) * rows.length * (inClass ** -b / norm);
  });
  return weights;
}
