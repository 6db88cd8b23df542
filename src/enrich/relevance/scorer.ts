/**
 * Relevance scorer: does the response address the prompt? One result, `relevance`
 * (llm_calls column `relevance`); calls without both a prompt and a response are not scored.
 * The prompt is the question; for chat calls it is the captured input text as a whole.
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { analyzeRelevance, RELEVANT_THRESHOLD } from './relevance.ts';

function scoreOne(input: ScoreInput): ScoreResult[] {
  const r = analyzeRelevance(input.inputText, input.outputText);
  if (r === null) return [];
  const relevant = r.score >= RELEVANT_THRESHOLD;
  const missing = r.unmatched.slice(0, 5);
  return [
    {
      name: 'relevance',
      value: r.score,
      label: relevant ? 'relevant' : 'off_topic',
      explanation:
        `local model (word overlap, word vectors, answer type): answer ${relevant ? 'likely addresses' : 'likely does not address'} the question, p=${r.score.toFixed(3)}` +
        (missing.length ? `; question words not covered: ${missing.join(', ')}` : ''),
      source: 'model',
      column: 'relevance',
    },
  ];
}

export const relevanceScorer: Scorer = {
  name: 'relevance',
  needs: ['input', 'output'],
  score: (batch) => batch.map(scoreOne),
};
