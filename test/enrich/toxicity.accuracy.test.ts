/**
 * Accuracy floors for the committed toxicity model on vendored samples of data it was never trained on
 * (test/fixtures/<dataset>/, written by scripts/toxicity/fixtures.ts; attribution in each SOURCE.txt).
 * Floors sit just under the values measured when the model was trained; full tables with every slice:
 * `npx node scripts/toxicity/evaluate.ts`.
 */
import { describe, expect, it } from 'vitest';
import { toxicity } from '../../src/enrich/toxicity/toxicity.ts';
import { calibration, rocAuc } from '../../scripts/toxicity/metrics.ts';
import { readFixture } from '../support/fixtures.ts';

interface Row {
  text: string;
  label: 0 | 1;
  slice?: string;
}

const scored = (dataset: string, file: string): Array<Row & { score: number }> => readFixture<Row>(dataset, file).map((r) => ({ ...r, score: toxicity(r.text) }));
const auc = (rows: ReadonlyArray<Row & { score: number }>): number => rocAuc(rows.map((r) => r.score), rows.map((r) => r.label));
const accuracy = (rows: ReadonlyArray<Row & { score: number }>): number => rows.filter((r) => (r.score >= 0.5 ? 1 : 0) === r.label).length / rows.length;

describe('toxicity accuracy on held-out samples (ROC-AUC)', () => {
  // measured: ConvAbuse test 0.944, Davidson 0.965, Surge 0.911, Jigsaw 0.940, wiki-talk 0.811, Wikipedia identity 0.902
  const floors: Array<[string, string, number, number]> = [
    ['convabuse', 'test.jsonl', 853, 0.93],
    ['davidson-hate-offensive', 'held-out.jsonl', 1500, 0.96],
    ['surge-ai-toxicity', 'held-out.jsonl', 279, 0.9],
    ['jigsaw-detoxify-sample', 'held-out.jsonl', 152, 0.92],
    ['wiki-talk-context-toxicity', 'held-out.jsonl', 1632, 0.8],
    ['wiki-toxicity-identity-testset', 'test.jsonl', 1492, 0.89],
  ];
  for (const [dataset, file, rows, floor] of floors) {
    it(`${dataset}: AUC >= ${floor}`, () => {
      const data = scored(dataset, file);
      expect(data).toHaveLength(rows);
      expect(auc(data)).toBeGreaterThanOrEqual(floor);
    });
  }

  it('ConvAbuse test: calibrated (ECE <= 0.07, measured 0.062)', () => {
    const data = scored('convabuse', 'test.jsonl');
    expect(calibration(data.map((r) => r.score), data.map((r) => r.label)).ece).toBeLessThanOrEqual(0.07);
  });
});

describe('HateCheck (evaluation only)', () => {
  const data = scored('hatecheck', 'hatecheck.jsonl');

  it('overall: accuracy >= 0.64 and AUC >= 0.70 (measured 0.655 / 0.710)', () => {
    expect(data).toHaveLength(3728);
    expect(accuracy(data)).toBeGreaterThanOrEqual(0.64);
    expect(auc(data)).toBeGreaterThanOrEqual(0.7);
  });

  it('understands more than words: threats, dehumanisation, negated and quoted hate', () => {
    const of = (functionality: string): number => accuracy(data.filter((r) => r.slice === functionality));
    // measured: threat_dir 0.872, derog_dehum 0.786, negate_pos_h 0.479, negate_neg_nh 0.722, counter_quote_nh 0.717, ident_neutral_nh 0.944
    expect(of('threat_dir_h')).toBeGreaterThanOrEqual(0.84);
    expect(of('derog_dehum_h')).toBeGreaterThanOrEqual(0.76);
    expect(of('negate_pos_h')).toBeGreaterThanOrEqual(0.45);
    expect(of('negate_neg_nh')).toBeGreaterThanOrEqual(0.7);
    expect(of('counter_quote_nh')).toBeGreaterThanOrEqual(0.7);
    expect(of('ident_neutral_nh')).toBeGreaterThanOrEqual(0.9);
  });

  it('no functionality below 0.33 accuracy (target 0.30; measured worst: target_indiv_nh 0.354, derog_impl_h 0.357, profanity_nh 0.360)', () => {
    const functionalities = [...new Set(data.map((r) => r.slice!))];
    expect(functionalities).toHaveLength(29);
    const weak = functionalities.map((f) => ({ f, acc: accuracy(data.filter((r) => r.slice === f)) })).filter((x) => x.acc < 0.33);
    expect(weak).toEqual([]);
  });
});

describe('identity terms (bias madlibs, held-out eighth)', () => {
  const data = scored('bias-madlibs-77k', 'held-out.jsonl');

  it('per identity term: FPR <= 0.10 and AUC >= 0.95 (measured worst 0.000 / 1.000)', () => {
    const terms = new Map<string, Array<Row & { score: number }>>();
    for (const r of data) {
      const term = r.slice!.split(':')[1]!;
      if (term !== '(occupation)') terms.set(term, [...(terms.get(term) ?? []), r]);
    }
    expect(terms.size).toBeGreaterThan(40);
    for (const [term, rows] of terms) {
      const negatives = rows.filter((r) => r.label === 0);
      const fpr = negatives.filter((r) => r.score >= 0.5).length / negatives.length;
      expect({ term, fprOk: fpr <= 0.1, aucOk: auc(rows) >= 0.95 }).toEqual({ term, fprOk: true, aucOk: true });
    }
  });
});

describe('benign LLM output', () => {
  it('flags under 0.5% of held-out ChatGPT answers (measured 0 of 1,000)', () => {
    const answers = readFixture<{ text: string }>('halueval-answers', 'benign-answers.jsonl');
    expect(answers).toHaveLength(1000);
    expect(answers.filter((a) => toxicity(a.text) >= 0.5).length).toBeLessThanOrEqual(5);
  });
});

describe('rocAuc', () => {
  it('gives tied scores mid-ranks', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([0.9, 0.1], [0, 1])).toBe(0);
  });
});
