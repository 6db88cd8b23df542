/**
 * The toxicity model: logistic regression over hashed features. Stored as a small binary
 * file with Int16-quantised hashed weights; loaded once from disk and dequantised to Float32.
 *
 * File layout (little endian):
 *   magic "LSTX" | u32 version (1) | u32 hashBits | u32 denseCount | f32 bias | f32 weightScale
 *   | f32[denseCount] dense weights | i16[2^hashBits] hashed weights (value = i16 * weightScale)
 */
import { readFileSync } from 'node:fs';
import { DENSE_FEATURES, ToxicityFeaturizer, groupScale } from './features.ts';

const MAGIC = 0x5854534c; // "LSTX"
const VERSION = 1;
const HEADER_BYTES = 24;

export interface ToxicityModelWeights {
  hashBits: number;
  bias: number;
  dense: Float32Array;
  hashed: Float32Array;
}

export const DEFAULT_MODEL_URL = new URL('./model/toxicity-model.bin', import.meta.url);

export function encodeModel(weights: ToxicityModelWeights): Uint8Array {
  const size = 1 << weights.hashBits;
  if (weights.hashed.length !== size) throw new Error(`expected ${size} hashed weights, got ${weights.hashed.length}`);
  let maxAbs = 0;
  for (let i = 0; i < size; i++) maxAbs = Math.max(maxAbs, Math.abs(weights.hashed[i]!));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const bytes = new Uint8Array(HEADER_BYTES + weights.dense.length * 4 + size * 2);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, weights.hashBits, true);
  view.setUint32(12, weights.dense.length, true);
  view.setFloat32(16, weights.bias, true);
  view.setFloat32(20, scale, true);
  let offset = HEADER_BYTES;
  for (const w of weights.dense) {
    view.setFloat32(offset, w, true);
    offset += 4;
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
  if (denseCount !== DENSE_FEATURES) throw new Error(`model has ${denseCount} dense features, code expects ${DENSE_FEATURES}`);
  const size = 1 << hashBits;
  if (bytes.byteLength !== HEADER_BYTES + denseCount * 4 + size * 2) throw new Error('toxicity model file has the wrong size');
  const bias = view.getFloat32(16, true);
  const scale = view.getFloat32(20, true);
  const dense = new Float32Array(denseCount);
  let offset = HEADER_BYTES;
  for (let i = 0; i < denseCount; i++, offset += 4) dense[i] = view.getFloat32(offset, true);
  const hashed = new Float32Array(size);
  for (let i = 0; i < size; i++, offset += 2) hashed[i] = view.getInt16(offset, true) * scale;
  return { hashBits, bias, dense, hashed };
}

export function loadModel(path: string | URL = DEFAULT_MODEL_URL): ToxicityModelWeights {
  return decodeModel(readFileSync(path));
}

/** Logit of the model for the features currently held by `featurizer`. */
export function logitOf(weights: ToxicityModelWeights, featurizer: ToxicityFeaturizer): number {
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
  return logit;
}

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** A loaded model with its own featuriser: `probability(text)` is the toxicity score. */
export class ToxicityModel {
  readonly weights: ToxicityModelWeights;
  private readonly featurizer: ToxicityFeaturizer;

  constructor(weights: ToxicityModelWeights) {
    this.weights = weights;
    this.featurizer = new ToxicityFeaturizer(weights.hashBits);
  }

  /** Probability that `text` is toxic; 0 for text without a single word. */
  probability(text: string): number {
    const featurizer = this.featurizer.extract(text);
    if (featurizer.tokenCount === 0) return 0;
    return sigmoid(logitOf(this.weights, featurizer));
  }
}
