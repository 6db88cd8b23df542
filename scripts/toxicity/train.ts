/**
 * Trains the toxicity model on the training mix (scripts/toxicity/mix.ts), fits its calibrator
 * (src/enrich/toxicity/calibration.ts) on held-out logits — cross-fitted logits of the training rows
 * (scripts/toxicity/crossfit.ts) and the final model's logits on the calibration rows — and writes
 * src/enrich/toxicity/model/toxicity-model.bin plus the training manifest
 * (training-manifest.json: sources and counts; training-manifest.bin: sorted hashes of every training text
 * and of its identity-neutral template form, so a test can prove HateCheck was never trained on).
 *
 *   npx node scripts/toxicity/train.ts [--data DIR] [--tune]
 *   options: --bits=20 --hidden=16 --epochs=4 --lr=0.2 --dlr=0.05 --l2=1e-6 --soft=0.5 --seed=N
 * Data: --data DIR or LLMSCOPE_SHARED_DATA (default ../shared/data; scripts/shared-data.ts). Deterministic: same weights twice.
 * --tune trains and prints held-out numbers without writing anything.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_URL, ToxicityModel, encodeModel } from '../../src/enrich/toxicity/model.ts';
import { CROSS_FIT_FOLDS, crossFitLogits } from './crossfit.ts';
import { calibrationRows, CALIBRATION_L2 } from './calibration-rows.ts';
import { fitCalibration } from './fit-calibration.ts';
import { calibration as reliability, rocAuc } from './metrics.ts';
import { DEFAULT_TRAIN_OPTIONS, train, type TrainOptions } from './trainer.ts';

function parseOptions(argv: readonly string[]): { options: TrainOptions; tune: boolean } {
  const options = { ...DEFAULT_TRAIN_OPTIONS };
  let tune = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, value = ''] = arg.replace(/^--/, '').split('=');
    if (name === 'tune') tune = true;
    else if (name === 'data') i += arg.includes('=') ? 0 : 1; // read by scripts/shared-data.ts
    else if (name === 'bits') options.hashBits = Number(value);
    else if (name === 'hidden') options.hidden = Number(value);
    else if (name === 'epochs') options.epochs = Number(value);
    else if (name === 'lr') options.learningRate = Number(value);
    else if (name === 'dlr') options.deepLearningRate = Number(value);
    else if (name === 'l2') options.l2 = Number(value);
    else if (name === 'soft') options.softMix = Number(value);
    else if (name === 'seed') options.seed = Number(value);
    else throw new Error(`unknown option ${arg}`);
  }
  return { options, tune };
}

const { options, tune } = parseOptions(process.argv.slice(2));
const mixModule = await import('./mix.ts');
const { buildMix, sourceWeights } = mixModule;
const { loadHateCheck } = await import('./datasets.ts');
const { manifestOf, MANIFEST_BIN_URL, MANIFEST_JSON_URL } = await import('./manifest.ts');

const started = performance.now();
const mix = buildMix();
const counts: Record<string, number> = {};
for (const r of mix.train) counts[r.source] = (counts[r.source] ?? 0) + 1;
console.log(`options ${JSON.stringify(options)}`);
console.log(`training rows equal to a HateCheck case or template, left out: ${mixModule.excludedAsHateCheck}`);
console.log(`training rows ${mix.train.length} ${JSON.stringify(counts)}; calibration rows ${mix.calibration.length}`);

const weights = train(mix.train, sourceWeights(mix.train), options, console.log);
const raw = new ToxicityModel(weights);
const outOfFold = crossFitLogits(mix.train, sourceWeights, options, CROSS_FIT_FOLDS, console.log);
const fitRows = calibrationRows(mix, outOfFold, raw);
weights.calibration = fitCalibration(fitRows.rows, CALIBRATION_L2);
const model = new ToxicityModel(weights);
console.log(`calibration fitted on ${fitRows.rows.length} held-out logits (${JSON.stringify(fitRows.counts)}): ${Array.from(weights.calibration, (c) => c.toFixed(3)).join(' ')}`);
for (const [name, rows] of Object.entries(mix.heldOut)) {
  const scores = rows.map((r) => model.probability(r.text));
  const labels = rows.map((r) => r.label);
  console.log(`  held-out ${name.padEnd(11)} n=${String(rows.length).padStart(6)} ROC-AUC ${rocAuc(scores, labels).toFixed(4)} ECE ${reliability(scores, labels).ece.toFixed(4)}`);
}
const hatecheck = loadHateCheck();
const hcScores = hatecheck.map((r) => model.probability(r.text));
const hcAccuracy = hatecheck.filter((r, i) => (hcScores[i]! >= 0.5 ? 1 : 0) === r.label).length / hatecheck.length;
console.log(`  HateCheck (evaluation only) ROC-AUC ${rocAuc(hcScores, hatecheck.map((r) => r.label)).toFixed(4)} accuracy ${hcAccuracy.toFixed(4)}`);

if (!tune) {
  const bytes = encodeModel(weights);
  const modelPath = fileURLToPath(DEFAULT_MODEL_URL);
  writeFileSync(modelPath, bytes);
  const manifest = manifestOf(mix.train, options);
  writeFileSync(MANIFEST_BIN_URL, manifest.bin);
  writeFileSync(MANIFEST_JSON_URL, `${JSON.stringify(manifest.summary, null, 2)}\n`);
  console.log(`wrote ${modelPath} (${(bytes.length / 1024).toFixed(0)} KiB) and the training manifest`);
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
