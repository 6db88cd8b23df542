/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts (logistic regression, L2 0.01, feature weights
 * constrained >= 0) on the training split only (halueval 394, q2 247, dialfact 87, synthetic 8518 rows; sources weighted equally).
 * Frozen: regenerate with the script, do not edit by hand. The few hand-set constants (claim weights in
 * speaker.ts, filler weight in lookup.ts, alignment priors in evidence.ts, role-check weights in roles.ts) are not fitted.
 */
import type { FeatureName } from './features.ts';

export const MODEL: { fitted: boolean; bias: number; weights: Record<FeatureName, number>; note: string } = {
  fitted: true,
  bias: -0.925,
  weights: {
    unsupportedShare: 0.69,
    unsupportedMass: 1.062,
    questionOnlyShare: 0.502,
    elsewhereShare: 0.371,
    numbers: 0.689,
    numbersElsewhere: 0.117,
    names: 0.433,
    namesElsewhere: 0.98,
    negations: 0.968,
    antonyms: 0.405,
    swaps: 0.856,
    substitutions: 0.226,
  },
  note: 'logistic regression on the training split (HaluEval, Q2, DialFact, synthetic training templates)',
};
