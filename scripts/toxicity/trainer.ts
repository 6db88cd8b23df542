/**
 * Logistic regression over hashed toxicity features, trained with AdaGrad SGD in plain
 * TypeScript. Soft labels (annotator vote share) and optional class balancing.
 */
import { DENSE_FEATURES, ToxicityFeaturizer, groupScale } from '../../src/enrich/toxicity/features.ts';
import type { ToxicityModelWeights } from '../../src/enrich/toxicity/model.ts';
import type { LabelledText } from './datasets.ts';

export interface TrainOptions {
  hashBits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight classes so each has equal total weight (Davidson is 83% toxic; real traffic is not). */
  balance: boolean;
  /** Mix of soft label (vote share) and hard label: target = mix * soft + (1 - mix) * hard. */
  softMix: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  hashBits: 20,
  epochs: 8,
  learningRate: 0.2,
  l2: 1e-6,
  balance: true,
  softMix: 1,
  seed: 20240611,
};

interface Example {
  indices: Int32Array;
  words: number;
  dense: Float32Array;
  target: number;
  weight: number;
}

/** Deterministic PRNG (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function featurize(rows: readonly LabelledText[], options: TrainOptions): Example[] {
  const featurizer = new ToxicityFeaturizer(options.hashBits);
  const positives = rows.filter((r) => r.label === 1).length;
  const negatives = rows.length - positives;
  const examples: Example[] = [];
  for (const row of rows) {
    featurizer.extract(row.text);
    if (featurizer.tokenCount === 0) continue;
    const total = featurizer.wordCount + featurizer.charCount;
    const weight = options.balance ? rows.length / (2 * (row.label === 1 ? positives : negatives)) : 1;
    examples.push({
      indices: featurizer.indices.slice(0, total),
      words: featurizer.wordCount,
      dense: featurizer.dense.slice(),
      target: options.softMix * row.soft + (1 - options.softMix) * row.label,
      weight,
    });
  }
  return examples;
}

export function train(rows: readonly LabelledText[], options: TrainOptions, log: (line: string) => void = () => {}): ToxicityModelWeights {
  const examples = featurize(rows, options);
  const size = 1 << options.hashBits;
  const hashed = new Float32Array(size);
  const hashedG = new Float32Array(size);
  const dense = new Float64Array(DENSE_FEATURES);
  const denseG = new Float64Array(DENSE_FEATURES);
  let bias = 0;
  let biasG = 0;
  const eps = 1e-6;
  const lr = options.learningRate;
  const l2 = options.l2;
  const random = mulberry32(options.seed);
  const order = Array.from({ length: examples.length }, (_, i) => i);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    for (const index of order) {
      const ex = examples[index]!;
      const words = ex.words;
      const total = ex.indices.length;
      const wordScale = groupScale(words);
      const charScale = groupScale(total - words);
      let wordSum = 0;
      let charSum = 0;
      for (let k = 0; k < words; k++) wordSum += hashed[ex.indices[k]!]!;
      for (let k = words; k < total; k++) charSum += hashed[ex.indices[k]!]!;
      let logit = bias + wordSum * wordScale + charSum * charScale;
      for (let d = 0; d < DENSE_FEATURES; d++) logit += ex.dense[d]! * dense[d]!;
      const p = 1 / (1 + Math.exp(-logit));
      const y = ex.target;
      loss += -ex.weight * (y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12)));
      const g = ex.weight * (p - y);

      biasG += g * g;
      bias -= (lr * g) / (Math.sqrt(biasG) + eps);
      for (let d = 0; d < DENSE_FEATURES; d++) {
        const gd = g * ex.dense[d]! + l2 * dense[d]!;
        if (gd === 0) continue;
        denseG[d] += gd * gd;
        dense[d] -= (lr * gd) / (Math.sqrt(denseG[d]!) + eps);
      }
      for (let k = 0; k < total; k++) {
        const f = ex.indices[k]!;
        const gf = g * (k < words ? wordScale : charScale) + l2 * hashed[f]!;
        hashedG[f] += gf * gf;
        hashed[f] -= (lr * gf) / (Math.sqrt(hashedG[f]!) + eps);
      }
    }
    log(`epoch ${epoch + 1}/${options.epochs}: mean weighted log-loss ${(loss / examples.length).toFixed(4)}`);
  }
  return { hashBits: options.hashBits, bias, dense: Float32Array.from(dense), hashed };
}
