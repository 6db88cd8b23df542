/**
 * A small learned text-pair model for relevance, in the compare-aggregate family used for answer
 * sentence selection (WikiQA/SelQA): it sees the words themselves, where the hand-made features in
 * features.ts see rates and flags.
 *   1. project: each word vector (GloVe 100-d, word-vectors.ts) is mapped by a learned matrix P
 *      to DIMS dimensions (the question's content words and the answer's distinct content words);
 *   2. attend: each question word attends softly over the answer words (softmax of dot products)
 *      and gets the answer summary closest to it;
 *   3. compare: per question word, [q ⊙ ã, q − ã] through a ReLU layer, pooled by mean and max;
 *   4. answer type: a learned vector per question type (who, when, how many, …) scores each answer
 *      word (its projection and its shape: capitalised, digits, year) — the best-scoring word says
 *      whether the answer has the kind of thing asked for (who → a name, when → a date);
 *   5. a tiny MLP over the pooled comparison, the type score and the question type gives a logit.
 * Cost: question words ≤ MAX_PAIR_QUESTION_WORDS and answer words ≤ MAX_PAIR_ANSWER_WORDS after the
 * caps of features.ts, so attention is bounded; projections are cached per vocabulary row.
 * Trained by pair-train.ts. An experiment, not part of the scorer: stacked with the logistic model
 * it did not beat the logistic model alone beyond seed noise in cross-validation over the training
 * questions (pair-experiment.ts; figures in README "Relevance: tried and not kept"). Kept so the
 * experiment can be rerun as more training questions become available.
 */
import type { WordVectors } from '../../src/enrich/text/word-vectors.ts';
import { ANSWER_CAP, QUESTION_CAP } from '../../src/enrich/relevance/features.ts';

export const QUESTION_TYPES = ['other', 'what', 'which', 'who', 'when', 'where', 'why', 'how', 'how_many'] as const;
export const TYPE_COUNT = QUESTION_TYPES.length;
/** Shape of an answer word: capitalised in the text, has a digit, looks like a year. */
export const SHAPES = 3;
export const MAX_PAIR_QUESTION_WORDS = 32;
export const MAX_PAIR_ANSWER_WORDS = 128;
/** Per question word, beside its comparison: found verbatim in the answer, rarity, not in the vocabulary. */
export const WORD_EXTRA = 3;

export interface PairSizes {
  /** Word-vector dimensions (input). */
  input: number;
  /** Projected dimensions. */
  dims: number;
  /** Comparison layer units. */
  compare: number;
  /** MLP hidden units. */
  hidden: number;
  /** Hand-made features (features.ts) fed to the MLP beside the learned ones (0 = none). */
  features: number;
}

/** All parameters in one flat array, addressed by offsets (one optimiser loop in training). */
export interface PairLayout {
  sizes: PairSizes;
  projection: number; // dims × input
  typeVectors: number; // TYPE_COUNT × dims
  typeShape: number; // TYPE_COUNT × SHAPES
  compareW: number; // compare × (2·dims + WORD_EXTRA)
  compareB: number; // compare
  mlpW: number; // hidden × mlpInput
  mlpB: number; // hidden
  outW: number; // hidden
  outB: number; // 1
  mlpInput: number;
  total: number;
}

export function pairLayout(sizes: PairSizes): PairLayout {
  const { input, dims, compare, hidden, features } = sizes;
  const mlpInput = 2 * compare + 1 + TYPE_COUNT + features;
  let at = 0;
  const take = (n: number) => {
    const start = at;
    at += n;
    return start;
  };
  const layout = {
    sizes,
    projection: take(dims * input),
    typeVectors: take(TYPE_COUNT * dims),
    typeShape: take(TYPE_COUNT * SHAPES),
    compareW: take(compare * (2 * dims + WORD_EXTRA)),
    compareB: take(compare),
    mlpW: take(hidden * mlpInput),
    mlpB: take(hidden),
    outW: take(hidden),
    outB: take(1),
    mlpInput,
    total: 0,
  };
  layout.total = at;
  return layout;
}

/** The pair model's view of a (question, answer): vocabulary rows, shapes, question type. */
export interface PairInput {
  /** Vocabulary rows of the question's content words (-1: not in the vocabulary, zero vector). */
  question: Int32Array;
  /** WORD_EXTRA values per question word. */
  questionExtra: Float32Array;
  /** The hand-made features (features.ts; read only when the model was trained with them). */
  features: Float32Array;
  answer: Int32Array;
  /** SHAPES values per answer word. */
  shape: Float32Array;
  type: number;
}

const PAIR_STOPWORDS = new Set(
  ('a an the of in on at to for from by with and or but is are was were be been being do does did has have had what which who whom whose when where why how ' +
    'this that these those it its i you he she we they me him her us them my your his our their there here as into than then so if ' +
    'can could would should will shall may might must about also any some such each other s t').split(' '),
);
const TOKEN = /[A-Za-z0-9]+(?:'[a-z]+)?/g;
const WH: Record<string, number> = { what: 1, which: 2, who: 3, whom: 3, whose: 3, when: 4, where: 5, why: 6, how: 7 };

export function questionType(tokens: readonly string[]): number {
  for (let i = 0; i < tokens.length; i++) {
    const t = WH[tokens[i]!];
    if (t === undefined) continue;
    if (t === 7 && (tokens[i + 1] === 'many' || tokens[i + 1] === 'much')) return 8;
    return t;
  }
  return 0;
}

/** The question is read from its end (the latest turn) and the answer from its start, as in features.ts. */
export function pairInput(fullQuestion: string, fullAnswer: string, vectors: WordVectors, features: Float32Array = new Float32Array(0)): PairInput {
  const question = fullQuestion.length > QUESTION_CAP ? fullQuestion.slice(fullQuestion.length - QUESTION_CAP) : fullQuestion;
  const answer = fullAnswer.length > ANSWER_CAP ? fullAnswer.slice(0, ANSWER_CAP) : fullAnswer;
  const qTokens = (question.match(TOKEN) ?? []).map((w) => w.toLowerCase());
  const aRows: number[] = [];
  const shape: number[] = [];
  const aSeen = new Set<number>();
  const aWords = new Set<string>();
  let first = true;
  for (const m of answer.matchAll(TOKEN)) {
    const raw = m[0];
    const w = raw.toLowerCase();
    aWords.add(w);
    const sentenceStart = first;
    first = false;
    if (aRows.length === MAX_PAIR_ANSWER_WORDS || PAIR_STOPWORDS.has(w)) continue;
    const row = vectors.index(w);
    if (row < 0 || aSeen.has(row)) continue;
    aSeen.add(row);
    aRows.push(row);
    const c = raw.charCodeAt(0);
    const digit = /[0-9]/.test(raw);
    shape.push(!sentenceStart && c >= 65 && c <= 90 ? 1 : 0, digit ? 1 : 0, digit && /^(?:1[0-9]{3}|20[0-9]{2})s?$/.test(raw) ? 1 : 0);
  }
  const qRows: number[] = [];
  const qExtra: number[] = [];
  const seen = new Set<string>();
  const rarityScale = 1 / Math.log(1 + vectors.count / 50);
  for (const w of qTokens) {
    if (qRows.length === MAX_PAIR_QUESTION_WORDS) break;
    if (PAIR_STOPWORDS.has(w) || seen.has(w)) continue;
    seen.add(w);
    const row = vectors.index(w);
    qRows.push(row);
    qExtra.push(aWords.has(w) ? 1 : 0, Math.log(1 + (row < 0 ? vectors.count : row) / 50) * rarityScale, row < 0 ? 1 : 0);
  }
  return { question: Int32Array.from(qRows), questionExtra: Float32Array.from(qExtra), features, answer: Int32Array.from(aRows), shape: Float32Array.from(shape), type: questionType(qTokens) };
}

/** Intermediate values of one forward pass, kept for back-propagation in training. */
export interface PairTrace {
  q: Float64Array; // nq × dims (projected)
  a: Float64Array; // na × dims
  alpha: Float64Array; // nq × na
  attended: Float64Array; // nq × dims
  comparePre: Float64Array; // nq × compare
  maxAt: Int32Array; // compare: which question word gave the max
  typeAt: number; // answer word with the best type score
  z: Float64Array; // mlpInput
  hiddenPre: Float64Array; // hidden
}

type Params = Float32Array | Float64Array;

/**
 * Logit of the pair model. `project(row, out, offset)` writes the projection of a vocabulary row
 * (inference: from a cache; training: computed from the current P). With `trace`, intermediates
 * are recorded for training.
 */
export function pairForward(
  layout: PairLayout,
  p: Params,
  input: PairInput,
  project: (row: number, out: Float64Array, offset: number) => void,
  trace?: PairTrace,
): number {
  const { dims, compare, hidden } = layout.sizes;
  const nq = input.question.length;
  const na = input.answer.length;
  const q = trace?.q ?? new Float64Array(nq * dims);
  const a = trace?.a ?? new Float64Array(na * dims);
  for (let i = 0; i < nq; i++) {
    if (input.question[i]! >= 0) project(input.question[i]!, q, i * dims);
    else q.fill(0, i * dims, (i + 1) * dims);
  }
  for (let j = 0; j < na; j++) project(input.answer[j]!, a, j * dims);
  const z = trace?.z ?? new Float64Array(layout.mlpInput);
  z.fill(0);
  const att = new Float64Array(dims);
  const width = 2 * dims + WORD_EXTRA;
  const c = new Float64Array(width);
  const e = new Float64Array(na);
  if (nq > 0 && na > 0) {
    for (let k = 0; k < compare; k++) z[compare + k] = -Infinity;
    for (let i = 0; i < nq; i++) {
      const qi = i * dims;
      let max = -Infinity;
      for (let j = 0; j < na; j++) {
        let s = 0;
        for (let d = 0, aj = j * dims; d < dims; d++) s += q[qi + d]! * a[aj + d]!;
        e[j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j < na; j++) sum += e[j] = Math.exp(e[j]! - max);
      att.fill(0);
      for (let j = 0; j < na; j++) {
        const w = e[j]! / sum;
        e[j] = w;
        for (let d = 0, aj = j * dims; d < dims; d++) att[d]! += w * a[aj + d]!;
      }
      if (trace) {
        trace.alpha.set(e.subarray(0, na), i * na);
        trace.attended.set(att, i * dims);
      }
      for (let d = 0; d < dims; d++) {
        c[d] = q[qi + d]! * att[d]!;
        c[dims + d] = q[qi + d]! - att[d]!;
      }
      for (let x = 0; x < WORD_EXTRA; x++) c[2 * dims + x] = input.questionExtra[i * WORD_EXTRA + x]!;
      for (let k = 0; k < compare; k++) {
        let s = p[layout.compareB + k]!;
        const w = layout.compareW + k * width;
        for (let m = 0; m < width; m++) s += p[w + m]! * c[m]!;
        if (trace) trace.comparePre[i * compare + k] = s;
        const g = s > 0 ? s : 0;
        z[k]! += g / nq;
        if (g > z[compare + k]!) {
          z[compare + k] = g;
          if (trace) trace.maxAt[k] = i;
        }
      }
    }
    // Best answer word for the question type.
    let best = -Infinity;
    let bestAt = 0;
    const tv = layout.typeVectors + input.type * dims;
    const ts = layout.typeShape + input.type * SHAPES;
    for (let j = 0; j < na; j++) {
      let s = 0;
      for (let d = 0, aj = j * dims; d < dims; d++) s += p[tv + d]! * a[aj + d]!;
      for (let h = 0; h < SHAPES; h++) s += p[ts + h]! * input.shape[j * SHAPES + h]!;
      if (s > best) {
        best = s;
        bestAt = j;
      }
    }
    z[2 * compare] = best;
    if (trace) trace.typeAt = bestAt;
  } else if (trace) {
    trace.maxAt.fill(-1);
    trace.typeAt = -1;
  }
  z[2 * compare + 1 + input.type] = 1;
  const f0 = 2 * compare + 1 + TYPE_COUNT;
  for (let m = 0; m < layout.sizes.features; m++) z[f0 + m] = input.features[m]!;
  let out = p[layout.outB]!;
  for (let t = 0; t < hidden; t++) {
    let s = p[layout.mlpB + t]!;
    const w = layout.mlpW + t * layout.mlpInput;
    for (let m = 0; m < layout.mlpInput; m++) s += p[w + m]! * z[m]!;
    if (trace) trace.hiddenPre[t] = s;
    if (s > 0) out += p[layout.outW + t]! * s;
  }
  return out;
}

export function newTrace(layout: PairLayout, input: PairInput): PairTrace {
  const { dims, compare, hidden } = layout.sizes;
  const nq = input.question.length;
  const na = input.answer.length;
  return {
    q: new Float64Array(nq * dims),
    a: new Float64Array(na * dims),
    alpha: new Float64Array(nq * na),
    attended: new Float64Array(nq * dims),
    comparePre: new Float64Array(nq * compare),
    maxAt: new Int32Array(compare).fill(-1),
    typeAt: -1,
    z: new Float64Array(layout.mlpInput),
    hiddenPre: new Float64Array(hidden),
  };
}

/** How the two models' logits are combined (fitted on out-of-fold logits of the training questions). */
export interface StackWeights {
  bias: number;
  logistic: number;
  pair: number;
}

export function stackLogit(w: StackWeights, logistic: number, pair: number): number {
  return w.bias + w.logistic * logistic + w.pair * pair;
}
