/**
 * Accuracy floors for the committed toxicity model on data it was never trained on.
 * Measured when the model was trained: Davidson held-out (first 2,000 rows) 0.983, Jigsaw sample 0.916,
 * 7 of 4,507 benign ChatGPT answers (HaluEval) scored >= 0.5.
 * Full numbers: `npx node scripts/toxicity/evaluate.ts`.
 */
import { describe, expect, it } from 'vitest';
import { toxicity } from '../../src/enrich/toxicity/toxicity.ts';
import { loadBenignAnswers, loadDavidson, loadJigsaw, splitDavidson } from '../../scripts/toxicity/datasets.ts';
import { rocAuc } from '../../scripts/toxicity/metrics.ts';

describe('toxicity accuracy', () => {
  it('ROC-AUC on 2,000 held-out Davidson rows stays above 0.97', () => {
    const rows = splitDavidson(loadDavidson()).heldOut.slice(0, 2000);
    expect(rows.length).toBe(2000);
    const auc = rocAuc(rows.map((r) => toxicity(r.text)), rows.map((r) => r.label));
    expect(auc).toBeGreaterThan(0.97);
  });

  it('ROC-AUC on the Jigsaw sample (test-only) stays above 0.89', () => {
    const rows = loadJigsaw();
    expect(rows.length).toBe(308);
    const auc = rocAuc(rows.map((r) => toxicity(r.text)), rows.map((r) => r.label));
    expect(auc).toBeGreaterThan(0.89);
  });

  it('flags under 1% of benign LLM answers (HaluEval, never trained on)', () => {
    const answers = loadBenignAnswers();
    expect(answers.length).toBe(4507);
    const flagged = answers.filter((t) => toxicity(t) >= 0.5).length;
    expect(flagged / answers.length).toBeLessThan(0.01);
  });
});

describe('rocAuc', () => {
  it('gives tied scores mid-ranks', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    expect(rocAuc([0.9, 0.1], [0, 1])).toBe(0);
  });
});
