/** Polarity checks against the aligned context sentence: negation parity and antonyms. */
import { ANTONYMS } from './antonyms.ts';
import { sliceOf, type AnswerText, type ClaimWord, type Evidence } from './claim-types.ts';
import { contextSays, negationMissing, REASONS } from './reasons.ts';
import type { Span } from './sentences.ts';
import { aboutSpeaker } from './speaker.ts';
import { positionsInSentence, type TextIndex } from './text-index.ts';
import type { Token } from './tokenize.ts';

const NEGATION_WINDOW = 4;

/** Index of a negator governing tokens[i] (a few tokens back, same clause), or -1. */
function negatorBefore(tokens: readonly Token[], i: number, lowest: number): number {
  for (let k = i - 1; k >= lowest && k >= i - NEGATION_WINDOW; k--) {
    const t = tokens[k]!;
    if (t.neg) return aboutSpeaker(tokens, k) ? -1 : k;
    if (t.kind === 'punct' && t.lower !== '-' && t.lower !== "'") return -1;
  }
  return -1;
}


export function checkNegation(
  answer: AnswerText, claim: Span, words: readonly ClaimWord[], context: TextIndex, sentence: Span,
  aligned: number, ev: Evidence, cw: number,
): void {
  const { tokens, text } = answer;
  const flagged = new Set<string>();
  const governedClaimNegators = new Set<number>();
  for (const w of words) {
    if (!w.inAligned) continue;
    const claimNeg = negatorBefore(tokens, w.i, claim.start);
    if (claimNeg >= 0) governedClaimNegators.add(claimNeg);
    const p = positionsInSentence(context, w.positions, aligned)[0]!;
    const contextNeg = negatorBefore(context.tokens, p, sentence.start);
    if ((claimNeg >= 0) === (contextNeg >= 0)) continue;
    const id = claimNeg >= 0 ? `a${claimNeg}` : `c${contextNeg}`;
    if (flagged.has(id)) continue;
    flagged.add(id);
    ev.negations += cw;
    const at = claimNeg >= 0 ? tokens[claimNeg]! : tokens[w.i]!;
    const reason = claimNeg >= 0 ? REASONS.negatedHere : contextSays(`${context.tokens[contextNeg]!.lower} ${context.tokens[p]!.lower}`);
    ev.findings.push({ start: at.start, end: claimNeg >= 0 ? tokens[w.i]!.end : at.end, reason, severity: 2.8 * cw });
  }
  // A negator whose words the aligned sentence lacks, when that sentence negates nothing.
  let contextNegates = false;
  for (let k = sentence.start; k < sentence.end; k++) if (context.tokens[k]!.neg) contextNegates = true;
  if (contextNegates) return;
  for (let k = claim.start; k < claim.end; k++) {
    const t = tokens[k]!;
    if (!t.neg || governedClaimNegators.has(k) || aboutSpeaker(tokens, k)) continue;
    ev.negations += 0.5 * cw;
    ev.findings.push({ start: t.start, end: t.end, reason: negationMissing(text.slice(t.start, t.end)), severity: 1.5 * cw });
  }
}

/**
 * Antonyms, counted over the answer clauses aligned to a context sentence and that sentence: a word the claim uses more often
 * than the context while the context uses its opposite more often ("north" for "south", also when both
 * directions occur in the sentence).
 */
export function checkAntonyms(answer: AnswerText, spans: readonly Span[], weightOf: (i: number) => number, context: TextIndex, sentence: Span, ev: Evidence): void {
  const { tokens } = answer;
  let claimCounts: Map<string, number> | null = null;
  let ctxCounts: Map<string, number> | null = null;
  let ctxFirst: Map<string, Token> | null = null;
  const done = new Set<string>();
  for (const span of spans) for (let i = span.start; i < span.end; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' || done.has(t.stem)) continue;
    const opposites = ANTONYMS.get(t.stem);
    if (!opposites) continue;
    done.add(t.stem);
    if (!claimCounts || !ctxCounts || !ctxFirst) {
      claimCounts = new Map();
      for (const sp of spans) for (let k = sp.start; k < sp.end; k++) claimCounts.set(tokens[k]!.stem, (claimCounts.get(tokens[k]!.stem) ?? 0) + 1);
      ctxCounts = new Map();
      ctxFirst = new Map();
      for (let k = sentence.start; k < sentence.end; k++) {
        const c = context.tokens[k]!;
        if (c.cap && k > sentence.start) continue; // "New York" is not the opposite of "old"
        ctxCounts.set(c.stem, (ctxCounts.get(c.stem) ?? 0) + 1);
        if (!ctxFirst.has(c.stem)) ctxFirst.set(c.stem, c);
      }
    }
    if ((claimCounts.get(t.stem) ?? 0) <= (ctxCounts.get(t.stem) ?? 0)) continue;
    for (const o of opposites) {
      if ((ctxCounts.get(o) ?? 0) <= (claimCounts.get(o) ?? 0)) continue;
      const cw = weightOf(i);
      ev.antonyms += cw;
      ev.findings.push({ start: t.start, end: t.end, reason: contextSays(sliceOf(context, ctxFirst.get(o)!)), severity: 2.8 * cw });
      break;
    }
  }
}
