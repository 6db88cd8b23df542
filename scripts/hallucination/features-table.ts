/** Feature rows for fitting and evaluation: one per (question, context, answer) with its label (evidence features, then shape). */
import { analyseHallucination } from '../../src/enrich/hallucination/index.ts';
import { FEATURE_NAMES } from '../../src/enrich/hallucination/features.ts';
import { SHAPE_NAMES } from '../../src/enrich/hallucination/shape.ts';
import { loadBegin, loadDialFact, loadFactCheck, loadFaithDial, loadHaluEval, loadQ2, pairsAsItems, splitOf, type LabelledItem, type Split } from './datasets.ts';
import { syntheticPairs } from './perturb.ts';

export interface Row {
  dataset: string;
  label: 0 | 1;
  x: number[];
}

export function featureRow(item: { question: string; context: string; answer: string }): number[] {
  const a = analyseHallucination(item.question, item.context, item.answer);
  if (!a) throw new Error('empty context in dataset item');
  return [...FEATURE_NAMES.map((n) => a.features[n]), ...SHAPE_NAMES.map((n) => a.shape[n])];
}

/**
 * Labelled real data of one split. BEGIN has an official split (dev trains, test evaluates); the other sets are
 * split by group (passage or claim) with splitOf.
 */
export function realItems(split: Split): LabelledItem[] {
  const begin = loadBegin().filter((i) => (i.split === 'dev') === (split === 'train'));
  const grouped = [...pairsAsItems(loadHaluEval(), 'halueval'), ...loadQ2(), ...loadDialFact(), ...loadFaithDial(), ...loadFactCheck()].filter((i) => splitOf(i.group) === split);
  return [...grouped, ...begin];
}

/** Synthetic pairs as items; `heldOutTemplates` selects the templates never used for fitting. */
export function syntheticItems(split: Split, heldOutTemplates: boolean): LabelledItem[] {
  return pairsAsItems(
    syntheticPairs().filter((p) => splitOf(p.group) === split && p.heldOut === heldOutTemplates),
    'synthetic',
  );
}
