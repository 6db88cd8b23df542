export { readability, READABILITY_FORMULAS, type ReadabilityScores, type ReadabilityFormula } from './readability.ts';
export { readabilityScorer } from './scorer.ts';
export { textStats, type TextStats } from './text-stats.ts';
export { countWordSyllables } from './syllables.ts';
