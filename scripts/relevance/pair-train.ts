/**
 * Training of the relevance pair model (src/enrich/relevance/pair-model.ts): back-propagation
 * through the forward pass of pair-model.ts, Adam, mini-batches, deterministic for a seed.
 */
import { mulberry32, sigmoid } from '../learn/logistic.ts';
import { VECTOR_SCALE, type WordVectors } from '../../src/enrich/text/word-vectors.ts';
import { newTrace, pairForward, pairLayout, SHAPES, WORD_EXTRA, type PairInput, type PairLayout, type PairSizes, type PairTrace } from './pair-model.ts';

export interface PairTrainOptions {
  sizes: PairSizes;
  epochs: number;
  learningRate: number;
  batch: number;
  l2: number;
  seed: number;
  /**
   * pointwise: cross-entropy per pair; listwise: softmax over the candidates of one question
   * (the relevant ones share the target), which trains ranking within a question; both: their sum.
   */
  loss: 'pointwise' | 'listwise' | 'both';
}

export const PAIR_TRAIN_DEFAULTS: PairTrainOptions = {
  sizes: { input: 100, dims: 24, compare: 16, hidden: 8, features: 0 },
  epochs: 6,
  learningRate: 0.003,
  batch: 32,
  l2: 1e-5,
  seed: 20261205,
  loss: 'pointwise',
};

export interface PairExample {
  input: PairInput;
  label: number;
  /** The question it answers (candidates of one question form a list for the listwise loss). */
  group?: string;
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function initPairParams(layout: PairLayout, seed: number, baseRate: number): Float64Array {
  const rand = mulberry32(seed);
  const { input, dims, compare, hidden } = layout.sizes;
  const p = new Float64Array(layout.total);
  // Projection: identical words get a dot product ≈ 10 (a sharp but not one-hot attention).
  for (let i = 0; i < dims * input; i++) p[layout.projection + i] = gaussian(rand) * 0.65;
  for (let i = 0; i < compare * (2 * dims + WORD_EXTRA); i++) p[layout.compareW + i] = gaussian(rand) * Math.sqrt(2 / (2 * dims + WORD_EXTRA));
  for (let i = 0; i < hidden * layout.mlpInput; i++) p[layout.mlpW + i] = gaussian(rand) * Math.sqrt(2 / layout.mlpInput);
  for (let i = 0; i < hidden; i++) p[layout.outW + i] = gaussian(rand) * Math.sqrt(1 / hidden);
  p[layout.outB] = Math.log(baseRate / (1 - baseRate));
  return p;
}

/** Projection with the current parameters (training: P changes every step). */
export function projector(layout: PairLayout, p: Float64Array, vectors: WordVectors) {
  const { input, dims } = layout.sizes;
  const data = vectors.data;
  return (row: number, out: Float64Array, offset: number) => {
    for (let d = 0; d < dims; d++) {
      let s = 0;
      for (let m = 0, w = layout.projection + d * input, x = row * input; m < input; m++) s += p[w + m]! * data[x + m]!;
      out[offset + d] = s / VECTOR_SCALE;
    }
  };
}

/** Adds d(loss)/d(params) for one example, given d(loss)/d(logit), to `grad`. */
export function pairBackward(layout: PairLayout, p: Float64Array, input: PairInput, tr: PairTrace, dLogit: number, grad: Float64Array, vectors: WordVectors): void {
  const { input: inDims, dims, compare, hidden } = layout.sizes;
  const M = layout.mlpInput;
  const dz = new Float64Array(M);
  grad[layout.outB]! += dLogit;
  for (let t = 0; t < hidden; t++) {
    const pre = tr.hiddenPre[t]!;
    if (pre <= 0) continue;
    grad[layout.outW + t]! += dLogit * pre;
    const dh = dLogit * p[layout.outW + t]!;
    grad[layout.mlpB + t]! += dh;
    const w = layout.mlpW + t * M;
    for (let m = 0; m < M; m++) {
      grad[w + m]! += dh * tr.z[m]!;
      dz[m]! += dh * p[w + m]!;
    }
  }
  const nq = input.question.length;
  const na = input.answer.length;
  if (nq === 0 || na === 0) return;
  const q = tr.q;
  const a = tr.a;
  const dq = new Float64Array(nq * dims);
  const da = new Float64Array(na * dims);
  // Type score: only the best answer word.
  const dts = dz[2 * compare]!;
  const j0 = tr.typeAt;
  const tv = layout.typeVectors + input.type * dims;
  const ts = layout.typeShape + input.type * SHAPES;
  for (let d = 0; d < dims; d++) {
    grad[tv + d]! += dts * a[j0 * dims + d]!;
    da[j0 * dims + d]! += dts * p[tv + d]!;
  }
  for (let h = 0; h < SHAPES; h++) grad[ts + h]! += dts * input.shape[j0 * SHAPES + h]!;
  const width = 2 * dims + WORD_EXTRA;
  const c = new Float64Array(width);
  const dc = new Float64Array(width);
  const datt = new Float64Array(dims);
  for (let i = 0; i < nq; i++) {
    const qi = i * dims;
    const ai = i * dims;
    for (let d = 0; d < dims; d++) {
      c[d] = q[qi + d]! * tr.attended[ai + d]!;
      c[dims + d] = q[qi + d]! - tr.attended[ai + d]!;
    }
    for (let x = 0; x < WORD_EXTRA; x++) c[2 * dims + x] = input.questionExtra[i * WORD_EXTRA + x]!;
    dc.fill(0);
    let any = false;
    for (let k = 0; k < compare; k++) {
      if (tr.comparePre[i * compare + k]! <= 0) continue;
      const dg = dz[k]! / nq + (tr.maxAt[k] === i ? dz[compare + k]! : 0);
      if (dg === 0) continue;
      any = true;
      grad[layout.compareB + k]! += dg;
      const w = layout.compareW + k * width;
      for (let m = 0; m < width; m++) {
        grad[w + m]! += dg * c[m]!;
        dc[m]! += dg * p[w + m]!;
      }
    }
    if (!any) continue;
    for (let d = 0; d < dims; d++) {
      datt[d] = dc[d]! * q[qi + d]! - dc[dims + d]!;
      dq[qi + d]! += dc[d]! * tr.attended[ai + d]! + dc[dims + d]!;
    }
    // Softmax attention.
    const al = i * na;
    let s = 0;
    const dAlpha = new Float64Array(na);
    for (let j = 0; j < na; j++) {
      let v = 0;
      for (let d = 0, aj = j * dims; d < dims; d++) v += datt[d]! * a[aj + d]!;
      dAlpha[j] = v;
      s += tr.alpha[al + j]! * v;
    }
    for (let j = 0; j < na; j++) {
      const alpha = tr.alpha[al + j]!;
      const de = alpha * (dAlpha[j]! - s);
      for (let d = 0, aj = j * dims; d < dims; d++) {
        da[aj + d]! += alpha * datt[d]! + de * q[qi + d]!;
        dq[qi + d]! += de * a[aj + d]!;
      }
    }
  }
  const data = vectors.data;
  const addProjection = (rows: Int32Array, g: Float64Array) => {
    for (let r = 0; r < rows.length; r++) {
      if (rows[r]! < 0) continue;
      const x = rows[r]! * inDims;
      for (let d = 0; d < dims; d++) {
        const gd = g[r * dims + d]! / VECTOR_SCALE;
        if (gd === 0) continue;
        const w = layout.projection + d * inDims;
        for (let m = 0; m < inDims; m++) grad[w + m]! += gd * data[x + m]!;
      }
    }
  };
  addProjection(input.question, dq);
  addProjection(input.answer, da);
}

export function trainPairModel(examples: readonly PairExample[], vectors: WordVectors, options: PairTrainOptions = PAIR_TRAIN_DEFAULTS, log?: (line: string) => void): Float64Array {
  const layout = pairLayout(options.sizes);
  const baseRate = examples.reduce((s, e) => s + e.label, 0) / examples.length;
  const p = initPairParams(layout, options.seed, baseRate);
  const project = projector(layout, p, vectors);
  const grad = new Float64Array(layout.total);
  const m1 = new Float64Array(layout.total);
  const m2 = new Float64Array(layout.total);
  const rand = mulberry32(options.seed ^ 0x5bd1e995);
  // Batches of about options.batch pairs: whole questions for the listwise loss, else pairs drawn
  // from all questions (batches of whole questions measured worse in CV: correlated gradients).
  const groups = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const key = options.loss !== 'pointwise' && e.group !== undefined ? e.group : String(i);
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  const order = [...groups.values()];
  const beta1 = 0.9;
  const beta2 = 0.999;
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let loss = 0;
    // Linear decay to a tenth of the rate over the run.
    const lr = options.learningRate * (1 - (0.9 * epoch) / Math.max(1, options.epochs - 1));
    for (let start = 0; start < order.length; ) {
      grad.fill(0);
      const batch: number[][] = [];
      let size = 0;
      while (start < order.length && size < options.batch) {
        batch.push(order[start]!);
        size += order[start++]!.length;
      }
      for (const list of batch) {
        const traces = list.map((i) => newTrace(layout, examples[i]!.input));
        const z = list.map((i, t) => pairForward(layout, p, examples[i]!.input, project, traces[t]));
        const d = new Float64Array(list.length);
        if (options.loss !== 'listwise') {
          list.forEach((i, t) => {
            const prob = sigmoid(z[t]!);
            const y = examples[i]!.label;
            loss -= y ? Math.log(Math.max(prob, 1e-12)) : Math.log(Math.max(1 - prob, 1e-12));
            d[t]! += prob - y;
          });
        }
        const positives = list.filter((i) => examples[i]!.label === 1).length;
        if (options.loss !== 'pointwise' && positives > 0 && positives < list.length) {
          const max = Math.max(...z);
          const e = z.map((v) => Math.exp(v - max));
          const sum = e.reduce((s, v) => s + v, 0);
          list.forEach((i, t) => {
            const target = examples[i]!.label / positives;
            if (target > 0) loss -= target * Math.log(Math.max(e[t]! / sum, 1e-12));
            d[t]! += e[t]! / sum - target;
          });
        }
        list.forEach((i, t) => pairBackward(layout, p, examples[i]!.input, traces[t]!, d[t]! / size, grad, vectors));
      }
      step++;
      const c1 = 1 - beta1 ** step;
      const c2 = 1 - beta2 ** step;
      for (let k = 0; k < layout.total; k++) {
        const g = grad[k]! + options.l2 * p[k]!;
        m1[k] = beta1 * m1[k]! + (1 - beta1) * g;
        m2[k] = beta2 * m2[k]! + (1 - beta2) * g * g;
        p[k]! -= (lr * (m1[k]! / c1)) / (Math.sqrt(m2[k]! / c2) + 1e-8);
      }
    }
    log?.(`  epoch ${epoch + 1}: loss ${(loss / examples.length).toFixed(4)}`);
  }
  return p;
}

export function pairLogits(examples: readonly PairExample[], p: Float64Array, vectors: WordVectors, sizes: PairSizes): number[] {
  const layout = pairLayout(sizes);
  const project = projector(layout, p, vectors);
  return examples.map((e) => pairForward(layout, p, e.input, project));
}
