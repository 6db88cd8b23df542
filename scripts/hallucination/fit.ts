/**
 * Fits the groundedness risk model (src/enrich/hallucination/model.ts) on the TRAINING split only: HaluEval,
 * Q², DialFact, FaithDial and Factcheck-GPT (40% of groups each), BEGIN dev, and synthetic pairs from the
 * training templates (see trainer.ts for the model, the per-set weights and the cross-fitted calibration).
 * Writes src/enrich/hallucination/weights.ts and prints the calibration of the cross-fitted held-out logits
 * per set. Deterministic: the same weights twice.
 *
 * Run: npx node scripts/hallucination/fit.ts [--data DIR]   (NO_SYNTH=1: real data only; FIT_SETS=begin,faithdial: only
 * those sets, to see how the sets pull against each other; FIT_GATE_TREES / _DEPTH /
 * _MINLEAF / _LAMBDA override the gate's settings, for comparison)
 */
import { writeFileSync } from 'node:fs';
import { FEATURE_NAMES } from '../../src/enrich/hallucination/features.ts';
import { GATE_INPUTS } from '../../src/enrich/hallucination/model.ts';
import { calibration } from '../toxicity/metrics.ts';
import { rocAuc } from './metrics.ts';
import { DEFAULT_TRAIN_OPTIONS, trainModel, type TrainRow } from './trainer.ts';

const { featureRow, realItems, syntheticItems } = await import('./features-table.ts');

function main(): void {
  const only = process.env.FIT_SETS?.split(',');
  const items = [...realItems('train'), ...(process.env.NO_SYNTH ? [] : syntheticItems('train', false))].filter((i) => !only || only.includes(i.dataset));
  const rows: TrainRow[] = items.map((i) => ({ dataset: i.dataset, group: i.group, label: i.unsupported, x: featureRow(i) }));
  const gate = { ...DEFAULT_TRAIN_OPTIONS.gate };
  for (const key of ['trees', 'depth', 'minLeaf', 'lambda'] as const) if (process.env[`FIT_GATE_${key.toUpperCase()}`]) gate[key] = Number(process.env[`FIT_GATE_${key.toUpperCase()}`]);
  const options = { ...DEFAULT_TRAIN_OPTIONS, gate, linear: FEATURE_NAMES.length };
  const { model, heldOut } = trainModel(rows, options);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.dataset, (counts.get(r.dataset) ?? 0) + 1);
  const countText = [...counts.entries()].map(([k, n]) => `${k} ${n}`).join(', ');
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  const list = (xs: readonly number[]): string => `[${xs.map(round).join(', ')}]`;
  const body = FEATURE_NAMES.map((n, k) => `    ${n}: ${round(model.weights[k]!)},`).join('\n');
  const g = model.gate;
  writeFileSync(
    new URL('../../src/enrich/hallucination/weights.ts', import.meta.url),
    `/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts (trainer.ts) on the training split only (${countText} rows;
 * sources weighted equally, synthetic ${options.syntheticShare} of one): non-negative logistic weights, a gate of ${g.roots.length} boosted trees
 * (depth ${options.gate.depth}) over the features and the request shape, and Platt calibration on ${options.folds}-fold cross-fitted logits.
 * Frozen: regenerate with the script, do not edit by hand. The few hand-set constants (claim weights in
 * speaker.ts, filler weight in lookup.ts, alignment priors in evidence.ts, role-check weights in roles.ts) are not fitted.
 */
import type { FeatureName } from './features.ts';
import type { TreeEnsemble } from './gate.ts';

export const MODEL: {
  fitted: boolean;
  bias: number;
  weights: Record<FeatureName, number>;
  gate: TreeEnsemble;
  platt: { a: number; b: number };
  note: string;
} = {
  fitted: true,
  bias: ${round(model.bias)},
  weights: {
${body}
  },
  gate: {
    inputs: ${JSON.stringify(GATE_INPUTS)},
    roots: ${list(g.roots)},
    feature: ${list(g.feature)},
    threshold: ${list(g.threshold.map((t) => Math.round(t * 1e6) / 1e6))},
    left: ${list(g.left)},
    right: ${list(g.right)},
    value: ${list(g.value.map((v) => Math.round(v * 1e6) / 1e6))},
  },
  platt: { a: ${round(model.platt.a)}, b: ${round(model.platt.b)} },
  note: 'fitted on the training split (HaluEval, Q2, DialFact, FaithDial, Factcheck-GPT, BEGIN dev, synthetic training templates)',
};
`,
  );
  console.log(`fitted on ${countText}; Platt a=${round(model.platt.a)} b=${round(model.platt.b)}; gate ${g.roots.length} trees, ${g.feature.length} nodes`);
  FEATURE_NAMES.forEach((n, k) => console.log(`${n.padEnd(20)} ${round(model.weights[k]!)}`));
  console.log('cross-fitted held-out training rows (calibrated):');
  const sigmoid = (z: number): number => 1 / (1 + Math.exp(-(model.platt.a * z + model.platt.b)));
  for (const set of [...new Set(heldOut.rows.map((r) => r.dataset))].sort()) {
    const idx = heldOut.rows.map((r, i) => (r.dataset === set ? i : -1)).filter((i) => i >= 0);
    const p = idx.map((i) => sigmoid(heldOut.logits[i]!));
    const y = idx.map((i) => heldOut.rows[i]!.label);
    console.log(`  ${set.padEnd(10)} n=${String(idx.length).padEnd(5)} AUC ${rocAuc(p, y).toFixed(3)}  ECE ${calibration(p, y).ece.toFixed(3)}`);
  }
}

main();
