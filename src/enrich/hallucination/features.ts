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
  'overlapMissing', // share of the answer's words (3+ letters) absent from the context: the plain-overlap signal
  'trigramNovelty', // share of the answer's word trigrams absent from the context (new wording = new content)
  'discountedShare', // share of the answer's content in questions and remarks about the speaker (not checkable)
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type FeatureVector = Record<FeatureName, number>;

/** Surface comparisons of answer and context words, independent of the claim analysis. */
export interface SurfaceOverlap {
  overlapMissing: number;
  trigramNovelty: number;
}

const WORD_RE = /[\p{L}\p{N}]{3,}/gu;
const TOKEN_RE = /[\p{L}\p{N}]+/gu;

export function surfaceOverlap(context: string, answer: string): SurfaceOverlap {
  const contextLower = context.toLowerCase();
  const answerLower = answer.toLowerCase();
  const contextWords = new Set(contextLower.match(WORD_RE) ?? []);
  const words = answerLower.match(WORD_RE) ?? [];
  let found = 0;
  for (const w of words) if (contextWords.has(w)) found++;
  const trigrams = (tokens: readonly string[]): string[] => tokens.slice(2).map((t, i) => `${tokens[i]} ${tokens[i + 1]} ${t}`);
  const contextTrigrams = new Set(trigrams(contextLower.match(TOKEN_RE) ?? []));
  const answerTrigrams = trigrams(answerLower.match(TOKEN_RE) ?? []);
  let novel = 0;
  for (const t of answerTrigrams) if (!contextTrigrams.has(t)) novel++;
  return {
    overlapMissing: words.length ? 1 - found / words.length : 0,
    trigramNovelty: answerTrigrams.length ? novel / answerTrigrams.length : 0,
  };
}

export function featureVector(ev: Evidence, surface: SurfaceOverlap): FeatureVector {
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
    overlapMissing: surface.overlapMissing,
    trigramNovelty: surface.trigramNovelty,
    discountedShare: ev.discountedWeight / Math.max(ev.contentWeight + ev.discountedWeight, 1e-9),
  };
}
