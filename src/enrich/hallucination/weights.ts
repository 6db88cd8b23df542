/**
 * Risk model weights, fitted by scripts/hallucination/fit.ts on the training split only (halueval 294, q2 196, dialfact 52, faithdial 428, factcheck 895, begin 548, synthetic 6126 rows;
 * sources weighted equally): non-negative logistic weights plus a 0-unit tanh layer over standardised
 * features; Platt calibration on held-apart training groups (halueval 100, q2 51, dialfact 35, faithdial 100, factcheck 290, begin 219 rows).
 * Frozen: regenerate with the script, do not edit by hand. The few hand-set constants (claim weights in
 * speaker.ts, filler weight in lookup.ts, alignment priors in evidence.ts, role-check weights in roles.ts) are not fitted.
 */
import type { FeatureName } from './features.ts';

export const MODEL: {
  fitted: boolean;
  bias: number;
  weights: Record<FeatureName, number>;
  hidden: { means: readonly number[]; scales: readonly number[]; weights: readonly number[]; biases: readonly number[]; output: readonly number[] };
  platt: { a: number; b: number };
  note: string;
} = {
  fitted: true,
  bias: -1.9925,
  weights: {
    unsupportedShare: 3.4039,
    unsupportedMass: 0.0966,
    questionOnlyShare: 3.2998,
    elsewhereShare: 2.8609,
    numbers: 0.8443,
    numbersElsewhere: 0.2098,
    names: 0.489,
    namesElsewhere: 0.5682,
    negations: 2.3167,
    antonyms: 0.0301,
    swaps: 2.2235,
    substitutions: 0.0973,
    misplaced: 0.0759,
    overlapMissing: 0.3998,
    trigramNovelty: 1.2821,
    discountedShare: 0.8803,
  },
  hidden: {
    means: [0.1321, 0.3389, 0.0101, 0.0201, 0.0666, 0.0054, 0.103, 0.1652, 0.0709, 0.024, 0.0414, 0.1636, 0.0771, 0.1811, 0.3705, 0.0252],
    scales: [0.2402, 0.4927, 0.0589, 0.0647, 0.2746, 0.0779, 0.4981, 0.6445, 0.2516, 0.1528, 0.2194, 0.442, 0.2517, 0.2735, 0.3925, 0.1122],
    weights: [],
    biases: [],
    output: [],
  },
  platt: { a: 0.8904, b: -0.1434 },
  note: 'fitted on the training split (HaluEval, Q2, DialFact, FaithDial, Factcheck-GPT, BEGIN dev, synthetic training templates)',
};
