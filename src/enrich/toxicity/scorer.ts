/**
 * Toxicity scorer: one result per captured side of the call.
 *   toxicity.input  — the prompt, toxicity.output — the response (source 'model').
 * The value is the calibrated P(toxic). The llm_calls `toxicity` column takes the response score when
 * there is a response, else the prompt score, so prompt-only calls (e.g. errors) still get a value.
 * Calls with neither text captured are not scored. The explanation names the words and structure that
 * drove the score, and says when the local model should not be trusted (then: use the LLM judge).
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { TOXIC_THRESHOLD, explainToxicity } from './toxicity.ts';

function result(name: string, text: string, side: string): ScoreResult {
  const { probability, drivers, signals, caveats } = explainToxicity(text);
  const toxic = probability >= TOXIC_THRESHOLD;
  const parts = [`${side} ${toxic ? 'likely' : 'unlikely'} toxic, P(toxic)=${probability.toFixed(3)} (local model, calibrated)`];
  if (drivers.length > 0 && probability >= 0.2) parts.push(`words: ${drivers.map((w) => `"${w}"`).join(', ')}`);
  if (signals.length > 0) parts.push(`seen: ${signals.join('; ')}`);
  if (caveats.length > 0) parts.push(`low confidence: ${caveats.join('; ')} — use the LLM judge (LLMSCOPE_JUDGE_URL) for such text`);
  return { name, value: probability, label: toxic ? 'toxic' : 'ok', explanation: parts.join('; '), source: 'model' };
}

function scoreOne(input: ScoreInput): ScoreResult[] {
  const results: ScoreResult[] = [];
  if (input.inputText !== '') results.push(result('toxicity.input', input.inputText, 'prompt'));
  if (input.outputText !== '') results.push(result('toxicity.output', input.outputText, 'response'));
  const columnHolder = results.at(-1);
  if (columnHolder) columnHolder.column = 'toxicity';
  return results;
}

export const toxicityScorer: Scorer = {
  name: 'toxicity',
  needs: [],
  score: (batch) => batch.map(scoreOne),
};
