/**
 * Logistic regression over sparse (hashed) + dense features, trained with AdaGrad SGD in plain
 * TypeScript; deterministic for a given seed. Shared by the prompt-injection and relevance
 * training scripts.
 */
import { mulberry32 } from '../../src/util/prng.ts';
export interface SparseExample {
  /** Unique hashed indices and their values. */
  indices: Int32Array;
  values: Float32Array;
  dense: Float32Array;
  target: number;
  weight: number;
}

export interface LogisticWeights {
  bias: number;
  dense: Float32Array;
  hashed: Float32Array;
}

export interface TrainOptions {
  hashBits: number;
  denseCount: number;
  epochs: number;
  learningRate: number;
  /** L2 strength on hashed weights and on dense weights. */
  l2Hashed: number;
  l2Dense: number;
  seed: number;
}

export { mulberry32 };

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Pools raw hashed indices into unique (index, value) pairs: each group contributes its mean. */
export function poolIndices(groups: ReadonlyArray<ArrayLike<number>>): { indices: Int32Array; values: Float32Array } {
  const acc = new Map<number, number>();
  for (const group of groups) {
    if (group.length === 0) continue;
    const share = 1 / group.length;
    for (let i = 0; i < group.length; i++) acc.set(group[i]!, (acc.get(group[i]!) ?? 0) + share);
  }
  const keys = [...acc.keys()].sort((a, b) => a - b);
  return { indices: Int32Array.from(keys), values: Float32Array.from(keys.map((k) => acc.get(k)!)) };
}

export function logit(w: LogisticWeights, ex: Pick<SparseExample, 'indices' | 'values' | 'dense'>): number {
  let z = w.bias;
  for (let i = 0; i < ex.indices.length; i++) z += w.hashed[ex.indices[i]!]! * ex.values[i]!;
  for (let i = 0; i < ex.dense.length; i++) z += w.dense[i]! * ex.dense[i]!;
  return z;
}

export function trainLogistic(examples: readonly SparseExample[], options: TrainOptions): LogisticWeights {
  const size = 1 << options.hashBits;
  const w: LogisticWeights = { bias: 0, dense: new Float32Array(options.denseCount), hashed: new Float32Array(size) };
  const gHashed = new Float32Array(size).fill(1e-6);
  const gDense = new Float64Array(options.denseCount).fill(1e-6);
  let gBias = 1e-6;
  const rand = mulberry32(options.seed);
  const order = examples.map((_, i) => i);
  const lr = options.learningRate;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const k of order) {
      const ex = examples[k]!;
      const g = (sigmoid(logit(w, ex)) - ex.target) * ex.weight;
      gBias += g * g;
      w.bias -= (lr * g) / Math.sqrt(gBias);
      for (let i = 0; i < ex.indices.length; i++) {
        const idx = ex.indices[i]!;
        const gi = g * ex.values[i]! + options.l2Hashed * w.hashed[idx]!;
        gHashed[idx]! += gi * gi;
        w.hashed[idx]! -= (lr * gi) / Math.sqrt(gHashed[idx]!);
      }
      for (let i = 0; i < ex.dense.length; i++) {
        const gi = g * ex.dense[i]! + options.l2Dense * w.dense[i]!;
        gDense[i]! += gi * gi;
        w.dense[i]! -= (lr * gi) / Math.sqrt(gDense[i]!);
      }
    }
  }
  return w;
}

/** Platt scaling: fits p = sigmoid(a·z + b) to held-out logits by Newton's method. */
export function fitPlatt(logits: ArrayLike<number>, targets: ArrayLike<number>, weights?: ArrayLike<number>): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 100; iter++) {
    let gA = 0, gB = 0, hAA = 0, hAB = 0, hBB = 0;
    for (let i = 0; i < logits.length; i++) {
      const z = logits[i]!;
      const wt = weights ? weights[i]! : 1;
      const p = sigmoid(a * z + b);
      const d = (p - targets[i]!) * wt;
      const s = Math.max(p * (1 - p), 1e-9) * wt;
      gA += d * z;
      gB += d;
      hAA += s * z * z + 1e-9;
      hAB += s * z;
      hBB += s + 1e-9;
    }
    const det = hAA * hBB - hAB * hAB;
    if (Math.abs(det) < 1e-12) break;
    const dA = (hBB * gA - hAB * gB) / det;
    const dB = (hAA * gB - hAB * gA) / det;
    a -= dA;
    b -= dB;
    if (Math.abs(dA) + Math.abs(dB) < 1e-9) break;
  }
  return { a, b };
}
