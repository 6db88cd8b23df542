/**
 * Training and honest validation of the prompt-injection model, shared by train.ts (writes the
 * model) and evaluate.ts (prints the figures). Everything is deterministic.
 *
 *  - out-of-fold scores for jailbreak-benign-mix: one model per attack method, trained without
 *    that method (and without a matching slice of benign rows);
 *  - out-of-fold scores for deepset train (5-fold CV), used with the above to fit the calibration;
 *  - the final model: all of deepset train + all of jailbreak-benign-mix; deepset test is never
 *    seen by any model here.
 */
import { InjectionFeaturizer, DENSE_FEATURES } from '../../src/enrich/prompt-injection/features.ts';
import type { InjectionModelWeights } from '../../src/enrich/prompt-injection/model.ts';
import { fitPlatt, logit, poolIndices, trainLogistic, type SparseExample, type TrainOptions } from '../learn/logistic.ts';
import { deepsetFold, isPlainPersonaRequest, jailbreakFold, loadCounterExamples, loadDeepset, loadJailbreakMix, methodsOf, type Prompt } from './datasets.ts';

export const TRAIN_OPTIONS: TrainOptions = {
  hashBits: 18,
  denseCount: DENSE_FEATURES,
  epochs: Number(process.env.PI_EPOCHS ?? 20),
  learningRate: 0.1,
  l2Hashed: Number(process.env.PI_L2 ?? 3e-5),
  l2Dense: 1e-4,
  seed: 20261205,
};
const DEEPSET_FOLDS = 5;
/** Weight of the hand-written benign counter-examples relative to one class of one data set. */
const COUNTER_SHARE = Number(process.env.PI_COUNTER_SHARE ?? 0.5);
/** deepset's total training weight relative to jailbreak-benign-mix's. */
const DEEPSET_SHARE = Number(process.env.PI_DEEPSET_SHARE ?? 1);

export interface Scored {
  row: Prompt;
  /** Uncalibrated logit from a model that did not see the row (or its method). */
  logit: number;
}

export interface Experiment {
  weights: InjectionModelWeights;
  jailbreakOutOfFold: Scored[];
  deepsetTrainOutOfFold: Scored[];
  deepsetTest: Prompt[];
}

function featurizeAll(rows: readonly Prompt[], featurizer: InjectionFeaturizer): SparseExample[] {
  return rows.map((row) => {
    const f = featurizer.extract(row.text);
    const pooled = poolIndices([f.indices.subarray(0, f.wordCount), f.indices.subarray(f.wordCount, f.wordCount + f.charCount)]);
    return { ...pooled, dense: f.dense, target: row.label, weight: 1 };
  });
}

/** Class-balanced weights within each dataset; datasets weighted by DEEPSET_SHARE. */
function weighted(rows: readonly Prompt[], examples: readonly SparseExample[], pick: readonly number[]): SparseExample[] {
  const counts = new Map<string, number>();
  for (const i of pick) {
    const key = `${rows[i]!.dataset}:${rows[i]!.label}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = pick.length;
  return pick.map((i) => {
    const row = rows[i]!;
    const share = row.dataset === 'deepset' ? DEEPSET_SHARE : row.dataset === 'counter' ? COUNTER_SHARE : 1;
    return { ...examples[i]!, weight: (share * total) / (4 * counts.get(`${row.dataset}:${row.label}`)!) };
  });
}

export function runExperiment(log: (line: string) => void = () => {}): Experiment {
  const featurizer = new InjectionFeaturizer(TRAIN_OPTIONS.hashBits);
  const deepset = loadDeepset();
  const deepsetTrain = deepset.filter((r) => r.group === 'train' && !(r.label === 1 && isPlainPersonaRequest(r.text)));
  const deepsetTest = deepset.filter((r) => r.group === 'test');
  const jailbreak = loadJailbreakMix();
  const counterExamples = loadCounterExamples();
  const rows = [...deepsetTrain, ...jailbreak, ...counterExamples];
  const examples = featurizeAll(rows, featurizer);
  const methods = methodsOf(jailbreak);
  const all = rows.map((_, i) => i);
  const isJailbreak = (i: number) => rows[i]!.dataset === 'jailbreak' && rows[i]!.group !== 'counterexample';

  const jailbreakOutOfFold: Scored[] = [];
  methods.forEach((method, fold) => {
    const heldOut = all.filter((i) => isJailbreak(i) && jailbreakFold(rows[i]!, methods) === fold);
    const train = all.filter((i) => !(isJailbreak(i) && jailbreakFold(rows[i]!, methods) === fold));
    const w = trainLogistic(weighted(rows, examples, train), TRAIN_OPTIONS);
    for (const i of heldOut) jailbreakOutOfFold.push({ row: rows[i]!, logit: logit(w, examples[i]!) });
    log(`  fold ${method}: held out ${heldOut.length} rows`);
  });

  const deepsetTrainOutOfFold: Scored[] = [];
  for (let fold = 0; fold < DEEPSET_FOLDS; fold++) {
    const inFold = (i: number) => rows[i]!.dataset === 'deepset' && deepsetFold(rows[i]!, DEEPSET_FOLDS) === fold;
    const w = trainLogistic(weighted(rows, examples, all.filter((i) => !inFold(i))), TRAIN_OPTIONS);
    for (const i of all.filter(inFold)) deepsetTrainOutOfFold.push({ row: rows[i]!, logit: logit(w, examples[i]!) });
  }

  // Calibration on out-of-fold logits, each dataset (and class) weighted as in training.
  const calib = [...jailbreakOutOfFold, ...deepsetTrainOutOfFold];
  const counts = new Map<string, number>();
  for (const s of calib) counts.set(`${s.row.dataset}:${s.row.label}`, (counts.get(`${s.row.dataset}:${s.row.label}`) ?? 0) + 1);
  const { a, b } = fitPlatt(
    calib.map((s) => s.logit),
    calib.map((s) => s.row.label),
    calib.map((s) => 1 / counts.get(`${s.row.dataset}:${s.row.label}`)!),
  );
  log(`  calibration: p = sigmoid(${a.toFixed(3)} · logit + ${b.toFixed(3)})`);

  const final = trainLogistic(weighted(rows, examples, all), TRAIN_OPTIONS);
  return {
    weights: { hashBits: TRAIN_OPTIONS.hashBits, bias: final.bias, dense: final.dense, hashed: final.hashed, calibrationA: a, calibrationB: b },
    jailbreakOutOfFold,
    deepsetTrainOutOfFold,
    deepsetTest,
  };
}
