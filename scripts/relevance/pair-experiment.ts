/**
 * Cross-validation over SelQA training questions only (held-out questions untouched): the logistic
 * model, the pair model, and their stack, out of fold. Folds by question.
 *   npx node scripts/relevance/pair-experiment.ts [--dims=24] [--compare=16] [--hidden=8] [--epochs=6] [--lr=0.003]
 *     [--l2=1e-5] [--seed=N] [--seeds=1 (pair models averaged)] [--features=1 (hand features as MLP input)]
 *     [--loss=pointwise|listwise|both] [--save=oof.json]
 * About 2–3 minutes per seed on one core. Results so far: README, "Tried and not kept" for relevance.
 */
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { wordVectors } from '../../src/enrich/text/word-vectors.ts';
import { RELEVANCE_FEATURES, relevanceFeatures } from '../../src/enrich/relevance/features.ts';
import { relevanceLogit, type RelevanceWeights } from '../../src/enrich/relevance/model.ts';
import { pairInput } from './pair-model.ts';
import { calibration, meanReciprocalRank, rocAuc } from '../learn/metrics.ts';
import { sigmoid } from '../learn/logistic.ts';
import { isHeldOut, loadSelqa, type Pair } from './datasets.ts';
import { trainRelevance } from './experiment.ts';
import { PAIR_TRAIN_DEFAULTS, pairLogits, trainPairModel, type PairTrainOptions } from './pair-train.ts';
import { fitStack, stackLogit } from './stack.ts';

export const CV_FOLDS = 5;
export const cvFold = (qid: string): number => fnv1a(`${qid}:cv`) % CV_FOLDS;

export interface OutOfFold {
  logistic: number[];
  pair: number[];
}

/** Out-of-fold logits of both models over `pairs` (training questions only). */
export function outOfFold(pairs: readonly Pair[], options: PairTrainOptions, log?: (line: string) => void, seeds = 1): OutOfFold {
  const vectors = wordVectors();
  const inputs = pairs.map((p) => ({
    input: pairInput(p.question, p.answer, vectors, options.sizes.features ? relevanceFeatures(p.question, p.answer).dense : undefined),
    label: p.label,
    group: p.qid,
  }));
  const lr = new Array<number>(pairs.length).fill(0);
  const nn = new Array<number>(pairs.length).fill(0);
  for (let k = 0; k < CV_FOLDS; k++) {
    const started = performance.now();
    const trainIdx = pairs.map((_, i) => i).filter((i) => cvFold(pairs[i]!.qid) !== k);
    const testIdx = pairs.map((_, i) => i).filter((i) => cvFold(pairs[i]!.qid) === k);
    const m = trainRelevance(trainIdx.map((i) => pairs[i]!));
    const w: RelevanceWeights = { bias: m.bias, dense: Float32Array.from(m.features.map((f) => m.weights[f]!)), pairs: Float32Array.from(m.pairWeights) };
    for (const i of testIdx) lr[i] = relevanceLogit(w, relevanceFeatures(pairs[i]!.question, pairs[i]!.answer));
    for (let s = 0; s < seeds; s++) {
      const params = trainPairModel(trainIdx.map((i) => inputs[i]!), vectors, { ...options, seed: options.seed + s });
      const z = pairLogits(testIdx.map((i) => inputs[i]!), params, vectors, options.sizes);
      testIdx.forEach((i, t) => (nn[i]! += z[t]! / seeds));
    }
    log?.(`  fold ${k + 1}/${CV_FOLDS}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return { logistic: lr, pair: nn };
}

function mrr(pairs: readonly Pair[], scores: readonly number[]): number {
  const groups = new Map<string, Array<{ score: number; label: number }>>();
  pairs.forEach((p, i) => groups.set(p.qid, [...(groups.get(p.qid) ?? []), { score: scores[i]!, label: p.label }]));
  return meanReciprocalRank([...groups.values()]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const d = PAIR_TRAIN_DEFAULTS;
  const options: PairTrainOptions = {
    ...d,
    sizes: { input: 100, dims: arg('dims', d.sizes.dims), compare: arg('compare', d.sizes.compare), hidden: arg('hidden', d.sizes.hidden), features: arg('features', 0) ? RELEVANCE_FEATURES : 0 },
    epochs: arg('epochs', d.epochs),
    learningRate: arg('lr', d.learningRate),
    l2: arg('l2', d.l2),
    seed: arg('seed', d.seed),
    loss: (process.argv.find((a) => a.startsWith('--loss='))?.slice(7) ?? d.loss) as PairTrainOptions['loss'],
  };
  console.log(JSON.stringify(options));
  const pairs = loadSelqa().filter((p) => !isHeldOut(p));
  const labels = pairs.map((p) => p.label);
  const oof = outOfFold(pairs, options, console.log, arg('seeds', 1));
  const save = process.argv.find((a) => a.startsWith('--save='))?.slice(7);
  if (save) (await import('node:fs')).writeFileSync(save, JSON.stringify(oof));
  // The stacker is itself fitted out of fold (on the other folds' out-of-fold logits).
  const stacked = new Array<number>(pairs.length).fill(0);
  for (let k = 0; k < CV_FOLDS; k++) {
    const fit = pairs.map((_, i) => i).filter((i) => cvFold(pairs[i]!.qid) !== k);
    const w = fitStack(fit.map((i) => oof.logistic[i]!), fit.map((i) => oof.pair[i]!), fit.map((i) => labels[i]!));
    pairs.forEach((p, i) => {
      if (cvFold(p.qid) === k) stacked[i] = stackLogit(w, oof.logistic[i]!, oof.pair[i]!);
    });
  }
  const avg = oof.logistic.map((z, i) => (sigmoid(z) + sigmoid(oof.pair[i]!)) / 2);
  const row = (name: string, s: number[], probs: number[]) =>
    console.log(`${name.padEnd(28)} AUC ${rocAuc(s, labels).toFixed(4)}  MRR ${mrr(pairs, s).toFixed(4)}  ECE ${calibration(probs, labels).ece.toFixed(4)}`);
  console.log(`CV over ${new Set(pairs.map((p) => p.qid)).size} training questions, ${pairs.length} pairs`);
  row('logistic (current)', oof.logistic, oof.logistic.map(sigmoid));
  row('pair model', oof.pair, oof.pair.map(sigmoid));
  row('average of probabilities', avg, avg);
  row('stack (logistic over both)', stacked, stacked.map(sigmoid));
  console.log(JSON.stringify(fitStack(oof.logistic, oof.pair, labels)));
}
