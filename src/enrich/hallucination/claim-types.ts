/** Shared shapes of the claim checks: the answer's content words, the evidence they add up to, findings. */
import type { Span } from './sentences.ts';
import type { TextIndex } from './text-index.ts';
import type { Token } from './tokenize.ts';

export interface Finding {
  start: number;
  end: number;
  reason: string;
  /** Orders findings in explanations (higher first). */
  severity: number;
}

/** Sums over claims, each already multiplied by its claim weight. */
export interface Evidence {
  contentWeight: number;
  /** Content weight left out of contentWeight by the claim weights (questions, remarks about the speaker). */
  discountedWeight: number;
  unsupportedWeight: number;
  questionOnlyWeight: number;
  elsewhereWeight: number;
  numbers: number;
  numbersElsewhere: number;
  names: number;
  namesElsewhere: number;
  negations: number;
  antonyms: number;
  swaps: number;
  /** Unsupported words standing where the aligned sentence has a different word ("yellow and orange"). */
  substitutions: number;
  /** Names on the other side of their nearest shared relation word than in the aligned sentence. */
  misplaced: number;
  findings: Finding[];
}

export interface ClaimWord {
  i: number;
  weight: number;
  numeric: boolean;
  name: boolean;
  /** Context token indices of the matched key ([] when the context lacks it). */
  positions: readonly number[];
  /** The context key it matched (itself, or a fuzzy variant); null when the context lacks it. */
  ctxKey: string | null;
  inQuestion: boolean;
  inAligned: boolean;
  /** Context token index this word is aligned to by the order check (-1 when not kept). */
  alignedAt: number;
}

export function emptyEvidence(): Evidence {
  return {
    contentWeight: 0, discountedWeight: 0, unsupportedWeight: 0, questionOnlyWeight: 0, elsewhereWeight: 0, numbers: 0,
    numbersElsewhere: 0, names: 0, namesElsewhere: 0, negations: 0, antonyms: 0, swaps: 0, substitutions: 0, misplaced: 0, findings: [],
  };
}

export interface AnswerText {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly claims: readonly Span[];
  readonly shouting: boolean;
}

/** The context's own spelling of a token. */
export function sliceOf(context: TextIndex, t: Token): string {
  return context.text.slice(t.start, t.end);
}
