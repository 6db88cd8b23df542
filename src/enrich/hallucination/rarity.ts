/**
 * How informative a word is, 0.05 (very common) to 1 (not among the common words): a mention of a rare word
 * the context lacks is strong evidence of invented content; a common one is weak.
 */
import { COMMON_WORDS_BY_FREQUENCY } from './common-words.ts';
import { lightStem } from './stem.ts';

const RANK_OF_STEM: ReadonlyMap<string, number> = (() => {
  const ranks = new Map<string, number>();
  COMMON_WORDS_BY_FREQUENCY.forEach((word, rank) => {
    const stem = lightStem(word);
    if (!ranks.has(stem)) ranks.set(stem, rank);
  });
  return ranks;
})();

const LOG_VOCABULARY = Math.log(1 + COMMON_WORDS_BY_FREQUENCY.length);

/** Rarity of a stem in [0.05, 1]; Zipf's law makes log-rank a stand-in for inverse document frequency. */
export function rarity(stem: string): number {
  const rank = RANK_OF_STEM.get(stem);
  if (rank === undefined) return 1;
  const scaled = Math.log(1 + rank) / LOG_VOCABULARY;
  return Math.max(0.05, scaled * scaled);
}

/** Whether a stem is among the common words (so a capital letter at sentence start says little). */
export function isCommonWord(stem: string): boolean {
  return RANK_OF_STEM.has(stem);
}
