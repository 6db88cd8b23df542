/**
 * The rows the toxicity calibrator is fitted on: every training row of a real data set with its
 * cross-fitted (out-of-fold) logit, and every calibration-split row with the final model's logit — all
 * held out from the model that scored them. Each data set keeps its own share of toxic rows (that share is
 * what a calibrated probability must reproduce) and gets CALIBRATION_SHARE of the total weight, so the
 * small sets are not drowned by the large ones.
 */
import { SHAPE_FEATURES, shapeFeatures } from '../../src/enrich/toxicity/calibration.ts';
import type { ToxicityModel } from '../../src/enrich/toxicity/model.ts';
import type { CalibrationRow } from './fit-calibration.ts';
import type { SourcedText, ToxicityMix } from './mix.ts';

export const CALIBRATION_SHARE: Record<string, number> = {
  davidson: 1,
  convabuse: 1,
  surge: 1,
  'wiki-talk': 1,
  jigsaw: 0.5,
  madlibs: 0.6,
  'llm-answers': 0.5,
};

/** L2 on the calibrator's shape coefficients (chosen on the cross-fitted rows; larger values under-fit ConvAbuse). */
export const CALIBRATION_L2 = 1e-4;

export function calibrationRows(
  mix: ToxicityMix, outOfFold: ArrayLike<number>, finalModel: ToxicityModel,
): { rows: CalibrationRow[]; sources: string[]; counts: Record<string, number> } {
  const picked: Array<{ row: SourcedText; logit: number; shape: Float32Array }> = [];
  const structure = finalModel.featurizer.structure;
  mix.train.forEach((row, i) => {
    const logit = outOfFold[i]!;
    if (Number.isNaN(logit) || CALIBRATION_SHARE[row.source] === undefined) return;
    picked.push({ row, logit, shape: shapeFeatures(row.text, structure.extract(row.text).flags, new Float32Array(SHAPE_FEATURES)) });
  });
  for (const row of mix.calibration) {
    const logit = finalModel.logit(row.text);
    if (Number.isNaN(logit) || CALIBRATION_SHARE[row.source] === undefined) continue;
    picked.push({ row, logit, shape: Float32Array.from(finalModel.shape) });
  }
  const counts: Record<string, number> = {};
  for (const p of picked) counts[p.row.source] = (counts[p.row.source] ?? 0) + 1;
  return {
    rows: picked.map((p) => ({ logit: p.logit, shape: p.shape, label: p.row.label, weight: CALIBRATION_SHARE[p.row.source]! / counts[p.row.source]! })),
    sources: picked.map((p) => p.row.source),
    counts,
  };
}
