/**
 * Trains the relevance model on SelQA training questions and writes
 * src/enrich/relevance/model/relevance-model.json (deterministic).
 *   npx node scripts/relevance/train.ts
 */
import { writeFileSync } from 'node:fs';
import { RELEVANCE_MODEL_URL } from '../../src/enrich/relevance/model.ts';
import { isHeldOut, loadSelqa } from './datasets.ts';
import { trainRelevance } from './experiment.ts';

const train = loadSelqa().filter((p) => !isHeldOut(p));
const model = {
  note: 'Quadratic logistic regression over src/enrich/relevance/features.ts; trained on SelQA dev (Apache-2.0, Copyright 2016 Emory University) minus held-out questions. Regenerate: npx node scripts/relevance/train.ts',
  ...trainRelevance(train),
};
writeFileSync(RELEVANCE_MODEL_URL, JSON.stringify(model, null, 2) + '\n');
console.log(`trained on ${train.length} pairs (${new Set(train.map((p) => p.qid)).size} questions)`);
