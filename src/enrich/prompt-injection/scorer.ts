/**
 * Prompt-injection scorer: one result per captured text an attack can arrive in.
 *   prompt_injection.input   — the user/tool input of the call
 *   prompt_injection.context — the retrieved documents (indirect injection)
 * The llm_calls `prompt_injection` column takes the highest of them.
 * Calls with neither captured are not scored.
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { INJECTION_THRESHOLD, promptInjection } from './prompt-injection.ts';

function result(name: string, text: string): ScoreResult {
  const r = promptInjection(text);
  return {
    name,
    value: r.score,
    label: r.score >= INJECTION_THRESHOLD ? 'injection' : 'ok',
    explanation: r.explanation,
    source: 'model',
  };
}

function scoreOne(input: ScoreInput): ScoreResult[] {
  const results: ScoreResult[] = [];
  if (input.inputText !== '') results.push(result('prompt_injection.input', input.inputText));
  if (input.contextText !== '') results.push(result('prompt_injection.context', input.contextText));
  let top: ScoreResult | undefined;
  for (const r of results) if (!top || r.value > top.value) top = r;
  if (top) top.column = 'prompt_injection';
  return results;
}

export const promptInjectionScorer: Scorer = {
  name: 'prompt_injection',
  needs: [],
  score: (batch) => batch.map(scoreOne),
};
