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
  // measured: ConvAbuse test 0.937, Davidson 0.963, Surge 0.927, Jigsaw 0.974, wiki-talk 0.814, Wikipedia identity 0.926
  const floors: Array<[string, string, number, number]> = [
    ['convabuse', 'test.jsonl', 853, 0.93],
    ['davidson-hate-offensive', 'held-out.jsonl', 1500, 0.955],
    ['surge-ai-toxicity', 'held-out.jsonl', 279, 0.915],
    ['jigsaw-detoxify-sample', 'held-out.jsonl', 152, 0.96],
    ['wiki-talk-context-toxicity', 'held-out.jsonl', 1632, 0.8],
    ['wiki-toxicity-identity-testset', 'test.jsonl', 1492, 0.915],
  ];
  for (const [dataset, file, rows, floor] of floors) {
    it(`${dataset}: AUC >= ${floor}`, () => {
      const data = scored(dataset, file);
      expect(data).toHaveLength(rows);
      expect(auc(data)).toBeGreaterThanOrEqual(floor);
    });
  }

});

describe('toxicity calibration on held-out samples (ECE, 10 bins; target <= 0.05 on every set the model was fitted on)', () => {
  // measured: ConvAbuse 0.025, Davidson 0.020, madlibs 0.048; misses: Surge 0.095 (its toxic posts the model
  // scores low are political insults and implicit abuse; a perfectly calibrated scorer would show 0.045 on
  // 279 rows), Jigsaw 0.065 (152 rows, 15 toxic: perfect 0.040, 90th percentile 0.051). The wiki-talk
  // sample keeps every toxic row, so its ECE is not the set's: scripts/toxicity/evaluate.ts prints 0.047.
  const ceilings: Array<[string, string, number]> = [
    ['convabuse', 'test.jsonl', 0.035],
    ['davidson-hate-offensive', 'held-out.jsonl', 0.03],
    ['bias-madlibs-77k', 'held-out.jsonl', 0.05],
    ['surge-ai-toxicity', 'held-out.jsonl', 0.105],
    ['jigsaw-detoxify-sample', 'held-out.jsonl', 0.075],
  ];
  for (const [dataset, file, ceiling] of ceilings) {
    it(`${dataset}: ECE <= ${ceiling}`, () => {
      const data = scored(dataset, file);
      expect(calibration(data.map((r) => r.score), data.map((r) => r.label)).ece).toBeLessThanOrEqual(ceiling);
    });
  }
});

describe('HateCheck (evaluation only)', () => {
  const data = scored('hatecheck', 'hatecheck.jsonl');

  it('overall: accuracy >= 0.66 and AUC >= 0.70 (measured 0.673 / 0.712)', () => {
    expect(data).toHaveLength(3728);
    expect(accuracy(data)).toBeGreaterThanOrEqual(0.66);
    expect(auc(data)).toBeGreaterThanOrEqual(0.7);
  });

  it('understands more than words: threats, dehumanisation, negated and quoted hate', () => {
    const of = (functionality: string): number => accuracy(data.filter((r) => r.slice === functionality));
    // measured: threat_dir 0.857, derog_dehum 0.836, negate_pos_h 0.571, negate_neg_nh 0.617, counter_quote_nh 0.757, ident_neutral_nh 0.937
    expect(of('threat_dir_h')).toBeGreaterThanOrEqual(0.84);
    expect(of('derog_dehum_h')).toBeGreaterThanOrEqual(0.8);
    expect(of('negate_pos_h')).toBeGreaterThanOrEqual(0.55);
    expect(of('negate_neg_nh')).toBeGreaterThanOrEqual(0.6);
    expect(of('counter_quote_nh')).toBeGreaterThanOrEqual(0.74);
    expect(of('ident_neutral_nh')).toBeGreaterThanOrEqual(0.9);
  });

  it('no functionality below 0.30 accuracy (the target; measured worst: slur_reclaimed_nh 0.309, profanity_nh 0.340, target_indiv_nh 0.400)', () => {
    const functionalities = [...new Set(data.map((r) => r.slice!))];
    expect(functionalities).toHaveLength(29);
    const weak = functionalities.map((f) => ({ f, acc: accuracy(data.filter((r) => r.slice === f)) })).filter((x) => x.acc < 0.3);
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
  it('flags under 0.5% of held-out ChatGPT answers (measured 2 of 1,000)', () => {
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
