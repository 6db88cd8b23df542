/**
 * The relevance model: logistic regression over RELEVANCE_FEATURE_NAMES plus hashed answer-word
 * features; stored as JSON (model/relevance-model.json, written by scripts/relevance/train.ts),
 * the hashed weights as base64 little-endian Float32.
 */
import { readFileSync } from 'node:fs';
import { RELEVANCE_FEATURE_NAMES, RELEVANCE_HASH_BITS, type RelevanceFeatures } from './features.ts';

export interface RelevanceModelFile {
  bias: number;
  /** One weight per dense feature, keyed by name (a reordered feature list cannot misread it). */
  weights: Record<string, number>;
  hashBits: number;
  hashed: string;
}

export interface RelevanceWeights {
  bias: number;
  dense: Float32Array;
  hashed: Float32Array;
}

export const RELEVANCE_MODEL_URL = new URL('./model/relevance-model.json', import.meta.url);

export function encodeHashed(hashed: Float32Array): string {
  return Buffer.from(hashed.buffer, hashed.byteOffset, hashed.byteLength).toString('base64');
}

export function loadRelevanceModel(path: string | URL = RELEVANCE_MODEL_URL): RelevanceWeights {
  const m = JSON.parse(readFileSync(path, 'utf8')) as RelevanceModelFile;
  if (typeof m.bias !== 'number') throw new Error('relevance model has no bias');
  if (m.hashBits !== RELEVANCE_HASH_BITS) throw new Error(`relevance model has ${m.hashBits} hash bits, code expects ${RELEVANCE_HASH_BITS}`);
  const dense = new Float32Array(RELEVANCE_FEATURE_NAMES.length);
  RELEVANCE_FEATURE_NAMES.forEach((name, i) => {
    const w = m.weights[name];
    if (typeof w !== 'number') throw new Error(`relevance model has no weight for "${name}"`);
    dense[i] = w;
  });
  const bytes = Buffer.from(m.hashed, 'base64');
  if (bytes.length !== 4 << RELEVANCE_HASH_BITS) throw new Error('relevance model hashed weights have the wrong size');
  const hashed = new Float32Array(1 << RELEVANCE_HASH_BITS);
  for (let i = 0; i < hashed.length; i++) hashed[i] = bytes.readFloatLE(i * 4);
  return { bias: m.bias, dense, hashed };
}

export function relevanceLogit(m: RelevanceWeights, f: RelevanceFeatures): number {
  let z = m.bias;
  for (let i = 0; i < f.dense.length; i++) z += f.dense[i]! * m.dense[i]!;
  if (f.hashed.length) {
    let sum = 0;
    for (let i = 0; i < f.hashed.length; i++) sum += m.hashed[f.hashed[i]!]!;
    z += sum / f.hashed.length;
  }
  return z;
}
