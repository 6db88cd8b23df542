/**
 * Calibration of the toxicity logit into P(toxic). One Platt curve cannot serve every kind of text: the same
 * model logit means a different probability on a tweet sampled for slurs (Davidson, 83% toxic), on a chat
 * message to a bot (ConvAbuse, 15%) and on a Wikipedia talk comment (2%), because the share of toxic text
 * differs by kind. So the calibrator is a logistic model over the logit and a few input-shape features that
 * tell such kinds of text apart (length, @mentions and retweets, hashtags, markup, line breaks, case,
 * addressing the reader, vocabulary coverage), with a slope per feature as well as an offset:
 *
 *   P(toxic) = sigmoid(c0 + c1·z + Σ a_k·s_k + Σ b_k·z·s_k)
 *
 * fitted on cross-fitted held-out logits (scripts/toxicity/train.ts). Identity terms are deliberately not a
 * shape feature: the calibration must not move a score because a group is named.
 */
import { STRUCTURE_FLAG_NAMES } from './structure.ts';

export const SHAPE_FEATURE_NAMES = [
  'log_chars', // log(1 + characters) / log(20,000)
  'mention', // an @handle
  'retweet', // "RT" as a word
  'hashtag', // #word
  'html_entity', // &amp; &#8220; …
  'url', // http(s)://
  'line_breaks', // log(1 + line breaks) / 3, capped at 1
  'wiki_markup', // "==", "[[", "{{", "~~" or a line starting with ":" or "*"
  'upper_share', // share of letters in upper case
  'starts_lower', // first letter is lower case
  'ends_punct', // last non-space character is . ! or ?
  'exclaims', // two or more "!"
  'second_person', // you / your / u … (structure pass)
  'vector_coverage', // share of words in the English vector table (structure pass)
] as const;
export const SHAPE_FEATURES = SHAPE_FEATURE_NAMES.length;
/** Calibration parameters: c0, c1, then a_k (offsets), then b_k (slopes). */
export const CALIBRATION_PARAMS = 2 + 2 * SHAPE_FEATURES;

const SECOND_PERSON_FLAG = STRUCTURE_FLAG_NAMES.indexOf('second_person');
const COVERAGE_FLAG = STRUCTURE_FLAG_NAMES.indexOf('vector_coverage');
const LOG_MAX_CHARS = Math.log(20_000);

const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isAlnum = (c: number): boolean => isLower(c) || isUpper(c) || (c >= 48 && c <= 57) || c === 95;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** Input-shape features of `text` into `out` (one pass over the text; `flags` are the structure flags). */
export function shapeFeatures(text: string, flags: ArrayLike<number>, out: Float32Array): Float32Array {
  const n = text.length;
  let mention = 0, retweet = 0, hashtag = 0, entity = 0, url = 0, lines = 0, wiki = 0, upper = 0, letters = 0, exclaims = 0;
  let firstLetter = 0;
  let last = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const prev = i > 0 ? text.charCodeAt(i - 1) : 10;
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    if (isUpper(c)) {
      upper++;
      letters++;
      if (firstLetter === 0) firstLetter = c;
      // "RT" standing alone
      if (c === 82 && next === 84 && !isAlnum(prev) && !isAlnum(i + 2 < n ? text.charCodeAt(i + 2) : 0)) retweet = 1;
    } else if (isLower(c)) {
      letters++;
      if (firstLetter === 0) firstLetter = c;
      if (c === 104 && next === 116 && text.startsWith('http', i) && (text.startsWith('://', i + 4) || text.startsWith('s://', i + 4))) url = 1;
    } else if (c === 64) {
      if (isAlnum(next) && !isAlnum(prev)) mention = 1;
    } else if (c === 35) {
      if (prev !== 38 && (isLower(next) || isUpper(next)) && !isAlnum(prev)) hashtag = 1;
    } else if (c === 38) {
      if (next === 35 || text.startsWith('amp;', i + 1) || text.startsWith('lt;', i + 1) || text.startsWith('gt;', i + 1) || text.startsWith('quot;', i + 1)) entity = 1;
    } else if (c === 10) {
      lines++;
      if (next === 58 || next === 42) wiki = 1;
    } else if (c === 33) exclaims++;
    else if ((c === 61 || c === 91 || c === 123 || c === 126) && next === c) wiki = 1;
    if (!isSpace(c)) last = c;
  }
  if (n > 0 && (text.charCodeAt(0) === 58 || text.charCodeAt(0) === 42)) wiki = 1;
  out[0] = Math.min(1, Math.log1p(n) / LOG_MAX_CHARS);
  out[1] = mention;
  out[2] = retweet;
  out[3] = hashtag;
  out[4] = entity;
  out[5] = url;
  out[6] = Math.min(1, Math.log1p(lines) / 3);
  out[7] = wiki;
  out[8] = letters > 0 ? upper / letters : 0;
  out[9] = isLower(firstLetter) ? 1 : 0;
  out[10] = last === 46 || last === 33 || last === 63 ? 1 : 0;
  out[11] = exclaims >= 2 ? 1 : 0;
  out[12] = flags[SECOND_PERSON_FLAG]!;
  out[13] = flags[COVERAGE_FLAG]!;
  return out;
}

/**
 * Lowest slope of the calibrated logit in the model's logit. The fitted slopes of real texts are 0.5–3
 * (75,000 held-out texts), but a corner of the shape space no real text reaches (all-caps text that starts
 * lower case, …) could sum to less; the floor keeps P(toxic) increasing in the model's logit for any input.
 */
export const MIN_CALIBRATION_SLOPE = 0.25;

/** Calibrated P(toxic) from the raw logit and the shape features (parameters: see CALIBRATION_PARAMS). */
export function calibrate(params: ArrayLike<number>, logit: number, shape: ArrayLike<number>): number {
  let offset = params[0]!;
  let slope = params[1]!;
  for (let k = 0; k < SHAPE_FEATURES; k++) {
    offset += shape[k]! * params[2 + k]!;
    slope += shape[k]! * params[2 + SHAPE_FEATURES + k]!;
  }
  const z = offset + Math.max(slope, MIN_CALIBRATION_SLOPE) * logit;
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
