/** Sentence alignment: which context sentence best supports a set of words (rarity-weighted overlap). */
import type { ClaimWord } from './claim-types.ts';
import { rarity } from './rarity.ts';
import type { TextIndex } from './text-index.ts';
import type { Token } from './tokenize.ts';

export /** Per context sentence: summed weight of the distinct content keys of tokens[from, to) found in it. */
function alignmentScores(tokens: readonly Token[], from: number, to: number, context: TextIndex): Float64Array {
  const scores = new Float64Array(context.sentences.length);
  const seen = new Set<string>();
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' || t.stop || t.neg || seen.has(t.key)) continue;
    seen.add(t.key);
    addScores(scores, context, context.positions.get(t.key), t.kind === 'word' ? rarity(t.key) : 1);
  }
  return scores;
}

function addScores(scores: Float64Array, context: TextIndex, positions: readonly number[] | undefined, weight: number): void {
  if (!positions) return;
  let last = -1;
  for (const p of positions) {
    const s = context.sentenceOf[p]!;
    if (s === last) continue; // positions are in text order, so repeats within a sentence are adjacent
    last = s;
    scores[s] = scores[s]! + weight;
  }
}

export /** Per context sentence: the words' summed weight, plus `priorWeight` × `prior` (null: no prior). */
function score(words: readonly ClaimWord[], context: TextIndex, scores: Float64Array, prior: Float64Array | null, priorWeight: number): void {
  scores.fill(0);
  if (prior) for (let s = 0; s < scores.length; s++) scores[s] = priorWeight * prior[s]!;
  // A word repeated in the claim adds its weight once per use, but its positions are walked once.
  const byPositions = new Map<readonly number[], number>();
  for (const w of words) byPositions.set(w.positions, (byPositions.get(w.positions) ?? 0) + w.weight);
  for (const [positions, weight] of byPositions) addScores(scores, context, positions, weight);
}

export /** Index of the highest positive score, or -1. */
function best(scores: Float64Array): number {
  let at = -1;
  let top = 0;
  for (let s = 0; s < scores.length; s++) {
    if (scores[s]! > top) {
      top = scores[s]!;
      at = s;
    }
  }
  return at;
}
