/** Reasons attached to unsupported spans, and how much each matters when space for an explanation is short. */

export const REASONS = {
  numberMissing: 'number not in context',
  dateMissing: 'date not in context',
  nameMissing: 'name not in context',
  wordMissing: 'not in context',
  numberElsewhere: 'number from another part of the context',
  nameElsewhere: 'name from another part of the context',
  roleSwap: 'in a different role than in the context',
  negatedHere: 'negated, context is not',
  repeated: 'more often than in the context',
} as const;

export const contextSays = (quoted: string): string => `context says "${quoted}"`;
export const negationMissing = (quoted: string): string => `negation "${quoted}" not in context`;

/** Higher = stronger evidence of invented or contradicted content. */
export function reasonPriority(reason: string): number {
  if (reason === REASONS.numberMissing || reason === REASONS.dateMissing) return 6;
  if (reason === REASONS.nameMissing) return 5;
  if (reason.startsWith('context says') || reason === REASONS.negatedHere) return 4;
  if (reason === REASONS.roleSwap) return 3.5;
  if (reason.startsWith('negation')) return 3;
  if (reason === REASONS.numberElsewhere || reason === REASONS.nameElsewhere || reason === REASONS.repeated) return 2;
  return 1;
}
