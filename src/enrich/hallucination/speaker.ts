/** Which clauses assert facts: questions and remarks about the speaker count less ("I love it", "I'm not sure"). */
import { FIRST_PERSON, OPENERS, REPORTING } from './lexicon.ts';
import type { Span } from './sentences.ts';
import type { Token } from './tokenize.ts';

/** Questions assert nothing and remarks about the speaker are not checkable against the context. */
const QUESTION_CLAIM_WEIGHT = 0.3;
const PERSONAL_CLAIM_WEIGHT = 0.4;

/** 1 for a factual claim, less for a question or a first-person remark ("I know that X" stays factual). */
export function claimWeight(tokens: readonly Token[], claim: Span): number {
  const last = tokens[claim.end - 1]!;
  if (last.lower === '?') return QUESTION_CLAIM_WEIGHT;
  let i = claim.start;
  while (i < claim.end && (tokens[i]!.kind === 'punct' || OPENERS.has(tokens[i]!.lower))) i++;
  if (i >= claim.end || !FIRST_PERSON.has(tokens[i]!.lower)) return 1;
  const next = tokens[i + 1];
  if (next && next.cap && !next.stop) return 1; // a title or name: "My Morning Jacket", "I Will Always Love You"
  let j = i + 1;
  while (j < claim.end && tokens[j]!.stop) j++; // "i do know", "i have read", "i don't think"
  return j < claim.end && REPORTING.has(tokens[j]!.lower) ? 1 : PERSONAL_CLAIM_WEIGHT;
}

/** A negator right after "I" ("I'm not sure", "I don't know", "I've never") is about the speaker. */
export function aboutSpeaker(tokens: readonly Token[], negator: number): boolean {
  for (let k = negator - 1; k >= 0 && k >= negator - 2; k--) if (FIRST_PERSON.has(tokens[k]!.lower)) return true;
  return false;
}
