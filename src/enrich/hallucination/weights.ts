/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts (logistic regression, L2 0.01, feature weights
 * constrained >= 0) on the training split only (halueval 394, q2 247, dialfact 87, synthetic 8518 rows; sources weighted equally).
 * Frozen: regenerate with the script, do not edit by hand. The few hand-set constants (claim weights in
 * speaker.ts, filler weight in lookup.ts, alignment priors in evidence.ts, role-check weights in roles.ts) are not fitted.
 */
import type { FeatureName } from './features.ts';

export const MODEL: { fitted: boolean; bias: number; weights: Record<FeatureName, number>; note: string } = {
  fitted: true,
  bias: -0.952,
  weights: {
    unsupportedShare: 0.704,
    unsupportedMass: 1.058,
    questionOnlyShare: 0.501,
    elsewhereShare: 0.366,
    numbers: 0.68,
    numbersElsewhere: 0.115,
    names: 0.434,
    namesElsewhere: 0.963,
    negations: 0.973,
    antonyms: 0.412,
    swaps: 0.722,
    substitutions: 0.229,
    misplaced: 0.551,
  },
  note: 'logistic regression on the training split (HaluEval, Q2, DialFact, synthetic training templates)',
};
