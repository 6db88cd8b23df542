/**
 * Fits the risk model's weights (logistic regression, non-negative feature weights so that more evidence never
 * lowers the risk) on the TRAINING split only: HaluEval, Q², DialFact and synthetic pairs from the training
 * templates. Each of the four sources gets the same total weight. Writes src/enrich/hallucination/weights.ts.
 *
 * Run: npx node scripts/hallucination/fit.ts   (NO_SYNTH=1: real data only, for comparison)
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../../src/enrich/hallucination/features.ts';
import { featureRow, realItems, syntheticItems, type Row } from './features-table.ts';

const L2 = 0.01;
const STEPS = 4000;
const LEARNING_RATE = 0.05;

export function fitLogistic(rows: readonly Row[], sampleWeight: readonly number[]): { bias: number; weights: number[] } {
  const d = FEATURE_NAMES.length;
  const w = new Array<number>(d + 1).fill(0); // w[d] is the bias
  const m = new Array<number>(d + 1).fill(0);
  const v = new Array<number>(d + 1).fill(0);
  const totalWeight = sampleWeight.reduce((a, b) => a + b, 0);
  for (let step = 1; step <= STEPS; step++) {
    const grad = new Array<number>(d + 1).fill(0);
    rows.forEach((r, n) => {
      let z = w[d]!;
      for (let k = 0; k < d; k++) z += w[k]! * r.x[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - r.label) * sampleWeight[n]! / totalWeight;
      for (let k = 0; k < d; k++) grad[k]! += g * r.x[k]!;
      grad[d]! += g;
    });
    for (let k = 0; k < d; k++) grad[k]! += L2 * w[k]!;
    // Adam, then project feature weights onto w >= 0.
    for (let k = 0; k <= d; k++) {
      m[k] = 0.9 * m[k]! + 0.1 * grad[k]!;
      v[k] = 0.999 * v[k]! + 0.001 * grad[k]! * grad[k]!;
      const mh = m[k]! / (1 - 0.9 ** step);
      const vh = v[k]! / (1 - 0.999 ** step);
      w[k] = w[k]! - (LEARNING_RATE * mh) / (Math.sqrt(vh) + 1e-8);
      if (k < d && w[k]! < 0) w[k] = 0;
    }
  }
  return { bias: w[d]!, weights: w.slice(0, d) };
}

function main(): void {
  const items = [...realItems('train'), ...(process.env.NO_SYNTH ? [] : syntheticItems('train', false))];
  const rows: Row[] = items.map((i) => ({ dataset: i.dataset, label: i.unsupported, x: featureRow(i) }));
  const perDataset = new Map<string, number>();
  for (const r of rows) perDataset.set(r.dataset, (perDataset.get(r.dataset) ?? 0) + 1);
  const sampleWeight = rows.map((r) => 1 / perDataset.get(r.dataset)!);
  const { bias, weights } = fitLogistic(rows, sampleWeight);
  const counts = [...perDataset.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const body = FEATURE_NAMES.map((n, k) => `    ${n}: ${round(weights[k]!)},`).join('\n');
  writeFileSync(
    new URL('../../src/enrich/hallucination/weights.ts', import.meta.url),
    `/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts (logistic regression, L2 ${L2}, feature weights
 * constrained >= 0) on the training split only (${counts} rows; sources weighted equally).
 * Frozen: regenerate with the script, do not edit by hand. The few hand-set constants (claim weights in
 * speaker.ts, filler weight in lookup.ts, alignment priors in evidence.ts, role-check weights in roles.ts) are not fitted.
 */
import type { FeatureName } from './features.ts';

export const MODEL: { fitted: boolean; bias: number; weights: Record<FeatureName, number>; note: string } = {
  fitted: true,
  bias: ${round(bias)},
  weights: {
${body}
  },
  note: 'logistic regression on the training split (HaluEval, Q2, DialFact, synthetic training templates)',
};
`,
  );
  console.log(`fitted on ${counts}`);
  console.log(`bias ${round(bias)}`);
  FEATURE_NAMES.forEach((n, k) => console.log(`${n.padEnd(20)} ${round(weights[k]!)}`));
}

main();
