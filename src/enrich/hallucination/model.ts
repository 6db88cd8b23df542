/** Logistic combination of the evidence features into a 0–1 risk. */
import { FEATURE_NAMES, type FeatureVector } from './features.ts';
import { MODEL } from './weights.ts';

export function riskLogit(features: FeatureVector): number {
  let z = MODEL.bias;
  for (const name of FEATURE_NAMES) z += MODEL.weights[name] * features[name];
  return z;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
