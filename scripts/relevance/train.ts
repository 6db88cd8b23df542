/**
 * Trains the relevance models on SelQA training questions (held-out questions never seen) and
 * writes src/enrich/relevance/model/relevance-model.json (logistic regression over hand-made
 * features) and relevance-pair-model.json (the text-pair model and the stack weights, fitted on
 * 5-fold out-of-fold logits of both models). Deterministic; a few minutes on one core.
 *   npx node scripts/relevance/train.ts
 */
import { writeFileSync } from 'node:fs';
import { RELEVANCE_MODEL_URL } from '../../src/enrich/relevance/model.ts';
import { PAIR_MODEL_URL, pairInput, type PairModelFile } from '../../src/enrich/relevance/pair-model.ts';
import { wordVectors } from '../../src/enrich/text/word-vectors.ts';
import { isHeldOut, loadSelqa } from './datasets.ts';
import { trainRelevance } from './experiment.ts';
import { outOfFold } from './pair-experiment.ts';
import { PAIR_TRAIN_DEFAULTS, trainPairModel } from './pair-train.ts';
import { fitStack } from './stack.ts';

const SOURCE = 'trained on SelQA dev (Apache-2.0, Copyright 2016 Emory University) minus held-out questions. Regenerate: npx node scripts/relevance/train.ts';
const train = loadSelqa().filter((p) => !isHeldOut(p));
const labels = train.map((p) => p.label);
writeFileSync(RELEVANCE_MODEL_URL, JSON.stringify({ note: `Quadratic logistic regression over src/enrich/relevance/features.ts; ${SOURCE}`, ...trainRelevance(train) }, null, 2) + '\n');
const oof = outOfFold(train, PAIR_TRAIN_DEFAULTS, console.log);
const stack = fitStack(oof.logistic, oof.pair, labels);
const vectors = wordVectors();
const params = trainPairModel(train.map((p) => ({ input: pairInput(p.question, p.answer, vectors), label: p.label })), vectors, PAIR_TRAIN_DEFAULTS);
const pairFile: PairModelFile & { note: string } = {
  note: `Text-pair model of src/enrich/relevance/pair-model.ts and the stack weights; ${SOURCE}`,
  sizes: PAIR_TRAIN_DEFAULTS.sizes,
  stack: { bias: Number(stack.bias.toFixed(6)), logistic: Number(stack.logistic.toFixed(6)), pair: Number(stack.pair.toFixed(6)) },
  params: Array.from(params, (x) => Number(x.toPrecision(6))),
};
writeFileSync(PAIR_MODEL_URL, JSON.stringify(pairFile) + '\n');
console.log(`trained on ${train.length} pairs (${new Set(train.map((p) => p.qid)).size} questions); stack ${JSON.stringify(pairFile.stack)}`);
