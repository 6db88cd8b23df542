/**
 * The risk model over the evidence features: a logistic part with non-negative weights (more evidence of
 * invented content never lowers the risk) plus a small tanh hidden layer over standardised features, which
 * lets the features interact (word overlap means more in a short dialogue answer than in a long one). The
 * sum is a logit; Platt scaling fitted on held-out calibration rows maps it to P(not grounded).
 */
import { FEATURE_NAMES, type FeatureVector } from './features.ts';
import { MODEL } from './weights.ts';

const input = new Float64Array(FEATURE_NAMES.length);

export function riskLogit(features: FeatureVector): number {
  let z = MODEL.bias;
  const { means, scales, weights: W, biases, output } = MODEL.hidden;
  const d = FEATURE_NAMES.length;
  for (let k = 0; k < d; k++) {
    const x = features[FEATURE_NAMES[k]!];
    z += MODEL.weights[FEATURE_NAMES[k]!] * x;
    input[k] = (x - means[k]!) / scales[k]!;
  }
  for (let h = 0; h < output.length; h++) {
    let a = biases[h]!;
    for (let k = 0; k < d; k++) a += W[h * d + k]! * input[k]!;
    z += output[h]! * Math.tanh(a);
  }
  return z;
}

/** Calibrated probability that the answer is not grounded in the context. */
export function riskProbability(features: FeatureVector): number {
  return sigmoid(MODEL.platt.a * riskLogit(features) + MODEL.platt.b);
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
