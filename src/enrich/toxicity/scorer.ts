/**
 * Toxicity scorer: one result per captured side of the call.
 *   toxicity.input  — the prompt, toxicity.output — the response (source 'model').
 * The llm_calls `toxicity` column takes the response score when there is a response,
 * else the prompt score, so prompt-only calls (e.g. errors) still get a value.
 * Calls with neither text captured are not scored.
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { TOXIC_THRESHOLD, toxicity } from './toxicity.ts';

function result(name: string, value: number, side: string): ScoreResult {
  const toxic = value >= TOXIC_THRESHOLD;
  return {
    name,
    value,
    label: toxic ? 'toxic' : 'ok',
    explanation: `local classifier (Davidson-trained logistic regression): ${side} ${toxic ? 'likely' : 'unlikely'} toxic, p=${value.toFixed(3)}`,
    source: 'model',
  };
}

function scoreOne(input: ScoreInput): ScoreResult[] {
  const results: ScoreResult[] = [];
  if (input.inputText !== '') results.push(result('toxicity.input', toxicity(input.inputText), 'prompt'));
  if (input.outputText !== '') results.push(result('toxicity.output', toxicity(input.outputText), 'response'));
  const columnHolder = results.at(-1);
  if (columnHolder) columnHolder.column = 'toxicity';
  return results;
}

export const toxicityScorer: Scorer = {
  name: 'toxicity',
  needs: [],
  score: (batch) => batch.map(scoreOne),
};
