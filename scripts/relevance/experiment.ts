/** Training of the relevance model, shared by train.ts (writes the model) and evaluate.ts (cross-validation). */
import { RELEVANCE_FEATURE_NAMES, RELEVANCE_FEATURES, relevanceFeatures } from '../../src/enrich/relevance/features.ts';
import { expandFeatures, type RelevanceModelFile } from '../../src/enrich/relevance/model.ts';
import { trainLogistic, type SparseExample } from '../learn/logistic.ts';
import type { Pair } from './datasets.ts';

export function trainRelevance(pairs: readonly Pair[]): RelevanceModelFile {
  const examples: SparseExample[] = pairs.map((p) => ({
    indices: new Int32Array(0),
    values: new Float32Array(0),
    dense: expandFeatures(relevanceFeatures(p.question, p.answer).dense),
    target: p.label,
    weight: 1,
  }));
  const w = trainLogistic(examples, {
    hashBits: 1,
    denseCount: expandFeatures(new Float32Array(RELEVANCE_FEATURES)).length,
    epochs: 60,
    learningRate: 0.1,
    l2Hashed: 0,
    l2Dense: 1e-3,
    seed: 20261205,
  });
  return {
    bias: Number(w.bias.toFixed(6)),
    weights: Object.fromEntries(RELEVANCE_FEATURE_NAMES.map((name, i) => [name, Number(w.dense[i]!.toFixed(6))])),
    features: [...RELEVANCE_FEATURE_NAMES],
    pairWeights: Array.from(w.dense.subarray(RELEVANCE_FEATURES), (x) => Number(x.toFixed(6))),
  };
}
