/**
 * Trains the toxicity model on the Davidson training side and writes
 * src/enrich/toxicity/model/toxicity-model.bin (plus its NOTICE).
 *
 *   npx node scripts/toxicity/train.ts                 # train and write the model
 *   npx node scripts/toxicity/train.ts --tune          # train without bucket 2, report its AUC, write nothing
 *   options: --bits=20 --epochs=8 --lr=0.2 --l2=1e-6 --balance=1 --soft=1 --seed=N
 * Deterministic: the split is by text hash and the shuffle is seeded.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_URL, ToxicityModel, encodeModel } from '../../src/enrich/toxicity/model.ts';
import { VALIDATION_BUCKET, loadBenignAnswers, loadDavidson, splitBucket, splitDavidson } from './datasets.ts';
import { rocAuc } from './metrics.ts';
import { DEFAULT_TRAIN_OPTIONS, train, type TrainOptions } from './trainer.ts';

function parseOptions(argv: readonly string[]): { options: TrainOptions; tune: boolean } {
  const options = { ...DEFAULT_TRAIN_OPTIONS };
  let tune = false;
  for (const arg of argv) {
    const [name, value = ''] = arg.replace(/^--/, '').split('=');
    if (name === 'tune') tune = true;
    else if (name === 'bits') options.hashBits = Number(value);
    else if (name === 'epochs') options.epochs = Number(value);
    else if (name === 'lr') options.learningRate = Number(value);
    else if (name === 'l2') options.l2 = Number(value);
    else if (name === 'balance') options.balance = value !== '0';
    else if (name === 'soft') options.softMix = Number(value);
    else if (name === 'seed') options.seed = Number(value);
    else throw new Error(`unknown option ${arg}`);
  }
  return { options, tune };
}

const { options, tune } = parseOptions(process.argv.slice(2));
const started = performance.now();
const { train: trainRows } = splitDavidson(loadDavidson());
console.log(`options ${JSON.stringify(options)}`);

if (tune) {
  const fit = trainRows.filter((r) => splitBucket(r.text) !== VALIDATION_BUCKET);
  const validation = trainRows.filter((r) => splitBucket(r.text) === VALIDATION_BUCKET);
  const model = new ToxicityModel(train(fit, options, console.log));
  const scores = validation.map((r) => model.probability(r.text));
  console.log(`validation (bucket ${VALIDATION_BUCKET}, ${validation.length} rows) ROC-AUC ${rocAuc(scores, validation.map((r) => r.label)).toFixed(4)}`);
  const benign = loadBenignAnswers().map((t) => model.probability(t));
  const flagged = benign.filter((s) => s >= 0.5).length;
  console.log(`benign LLM answers (HaluEval) scored >= 0.5: ${((100 * flagged) / benign.length).toFixed(2)}%`);
} else {
  const weights = train(trainRows, options, console.log);
  const bytes = encodeModel(weights);
  const modelPath = fileURLToPath(DEFAULT_MODEL_URL);
  writeFileSync(modelPath, bytes);
  console.log(`trained on ${trainRows.length} rows; wrote ${modelPath} (${(bytes.length / 1024).toFixed(0)} KiB)`);
  console.log(`dense weights ${Array.from(weights.dense, (w) => w.toFixed(3)).join(' ')}; bias ${weights.bias.toFixed(3)}`);
}
console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
