/**
 * Trains the wide-and-deep toxicity model (src/enrich/toxicity/model.ts) in plain TypeScript: AdaGrad SGD
 * on weighted log-loss over hashed n-grams, dense features and one tanh hidden layer (the calibration is
 * fitted afterwards: scripts/toxicity/train.ts). Deterministic: seeded initialisation and shuffle, fixed data order.
 */
import { DENSE_FEATURES, ToxicityFeaturizer, deepInputs, groupScale } from '../../src/enrich/toxicity/features.ts';
import { ToxicityModel, identityCalibration, type ToxicityModelWeights } from '../../src/enrich/toxicity/model.ts';
import type { LabelledText } from './datasets.ts';
import { mulberry32 } from '../../src/util/prng.ts';

export interface TrainOptions {
  hashBits: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  deepLearningRate: number;
  l2: number;
  /** Mix of soft label (vote share) and hard label: target = mix * soft + (1 - mix) * hard. */
  softMix: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  hashBits: 20,
  hidden: 16,
  epochs: 4,
  learningRate: 0.2,
  deepLearningRate: 0.05,
  l2: 1e-6,
  softMix: 0.5,
  seed: 20240611,
};

export { mulberry32 };

export function train(
  rows: readonly LabelledText[], rowWeights: ArrayLike<number>, options: TrainOptions, log: (line: string) => void = () => {},
): ToxicityModelWeights {
  const featurizer = new ToxicityFeaturizer(options.hashBits);
  const inputs = deepInputs(featurizer.structure.dims);
  const hidden = options.hidden;
  const random = mulberry32(options.seed);
  const size = 1 << options.hashBits;
  const hashed = new Float32Array(size);
  const hashedG = new Float32Array(size);
  const dense = new Float64Array(DENSE_FEATURES);
  const denseG = new Float64Array(DENSE_FEATURES);
  const W = new Float64Array(hidden * inputs).map(() => (random() - 0.5) * 0.2);
  const WG = new Float64Array(hidden * inputs);
  const hb = new Float64Array(hidden);
  const hbG = new Float64Array(hidden);
  const v = new Float64Array(hidden).map(() => (random() - 0.5) * 0.2);
  const vG = new Float64Array(hidden);
  const act = new Float64Array(hidden);
  let bias = 0;
  let biasG = 0;
  const eps = 1e-6;
  const { learningRate: lr, deepLearningRate: dlr, l2 } = options;
  const order = Array.from({ length: rows.length }, (_, i) => i);

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    let weightSum = 0;
    for (const index of order) {
      const row = rows[index]!;
      const f = featurizer.extract(row.text);
      if (f.tokenCount === 0 && f.structure.words.length === 0) continue;
      const weight = rowWeights[index]!;
      const indices = f.indices;
      const words = f.wordCount;
      const total = words + f.charCount;
      const wordScale = groupScale(words);
      const charScale = groupScale(f.charCount);
      let wordSum = 0;
      let charSum = 0;
      for (let k = 0; k < words; k++) wordSum += hashed[indices[k]!]!;
      for (let k = words; k < total; k++) charSum += hashed[indices[k]!]!;
      let logit = bias + wordSum * wordScale + charSum * charScale;
      const x = f.dense;
      for (let d = 0; d < DENSE_FEATURES; d++) logit += x[d]! * dense[d]!;
      const deep = f.deep;
      for (let h = 0; h < hidden; h++) {
        let z = hb[h]!;
        for (let k = 0, at = h * inputs; k < inputs; k++, at++) z += W[at]! * deep[k]!;
        act[h] = Math.tanh(z);
        logit += v[h]! * act[h]!;
      }
      const p = 1 / (1 + Math.exp(-logit));
      const y = options.softMix * row.soft + (1 - options.softMix) * row.label;
      loss += -weight * (y * Math.log(Math.max(p, 1e-12)) + (1 - y) * Math.log(Math.max(1 - p, 1e-12)));
      weightSum += weight;
      const g = weight * (p - y);

      biasG += g * g;
      bias -= (lr * g) / (Math.sqrt(biasG) + eps);
      for (let d = 0; d < DENSE_FEATURES; d++) {
        const gd = g * x[d]! + l2 * dense[d]!;
        if (gd === 0) continue;
        denseG[d] += gd * gd;
        dense[d] -= (lr * gd) / (Math.sqrt(denseG[d]!) + eps);
      }
      for (let k = 0; k < total; k++) {
        const at = indices[k]!;
        const gf = g * (k < words ? wordScale : charScale) + l2 * hashed[at]!;
        hashedG[at] += gf * gf;
        hashed[at] -= (lr * gf) / (Math.sqrt(hashedG[at]!) + eps);
      }
      for (let h = 0; h < hidden; h++) {
        const a = act[h]!;
        const gv = g * a + l2 * v[h]!;
        const gz = g * v[h]! * (1 - a * a);
        vG[h] += gv * gv;
        v[h] -= (dlr * gv) / (Math.sqrt(vG[h]!) + eps);
        if (gz === 0) continue;
        hbG[h] += gz * gz;
        hb[h] -= (dlr * gz) / (Math.sqrt(hbG[h]!) + eps);
        for (let k = 0, at = h * inputs; k < inputs; k++, at++) {
          const gw = gz * deep[k]! + l2 * W[at]!;
          if (gw === 0) continue;
          WG[at] += gw * gw;
          W[at] -= (dlr * gw) / (Math.sqrt(WG[at]!) + eps);
        }
      }
    }
    log(`epoch ${epoch + 1}/${options.epochs}: mean weighted log-loss ${(loss / Math.max(weightSum, 1e-12)).toFixed(4)}`);
  }
  return {
    hashBits: options.hashBits, bias, dense: Float32Array.from(dense), hidden, deepInputs: inputs,
    hiddenWeights: Float32Array.from(W), hiddenBias: Float32Array.from(hb), output: Float32Array.from(v), hashed,
    calibration: identityCalibration(),
  };
}

/** Raw logits of a trained model on texts (NaN-free: wordless texts get the bias). */
export function logitsOf(model: ToxicityModel, texts: readonly string[]): number[] {
  return texts.map((t) => {
    const z = model.logit(t);
    return Number.isNaN(z) ? model.weights.bias : z;
  });
}
