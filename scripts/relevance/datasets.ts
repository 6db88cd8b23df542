/**
 * SelQA answer-sentence selection, dev split (Apache-2.0; see ../shared/data/selqa-answer-selection/SOURCE.txt).
 * Re-split by question (qid): a question's candidates are all on one side. Buckets 0–1 of 10
 * (by hash of the qid) are held out for evaluation and never trained on.
 */
import { readFileSync } from 'node:fs';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { parseCsvRecords } from '../csv.ts';
import { sharedData } from '../shared-data.ts';

export interface Pair {
  qid: string;
  question: string;
  answer: string;
  label: 0 | 1;
}

export const HELD_OUT_BUCKETS = 2;

export function loadSelqa(): Pair[] {
  return parseCsvRecords(readFileSync(sharedData('selqa-answer-selection', 'data.csv'), 'utf8')).map((r) => ({
    qid: r.qid!,
    question: r.question!,
    answer: r.answer!,
    label: r.label === '1' ? 1 : 0,
  }));
}

export function isHeldOut(pair: Pick<Pair, 'qid'>): boolean {
  return fnv1a(pair.qid) % 10 < HELD_OUT_BUCKETS;
}
