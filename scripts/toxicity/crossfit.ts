/**
 * Cross-fitted logits for calibration: the training rows are split into folds (by a hash of the text a row
 * was made from, so duplicates and a rewrite and its original share a fold); a model is trained on all folds
 * but one and gives the logits of the rows in the one left out. Every training row of a real data set thus
 * gets a logit from a model that never saw it — held-out data in the proportions of each set, far more of
 * it than a separate calibration split could give. Rewrites (rows with an `origin`) train but are not
 * scored: they are not a distribution any user sends. Deterministic (train() is).
 */
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { ToxicityModel } from '../../src/enrich/toxicity/model.ts';
import { splitKey } from './datasets.ts';
import type { SourcedText } from './mix.ts';
import { train, type TrainOptions } from './trainer.ts';

export const CROSS_FIT_FOLDS = 5;

export function foldOf(row: SourcedText, folds = CROSS_FIT_FOLDS): number {
  return fnv1a(`fold:${splitKey(row.origin ?? row.text)}`) % folds;
}

/** Out-of-fold logit per row (NaN for rewrites, which are not scored, and for text without a word). */
export function crossFitLogits(
  rows: readonly SourcedText[], weigh: (rows: readonly SourcedText[]) => ArrayLike<number>, options: TrainOptions,
  folds = CROSS_FIT_FOLDS, log: (line: string) => void = () => {},
): Float64Array {
  const out = new Float64Array(rows.length).fill(Number.NaN);
  const fold = rows.map((r) => foldOf(r, folds));
  for (let k = 0; k < folds; k++) {
    const fitRows = rows.filter((_, i) => fold[i] !== k);
    const scored = rows.map((r, i) => ({ r, i })).filter(({ r, i }) => fold[i] === k && r.origin === undefined);
    log(`cross-fit fold ${k + 1}/${folds}: training on ${fitRows.length} rows, scoring ${scored.length}`);
    const model = new ToxicityModel(train(fitRows, weigh(fitRows), options));
    for (const { r, i } of scored) out[i] = model.logit(r.text);
  }
  return out;
}
