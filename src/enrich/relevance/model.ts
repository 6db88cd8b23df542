/**
 * The relevance model: logistic regression over RELEVANCE_FEATURE_NAMES and their pairwise
 * products (a quadratic model: overlap means more when the answer also has the asked-for date,
 * and so on). Stored as JSON (model/relevance-model.json, written by scripts/relevance/train.ts).
 */
import { readFileSync } from 'node:fs';
import { RELEVANCE_FEATURE_NAMES, type RelevanceFeatures } from './features.ts';

export interface RelevanceModelFile {
  bias: number;
  /** One weight per dense feature, keyed by name (a reordered feature list cannot misread it). */
  weights: Record<string, number>;
  /** The feature names in the order the pair weights assume. */
  features: string[];
  /** Weights of the pairwise products f[i]·f[j] (i ≤ j), row by row. */
  pairWeights: number[];
}

export interface RelevanceWeights {
  bias: number;
  dense: Float32Array;
  pairs: Float32Array;
}

export const PAIR_COUNT = (RELEVANCE_FEATURE_NAMES.length * (RELEVANCE_FEATURE_NAMES.length + 1)) / 2;

/** The dense features followed by their pairwise products (i ≤ j), the model's full input. */
export function expandFeatures(dense: Float32Array): Float32Array {
  const n = dense.length;
  const out = new Float32Array(n + (n * (n + 1)) / 2);
  out.set(dense);
  let k = n;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) out[k++] = dense[i]! * dense[j]!;
  return out;
}

export const RELEVANCE_MODEL_URL = new URL('./model/relevance-model.json', import.meta.url);

export function loadRelevanceModel(path: string | URL = RELEVANCE_MODEL_URL): RelevanceWeights {
  const m = JSON.parse(readFileSync(path, 'utf8')) as RelevanceModelFile;
  if (typeof m.bias !== 'number') throw new Error('relevance model has no bias');
  if (JSON.stringify(m.features) !== JSON.stringify(RELEVANCE_FEATURE_NAMES)) throw new Error('relevance model was trained on a different feature list');
  if (!Array.isArray(m.pairWeights) || m.pairWeights.length !== PAIR_COUNT) throw new Error('relevance model has the wrong number of pair weights');
  const dense = new Float32Array(RELEVANCE_FEATURE_NAMES.length);
  RELEVANCE_FEATURE_NAMES.forEach((name, i) => {
    const w = m.weights[name];
    if (typeof w !== 'number') throw new Error(`relevance model has no weight for "${name}"`);
    dense[i] = w;
  });
  return { bias: m.bias, dense, pairs: Float32Array.from(m.pairWeights) };
}

export function relevanceLogit(m: RelevanceWeights, f: RelevanceFeatures): number {
  let z = m.bias;
  const d = f.dense;
  const n = d.length;
  for (let i = 0; i < n; i++) z += d[i]! * m.dense[i]!;
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) z += d[i]! * d[j]! * m.pairs[k++]!;
  return z;
}
