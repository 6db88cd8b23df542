/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts (logistic regression, L2 0.01, feature weights
 * constrained >= 0) on the training split only (halueval 394, q2 247, dialfact 87, synthetic 5590 rows; sources weighted equally).
 * Frozen: regenerate with the script, do not edit by hand. Hand-set constants live in evidence.ts.
 */
import type { FeatureName } from './features.ts';

export const MODEL: { fitted: boolean; bias: number; weights: Record<FeatureName, number>; note: string } = {
  fitted: true,
  bias: -0.967,
  weights: {
    unsupportedShare: 0.763,
    unsupportedMass: 1.073,
    questionOnlyShare: 0.492,
    elsewhereShare: 0.158,
    numbers: 0.674,
    numbersElsewhere: 0.062,
    names: 0.426,
    namesElsewhere: 1.08,
    negations: 0.959,
    antonyms: 0.445,
    swaps: 0.464,
    substitutions: 0.101,
  },
  note: 'logistic regression on the training split (HaluEval, Q2, DialFact, synthetic training templates)',
};
