/**
 * Prompt-injection scorer: one result per captured text an attack can arrive in.
 *   prompt_injection.input   — the user/tool input of the call
 *   prompt_injection.context — the context: retrieved documents and tool results (indirect
 *                              injection), but also the application's own system instructions
 * The llm_calls `prompt_injection` column takes the input score, or the context score when that
 * is higher AND names an attack pattern: system instructions read like instructions to the model
 * (the classifier alone gives many of them ~0.5), so the context needs a named pattern (override,
 * persona, extraction, obfuscation, adversarial suffix) to count. Calls with neither text are not scored.
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { INJECTION_THRESHOLD, promptInjection, type InjectionResult } from './prompt-injection.ts';

function result(name: string, r: InjectionResult): ScoreResult {
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
  let column: ScoreResult | undefined;
  if (input.inputText !== '') {
    column = result('prompt_injection.input', promptInjection(input.inputText));
    results.push(column);
  }
  if (input.contextText !== '') {
    const r = promptInjection(input.contextText);
    const context = result('prompt_injection.context', r);
    results.push(context);
    if (r.patterns.length > 0 && (!column || context.value > column.value)) column = context;
  }
  if (column) column.column = 'prompt_injection';
  return results;
}

export const promptInjectionScorer: Scorer = {
  name: 'prompt_injection',
  needs: [],
  score: (batch) => batch.map(scoreOne),
};
