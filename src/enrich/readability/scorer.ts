/**
 * Readability scorer for the response text: one result per formula (source 'heuristic');
 * flesch_reading_ease also fills the llm_calls `readability` column. A response without a
 * single word is not scored (textstat's zeros would be made-up values).
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { READABILITY_FORMULAS, type ReadabilityFormula, scoresFromStats } from './readability.ts';
import { textStats } from './text-stats.ts';

/** Flesch's bands for reading ease. */
function easeLabel(score: number): string {
  if (score >= 90) return 'very easy';
  if (score >= 80) return 'easy';
  if (score >= 70) return 'fairly easy';
  if (score >= 60) return 'standard';
  if (score >= 50) return 'fairly difficult';
  if (score >= 30) return 'difficult';
  return 'very confusing';
}

const EXPLANATIONS: Record<ReadabilityFormula, string> = {
  flesch_reading_ease: 'Flesch reading ease (0-100, higher is easier)',
  flesch_kincaid_grade: 'Flesch-Kincaid US grade level',
  smog: 'SMOG grade (polysyllables per sentence)',
  coleman_liau: 'Coleman-Liau grade (letters and sentences per 100 words)',
  ari: 'Automated Readability Index grade (characters per word)',
  gunning_fog: 'Gunning fog grade (sentence length and complex words)',
};

function scoreOne(input: ScoreInput): ScoreResult[] {
  if (input.outputText === '') return [];
  const stats = textStats(input.outputText);
  if (stats.words === 0) return [];
  const scores = scoresFromStats(stats);
  return READABILITY_FORMULAS.map((name) => {
    const value = scores[name];
    const result: ScoreResult = {
      name,
      value,
      label: name === 'flesch_reading_ease' ? easeLabel(value) : `grade ${Math.max(0, Math.round(value))}`,
      explanation: `${EXPLANATIONS[name]}; ${stats.words} words, ${stats.sentences} sentences`,
      source: 'heuristic',
    };
    if (name === 'flesch_reading_ease') result.column = 'readability';
    return result;
  });
}

export const readabilityScorer: Scorer = {
  name: 'readability',
  needs: ['output'],
  score: (batch) => batch.map(scoreOne),
};
