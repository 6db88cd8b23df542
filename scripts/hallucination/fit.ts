/**
 * Fits the groundedness risk model (src/enrich/hallucination/model.ts) on the TRAINING split only: HaluEval,
 * Q², DialFact, FaithDial and Factcheck-GPT (40% of groups each), BEGIN dev, and synthetic pairs from the
 * training templates. Each real source gets the same total weight (synthetic: SYNTHETIC_SHARE of one). A quarter of the training groups is kept apart
 * to fit the Platt calibration. Writes src/enrich/hallucination/weights.ts. Deterministic.
 *
 * Run: npx node scripts/hallucination/fit.ts [--data DIR]   (NO_SYNTH=1: real data only, for comparison)
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../../src/enrich/hallucination/features.ts';

const { featureRow, realItems, syntheticItems } = await import('./features-table.ts');
const { hash32 } = await import('./datasets.ts');

const L2 = 0.01;
/** Hidden units (FIT_HIDDEN); 3-6 measured worse on held-out data than none, so none by default. */
const HIDDEN = Number(process.env.FIT_HIDDEN ?? 0);
const EPOCHS = Number(process.env.FIT_EPOCHS ?? 200);
const LEARNING_RATE = Number(process.env.FIT_LR ?? 0.02);
const BATCH = 64;
/** The synthetic minimal edits weigh this much of one real source (they teach the checks, not the mix). */
const SYNTHETIC_SHARE = Number(process.env.FIT_SYNTHETIC_SHARE ?? 0.3);

interface Row {
  dataset: string;
  label: 0 | 1;
  x: number[];
}

interface Fitted {
  bias: number;
  weights: number[];
  means: number[];
  scales: number[];
  W: number[];
  b: number[];
  v: number[];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function logitOf(m: Fitted, x: readonly number[]): number {
  const d = x.length;
  let z = m.bias;
  for (let k = 0; k < d; k++) z += m.weights[k]! * x[k]!;
  for (let h = 0; h < m.v.length; h++) {
    let a = m.b[h]!;
    for (let k = 0; k < d; k++) a += m.W[h * d + k]! * ((x[k]! - m.means[k]!) / m.scales[k]!);
    z += m.v[h]! * Math.tanh(a);
  }
  return z;
}

/** Adam on mini-batches; linear feature weights projected onto w >= 0 after each step. */
function fit(rows: readonly Row[], sampleWeight: readonly number[]): Fitted {
  const d = FEATURE_NAMES.length;
  const random = mulberry32(20241205);
  const means = FEATURE_NAMES.map((_, k) => rows.reduce((s, r) => s + r.x[k]!, 0) / rows.length);
  const scales = FEATURE_NAMES.map((_, k) => Math.sqrt(rows.reduce((s, r) => s + (r.x[k]! - means[k]!) ** 2, 0) / rows.length) || 1);
  // Parameters in one vector: [bias, w(d), W(H×d), b(H), v(H)]
  const size = 1 + d + HIDDEN * d + 2 * HIDDEN;
  const p = new Float64Array(size);
  for (let i = 1 + d; i < size; i++) p[i] = (random() - 0.5) * 0.2;
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const W0 = 1 + d;
  const B0 = W0 + HIDDEN * d;
  const V0 = B0 + HIDDEN;
  const totalWeight = sampleWeight.reduce((a, b) => a + b, 0);
  const order = rows.map((_, i) => i);
  const act = new Float64Array(HIDDEN);
  const xs = new Float64Array(d);
  let step = 0;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (let start = 0; start < order.length; start += BATCH) {
      const grad = new Float64Array(size);
      for (let n = start; n < Math.min(order.length, start + BATCH); n++) {
        const r = rows[order[n]!]!;
        let z = p[0]!;
        for (let k = 0; k < d; k++) {
          z += p[1 + k]! * r.x[k]!;
          xs[k] = (r.x[k]! - means[k]!) / scales[k]!;
        }
        for (let h = 0; h < HIDDEN; h++) {
          let a = p[B0 + h]!;
          for (let k = 0; k < d; k++) a += p[W0 + h * d + k]! * xs[k]!;
          act[h] = Math.tanh(a);
          z += p[V0 + h]! * act[h]!;
        }
        const g = ((1 / (1 + Math.exp(-z)) - r.label) * sampleWeight[order[n]!]! * rows.length) / totalWeight / BATCH;
        grad[0] += g;
        for (let k = 0; k < d; k++) grad[1 + k] += g * r.x[k]!;
        for (let h = 0; h < HIDDEN; h++) {
          grad[V0 + h] += g * act[h]!;
          const gz = g * p[V0 + h]! * (1 - act[h]! * act[h]!);
          grad[B0 + h] += gz;
          for (let k = 0; k < d; k++) grad[W0 + h * d + k] += gz * xs[k]!;
        }
      }
      step++;
      for (let i = 0; i < size; i++) {
        const gi = grad[i]! + (i === 0 ? 0 : (L2 * p[i]!) / (rows.length / BATCH));
        m[i] = 0.9 * m[i]! + 0.1 * gi;
        v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
        p[i] = p[i]! - (LEARNING_RATE * (m[i]! / (1 - 0.9 ** step))) / (Math.sqrt(v[i]! / (1 - 0.999 ** step)) + 1e-8);
        if (i >= 1 && i <= d && p[i]! < 0) p[i] = 0;
      }
    }
  }
  return {
    bias: p[0]!, weights: Array.from(p.subarray(1, 1 + d)), means, scales,
    W: Array.from(p.subarray(W0, B0)), b: Array.from(p.subarray(B0, V0)), v: Array.from(p.subarray(V0)),
  };
}

/** Platt scaling a·z + b by Newton's method on the weighted log-loss. */
function fitPlatt(z: readonly number[], y: readonly number[], w: readonly number[]): { a: number; b: number } {
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

function main(): void {
  const items = [...realItems('train'), ...(process.env.NO_SYNTH ? [] : syntheticItems('train', false))];
  const calibrationGroup = (group: string): boolean => hash32(`calibration:${group}`) % 4 === 0;
  const toRows = (list: typeof items): Row[] => list.map((i) => ({ dataset: i.dataset, label: i.unsupported, x: featureRow(i) }));
  const fitRows = toRows(items.filter((i) => !calibrationGroup(i.group)));
  const calibrationRows = toRows(items.filter((i) => calibrationGroup(i.group) && i.dataset !== 'synthetic'));
  const perSource = (rows: readonly Row[]): number[] => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.dataset, (counts.get(r.dataset) ?? 0) + 1);
    return rows.map((r) => (r.dataset === 'synthetic' ? SYNTHETIC_SHARE : 1) / counts.get(r.dataset)!);
  };
  const model = fit(fitRows, perSource(fitRows));
  const platt = fitPlatt(calibrationRows.map((r) => logitOf(model, r.x)), calibrationRows.map((r) => r.label), perSource(calibrationRows));
  const count = (rows: readonly Row[]): string => {
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.dataset, (counts.get(r.dataset) ?? 0) + 1);
    return [...counts.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  };
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  const list = (xs: readonly number[]): string => `[${xs.map(round).join(', ')}]`;
  const body = FEATURE_NAMES.map((n, k) => `    ${n}: ${round(model.weights[k]!)},`).join('\n');
  writeFileSync(
    new URL('../../src/enrich/hallucination/weights.ts', import.meta.url),
    `/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts on the training split only (${count(fitRows)} rows;
 * sources weighted equally): non-negative logistic weights plus a ${HIDDEN}-unit tanh layer over standardised
 * features; Platt calibration on held-apart training groups (${count(calibrationRows)} rows).
 * Frozen: regenerate with the script, do not edit by hand. The few hand-set constants (claim weights in
 * speaker.ts, filler weight in lookup.ts, alignment priors in evidence.ts, role-check weights in roles.ts) are not fitted.
 */
import type { FeatureName } from './features.ts';

export const MODEL: {
  fitted: boolean;
  bias: number;
  weights: Record<FeatureName, number>;
  hidden: { means: readonly number[]; scales: readonly number[]; weights: readonly number[]; biases: readonly number[]; output: readonly number[] };
  platt: { a: number; b: number };
  note: string;
} = {
  fitted: true,
  bias: ${round(model.bias)},
  weights: {
${body}
  },
  hidden: {
    means: ${list(model.means)},
    scales: ${list(model.scales)},
    weights: ${list(model.W)},
    biases: ${list(model.b)},
    output: ${list(model.v)},
  },
  platt: { a: ${round(platt.a)}, b: ${round(platt.b)} },
  note: 'fitted on the training split (HaluEval, Q2, DialFact, FaithDial, Factcheck-GPT, BEGIN dev, synthetic training templates)',
};
`,
  );
  console.log(`fitted on ${count(fitRows)}; calibration ${count(calibrationRows)}; Platt a=${round(platt.a)} b=${round(platt.b)}`);
  FEATURE_NAMES.forEach((n, k) => console.log(`${n.padEnd(20)} ${round(model.weights[k]!)}`));
}

main();
