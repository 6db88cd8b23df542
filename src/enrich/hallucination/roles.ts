/** Role check: names or numbers that swapped places around a relation word ("Smith beat Jones" / "Jones beat Smith"). */
import type { ClaimWord } from './claim-types.ts';
import { lookup } from './numbers.ts';
import type { Span } from './sentences.ts';
import { lowerBound, occursInSentence, positionsInSentence, type TextIndex } from './text-index.ts';
import type { Token } from './tokenize.ts';

/** In the order check, relation words (verbs, nouns) outweigh names so that the kept order is the relation's. */
const ORDER_NAME_WEIGHT = 0.2;

/**
 * Role check. The heaviest in-order common subsequence of the claim's and the aligned sentence's words (plus
 * copulas) fixes the shared skeleton of relation words, which outweigh names so that it follows the relation.
 * Two names (or numbers) in the opposite order to the context, with one kept relation word between them in
 * both texts, have swapped roles ("Smith beat Jones" / "Jones beat Smith"; "A is a B" / "B is an A" counts half,
 * as copular sentences are also reversed legitimately). One name moved to the front ("Since 1978, ...") or
 * phrases reordered without a verb between them ("in 1960 in Liverpool") are not role swaps.
 */
interface OrderItem {
  /** Claim token index, or context token index. */
  at: number;
  key: string;
  relation: boolean;
  copula: boolean;
  word: ClaimWord | null;
}

/** Function words that can carry a relation between two names: copulas, and prepositions ("A in B" / "B in A"). */
const COPULA_KEYS: ReadonlyMap<string, string> = lookup({
  is: 'be', was: 'be', are: 'be', were: 'be', be: 'be', been: 'be', has: 'have', have: 'have', had: 'have',
  in: 'in', of: 'of', from: 'from', by: 'by', at: 'at', to: 'to', for: 'for', with: 'with', on: 'on',
});
const PREPOSITIONS = new Set(['in', 'of', 'from', 'by', 'at', 'to', 'for', 'with', 'on']);
const COPULA_CROSSING = 0.5;
/** Two numbers swap roles without a relation word between them only when at most this many tokens apart. */
const NUMBER_PAIR_REACH = 4;

export function findRoleSwaps(answerTokens: readonly Token[], words: readonly ClaimWord[], spans: readonly Span[], context: TextIndex, aligned: number, misplaced: Array<{ run: EntityRun; strength: number }> = []): RoleSwap[] {
  if (words.length < 2) return [];
  const claim: OrderItem[] = [];
  let w = 0;
  for (const span of spans) for (let i = span.start; i < span.end; i++) {
    const word = words[w];
    if (word && word.i === i) {
      w++;
      if (occursInSentence(context, word.positions, aligned)) {
        claim.push({ at: i, key: word.ctxKey!, relation: !word.numeric && !word.name, copula: false, word });
      }
      continue;
    }
    const copula = COPULA_KEYS.get(answerTokens[i]!.lower);
    if (copula) claim.push({ at: i, key: copula, relation: true, copula: true, word: null });
  }
  const sentence = context.sentences[aligned]!;
  const ctx: Array<{ at: number; t: Token; copula: string | undefined }> = [];
  for (let k = sentence.start; k < sentence.end; k++) {
    const t = context.tokens[k]!;
    const copula = COPULA_KEYS.get(t.lower);
    if (copula || (t.kind !== 'punct' && !t.stop && !t.neg)) ctx.push({ at: k, t, copula });
  }
  const m = claim.length;
  const n = ctx.length;
  const matches = (i: number, j: number): boolean => {
    const c = ctx[j]!;
    const item = claim[i]!;
    if (item.copula || c.copula) return item.copula && item.key === c.copula;
    return c.t.key === item.key || (c.t.altKeys !== null && c.t.altKeys.includes(item.key));
  };
  const gain = (item: OrderItem): number => (item.relation ? 1 : ORDER_NAME_WEIGHT);
  const dp = new Float64Array((m + 1) * (n + 1));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const diagonal = matches(i - 1, j - 1) ? dp[(i - 1) * (n + 1) + j - 1]! + gain(claim[i - 1]!) : 0;
      dp[i * (n + 1) + j] = Math.max(dp[(i - 1) * (n + 1) + j]!, dp[i * (n + 1) + j - 1]!, diagonal);
    }
  }
  const keptAt = new Int32Array(m).fill(-1); // context token index of each kept claim item
  for (let i = m, j = n; i > 0 && j > 0; ) {
    const here = dp[i * (n + 1) + j]!;
    if (matches(i - 1, j - 1) && here === dp[(i - 1) * (n + 1) + j - 1]! + gain(claim[i - 1]!)) {
      keptAt[i - 1] = ctx[j - 1]!.at;
      i--;
      j--;
    } else if (here === dp[(i - 1) * (n + 1) + j]!) i--;
    else j--;
  }
  for (let d = 0; d < m; d++) if (claim[d]!.word) claim[d]!.word!.alignedAt = keptAt[d]!;
  // Names and numbers, joined into runs ("Kelli Ward"), each with its places in the aligned sentence.
  const runs: EntityRun[] = [];
  for (const item of claim) {
    if (item.relation || !item.word) continue;
    const previous = runs[runs.length - 1];
    if (previous && previous.numeric === item.word.numeric && adjacent(answerTokens, previous.last, item.at)) {
      // Keep the places where the run continues with this word too: "New Paltz", not "New York".
      const reach = item.at - previous.first + 2;
      const next = item.word.positions;
      previous.places = previous.places.filter((p) => {
        const at = lowerBound(next, p + 1);
        return at < next.length && next[at]! <= p + reach;
      });
      previous.last = item.at;
      continue;
    }
    const places = [...positionsInSentence(context, item.word.positions, aligned)];
    runs.push({ first: item.at, last: item.at, places, numeric: item.word.numeric });
  }
  // Every comparison below needs only where each run starts and ends in the aligned sentence.
  const lowest = runs.map((r) => Math.min(...r.places));
  const highest = runs.map((r) => Math.max(...r.places));
  const pivots: Array<{ at: number; ctx: number; copula: boolean; preposition: boolean }> = [];
  claim.forEach((item, d) => {
    if (item.relation && keptAt[d]! >= 0) pivots.push({ at: item.at, ctx: keptAt[d]!, copula: item.copula, preposition: PREPOSITIONS.has(item.key) });
  });
  // A name on the other side of its nearest kept relation word than in the context ("Chicago is a filmmaker"
  // where the context has "Jost is a filmmaker ... Chicago"): attached to a different head.
  runs.forEach((run, r) => {
    if (run.numeric || run.places.length === 0) return;
    let left: (typeof pivots)[number] | undefined;
    let right: (typeof pivots)[number] | undefined;
    for (const pivot of pivots) {
      if (pivot.at < run.first) left = pivot;
      else if (pivot.at > run.last && !right) right = pivot;
    }
    let wrong = 0;
    if (left && highest[r]! < left.ctx) wrong++;
    if (right && lowest[r]! > right.ctx) wrong++;
    if (wrong > 0) misplaced.push({ run, strength: wrong / 2 });
  });
  const swaps: RoleSwap[] = [];
  for (let x = 0; x < runs.length; x++) {
    for (let y = x + 1; y < runs.length; y++) {
      const a = runs[x]!;
      const b = runs[y]!;
      // Every place the context has them must be in the other order ...
      if (a.places.length === 0 || b.places.length === 0 || !(lowest[x]! > highest[y]!)) continue;
      // "75% and 25%" for "25% and 75%": two numbers close together in both texts, in the other order. (Far
      // apart they are reordered phrases: "two teams on November 6, 1869" / "on November 6, 1869, two teams".)
      let strength = a.numeric && b.numeric && b.first - a.last <= NUMBER_PAIR_REACH && lowest[x]! - highest[y]! <= NUMBER_PAIR_REACH ? 1 : 0;
      // ... with a relation word between them in both texts ("A beat B" / "B beat A").
      for (const pivot of pivots) {
        if (pivot.at <= a.last || pivot.at >= b.first) continue;
        if (!(highest[y]! < pivot.ctx && pivot.ctx < lowest[x]!)) continue;
        if (passiveNear(answerTokens, pivot.at) !== passiveNear(context.tokens, pivot.ctx)) continue;
        // A preposition between a name and a number is a reordered phrase ("in 1960 in Liverpool").
        if (pivot.preposition && (a.numeric || b.numeric)) continue;
        strength = Math.max(strength, pivot.copula ? COPULA_CROSSING : 1);
      }
      if (strength > 0) swaps.push({ a, b, strength });
    }
  }
  return swaps;
}

export interface EntityRun {
  /** First and last claim token index. */
  first: number;
  last: number;
  /** Context token indices of the run's first word in the aligned sentence. */
  places: number[];
  numeric: boolean;
}

export interface RoleSwap {
  a: EntityRun;
  b: EntityRun;
  /** 1, or COPULA_CROSSING when only a copula or preposition separates them. */
  strength: number;
}

/** Tokens i < j belong to one name: next to each other, or joined by "-" or "." ("J. K. Rowling"). */
function adjacent(tokens: readonly Token[], i: number, j: number): boolean {
  if (j === i + 1) return true;
  return j === i + 2 && (tokens[i + 1]!.lower === '-' || tokens[i + 1]!.lower === '.' || tokens[i + 1]!.lower === '&');
}

/** "by" right after a word: the passive voice, which legitimately reverses the order of the roles. */
function passiveNear(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; k <= i + 2 && k < tokens.length; k++) if (tokens[k]!.lower === 'by') return true;
  return false;
}

