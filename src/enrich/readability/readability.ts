/**
 * Readability formulas with textstat's English definitions and zero guards
 * (textstat 0.7.x backend, checked against its test-suite values).
 */
import { type TextStats, textStats } from './text-stats.ts';

export interface ReadabilityScores {
  flesch_reading_ease: number;
  flesch_kincaid_grade: number;
  smog: number;
  coleman_liau: number;
  ari: number;
  gunning_fog: number;
}

export type ReadabilityFormula = keyof ReadabilityScores;

export const READABILITY_FORMULAS: readonly ReadabilityFormula[] = [
  'flesch_reading_ease',
  'flesch_kincaid_grade',
  'smog',
  'coleman_liau',
  'ari',
  'gunning_fog',
];

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function scoresFromStats(s: TextStats): ReadabilityScores {
  const wordsPerSentence = ratio(s.words, s.sentences);
  const syllablesPerWord = ratio(s.syllables, s.words);
  const flesch = wordsPerSentence === 0 || syllablesPerWord === 0;
  const lettersPer100 = ratio(s.letters, s.words) * 100;
  const sentencesPer100 = ratio(s.sentences, s.words) * 100;
  const charsPerToken = ratio(s.chars, s.rawTokens);
  return {
    flesch_reading_ease: flesch ? 0 : 206.835 - 1.015 * wordsPerSentence - 84.6 * syllablesPerWord,
    flesch_kincaid_grade: flesch ? 0 : 0.39 * wordsPerSentence + 11.8 * syllablesPerWord - 15.59,
    smog: s.sentences === 0 ? 0 : 1.043 * Math.sqrt((30 * s.polysyllables) / s.sentences) + 3.1291,
    coleman_liau: lettersPer100 === 0 || sentencesPer100 === 0 ? 0 : 0.058 * lettersPer100 - 0.296 * sentencesPer100 - 15.8,
    ari: charsPerToken === 0 || wordsPerSentence === 0 ? 0 : 4.71 * charsPerToken + 0.5 * wordsPerSentence - 21.43,
    gunning_fog: s.words === 0 ? 0 : 0.4 * (wordsPerSentence + (100 * s.difficultWords) / s.words),
  };
}

/** The six readability scores of `text` (all 0 for text without words, as in textstat). */
export function readability(text: string): ReadabilityScores {
  return scoresFromStats(textStats(text));
}
