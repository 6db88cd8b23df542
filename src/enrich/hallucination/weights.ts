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
  bias: -1.9957,
  weights: {
    unsupportedShare: 3.4521,
    unsupportedMass: 0.0946,
    questionOnlyShare: 3.3095,
    elsewhereShare: 2.8914,
    numbers: 0.8391,
    numbersElsewhere: 0.2131,
    names: 0.4847,
    namesElsewhere: 0.5693,
    negations: 2.363,
    antonyms: 0.0301,
    swaps: 2.2308,
    substitutions: 0.0978,
    misplaced: 0.0765,
    overlapMissing: 0.3702,
    trigramNovelty: 1.2828,
    discountedShare: 0.8752,
  },
  hidden: {
    means: [0.1323, 0.3394, 0.0101, 0.0201, 0.0666, 0.0054, 0.103, 0.1654, 0.0711, 0.024, 0.0413, 0.1638, 0.077, 0.1811, 0.3705, 0.0255],
    scales: [0.2404, 0.4932, 0.0583, 0.0649, 0.2746, 0.0779, 0.4981, 0.645, 0.2515, 0.1528, 0.2186, 0.4421, 0.2514, 0.2735, 0.3925, 0.1129],
    weights: [],
    biases: [],
    output: [],
  },
  platt: { a: 0.8827, b: -0.1399 },
  note: 'fitted on the training split (HaluEval, Q2, DialFact, FaithDial, Factcheck-GPT, BEGIN dev, synthetic training templates)',
};
