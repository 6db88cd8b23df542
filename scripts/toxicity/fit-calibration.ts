/**
 * Fits the toxicity calibrator (src/enrich/toxicity/calibration.ts): weighted logistic regression of the
 * label on [1, z, s_1..s_K, z·s_1..z·s_K] by Newton's method (IRLS) with an L2 penalty on everything but
 * the intercept and the logit's slope. Small and dense (2 + 2K parameters), deterministic.
 */
import { CALIBRATION_PARAMS, SHAPE_FEATURES } from '../../src/enrich/toxicity/calibration.ts';

export interface CalibrationRow {
  logit: number;
  shape: Float32Array;
  label: number;
  weight: number;
}

function design(row: CalibrationRow, x: Float64Array): Float64Array {
  x[0] = 1;
  x[1] = row.logit;
  for (let k = 0; k < SHAPE_FEATURES; k++) {
    x[2 + k] = row.shape[k]!;
    x[2 + SHAPE_FEATURES + k] = row.shape[k]! * row.logit;
  }
  return x;
}

/** Solves A·x = b for symmetric positive definite A (Cholesky); A is n×n row-major. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Calibration parameters minimising weighted log-loss + l2/2·|shape coefficients|² (weights sum to 1 internally). */
export function fitCalibration(rows: readonly CalibrationRow[], l2 = 1e-3, iterations = 50): Float32Array {
  const n = CALIBRATION_PARAMS;
  const total = rows.reduce((s, r) => s + r.weight, 0);
  const theta = new Float64Array(n);
  theta[1] = 1;
  const x = new Float64Array(n);
  for (let iter = 0; iter < iterations; iter++) {
    const grad = new Float64Array(n);
    const hess = new Float64Array(n * n);
    for (const row of rows) {
      design(row, x);
      let z = 0;
      for (let i = 0; i < n; i++) z += theta[i]! * x[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const w = row.weight / total;
      const d = w * (p - row.label);
      const s = w * Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < n; i++) {
        if (x[i] === 0) continue;
        grad[i] += d * x[i]!;
        for (let j = 0; j <= i; j++) hess[i * n + j] += s * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) hess[j * n + i] = hess[i * n + j]!;
    for (let i = 2; i < n; i++) {
      grad[i] += l2 * theta[i]!;
      hess[i * n + i] += l2;
    }
    for (let i = 0; i < 2; i++) hess[i * n + i] += 1e-9;
    const step = solve(hess, grad, n);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      theta[i] -= step[i]!;
      moved = Math.max(moved, Math.abs(step[i]!));
    }
    if (moved < 1e-8) break;
  }
  return Float32Array.from(theta);
}
