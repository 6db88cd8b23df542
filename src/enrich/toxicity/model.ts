/**
 * The toxicity model: a wide-and-deep logistic model. Wide: hashed word/character n-grams (spelling,
 * slurs, phrases) and dense lexicon/structure features. Deep: one tanh hidden layer over pooled word
 * vectors (plain, negated, quoted) and the same dense features, so meaning and scope interact
 * ("vermin" near an identity term; "disgusting" under "not"). The raw logit is mapped to a calibrated
 * probability by a calibrator over the logit and the input's shape (calibration.ts), fitted on
 * cross-fitted held-out logits (scripts/toxicity/train.ts).
 *
 * File layout (little endian):
 *   magic "LSTX" | u32 version (3) | u32 hashBits | u32 denseCount | u32 hidden | u32 deepInputs
 *   | f32 bias | f32 weightScale | u32 calibrationCount | u32 shapeFeatureCount
 *   | f32[denseCount] dense weights | f32[hidden × deepInputs] hidden weights | f32[hidden] hidden biases
 *   | f32[hidden] output weights | f32[calibrationCount] calibration | i16[2^hashBits] hashed weights (value = i16 * weightScale)
 */
import { readFileSync } from 'node:fs';
import { mix32 } from '../text/fnv.ts';
import { CALIBRATION_PARAMS, SHAPE_FEATURES, calibrate, shapeFeatures } from './calibration.ts';
import { DENSE_FEATURES, SEED_UNIGRAM, ToxicityFeaturizer, deepInputs, groupScale } from './features.ts';
import { STRUCTURE_FLAG_NAMES } from './structure.ts';

const MAGIC = 0x5854534c; // "LSTX"
const VERSION = 3;
const HEADER_BYTES = 40;

export interface ToxicityModelWeights {
  hashBits: number;
  bias: number;
  dense: Float32Array;
  hidden: number;
  deepInputs: number;
  /** hidden × deepInputs, row per hidden unit. */
  hiddenWeights: Float32Array;
  hiddenBias: Float32Array;
  output: Float32Array;
  hashed: Float32Array;
  /** Calibrator parameters (calibration.ts, CALIBRATION_PARAMS long): P(toxic) from the logit and the input's shape. */
  calibration: Float32Array;
}

/** Calibration that passes the logit through unchanged (P = sigmoid(logit)): what train() starts from. */
export function identityCalibration(): Float32Array {
  const params = new Float32Array(CALIBRATION_PARAMS);
  params[1] = 1;
  return params;
}

export const DEFAULT_MODEL_URL = new URL('./model/toxicity-model.bin', import.meta.url);

export function encodeModel(weights: ToxicityModelWeights): Uint8Array {
  const size = 1 << weights.hashBits;
  if (weights.hashed.length !== size) throw new Error(`expected ${size} hashed weights, got ${weights.hashed.length}`);
  let maxAbs = 0;
  for (let i = 0; i < size; i++) maxAbs = Math.max(maxAbs, Math.abs(weights.hashed[i]!));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  if (weights.calibration.length !== CALIBRATION_PARAMS) throw new Error(`expected ${CALIBRATION_PARAMS} calibration parameters, got ${weights.calibration.length}`);
  const floats = weights.dense.length + weights.hiddenWeights.length + weights.hiddenBias.length + weights.output.length + CALIBRATION_PARAMS;
  const bytes = new Uint8Array(HEADER_BYTES + floats * 4 + size * 2);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, weights.hashBits, true);
  view.setUint32(12, weights.dense.length, true);
  view.setUint32(16, weights.hidden, true);
  view.setUint32(20, weights.deepInputs, true);
  view.setFloat32(24, weights.bias, true);
  view.setFloat32(28, scale, true);
  view.setUint32(32, CALIBRATION_PARAMS, true);
  view.setUint32(36, SHAPE_FEATURES, true);
  let offset = HEADER_BYTES;
  for (const block of [weights.dense, weights.hiddenWeights, weights.hiddenBias, weights.output, weights.calibration]) {
    for (const w of block) {
      view.setFloat32(offset, w, true);
      offset += 4;
    }
  }
  for (let i = 0; i < size; i++) {
    view.setInt16(offset, Math.round(weights.hashed[i]! / scale), true);
    offset += 2;
  }
  return bytes;
}

export function decodeModel(bytes: Uint8Array): ToxicityModelWeights {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new Error('not a toxicity model file');
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`unsupported toxicity model version ${version}`);
  const hashBits = view.getUint32(8, true);
  const denseCount = view.getUint32(12, true);
  const hidden = view.getUint32(16, true);
  const inputs = view.getUint32(20, true);
  if (denseCount !== DENSE_FEATURES) throw new Error(`model has ${denseCount} dense features, code expects ${DENSE_FEATURES}`);
  if (view.getUint32(32, true) !== CALIBRATION_PARAMS || view.getUint32(36, true) !== SHAPE_FEATURES) throw new Error('toxicity model calibration does not match the code (shape features changed: retrain)');
  const size = 1 << hashBits;
  const floats = denseCount + hidden * inputs + 2 * hidden + CALIBRATION_PARAMS;
  if (bytes.byteLength !== HEADER_BYTES + floats * 4 + size * 2) throw new Error('toxicity model file has the wrong size');
  let offset = HEADER_BYTES;
  const readFloats = (n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, offset += 4) out[i] = view.getFloat32(offset, true);
    return out;
  };
  const dense = readFloats(denseCount);
  const hiddenWeights = readFloats(hidden * inputs);
  const hiddenBias = readFloats(hidden);
  const output = readFloats(hidden);
  const calibration = readFloats(CALIBRATION_PARAMS);
  const scale = view.getFloat32(28, true);
  const hashed = new Float32Array(size);
  for (let i = 0; i < size; i++, offset += 2) hashed[i] = view.getInt16(offset, true) * scale;
  return {
    hashBits, bias: view.getFloat32(24, true), dense, hidden, deepInputs: inputs, hiddenWeights, hiddenBias, output, hashed, calibration,
  };
}

export function loadModel(path: string | URL = DEFAULT_MODEL_URL): ToxicityModelWeights {
  return decodeModel(readFileSync(path));
}

/** Hidden-layer activations for the featurizer's deep input (written into `out`). */
export function hiddenActivations(weights: ToxicityModelWeights, deep: Float32Array, out: Float32Array): Float32Array {
  const n = weights.deepInputs;
  const w = weights.hiddenWeights;
  for (let h = 0; h < weights.hidden; h++) {
    let z = weights.hiddenBias[h]!;
    for (let k = 0, at = h * n; k < n; k++, at++) z += w[at]! * deep[k]!;
    out[h] = Math.tanh(z);
  }
  return out;
}

/** Raw (uncalibrated) logit of the model for the features currently held by `featurizer`. */
export function logitOf(weights: ToxicityModelWeights, featurizer: ToxicityFeaturizer, hiddenOut: Float32Array): number {
  const hashed = weights.hashed;
  const indices = featurizer.indices;
  const words = featurizer.wordCount;
  const total = words + featurizer.charCount;
  let wordSum = 0;
  for (let i = 0; i < words; i++) wordSum += hashed[indices[i]!]!;
  let charSum = 0;
  for (let i = words; i < total; i++) charSum += hashed[indices[i]!]!;
  let logit = weights.bias + wordSum * groupScale(words) + charSum * groupScale(featurizer.charCount);
  const dense = featurizer.dense;
  for (let i = 0; i < dense.length; i++) logit += dense[i]! * weights.dense[i]!;
  hiddenActivations(weights, featurizer.deep, hiddenOut);
  for (let h = 0; h < weights.hidden; h++) logit += weights.output[h]! * hiddenOut[h]!;
  return logit;
}

/** A loaded model with its own featuriser: `probability(text)` is the calibrated toxicity score. */
export class ToxicityModel {
  readonly weights: ToxicityModelWeights;
  readonly featurizer: ToxicityFeaturizer;
  private readonly hiddenOut: Float32Array;
  /** Shape features of the last text given to logit(). */
  readonly shape = new Float32Array(SHAPE_FEATURES);

  constructor(weights: ToxicityModelWeights, featurizer?: ToxicityFeaturizer) {
    this.weights = weights;
    this.featurizer = featurizer ?? new ToxicityFeaturizer(weights.hashBits);
    if (deepInputs(this.featurizer.structure.dims) !== weights.deepInputs) throw new Error('toxicity model does not match the word-vector table');
    this.hiddenOut = new Float32Array(weights.hidden);
  }

  /**
   * Uncalibrated logit (training and calibration use it); NaN for text without a single word. Leaves the
   * text's shape features in `shape`.
   */
  logit(text: string): number {
    const scored = text.length > MAX_TOXICITY_CHARS ? text.slice(0, MAX_TOXICITY_CHARS) : text;
    const featurizer = this.featurizer.extract(scored);
    if (featurizer.tokenCount === 0 && featurizer.structure.words.length === 0) return Number.NaN;
    shapeFeatures(scored, featurizer.structure.flags, this.shape);
    return logitOf(this.weights, featurizer, this.hiddenOut);
  }

  /** Calibrated probability that `text` is toxic; 0 for text without a single word. */
  probability(text: string): number {
    const z = this.logit(text);
    if (Number.isNaN(z)) return 0;
    return calibrate(this.weights.calibration, z, this.shape);
  }

  /** The probability plus what drove it: the words with the largest learned weight, and the structure seen. */
  explain(text: string): ToxicityExplanation {
    const probability = this.probability(text);
    const f = this.featurizer;
    const norm = f.normalizer;
    const words: Array<{ word: string; weight: number }> = [];
    const seen = new Set<string>();
    for (let t = 0; t < norm.tokenCount; t++) {
      const index = mix32(norm.tokenHash[t]! ^ SEED_UNIGRAM) >>> (32 - this.weights.hashBits);
      const weight = this.weights.hashed[index]!;
      const word = String.fromCharCode(...norm.codes.subarray(norm.tokenStart[t]!, Math.min(norm.tokenEnd[t]!, norm.tokenStart[t]! + 30)));
      const row = f.structure.vectors.index(word);
      if (weight <= 0 || seen.has(word) || (row >= 0 && row < FUNCTION_WORDS)) continue;
      seen.add(word);
      words.push({ word, weight });
    }
    words.sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : 1));
    const strongest = words[0]?.weight ?? 0;
    const flags = f.structure.flags;
    const flag = (name: (typeof STRUCTURE_FLAG_NAMES)[number]): number => flags[STRUCTURE_FLAG_NAMES.indexOf(name)]!;
    const signals: string[] = [];
    if (flag('identity_plain_negative') > 0) signals.push('an identity term next to abusive or violent words');
    else if (flag('identity_term') > 0) signals.push('an identity term (not toxic by itself)');
    if (flag('threat_modal') > 0) signals.push('a violent verb with will/should/must (threat form)');
    if (flag('negations') > 0) signals.push('negation (negated words are weighed apart)');
    if (flag('quoted_share') > 0) signals.push('quoted or reported words (weighed apart from the writer\'s own)');
    const caveats: string[] = [];
    const wordCount = f.structure.words.length;
    if (wordCount >= 5 && flag('vector_coverage') < 0.5) caveats.push('most words are not English dictionary words (another language or obfuscation)');
    if (flag('quoted_share') >= 0.3 && probability >= 0.2 && probability <= 0.8) caveats.push('it quotes or reports others: the local model cannot reliably tell counter-speech from endorsement');
    if (flag('identity_term') > 0 && probability >= 0.3 && probability <= 0.7) caveats.push('implicit statements about groups are a known weak spot');
    if (text.length > MAX_TOXICITY_CHARS) caveats.push(`long text: only the first ${MAX_TOXICITY_CHARS} of ${text.length} characters were scored`);
    else if (text.length > LONG_TEXT_CHARS) caveats.push('long text: one score for the whole text can hide a short toxic part');
    return { probability, drivers: words.filter((w) => w.weight >= 0.3 * strongest).slice(0, 3).map((w) => w.word), signals, caveats };
  }
}

/** The most frequent words (rows of the frequency-ordered vector table) never explain a score. */
const FUNCTION_WORDS = 150;

/**
 * The model reads at most this many characters of a text (cost bound per call, whatever arrives; the
 * explanation says when a text was cut).
 */
export const MAX_TOXICITY_CHARS = 20_000;

/** Beyond this many characters one score per text says little about its parts. */
const LONG_TEXT_CHARS = 4000;

export interface ToxicityExplanation {
  probability: number;
  /** Words with the largest positive learned weight, strongest first (at most 3). */
  drivers: string[];
  /** Structure the model saw (identity term, threat form, negation, quotes). */
  signals: string[];
  /** Why the local score may not be trustworthy for this text (empty when none applies). */
  caveats: string[];
}
