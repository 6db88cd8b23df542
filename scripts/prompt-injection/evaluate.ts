/**
 * Prompt-injection figures on data the scored model did not train on:
 *   deepset test split (committed model), jailbreak-benign-mix leave-one-method-out (per-method
 *   models), AUC within each length quartile, a length-only baseline, calibration (ECE).
 *   npx node scripts/prompt-injection/evaluate.ts
 */
import { PromptInjectionDetector } from '../../src/enrich/prompt-injection/prompt-injection.ts';
import { sigmoid } from '../learn/logistic.ts';
import { calibration, eceUnderPerfectCalibration, expectedEceAtSize, quartiles, rocAuc } from '../learn/metrics.ts';
import type { CalibrationBin } from '../toxicity/metrics.ts';
import { runExperiment } from './experiment.ts';

export interface Figure {
  name: string;
  value: number;
  target?: string;
  met?: boolean;
}

function fmt(f: Figure): string {
  const t = f.target ? `   target ${f.target}: ${f.met ? 'met' : 'NOT MET'}` : '';
  return `  ${f.name.padEnd(58)} ${Number.isNaN(f.value) ? 'n/a' : f.value.toFixed(4)}${t}`;
}

export function printReliability(print: (line: string) => void, title: string, bins: readonly CalibrationBin[]): void {
  print(title);
  for (const bin of bins) {
    if (bin.count === 0) continue;
    const gap = bin.meanTarget - bin.meanScore;
    print(`    [${bin.lower.toFixed(1)}, ${bin.upper.toFixed(1)})  n=${String(bin.count).padStart(4)}  mean score ${bin.meanScore.toFixed(3)}  positive rate ${bin.meanTarget.toFixed(3)}  gap ${gap >= 0 ? '+' : ''}${gap.toFixed(3)}`);
  }
}

export function evaluatePromptInjection(print: (line: string) => void = console.log): Figure[] {
  const figures: Figure[] = [];
  const add = (name: string, value: number, target?: { min?: number; max?: number }) => {
    const f: Figure = { name, value };
    if (target?.min !== undefined) Object.assign(f, { target: `≥ ${target.min}`, met: value >= target.min });
    if (target?.max !== undefined) Object.assign(f, { target: `≤ ${target.max}`, met: value <= target.max });
    figures.push(f);
    print(fmt(f));
  };
  print('prompt_injection');
  const experiment = runExperiment();
  const { calibrationA: a, calibrationB: b } = experiment.weights;
  const detector = new PromptInjectionDetector();

  // deepset test: the committed model (trained on deepset train + jailbreak-benign-mix).
  const test = experiment.deepsetTest;
  const testScores = test.map((r) => detector.analyze(r.text).score);
  const testLabels = test.map((r) => r.label);
  add(`deepset test AUC (n=${test.length})`, rocAuc(testScores, testLabels), { min: 0.9 });
  const testCalibration = calibration(testScores, testLabels);
  const testEce = testCalibration.ece;
  add('deepset test ECE', testEce, { max: 0.05 });
  // ECE everywhere (every scorer): 10 equal-width score bins, Σ (bin share) · |mean score − positive rate|.
  printReliability(print, '  deepset test reliability (10 equal-width bins):', testCalibration.bins);
  // 116 rows in 10 bins: the ECE estimate alone is noisy and biased upwards; show what a perfectly
  // calibrated scorer with these very scores would measure, so the figure can be read.
  const noise = eceUnderPerfectCalibration(testScores, testEce);
  add('  same scores, perfectly calibrated labels: expected ECE', noise.mean);
  add('  same scores, perfectly calibrated labels: 90th percentile', noise.p90);
  add('  share of perfectly calibrated draws with ECE ≥ observed', noise.pAtLeast);
  // The same table on deepset *train*, scored out of fold (5 folds by text hash; each model never
  // saw its fold): the place to look for calibration faults without touching the test split.
  // The Platt parameters were fitted on these logits (with the jailbreak-mix ones), so it is
  // in-sample for the two calibration parameters only.
  const trainOof = experiment.deepsetTrainOutOfFold;
  const trainScores = trainOof.map((s) => sigmoid(a * s.logit + b));
  const trainLabels = trainOof.map((s) => s.row.label);
  const trainCalibration = calibration(trainScores, trainLabels);
  add(`deepset train out-of-fold AUC (n=${trainOof.length}, reference)`, rocAuc(trainScores, trainLabels));
  add('deepset train out-of-fold ECE (reference)', trainCalibration.ece);
  printReliability(print, '  deepset train out-of-fold reliability:', trainCalibration.bins);
  // How sharp the scores must be: a perfectly calibrated scorer as sharp as these out-of-fold
  // scores would still measure this ECE, on average, on a set as small as the test split.
  add(`  ECE floor at n=${test.length} for this sharpness (perfectly calibrated)`, expectedEceAtSize(trainScores, test.length));
  const english = test.map((r, i) => ({ i, de: /\b(?:der|die|das|und|ich|nicht|ist|sie|wie|du|mir|mich|vergiss|ein|eine)\b/i.test(r.text) || /[äöüß]/.test(r.text) }));
  const en = english.filter((e) => !e.de).map((e) => e.i);
  const de = english.filter((e) => e.de).map((e) => e.i);
  add(`deepset test AUC, English (n=${en.length})`, rocAuc(en.map((i) => testScores[i]!), en.map((i) => testLabels[i]!)));
  add(`deepset test AUC, German (n=${de.length})`, rocAuc(de.map((i) => testScores[i]!), de.map((i) => testLabels[i]!)));
  const worst = (label: number, n: number) =>
    test
      .map((r, i) => ({ r, s: testScores[i]! }))
      .filter((x) => x.r.label === label)
      .sort((x, y) => (label === 1 ? x.s - y.s : y.s - x.s))
      .slice(0, n);
  print('  deepset test, most confident misses (label 1, lowest scores):');
  for (const x of worst(1, 4)) print(`    ${x.s.toFixed(2)}  ${JSON.stringify(x.r.text.slice(0, 110))}`);
  print('  deepset test, most confident false alarms (label 0, highest scores):');
  for (const x of worst(0, 4)) print(`    ${x.s.toFixed(2)}  ${JSON.stringify(x.r.text.slice(0, 110))}`);

  // jailbreak-benign-mix: every score comes from a model that never saw the attack method.
  const oof = experiment.jailbreakOutOfFold;
  const scores = oof.map((s) => sigmoid(a * s.logit + b));
  const labels = oof.map((s) => s.row.label);
  const lengths = oof.map((s) => s.row.text.length);
  add(`jailbreak-mix leave-one-method-out AUC (n=${oof.length})`, rocAuc(scores, labels), { min: 0.97 });
  add('jailbreak-mix length-only AUC (baseline, for reference)', rocAuc(lengths, labels));
  const [q1, q2, q3] = quartiles(lengths);
  const bounds = [0, q1, q2, q3, Infinity];
  for (let q = 0; q < 4; q++) {
    const idx = lengths.map((l, i) => (l >= bounds[q]! && l < bounds[q + 1]! ? i : -1)).filter((i) => i >= 0);
    const pos = idx.filter((i) => labels[i] === 1).length;
    add(
      `jailbreak-mix AUC, length quartile ${q + 1} [${bounds[q]}, ${bounds[q + 1]}) (${pos}+/${idx.length - pos}-)`,
      rocAuc(idx.map((i) => scores[i]!), idx.map((i) => labels[i]!)),
      { min: 0.9 },
    );
  }
  add('jailbreak-mix ECE (leave-one-method-out)', calibration(scores, labels).ece, { max: 0.05 });
  const byGroup = new Map<string, number[]>();
  oof.forEach((s, i) => byGroup.set(`${s.row.label}:${s.row.group}`, [...(byGroup.get(`${s.row.label}:${s.row.group}`) ?? []), scores[i]!]));
  for (const [group, values] of [...byGroup].sort()) {
    const flagged = values.filter((v) => v >= 0.5).length / values.length;
    print(`  ${group.startsWith('1') ? 'recall   ' : 'flag rate'} ${group.slice(2).padEnd(30)} ${flagged.toFixed(3)} (n=${values.length})`);
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) evaluatePromptInjection();
