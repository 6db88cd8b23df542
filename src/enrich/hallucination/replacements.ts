/** Replacements rather than additions: a word in another word's slot, a name or number used more often than in the context. */
import { sliceOf, type AnswerText, type ClaimWord, type Evidence } from './claim-types.ts';
import { contextSays, REASONS } from './reasons.ts';
import type { Span } from './sentences.ts';
import { positionsInSentence, type TextIndex } from './text-index.ts';

const SLOT_REACH = 3;

/**
 * Replacements rather than additions: a word the context lacks, or a name the aligned sentence has elsewhere,
 * standing next to an aligned word whose neighbour at the same offset in the context is a different word
 * the claim does not use ("yellow and orange" for "yellow and blue"; "reading Jane Pratt" for "reading Sassy").
 */
export function checkSubstitutions(answer: AnswerText, words: readonly ClaimWord[], context: TextIndex, sentence: Span, ev: Evidence, cw: number): void {
  const { tokens } = answer;
  let claimKeys: Set<string> | null = null;
  for (let k = 0; k < words.length; k++) {
    const u = words[k]!;
    const invented = !u.numeric && u.positions.length === 0 && !u.inQuestion && !tokens[u.i]!.filler;
    const movedName = u.name && u.inAligned;
    if (!invented && !movedName) continue;
    claimKeys ??= new Set(words.map((w) => w.ctxKey ?? tokens[w.i]!.key));
    for (const neighbour of [words[k - 1], words[k + 1]]) {
      if (!neighbour || neighbour.alignedAt < 0 || Math.abs(neighbour.i - u.i) > SLOT_REACH) continue;
      if (movedName && (neighbour.name || neighbour.numeric)) continue; // the anchor must be a relation word
      const slot = neighbour.alignedAt + (u.i - neighbour.i);
      if (slot < sentence.start || slot >= sentence.end) continue;
      const there = context.tokens[slot]!;
      if (there.kind === 'punct' || there.stop || there.neg || claimKeys.has(there.key)) continue;
      if (movedName && !context.names.has(there.key)) continue;
      ev.substitutions += cw;
      if (movedName) {
        const t = tokens[u.i]!;
        ev.findings.push({ start: t.start, end: t.end, reason: contextSays(sliceOf(context, there)), severity: 2 * cw });
      }
      break;
    }
  }
}

/** Names and numbers the claim uses more often than the aligned sentence ("from 1983 to 1983"). */
export function checkRepeats(answer: AnswerText, words: readonly ClaimWord[], weightOf: (i: number) => number, context: TextIndex, aligned: number, ev: Evidence): void {
  const counts = new Map<string, ClaimWord[]>();
  for (const w of words) {
    if (!w.inAligned || !(w.name || w.numeric)) continue;
    const list = counts.get(w.ctxKey!);
    if (list) list.push(w);
    else counts.set(w.ctxKey!, [w]);
  }
  for (const [key, uses] of counts) {
    if (uses.length < 2) continue;
    const inSentence = positionsInSentence(context, context.positions.get(key)!, aligned).length;
    for (const extra of uses.slice(inSentence)) {
      const cw = weightOf(extra.i);
      const t = answer.tokens[extra.i]!;
      if (extra.numeric) ev.numbersElsewhere += cw;
      else ev.namesElsewhere += cw;
      ev.findings.push({ start: t.start, end: t.end, reason: REASONS.repeated, severity: 1.5 * cw });
    }
  }
}

