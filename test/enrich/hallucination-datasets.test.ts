/**
 * Regression floors for the groundedness scorer on vendored held-out samples (test/fixtures/<dataset>/, written
 * by scripts/hallucination/fixtures.ts; attribution in each SOURCE.txt): HaluEval, Q², DialFact, BEGIN (official
 * test split), FaithDial and Factcheck-GPT held-out groups, and synthetic minimal edits of held-out passages.
 * The weights were fitted on the other groups; floors sit a little under the values measured when they were
 * frozen. Full tables with every slice: `npx node scripts/hallucination/evaluate.ts`.
 */
import { describe, expect, it } from 'vitest';
import { hallucination } from '../../src/enrich/hallucination/index.ts';
import { overlapRisk, pairwise, rocAuc } from '../../scripts/hallucination/metrics.ts';
import { readFixture } from '../support/fixtures.ts';

interface Item {
  question: string;
  context: string;
  answer: string;
  unsupported: 0 | 1;
}
interface Pair {
  question: string;
  context: string;
  grounded: string;
  hallucinated: string;
  kind: string;
}

const risk = (q: string, c: string, a: string): number => hallucination(q, c, a)!.score;
const auc = (items: readonly Item[]): number => rocAuc(items.map((i) => risk(i.question, i.context, i.answer)), items.map((i) => i.unsupported));
const overlapAuc = (items: readonly Item[]): number => rocAuc(items.map((i) => overlapRisk(i.context, i.answer)), items.map((i) => i.unsupported));
const pairAccuracy = (pairs: readonly Pair[]): number =>
  pairwise(pairs.map((p) => risk(p.question, p.context, p.grounded)), pairs.map((p) => risk(p.question, p.context, p.hallucinated))).accuracy;

describe('groundedness on held-out labelled data', () => {
  it('ranks HaluEval right answers below hallucinated ones (measured 0.980, ties count as errors)', () => {
    const pairs = readFixture<Pair>('halueval', 'qa-held-out.jsonl');
    expect(pairs).toHaveLength(303);
    expect(pairAccuracy(pairs)).toBeGreaterThanOrEqual(0.96);
  });

  // [dataset, file, rows, floor, measured, overlap baseline on the same rows]
  const sets: Array<[string, string, number, number]> = [
    ['q2-wow', 'held-out.jsonl', 353, 0.81], // measured 0.827, overlap 0.676 (target 0.85: not met)
    ['dialfact-small', 'held-out.jsonl', 115, 0.72], // measured 0.747, overlap 0.607
    ['begin-groundedness', 'test-sample.jsonl', 1200, 0.92], // measured 0.932, overlap 0.931 (target 0.95: not met)
    ['faithdial-data-audit', 'held-out.jsonl', 929, 0.88], // measured 0.897, overlap 0.886 (target 0.90: not met)
    ['factcheck-gpt-stance', 'held-out-sample.jsonl', 1000, 0.7], // measured 0.719, overlap 0.708 (target 0.80: not met)
  ];
  for (const [dataset, file, rows, floor] of sets) {
    it(`${dataset}: ROC-AUC >= ${floor}`, () => {
      const items = readFixture<Item>(dataset, file);
      expect(items).toHaveLength(rows);
      expect(auc(items)).toBeGreaterThanOrEqual(floor);
    });
  }

  it('beats plain word overlap where the answer is checked claim by claim (Q², DialFact, Factcheck-GPT)', () => {
    for (const [dataset, file] of [['q2-wow', 'held-out.jsonl'], ['dialfact-small', 'held-out.jsonl'], ['factcheck-gpt-stance', 'held-out-sample.jsonl']] as const) {
      const items = readFixture<Item>(dataset, file);
      expect({ dataset, beats: auc(items) > overlapAuc(items) }).toEqual({ dataset, beats: true });
    }
  });
});

describe('groundedness on synthetic minimal edits of held-out passages', () => {
  const edits = readFixture<Pair>('halueval', 'synthetic-edits.jsonl');
  // measured: addition 0.998 (n=472), antonym 0.989 (189), entity 0.933 (448), negation 0.997 (314), number 0.991 (220)
  const floors: Record<string, number> = { addition: 0.98, antonym: 0.97, entity: 0.9, negation: 0.98, number: 0.97 };

  for (const [kind, floor] of Object.entries(floors)) {
    it(`scores the original below the ${kind} edit`, () => {
      const pairs = edits.filter((p) => p.kind === kind);
      expect(pairs.length).toBeGreaterThan(150);
      expect(pairAccuracy(pairs)).toBeGreaterThanOrEqual(floor);
    });
  }
});
