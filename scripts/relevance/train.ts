/**
 * Trains the relevance model on SelQA training questions and writes
 * src/enrich/relevance/model/relevance-model.json (deterministic).
 *   npx node scripts/relevance/train.ts
 */
import { writeFileSync } from 'node:fs';
import { RELEVANCE_FEATURE_NAMES, RELEVANCE_FEATURES, RELEVANCE_HASH_BITS, relevanceFeatures } from '../../src/enrich/relevance/features.ts';
import { encodeHashed, RELEVANCE_MODEL_URL } from '../../src/enrich/relevance/model.ts';
import { poolIndices, trainLogistic, type SparseExample } from '../learn/logistic.ts';
import { isHeldOut, loadSelqa } from './datasets.ts';

const train = loadSelqa().filter((p) => !isHeldOut(p));
const examples: SparseExample[] = train.map((p) => {
  const f = relevanceFeatures(p.question, p.answer);
  return { ...poolIndices([f.hashed]), dense: f.dense, target: p.label, weight: 1 };
});
const w = trainLogistic(examples, {
  hashBits: RELEVANCE_HASH_BITS,
  denseCount: RELEVANCE_FEATURES,
  epochs: 40,
  learningRate: 0.1,
  l2Hashed: Number(process.env.REL_L2 ?? 1e-3),
  l2Dense: 1e-4,
  seed: 20261205,
});
const model = {
  note: 'Logistic regression over src/enrich/relevance/features.ts; trained on SelQA dev (Apache-2.0, Emory University) minus held-out questions. Regenerate: npx node scripts/relevance/train.ts',
  bias: Number(w.bias.toFixed(6)),
  weights: Object.fromEntries(RELEVANCE_FEATURE_NAMES.map((name, i) => [name, Number(w.dense[i]!.toFixed(6))])),
  hashBits: RELEVANCE_HASH_BITS,
  hashed: encodeHashed(w.hashed),
};
writeFileSync(RELEVANCE_MODEL_URL, JSON.stringify(model, null, 2) + '\n');
console.log(`trained on ${train.length} pairs (${new Set(train.map((p) => p.qid)).size} questions)`);
console.log(JSON.stringify(model.weights));
