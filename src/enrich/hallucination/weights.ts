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
  bias: -1.991,
  weights: {
    unsupportedShare: 3.4078,
    unsupportedMass: 0.0777,
    questionOnlyShare: 3.2372,
    elsewhereShare: 2.8338,
    numbers: 0.7998,
    numbersElsewhere: 0.2028,
    names: 0.4582,
    namesElsewhere: 0.5597,
    negations: 2.3484,
    antonyms: 0.0288,
    swaps: 2.3204,
    substitutions: 0.0885,
    misplaced: 0.0712,
    overlapMissing: 0.5467,
    trigramNovelty: 1.2827,
  },
  hidden: {
    means: [0.1323, 0.3394, 0.0101, 0.0201, 0.0666, 0.0054, 0.103, 0.1654, 0.0711, 0.024, 0.0426, 0.1638, 0.077, 0.1811, 0.3705],
    scales: [0.2404, 0.4932, 0.0583, 0.0649, 0.2746, 0.0779, 0.4981, 0.645, 0.2515, 0.1528, 0.2271, 0.4421, 0.2514, 0.2735, 0.3925],
    weights: [],
    biases: [],
    output: [],
  },
  platt: { a: 0.8726, b: -0.1363 },
  note: 'fitted on the training split (HaluEval, Q2, DialFact, FaithDial, Factcheck-GPT, BEGIN dev, synthetic training templates)',
};
