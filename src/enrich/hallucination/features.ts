/** The few numbers the risk model reads, computed from the claim-level evidence. */
import type { Evidence } from './evidence.ts';

export const FEATURE_NAMES = [
  'unsupportedShare', // share of the answer's content weight found nowhere (context or question)
  'unsupportedMass', // log(1 + that weight): many invented words matter even in a long answer
  'questionOnlyShare', // share supported only by the question
  'elsewhereShare', // share found in the context but not in the claim's aligned sentence
  'numbers', // numbers and dates found nowhere
  'numbersElsewhere', // numbers from another part of the context
  'names', // names found nowhere
  'namesElsewhere', // names from another part of the context
  'negations', // negation mismatches with the aligned sentence
  'antonyms', // words whose opposite the aligned sentence uses
  'swaps', // names/numbers in reverse roles around a shared word
  'substitutions', // unsupported words in the slot of a different context word
  'misplaced', // names attached to a different relation word than in the aligned sentence
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

export function featureVector(ev: Evidence): FeatureVector {
  const total = ev.contentWeight > 0 ? ev.contentWeight : 1;
  return {
    unsupportedShare: ev.unsupportedWeight / total,
    unsupportedMass: Math.log1p(ev.unsupportedWeight),
    questionOnlyShare: ev.questionOnlyWeight / total,
    elsewhereShare: ev.elsewhereWeight / total,
    numbers: ev.numbers,
    numbersElsewhere: ev.numbersElsewhere,
    names: ev.names,
    namesElsewhere: ev.namesElsewhere,
    negations: ev.negations,
    antonyms: ev.antonyms,
    swaps: ev.swaps,
    substitutions: ev.substitutions,
    misplaced: ev.misplaced,
  };
}
