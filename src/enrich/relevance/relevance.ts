/**
 * Probability that an answer addresses its question (not whether it is correct): two models
 * stacked — the quadratic logistic regression over hand-made features (model.ts) and the learned
 * text-pair model (pair-model.ts) — their logits combined by weights fitted on out-of-fold
 * predictions of the training questions (so the combination is calibrated).
 * Cost is linear in the input up to the caps in features.ts (answer read up to 64 KB, 4,096
 * distinct answer words, 64 question words compared by vector; the pair model reads 32 question
 * and 128 answer words), so a 1 MB answer costs the same as a 64 KB one.
 */
import { wordVectors } from '../text/word-vectors.ts';
import { relevanceFeatures } from './features.ts';
import { loadRelevanceModel, relevanceLogit, type RelevanceWeights } from './model.ts';
import { loadPairModel, pairInput, type PairModel, type StackWeights } from './pair-model.ts';

export const RELEVANT_THRESHOLD = 0.5;

let model: { logistic: RelevanceWeights; pair: PairModel; stack: StackWeights } | undefined;

function defaultModel(): NonNullable<typeof model> {
  if (!model) {
    const { model: pair, stack } = loadPairModel(wordVectors());
    model = { logistic: loadRelevanceModel(), pair, stack };
  }
  return model;
}

export function loadRelevanceScorerModel(): void {
  defaultModel();
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
  const z = m.stack.bias + m.stack.logistic * relevanceLogit(m.logistic, f) + m.stack.pair * m.pair.logit(pairInput(question, answer, wordVectors()));
  const score = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  return { score, unmatched: f.unmatched };
}

/** Relevance probability, or null when either side has no words. */
export function relevance(question: string, answer: string): number | null {
  return analyzeRelevance(question, answer)?.score ?? null;
}
