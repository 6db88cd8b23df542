/** The stacker: logistic regression over the logits of the two relevance models (few weights, fitted by Newton's method). */
import { sigmoid } from '../learn/logistic.ts';
import { stackLogit, type StackWeights } from './pair-model.ts';

export { stackLogit };

export function fitStack(logistic: readonly number[], pair: readonly number[], labels: readonly number[], l2 = 1e-3): StackWeights {
  const w = [0, 1, 0];
  for (let iter = 0; iter < 50; iter++) {
    const g = [0, 0, 0];
    const h = [
      [l2, 0, 0],
      [0, l2, 0],
      [0, 0, l2],
    ];
    for (let i = 0; i < labels.length; i++) {
      const x = [1, logistic[i]!, pair[i]!];
      const p = sigmoid(w[0]! + w[1]! * x[1]! + w[2]! * x[2]!);
      for (let a = 0; a < 3; a++) {
        g[a]! += (p - labels[i]!) * x[a]! + (a ? l2 * w[a]! : 0);
        for (let b = 0; b < 3; b++) h[a]![b]! += p * (1 - p) * x[a]! * x[b]!;
      }
    }
    const step = solve3(h, g);
    for (let a = 0; a < 3; a++) w[a]! -= step[a]!;
    if (Math.max(...step.map(Math.abs)) < 1e-9) break;
  }
  return { bias: w[0]!, logistic: w[1]!, pair: w[2]! };
}

function solve3(m: number[][], b: number[]): number[] {
  const a = m.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[p]![c]!)) p = r;
    [a[c], a[p]] = [a[p]!, a[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 4; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return [0, 1, 2].map((i) => a[i]![3]! / a[i]![i]!);
}
