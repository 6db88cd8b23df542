/** The hallucination scorer for the enrich pipeline: answer (output) vs retrieved documents (context). */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { analyseHallucination, explainHallucination } from './hallucination.ts';
import { MODEL } from './weights.ts';

const HALLUCINATED_AT = 0.5;

function scoreOne(input: ScoreInput): ScoreResult[] {
  if (input.outputText === '' || input.contextText.trim() === '') return [];
  const analysis = analyseHallucination(input.inputText, input.contextText, input.outputText);
  if (!analysis) return [];
  return [{
    name: 'hallucination',
    value: analysis.score,
    label: analysis.score >= HALLUCINATED_AT ? 'hallucinated' : 'grounded',
    explanation: explainHallucination(analysis),
    source: MODEL.fitted ? 'model' : 'heuristic',
    column: 'hallucination',
  }];
}

export const hallucinationScorer: Scorer = {
  name: 'hallucination',
  needs: ['output', 'context'],
  score: (batch) => batch.map(scoreOne),
};
