/**
 * The groundedness trainer (scripts/hallucination/trainer.ts) is repeatable: the same rows give the same
 * weights, trees and calibration twice, and another seed gives another model. Rows are features of vendored
 * held-out samples (the test checks the trainer, not the fitted model's accuracy).
 */
import { describe, expect, it } from 'vitest';
import { analyseHallucination } from '../../src/enrich/hallucination/index.ts';
import { FEATURE_NAMES } from '../../src/enrich/hallucination/features.ts';
import { SHAPE_NAMES } from '../../src/enrich/hallucination/shape.ts';
import { DEFAULT_TRAIN_OPTIONS, sourceWeights, trainModel, type TrainRow } from '../../scripts/hallucination/trainer.ts';
import { readFixture } from '../support/fixtures.ts';

interface Item { id: string; group: string; question: string; context: string; answer: string; unsupported: 0 | 1 }

function rows(dataset: string, fixture: string, file: string, n: number): TrainRow[] {
  return readFixture<Item>(fixture, file).slice(0, n).map((i) => {
    const a = analyseHallucination(i.question, i.context, i.answer)!;
    return { dataset, group: i.group, label: i.unsupported, x: [...FEATURE_NAMES.map((k) => a.features[k]), ...SHAPE_NAMES.map((k) => a.shape[k])] };
  });
}

describe('groundedness trainer', () => {
  const data = [...rows('q2', 'q2-wow', 'held-out.jsonl', 120), ...rows('factcheck', 'factcheck-gpt-stance', 'held-out-sample.jsonl', 120)];
  const options = { ...DEFAULT_TRAIN_OPTIONS, linear: FEATURE_NAMES.length, epochs: 3, folds: 3, gate: { ...DEFAULT_TRAIN_OPTIONS.gate, trees: 6, minLeaf: 10 } };

  it('gives the same model twice (deterministic) and another with another seed', () => {
    const a = trainModel(data, options).model;
    const b = trainModel(data, options).model;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.gate.roots).toHaveLength(6);
    expect(a.gate.feature.some((f) => f >= FEATURE_NAMES.length)).toBe(true); // the gate reads the shape too
    expect(a.weights.every((w) => w >= 0)).toBe(true);
    const c = trainModel(data, { ...options, seed: options.seed + 1 }).model;
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('calibrates on held-out logits of every real row, never on the synthetic edits', () => {
    const synthetic = rows('synthetic', 'q2-wow', 'held-out.jsonl', 30);
    const { heldOut } = trainModel([...data, ...synthetic], options);
    expect(heldOut.rows).toHaveLength(data.length);
    expect(heldOut.rows.every((r) => r.dataset !== 'synthetic')).toBe(true);
  });

  it('weighs each data set the same in total', () => {
    const w = sourceWeights([...data.slice(0, 100), ...data.slice(-20)], 0.3);
    const sum = (from: number, to: number): number => w.slice(from, to).reduce((s, x) => s + x, 0);
    expect(sum(0, 100)).toBeCloseTo(sum(100, 120), 9);
  });
});
