export { hallucination, analyseHallucination, explainHallucination } from './hallucination.ts';
export type { HallucinationResult, HallucinationAnalysis, UnsupportedSpan } from './hallucination.ts';
export { hallucinationScorer } from './scorer.ts';
