/**
 * The toxicity calibrator: input-shape features, the calibration map, its fitting (it must recover a known
 * map and give each kind of text its own base rate, which one Platt curve cannot), and the cross-fitting
 * folds (a rewrite never lands in another fold than the text it was made from).
 */
import { describe, expect, it } from 'vitest';
import { CALIBRATION_PARAMS, MIN_CALIBRATION_SLOPE, SHAPE_FEATURES, SHAPE_FEATURE_NAMES, calibrate, shapeFeatures } from '../../src/enrich/toxicity/calibration.ts';
import { identityCalibration, loadModel } from '../../src/enrich/toxicity/model.ts';
import { StructureExtractor } from '../../src/enrich/toxicity/structure.ts';
import { foldOf } from '../../scripts/toxicity/crossfit.ts';
import { fitCalibration, type CalibrationRow } from '../../scripts/toxicity/fit-calibration.ts';
import { mulberry32 } from '../../scripts/toxicity/trainer.ts';
import { calibration } from '../../scripts/toxicity/metrics.ts';

const structure = new StructureExtractor();
const shapeOf = (text: string): Record<string, number> => {
  const out = shapeFeatures(text, structure.extract(text).flags, new Float32Array(SHAPE_FEATURES));
  return Object.fromEntries(SHAPE_FEATURE_NAMES.map((name, i) => [name, Number(out[i]!.toFixed(3))]));
};

describe('toxicity input-shape features', () => {
  it('sees tweet conventions: retweet, @handle, #tag, HTML entity, link', () => {
    const s = shapeOf('RT @some_user: look at this &#8220;thing&#8221; #wow http://t.co/abc');
    expect([s.retweet, s.mention, s.hashtag, s.html_entity, s.url]).toEqual([1, 1, 1, 1, 1]);
  });

  it('does not mistake e-mail addresses, C#, entity numbers or words starting "rt" for them', () => {
    const s = shapeOf('Mail me at a@b.com about C# and &#38; art, RTX cards and smart ideas.');
    expect([s.retweet, s.mention, s.hashtag, s.url]).toEqual([0, 0, 0, 0]);
    expect(s.html_entity).toBe(1);
  });

  it('sees wiki markup, line breaks, case, punctuation and addressing the reader', () => {
    const wiki = shapeOf('== Sources ==\n:I disagree with this edit.\n::Why?');
    expect([wiki.wiki_markup, wiki.line_breaks > 0 ? 1 : 0, wiki.ends_punct]).toEqual([1, 1, 1]);
    const chat = shapeOf('you suck');
    expect([chat.starts_lower, chat.second_person, chat.ends_punct, chat.upper_share, chat.wiki_markup]).toEqual([1, 1, 0, 0, 0]);
    expect(shapeOf('WHAT IS THIS!!').upper_share).toBe(1);
    expect(shapeOf('WHAT IS THIS!!').exclaims).toBe(1);
    expect(shapeOf('ok').log_chars).toBeLessThan(shapeOf('a much longer message than that one').log_chars);
    expect(shapeOf('x'.repeat(50_000)).log_chars).toBe(1);
  });

  it('never looks at identity terms (the calibration must not move a score because a group is named)', () => {
    expect(shapeOf('Muslims are my neighbours.')).toEqual(shapeOf('Doctors are my neighbours.'));
    expect(shapeOf('I am a gay man.')).toEqual(shapeOf('I am a shy man.'));
  });
});

describe('toxicity calibration map', () => {
  it('is sigmoid(logit) with the identity parameters', () => {
    const params = identityCalibration();
    expect(params).toHaveLength(CALIBRATION_PARAMS);
    const shape = new Float32Array(SHAPE_FEATURES).fill(1);
    for (const z of [-8, -1, 0, 0.5, 3]) expect(calibrate(params, z, shape)).toBeCloseTo(1 / (1 + Math.exp(-z)), 6);
    expect(calibrate(params, -800, shape)).toBe(0);
    expect(calibrate(params, 800, shape)).toBe(1);
  });

  it('rises with the model logit for every input shape, even corners no real text reaches', () => {
    const params = loadModel().calibration;
    for (let corner = 0; corner < 1 << SHAPE_FEATURES; corner++) {
      const shape = Float32Array.from({ length: SHAPE_FEATURES }, (_, k) => (corner >> k) & 1);
      let previous = -1;
      for (let z = -6; z <= 6; z += 0.5) {
        const p = calibrate(params, z, shape);
        expect(p).toBeGreaterThan(previous);
        previous = p;
      }
    }
    // the floor only: a map whose fitted slope is negative still rises, at the floor's rate
    const negative = new Float32Array(CALIBRATION_PARAMS);
    negative[1] = -2;
    const zero = new Float32Array(SHAPE_FEATURES);
    expect(calibrate(negative, 2, zero)).toBeCloseTo(1 / (1 + Math.exp(-2 * MIN_CALIBRATION_SLOPE)), 6);
  });
});

/** Rows of two kinds of text with the same logits but different base rates (like chat messages vs talk-page comments). */
function twoKinds(n: number, seed: number): { rows: CalibrationRow[]; kind: number[] } {
  const random = mulberry32(seed);
  const rows: CalibrationRow[] = [];
  const kind: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    const logit = (random() - 0.5) * 8;
    const shape = new Float32Array(SHAPE_FEATURES);
    shape[1] = k; // 'mention'
    const truth = -1 + 1.5 * logit + k * (2 - 0.5 * logit);
    rows.push({ logit, shape, label: random() < 1 / (1 + Math.exp(-truth)) ? 1 : 0, weight: 1 });
    kind.push(k);
  }
  return { rows, kind };
}

describe('fitting the toxicity calibrator', () => {
  it('recovers a known map, offset and slope per shape feature', () => {
    const { rows } = twoKinds(20_000, 7);
    const params = fitCalibration(rows, 1e-6);
    expect(params[0]).toBeCloseTo(-1, 0);
    expect(params[1]).toBeCloseTo(1.5, 0);
    expect(params[2 + 1]).toBeCloseTo(2, 0);
    expect(params[2 + SHAPE_FEATURES + 1]).toBeCloseTo(-0.5, 0);
    expect(Math.abs(params[2 + 1]! - 2)).toBeLessThan(0.25);
    expect(Math.abs(params[2 + SHAPE_FEATURES + 1]! - -0.5)).toBeLessThan(0.1);
  });

  it('calibrates each kind of text on its own where one curve for all cannot', () => {
    const fit = twoKinds(10_000, 11);
    const test = twoKinds(10_000, 12);
    const withShape = fitCalibration(fit.rows, 1e-4);
    const blind = fitCalibration(fit.rows.map((r) => ({ ...r, shape: new Float32Array(SHAPE_FEATURES) })), 1e-4);
    const eceOf = (params: Float32Array, k: number, useShape: boolean): number => {
      const rows = test.rows.filter((_, i) => test.kind[i] === k);
      const zero = new Float32Array(SHAPE_FEATURES);
      return calibration(rows.map((r) => calibrate(params, r.logit, useShape ? r.shape : zero)), rows.map((r) => r.label)).ece;
    };
    for (const k of [0, 1]) {
      expect(eceOf(withShape, k, true)).toBeLessThan(0.03);
      expect(eceOf(blind, k, false)).toBeGreaterThan(0.08);
    }
  });

  it('gives the same parameters twice (deterministic)', () => {
    const { rows } = twoKinds(2_000, 3);
    expect(Array.from(fitCalibration(rows))).toEqual(Array.from(fitCalibration(rows)));
  });
});

describe('cross-fitting folds', () => {
  it('puts a rewrite in the fold of the text it was made from, and duplicates together', () => {
    const text = 'Mahir is a nasty christian';
    const fold = foldOf({ text, label: 1, soft: 1, source: 'madlibs' });
    expect(foldOf({ text: 'Mahir is not a nasty christian', label: 0, soft: 0, source: 'augmented-negation', origin: text })).toBe(fold);
    expect(foldOf({ text: 'MAHIR is a nasty christian!!', label: 1, soft: 1, source: 'madlibs' })).toBe(fold);
    const folds = new Set(Array.from({ length: 200 }, (_, i) => foldOf({ text: `row ${i}`, label: 0, soft: 0, source: 'x' })));
    expect([...folds].sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
