/**
 * Fits the groundedness risk model (src/enrich/hallucination/model.ts) from feature rows. Deterministic for a
 * given seed (seeded shuffles and subsamples, no clock, no Math.random):
 *  1. a logistic part over the evidence features, weights projected onto w >= 0 (Adam on mini-batches);
 *  2. a gate: gradient-boosted trees (logistic loss, histogram splits) over the evidence features and the
 *     request shape, boosted from the logistic part's logit on the real rows only — it only corrects where
 *     kinds of input disagree (synthetic edits teach the logistic part the checks);
 *  3. Platt calibration on cross-fitted logits: each real training row is scored by a model fitted on the
 *     other folds (whole groups per fold), so calibration sees held-out scores and the final model still
 *     learns from every training row.
 * Each data set weighs the same in total (synthetic edits: `syntheticShare` of one set) — the data set is a
 * training weight only, never an input.
 */
import type { TreeEnsemble } from '../../src/enrich/hallucination/gate.ts';
import { hash32 } from './datasets.ts';
import { mulberry32 } from '../../src/util/prng.ts';

export interface TrainRow {
  dataset: string;
  group: string;
  label: 0 | 1;
  /** The linear features (first `linear` columns), then the shape inputs the gate also reads. */
  x: readonly number[];
}

export interface TrainOptions {
  seed: number;
  /** How many leading columns of x the logistic part reads. */
  linear: number;
  epochs: number;
  learningRate: number;
  l2: number;
  syntheticShare: number;
  folds: number;
  gate: { trees: number; depth: number; learningRate: number; minLeaf: number; lambda: number; subsample: number; bins: number };
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'linear'> = {
  seed: 20241205,
  epochs: 200,
  learningRate: 0.02,
  l2: 0.01,
  syntheticShare: 0.3,
  folds: 5,
  gate: { trees: 60, depth: 2, learningRate: 0.05, minLeaf: 50, lambda: 20, subsample: 0.8, bins: 32 },
};

/** The trees as written to weights.ts (TreeEnsemble without the input names). */
export type Trees = { [K in Exclude<keyof TreeEnsemble, 'inputs'>]: number[] };

export interface FittedModel {
  bias: number;
  weights: number[];
  gate: Trees;
  platt: { a: number; b: number };
}

export { mulberry32 };

/** Every data set gets the same total weight (synthetic edits: `syntheticShare`); mean weight 1. */
export function sourceWeights(rows: readonly TrainRow[], syntheticShare: number): number[] {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.dataset, (counts.get(r.dataset) ?? 0) + 1);
  const raw = rows.map((r) => (r.dataset === 'synthetic' ? syntheticShare : 1) / counts.get(r.dataset)!);
  const mean = raw.reduce((a, b) => a + b, 0) / Math.max(1, raw.length);
  return raw.map((w) => w / mean);
}

interface Linear {
  bias: number;
  weights: number[];
}

function linearLogit(m: Linear, x: readonly number[]): number {
  let z = m.bias;
  for (let k = 0; k < m.weights.length; k++) z += m.weights[k]! * x[k]!;
  return z;
}

/** Adam on mini-batches of the weighted log-loss; feature weights projected onto w >= 0 after each step. */
function fitLinear(rows: readonly TrainRow[], weight: readonly number[], o: TrainOptions): Linear {
  const d = o.linear;
  const random = mulberry32(o.seed);
  const batch = 64;
  const p = new Float64Array(d + 1);
  const m = new Float64Array(d + 1);
  const v = new Float64Array(d + 1);
  const order = rows.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < order.length; start += batch) {
      const grad = new Float64Array(d + 1);
      for (let n = start; n < Math.min(order.length, start + batch); n++) {
        const r = rows[order[n]!]!;
        let z = p[0]!;
        for (let k = 0; k < d; k++) z += p[1 + k]! * r.x[k]!;
        const g = ((1 / (1 + Math.exp(-z)) - r.label) * weight[order[n]!]!) / batch;
        grad[0] += g;
        for (let k = 0; k < d; k++) grad[1 + k] += g * r.x[k]!;
      }
      step++;
      for (let i = 0; i <= d; i++) {
        const gi = grad[i]! + (i === 0 ? 0 : (o.l2 * p[i]!) / (rows.length / batch));
        m[i] = 0.9 * m[i]! + 0.1 * gi;
        v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
        p[i] = p[i]! - (o.learningRate * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
        if (i >= 1 && p[i]! < 0) p[i] = 0;
      }
    }
  }
  return { bias: p[0]!, weights: Array.from(p.subarray(1)) };
}

/** Quantile bin edges per column (ascending, distinct). */
function binEdges(rows: readonly TrainRow[], columns: number, bins: number): number[][] {
  const edges: number[][] = [];
  for (let k = 0; k < columns; k++) {
    const values = rows.map((r) => r.x[k]!).sort((a, b) => a - b);
    const e: number[] = [];
    for (let b = 1; b < bins; b++) {
      const value = values[Math.floor((b * values.length) / bins)]!;
      if (value > values[0]! && (e.length === 0 || value > e[e.length - 1]!)) e.push(value);
    }
    edges.push(e);
  }
  return edges;
}

/** Number of edges <= value: the bin of `value` (bin b holds edges[b-1] <= value < edges[b]). */
function binOf(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

type Gate = Trees;

function gateSum(gate: Gate, x: readonly number[]): number {
  let sum = 0;
  for (const root of gate.roots) {
    let k = root;
    while (gate.feature[k]! >= 0) k = x[gate.feature[k]!]! < gate.threshold[k]! ? gate.left[k]! : gate.right[k]!;
    sum += gate.value[k]!;
  }
  return sum;
}

/** Gradient boosting from the given starting logits (second-order leaf values, L2 `lambda`). */
function fitGate(rows: readonly TrainRow[], weight: readonly number[], start: readonly number[], o: TrainOptions): Gate {
  const { trees, depth, learningRate, minLeaf, lambda, subsample, bins } = o.gate;
  const n = rows.length;
  const columns = rows[0]?.x.length ?? 0;
  const edges = binEdges(rows, columns, bins);
  const binned = rows.map((r) => Uint8Array.from(r.x, (v, k) => binOf(edges[k]!, v)));
  const F = Float64Array.from(start);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const random = mulberry32(o.seed ^ 0x9e3779b9);
  const gate: Gate = { roots: [], feature: [], threshold: [], left: [], right: [], value: [] };
  const hg = new Float64Array(bins + 1);
  const hh = new Float64Array(bins + 1);
  const hc = new Float64Array(bins + 1);
  for (let t = 0; t < trees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-F[i]!));
      g[i] = weight[i]! * (p - rows[i]!.label);
      h[i] = weight[i]! * Math.max(p * (1 - p), 1e-6);
    }
    const sample: number[] = [];
    for (let i = 0; i < n; i++) if (random() < subsample) sample.push(i);
    const grow = (members: readonly number[], level: number): number => {
      let G = 0;
      let H = 0;
      for (const i of members) {
        G += g[i]!;
        H += h[i]!;
      }
      const id = gate.feature.length;
      gate.feature.push(-1);
      gate.threshold.push(0);
      gate.left.push(-1);
      gate.right.push(-1);
      gate.value.push((learningRate * -G) / (H + lambda));
      if (level >= depth) return id;
      const parent = (G * G) / (H + lambda);
      let bestGain = 1e-9;
      let bestColumn = -1;
      let bestBin = -1;
      for (let k = 0; k < columns; k++) {
        const e = edges[k]!;
        if (e.length === 0) continue;
        hg.fill(0);
        hh.fill(0);
        hc.fill(0);
        for (const i of members) {
          const b = binned[i]![k]!;
          hg[b] += g[i]!;
          hh[b] += h[i]!;
          hc[b]++;
        }
        let gl = 0;
        let hl = 0;
        let cl = 0;
        for (let b = 0; b < e.length; b++) {
          gl += hg[b]!;
          hl += hh[b]!;
          cl += hc[b]!;
          if (cl < minLeaf || members.length - cl < minLeaf) continue;
          const gain = (gl * gl) / (hl + lambda) + ((G - gl) * (G - gl)) / (H - hl + lambda) - parent;
          if (gain > bestGain) {
            bestGain = gain;
            bestColumn = k;
            bestBin = b;
          }
        }
      }
      if (bestColumn < 0) return id;
      gate.feature[id] = bestColumn;
      gate.threshold[id] = edges[bestColumn]![bestBin]!;
      const left = members.filter((i) => binned[i]![bestColumn]! <= bestBin);
      const right = members.filter((i) => binned[i]![bestColumn]! > bestBin);
      gate.left[id] = grow(left, level + 1);
      gate.right[id] = grow(right, level + 1);
      return id;
    };
    const root = grow(sample, 0);
    gate.roots.push(root);
    const tree: Gate = { ...gate, roots: [root] };
    for (let i = 0; i < n; i++) F[i] += gateSum(tree, rows[i]!.x);
  }
  return gate;
}

interface Uncalibrated {
  linear: Linear;
  gate: Gate;
}

function fitUncalibrated(rows: readonly TrainRow[], o: TrainOptions): Uncalibrated {
  const weight = sourceWeights(rows, o.syntheticShare);
  const linear = fitLinear(rows, weight, o);
  // The gate learns how kinds of real input differ; the synthetic edits (mostly question-less, half unsupported)
  // would blur the question-less kind with their own base rate.
  const real = rows.filter((r) => r.dataset !== 'synthetic');
  const gate = fitGate(real, sourceWeights(real, o.syntheticShare), real.map((r) => linearLogit(linear, r.x)), o);
  return { linear, gate };
}

function logitOf(m: Uncalibrated, x: readonly number[]): number {
  return linearLogit(m.linear, x) + gateSum(m.gate, x);
}

/** Platt scaling a·z + b by Newton's method on the weighted log-loss. */
export function fitPlatt(z: readonly number[], y: readonly number[], w: readonly number[]): { a: number; b: number } {
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    z.forEach((zi, i) => {
      const p = 1 / (1 + Math.exp(-(a * zi + b)));
      const d = w[i]! * (p - y[i]!);
      const s = w[i]! * Math.max(p * (1 - p), 1e-9);
      ga += d * zi; gb += d; haa += s * zi * zi; hab += s * zi; hbb += s;
    });
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-18) break;
    a -= (hbb * ga - hab * gb) / det;
    b -= (haa * gb - hab * ga) / det;
  }
  return { a, b };
}

export function foldOf(group: string, folds: number): number {
  return hash32(`fold:${group}`) % folds;
}

export interface Training {
  model: FittedModel;
  /** Cross-fitted (held-out) logits of the real training rows and their rows, for calibration reports. */
  heldOut: { rows: TrainRow[]; logits: number[] };
}

export function trainModel(rows: readonly TrainRow[], options: TrainOptions): Training {
  const heldOutRows: TrainRow[] = [];
  const logits: number[] = [];
  for (let f = 0; f < options.folds; f++) {
    const fitted = fitUncalibrated(rows.filter((r) => foldOf(r.group, options.folds) !== f), options);
    for (const r of rows) {
      if (r.dataset === 'synthetic' || foldOf(r.group, options.folds) !== f) continue;
      heldOutRows.push(r);
      logits.push(logitOf(fitted, r.x));
    }
  }
  const platt = fitPlatt(logits, heldOutRows.map((r) => r.label), sourceWeights(heldOutRows, options.syntheticShare));
  const final = fitUncalibrated(rows, options);
  return { model: { bias: final.linear.bias, weights: final.linear.weights, gate: final.gate, platt }, heldOut: { rows: heldOutRows, logits } };
}
