/**
 * Features of a (question, answer) pair for the relevance model. All are rates or similarities,
 * so a long answer is not rewarded for length: it is read up to ANSWER_CAP characters and its
 * distinct words (at most MAX_ANSWER_TYPES) are compared with the question's content words.
 *   - exact overlap: share of the question's content words found in the answer (plain and
 *     weighted by rarity), question bigrams found;
 *   - soft overlap: for each question word the closest answer word by word vector (GloVe),
 *     rarity-weighted mean, and share with a close match;
 *   - the answer has what the question asks for: a year or date (when), a number (how many),
 *     a name (who/where);
 *   - cosine of the mean word vectors; how much of the answer is new information;
 *   - what kind of new information: names and years the question does not already mention (an
 *     answer brings something new; a restatement of the question does not), a sentence that
 *     continues from an earlier one (starts with a pronoun) or says something is not so/unknown.
 */
import { wordVectors, type WordVectors } from '../text/word-vectors.ts';

export const ANSWER_CAP = 64 * 1024;
export const QUESTION_CAP = 4 * 1024;
export const MAX_ANSWER_TYPES = 4096;
/** Question words compared by vector (the rest still count for exact overlap). */
export const MAX_SOFT_QUESTION_WORDS = 64;

export const RELEVANCE_FEATURE_NAMES = [
  'overlap',
  'overlap_weighted',
  'bigram_overlap',
  'soft_overlap',
  'soft_close_share',
  'mean_vector_cosine',
  'answer_new_share',
  'wants_date',
  'wants_date_has_date',
  'wants_number',
  'wants_number_has_number',
  'wants_name',
  'wants_name_has_name',
  'answer_log_words',
  'no_overlap',
  'hit_log',
  'answer_short',
  'prefix_overlap_weighted',
  'rarest_covered',
  'overlap_if_type_ok',
  'answer_soft_precision',
  'proper_noun_overlap',
  'answer_alpha_share',
  'first_rare_position',
  'answer_new_names',
  'answer_new_year',
  'answer_starts_pronoun',
  'answer_negation',
] as const;
export const RELEVANCE_FEATURES = RELEVANCE_FEATURE_NAMES.length;

const STOPWORDS = new Set(
  ('a an the of in on at to for from by with and or but is are was were be been being do does did has have had what which who whom whose when where why how ' +
    'this that these those it its it\'s i you he she we they me him her us them my your his our their there here as into than then so if not no ' +
    'can could would should will shall may might must about also any some such each other name called named s t').split(' '),
);
const MONTHS = /\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b/i;
const YEAR = /\b(?:1[0-9]{3}|20[0-9]{2})s?\b/;
const NUMBER = /\b\d[\d,.]*\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|half)\b/i;
const WANTS_DATE = /\b(?:when|what year|which year|what date|what day|what month|what time|what decade|what century|how long ago|since when|in what year)\b/i;
const WANTS_NUMBER = /\b(?:how many|how much|how long|how old|how far|how big|how tall|how high|how often|what percentage|what percent|what number|what is the population|what amount|how fast)\b/i;
const WANTS_NAME = /^\s*(?:who|whom|whose|where|which (?:person|company|team|city|country|band|actor|player|state|album|song|film|movie|book))\b|\bwho\b/i;
/** A capitalised word that does not start a sentence: names, places, titles. */
const MID_CAPITAL = /[a-z,;:)"'] +[A-Z][a-z]+/;
/** Mid-sentence capitalised words (one space before; fixed-length look-behind keeps it linear). */
const MID_CAPITAL_WORDS = /(?<=[\p{Ll}\d,;:)"'] )\p{Lu}\p{L}+/gu;
const YEARS = /\b(?:1[0-9]{3}|20[0-9]{2})\b/g;
/** Names counted up to this many (a rate-like feature, not a length signal). */
const MAX_NEW_NAMES = 6;
const STARTS_WITH_PRONOUN = /^\s*(?:it|he|she|they|this|these|his|her|its|their)\b/i;
const NEGATION = /\b(?:not|no|never|unclear|unknown)\b/i;

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** Light stemmer for exact matching (plural, past, gerund, adverb endings). */
function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 4 && w.endsWith('es')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ly')) return w.slice(0, -2);
  return w;
}

/** Rarity weight from the word's frequency rank (numbers and unknown words count as rare). */
function rarity(vectors: WordVectors, w: string): number {
  const row = vectors.index(w);
  return Math.log(1 + (row < 0 ? vectors.count : row) / 50);
}

export interface RelevanceFeatures {
  dense: Float32Array;

  /** Question content words with no exact or close match in the answer (for explanations). */
  unmatched: string[];
}

export function relevanceFeatures(question: string, answer: string, vectors: WordVectors = wordVectors()): RelevanceFeatures {
  // The latest turn is at the end of a captured conversation: keep the end of a long question.
  const q = question.length > QUESTION_CAP ? question.slice(question.length - QUESTION_CAP) : question;
  const a = answer.length > ANSWER_CAP ? answer.slice(0, ANSWER_CAP) : answer;
  const qWords = words(q);
  const aWords = words(a);
  const dense = new Float32Array(RELEVANCE_FEATURES);

  const qContent = [...new Set(qWords.filter((w) => !STOPWORDS.has(w)))];
  const aStems = new Set<string>();
  const aPrefixes = new Set<string>();
  const aTypes: number[] = [];
  const seenTypes = new Set<string>();
  let aContent = 0;
  let aNew = 0;
  const qStems = new Set(qContent.map(stem));
  const mean = (ws: string[], out: Float32Array) => {
    for (const w of ws) {
      if (STOPWORDS.has(w)) continue;
      const row = vectors.index(w);
      if (row >= 0) vectors.addTo(out, row, 1);
    }
  };
  for (const w of aWords) {
    const s = stem(w);
    aStems.add(s);
    aPrefixes.add(w.slice(0, 5));
    if (!STOPWORDS.has(w)) {
      aContent++;
      if (!qStems.has(s)) aNew++;
    }
    if (!STOPWORDS.has(w) && aTypes.length < MAX_ANSWER_TYPES && !seenTypes.has(w)) {
      seenTypes.add(w);
      const row = vectors.index(w);
      if (row >= 0) aTypes.push(row);
    }
  }

  let hit = 0;
  let weighted = 0;
  let weightSum = 0;
  let soft = 0;
  let close = 0;
  const unmatched: string[] = [];
  for (let qi = 0; qi < qContent.length; qi++) {
    const w = qContent[qi]!;
    const weight = rarity(vectors, w);
    weightSum += weight;
    let best = 0;
    if (aStems.has(stem(w))) {
      hit++;
      weighted += weight;
      best = 1;
    } else {
      const row = qi < MAX_SOFT_QUESTION_WORDS ? vectors.index(w) : -1;
      if (row >= 0) for (const t of aTypes) best = Math.max(best, vectors.cosine(row, t));
    }
    soft += weight * best;
    if (best >= 0.6) close++;
    else unmatched.push(w);
  }
  const n = qContent.length;
  dense[0] = n ? hit / n : 0;
  dense[1] = weightSum ? weighted / weightSum : 0;
  let bigrams = 0;
  let bigramHits = 0;
  if (qWords.length > 1) {
    const aBigrams = new Set<string>();
    for (let i = 0; i + 1 < aWords.length; i++) aBigrams.add(stem(aWords[i]!) + ' ' + stem(aWords[i + 1]!));
    for (let i = 0; i + 1 < qWords.length; i++) {
      if (STOPWORDS.has(qWords[i]!) && STOPWORDS.has(qWords[i + 1]!)) continue;
      bigrams++;
      if (aBigrams.has(stem(qWords[i]!) + ' ' + stem(qWords[i + 1]!))) bigramHits++;
    }
  }
  dense[2] = bigrams ? bigramHits / bigrams : 0;
  dense[3] = weightSum ? soft / weightSum : 0;
  dense[4] = n ? close / n : 0;
  const qMean = new Float32Array(vectors.dims);
  const aMean = new Float32Array(vectors.dims);
  mean(qWords, qMean);
  mean(aWords.length > 20_000 ? aWords.slice(0, 20_000) : aWords, aMean);
  let dot = 0, nq = 0, na = 0;
  for (let k = 0; k < vectors.dims; k++) {
    dot += qMean[k]! * aMean[k]!;
    nq += qMean[k]! * qMean[k]!;
    na += aMean[k]! * aMean[k]!;
  }
  dense[5] = nq > 0 && na > 0 ? dot / Math.sqrt(nq * na) : 0;
  dense[6] = aContent ? aNew / aContent : 0;
  const wantsDate = WANTS_DATE.test(q);
  const wantsNumber = !wantsDate && WANTS_NUMBER.test(q);
  const wantsName = !wantsDate && !wantsNumber && WANTS_NAME.test(q);
  dense[7] = wantsDate ? 1 : 0;
  dense[8] = wantsDate && (YEAR.test(a) || MONTHS.test(a)) ? 1 : 0;
  dense[9] = wantsNumber ? 1 : 0;
  dense[10] = wantsNumber && NUMBER.test(a) ? 1 : 0;
  dense[11] = wantsName ? 1 : 0;
  dense[12] = wantsName && MID_CAPITAL.test(a) ? 1 : 0;
  dense[13] = Math.log1p(aWords.length) / 5;
  dense[14] = n > 0 && hit === 0 ? 1 : 0;
  dense[15] = Math.log1p(hit) / 2;
  dense[16] = a.trim().length < 25 ? 1 : 0;
  // Prefix match (first five letters) catches morphology and typos: originate / origins.
  let prefixWeighted = 0;
  const byRarity: Array<[number, boolean]> = [];
  for (const w of qContent) {
    const weight = rarity(vectors, w);
    const matched = aStems.has(stem(w)) || aPrefixes.has(w.slice(0, 5));
    if (matched) prefixWeighted += weight;
    byRarity.push([weight, matched]);
  }
  byRarity.sort((x, y) => y[0] - x[0]);
  const rarest = byRarity.slice(0, 2);
  dense[17] = weightSum ? prefixWeighted / weightSum : 0;
  dense[18] = rarest.length ? rarest.filter((r) => r[1]).length / rarest.length : 0;
  const typeOk = (!wantsDate || dense[8] === 1) && (!wantsNumber || dense[10] === 1) && (!wantsName || dense[12] === 1);
  dense[19] = typeOk ? dense[17]! : 0;
  // Answer side: how much of the answer is about the question (soft, by word vector).
  const qRows: number[] = [];
  for (let qi = 0; qi < qContent.length && qRows.length < MAX_SOFT_QUESTION_WORDS; qi++) {
    const row = vectors.index(qContent[qi]!);
    if (row >= 0) qRows.push(row);
  }
  let precision = 0;
  let precisionCount = 0;
  for (let t = 0; t < aTypes.length && t < 256; t++) {
    let best = 0;
    for (const r of qRows) best = Math.max(best, vectors.cosine(r, aTypes[t]!));
    precision += best;
    precisionCount++;
  }
  dense[20] = precisionCount ? precision / precisionCount : 0;
  // Names in the question (capitalised words not starting it) found in the answer.
  const names = q.match(/(?<=[a-z0-9,;:"'()] +)[A-Z][\p{L}]+/gu) ?? [];
  let namesFound = 0;
  for (const n of names) if (aStems.has(stem(n.toLowerCase()))) namesFound++;
  dense[21] = names.length ? namesFound / names.length : 0.5;
  let alpha = 0;
  const probe = Math.min(a.length, 2000);
  for (let i = 0; i < probe; i++) {
    const c = a.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 32) alpha++;
  }
  dense[22] = probe ? alpha / probe : 0;
  // Where the rarest question word first appears in the answer (early = the sentence is about it).
  const rarestWord = qContent.length ? qContent.reduce((x, w) => (rarity(vectors, w) > rarity(vectors, x) ? w : x)) : '';
  const at = rarestWord ? aWords.findIndex((w) => stem(w) === stem(rarestWord)) : -1;
  dense[23] = at < 0 ? 0 : 1 / (1 + at / 10);
  const qLower = new Set(qWords);
  let newNames = 0;
  for (const m of a.matchAll(MID_CAPITAL_WORDS)) {
    if (qLower.has(m[0].toLowerCase())) continue;
    if (++newNames === MAX_NEW_NAMES) break;
  }
  dense[24] = newNames / MAX_NEW_NAMES;
  let newYear = 0;
  for (const m of a.matchAll(YEARS)) {
    if (!qLower.has(m[0])) {
      newYear = 1;
      break;
    }
  }
  dense[25] = newYear;
  dense[26] = STARTS_WITH_PRONOUN.test(a) ? 1 : 0;
  dense[27] = NEGATION.test(a) ? 1 : 0;
  return { dense, unmatched };
}
