/**
 * Probability that an answer addresses its question (not whether it is correct).
 * Cost is linear in the input up to the caps in features.ts (answer read up to 64 KB, 4,096
 * distinct answer words, 64 question words compared by vector), so a 1 MB answer costs the same
 * as a 64 KB one.
 */
import { wordVectors } from '../text/word-vectors.ts';
import { relevanceFeatures } from './features.ts';
import { loadRelevanceModel, relevanceLogit, type RelevanceWeights } from './model.ts';

export const RELEVANT_THRESHOLD = 0.5;

let model: RelevanceWeights | undefined;

function defaultModel(): RelevanceWeights {
  model ??= loadRelevanceModel();
  return model;
}

export function loadRelevanceScorerModel(): void {
  defaultModel();
  wordVectors();
}

export interface RelevanceResult {
  score: number;
  /** Question words the answer neither contains nor comes close to (by word vector). */
  unmatched: string[];
}

export function analyzeRelevance(question: string, answer: string): RelevanceResult | null {
  if (!/[\p{L}\p{N}]/u.test(question) || !/[\p{L}\p{N}]/u.test(answer)) return null;
  const m = defaultModel();
  const f = relevanceFeatures(question, answer);
  const z = relevanceLogit(m, f);
  const score = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  return { score, unmatched: f.unmatched };
}

/** Relevance probability, or null when either side has no words. */
export function relevance(question: string, answer: string): number | null {
  return analyzeRelevance(question, answer)?.score ?? null;
}
