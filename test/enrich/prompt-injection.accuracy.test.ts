/**
 * Accuracy floors on fixed samples (test/fixtures/, see each SOURCE.txt), just under the values
 * measured when the model was committed. Held-out figures: npx node scripts/evaluate-injection-relevance.ts
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { promptInjection } from '../../src/enrich/prompt-injection/index.ts';
import { rocAuc } from '../../scripts/learn/metrics.ts';

function fixture<T>(path: string): T[] {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as T);
}

describe('prompt_injection accuracy on fixed samples', () => {
  it('deepset official test split (never trained on): AUC ≥ 0.94 (measured 0.946)', () => {
    const rows = fixture<{ text: string; label: number }>('prompt-injections-deepset/test.jsonl');
    expect(rows.length).toBe(116);
    const auc = rocAuc(rows.map((r) => promptInjection(r.text).score), rows.map((r) => r.label));
    expect(auc).toBeGreaterThan(0.94);
  });

  it('jailbreak-benign-mix length-matched pairs: length alone is chance, the scorer still separates them', () => {
    // Regression floor on the training set (the model saw these rows; the held-out figure,
    // leave-one-method-out, is in the evaluation script).
    const rows = fixture<{ text: string; label: number }>('jailbreak-benign-mix/length-matched.jsonl');
    const labels = rows.map((r) => r.label);
    expect(rocAuc(rows.map((r) => r.text.length), labels)).toBeLessThan(0.55);
    const scores = rows.map((r) => promptInjection(r.text).score);
    expect(rocAuc(scores, labels)).toBeGreaterThan(0.99);
    let wins = 0;
    for (let i = 0; i < rows.length; i += 2) if (scores[i]! > scores[i + 1]!) wins++;
    expect(wins / (rows.length / 2)).toBeGreaterThan(0.97);
  });
});
