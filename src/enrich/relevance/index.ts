export { relevance, analyzeRelevance, loadRelevanceScorerModel, RELEVANT_THRESHOLD } from './relevance.ts';
export type { RelevanceResult } from './relevance.ts';
export { relevanceScorer } from './scorer.ts';
export { ANSWER_CAP, QUESTION_CAP, MAX_ANSWER_TYPES } from './features.ts';
