/**
 * The risk model: a logistic part over the evidence features with non-negative weights (more evidence of
 * invented content never lowers the risk), plus a gate — boosted trees over the same features and the
 * request's observable shape (shape.ts) that correct the logit where kinds of input disagree (dialogue
 * chit-chat vs claims against retrieved evidence). The sum is a logit; Platt scaling fitted on cross-fitted
 * held-out logits of the training rows maps it to P(not grounded).
 */
import { FEATURE_NAMES, type FeatureVector } from './features.ts';
import { ensembleSum } from './gate.ts';
import { SHAPE_NAMES, type ShapeVector } from './shape.ts';
import { MODEL } from './weights.ts';

/** The gate's inputs: the evidence features, then the shape (the order fit.ts writes the trees for). */
export const GATE_INPUTS: readonly string[] = [...FEATURE_NAMES, ...SHAPE_NAMES];
if (MODEL.gate.inputs.join() !== GATE_INPUTS.join()) {
  throw new Error('hallucination weights.ts does not match the feature list: refit with scripts/hallucination/fit.ts');
}

const input = new Float64Array(GATE_INPUTS.length);

export function riskLogit(features: FeatureVector, shape: ShapeVector): number {
  let z = MODEL.bias;
  const d = FEATURE_NAMES.length;
  for (let k = 0; k < d; k++) {
    const x = features[FEATURE_NAMES[k]!];
    z += MODEL.weights[FEATURE_NAMES[k]!] * x;
    input[k] = x;
  }
  for (let j = 0; j < SHAPE_NAMES.length; j++) input[d + j] = shape[SHAPE_NAMES[j]!];
  return z + ensembleSum(MODEL.gate, input);
}

/** Calibrated probability that the answer is not grounded in the context. */
export function riskProbability(features: FeatureVector, shape: ShapeVector): number {
  return sigmoid(MODEL.platt.a * riskLogit(features, shape) + MODEL.platt.b);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
