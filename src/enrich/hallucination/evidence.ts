/**
 * Claim-level checks. Each claim of the answer is aligned to its best-supporting context sentence; then
 * its words, numbers and names are looked up (aligned sentence, rest of context, question), and negation,
 * antonyms and role order are compared with the aligned sentence.
 */
import { ANTONYMS } from './antonyms.ts';
import { FIRST_PERSON, OPENERS, REPORTING } from './lexicon.ts';
import { rarity } from './rarity.ts';
import { lightStem } from './stem.ts';
import { SYNONYMS } from './synonyms.ts';
import { splitSentences, type Span } from './sentences.ts';
import { fuzzyKey, looksLikeName, type TextIndex } from './text-index.ts';
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
  findings: Finding[];
}

/** Questions assert nothing and remarks about the speaker are not checkable against the context. */
const QUESTION_CLAIM_WEIGHT = 0.3;
const PERSONAL_CLAIM_WEIGHT = 0.4;
const FILLER_WEIGHT = 0.2;
const NEGATION_WINDOW = 4;

interface ClaimWord {
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
  /** 1 (or 0.5 across a copula only) when a name or number changed sides of a relation word vs the context. */
  roleSwap: number;
  /** Context token index this word is aligned to by the order check (-1 when not kept). */
  alignedAt: number;
}

export function emptyEvidence(): Evidence {
  return {
    contentWeight: 0, unsupportedWeight: 0, questionOnlyWeight: 0, elsewhereWeight: 0, numbers: 0,
    numbersElsewhere: 0, names: 0, namesElsewhere: 0, negations: 0, antonyms: 0, swaps: 0, substitutions: 0, findings: [],
  };
}

function claimWeight(tokens: readonly Token[], claim: Span): number {
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
function aboutSpeaker(tokens: readonly Token[], negator: number): boolean {
  for (let k = negator - 1; k >= 0 && k >= negator - 2; k--) if (FIRST_PERSON.has(tokens[k]!.lower)) return true;
  return false;
}

/** Index of a negator governing tokens[i] (a few tokens back, same clause), or -1. */
function negatorBefore(tokens: readonly Token[], i: number, lowest: number): number {
  for (let k = i - 1; k >= lowest && k >= i - NEGATION_WINDOW; k--) {
    const t = tokens[k]!;
    if (t.neg) return aboutSpeaker(tokens, k) ? -1 : k;
    if (t.kind === 'punct' && t.lower !== '-' && t.lower !== "'") return -1;
  }
  return -1;
}

function positionsIn(positions: readonly number[], index: TextIndex, sentence: number): number[] {
  return positions.filter((p) => index.sentenceOf[p] === sentence);
}

function quote(text: string, t: Token): string {
  return text.slice(t.start, t.end);
}

export interface AnswerText {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly claims: readonly Span[];
  readonly shouting: boolean;
}

/**
 * An answer this short is a fragment ("Delhi"): the question's words then help choose between context
 * sentences that hold the fragment equally well (a small weight: the answer may sit in another sentence).
 */
const FRAGMENT_MAX_WORDS = 5;
const FRAGMENT_QUESTION_WEIGHT = 0.25;

export function collectEvidence(answer: AnswerText, context: TextIndex, contextText: string, question: TextIndex | null): Evidence {
  const ev = emptyEvidence();
  const words = lookUpWords(answer, context, question);
  const sentences = splitSentences(answer.tokens);
  const sentenceScore = new Float64Array(context.sentences.length);
  const fragment = question !== null && sentences.length <= 1 && words.length <= FRAGMENT_MAX_WORDS;
  const questionScore = fragment ? alignmentScores(question.tokens, 0, question.tokens.length, context) : null;
  let claim = 0;
  for (const sentence of sentences) {
    const inSentence = words.filter((w) => w.i >= sentence.start && w.i < sentence.end);
    const aligned = align(inSentence, context, sentenceScore, questionScore);
    if (aligned >= 0) {
      const weightOf = (i: number): number => claimWeight(answer.tokens, answer.claims.find((c) => i >= c.start && i < c.end) ?? sentence);
      checkAntonyms(answer, sentence, weightOf, context, contextText, context.sentences[aligned]!, ev);
    }
    if (aligned >= 0) markRoleSwaps(answer.tokens, inSentence, sentence.start, sentence.end, context, aligned);
    for (; claim < answer.claims.length && answer.claims[claim]!.start < sentence.end; claim++) {
      const span = answer.claims[claim]!;
      checkClaim(answer, span, inSentence.filter((w) => w.i >= span.start && w.i < span.end), aligned, context, contextText, ev);
    }
  }
  return ev;
}

/** Content words of the answer with where the context (and question) has them. */
function lookUpWords(answer: AnswerText, context: TextIndex, question: TextIndex | null): ClaimWord[] {
  const { tokens } = answer;
  const words: ClaimWord[] = [];
  let sentenceStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const startsSentence = sentenceStart;
    sentenceStart = t.kind === 'punct' && (t.lower === '.' || t.lower === '!' || t.lower === '?');
    if (t.kind === 'punct' || t.stop || t.neg) continue;
    const numeric = t.kind !== 'word';
    const weight = numeric ? 1 : rarity(t.key) * (t.filler ? FILLER_WEIGHT : 1);
    let ctxKey: string | null = context.positions.has(t.key) ? t.key : null;
    if (ctxKey === null && !numeric) ctxKey = fuzzyKey(context, t.key) ?? compoundKey(tokens, i, context) ?? synonymKey(t.key, context);
    const positions = ctxKey === null ? [] : context.positions.get(ctxKey)!;
    const inQuestion = question !== null && (question.positions.has(t.key) || (!numeric && fuzzyKey(question, t.key) !== null));
    const name = !numeric && (looksLikeName(tokens, i, startsSentence || i === 0, answer.shouting) || context.names.has(t.key));
    words.push({ i, weight, numeric, name, positions, ctxKey, inQuestion, inAligned: false, roleSwap: 0, alignedAt: -1 });
  }
  return words;
}

function synonymKey(key: string, context: TextIndex): string | null {
  const synonyms = SYNONYMS.get(key);
  if (synonyms) for (const s of synonyms) if (context.positions.has(s)) return s;
  return null;
}

/** "high ball" vs "highball": the word joined with its neighbour, when the context has that. */
function compoundKey(tokens: readonly Token[], i: number, context: TextIndex): string | null {
  for (const [a, b] of [[i, i + 1], [i - 1, i]] as const) {
    const x = tokens[a];
    const y = tokens[b];
    if (!x || !y || x.kind !== 'word' || y.kind !== 'word' || y.start - x.end > 1) continue;
    const key = lightStem(x.lower + y.lower);
    if (context.positions.has(key)) return key;
  }
  return null;
}

/** Per context sentence: summed weight of the distinct content keys of tokens[from, to) found in it. */
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

/** Best-supporting context sentence for these words (-1 when none shares a word). */
function align(words: readonly ClaimWord[], context: TextIndex, scores: Float64Array, extra: Float64Array | null): number {
  scores.fill(0);
  if (extra) for (let s = 0; s < scores.length; s++) scores[s] = FRAGMENT_QUESTION_WEIGHT * extra[s]!;
  for (const w of words) addScores(scores, context, w.positions, w.weight);
  let aligned = -1;
  let best = 0;
  for (let s = 0; s < scores.length; s++) {
    if (scores[s]! > best) {
      best = scores[s]!;
      aligned = s;
    }
  }
  return aligned;
}

/** In the order check, relation words (verbs, nouns) outweigh names so that the kept order is the relation's. */
const ORDER_NAME_WEIGHT = 0.2;

/**
 * Role check. The heaviest in-order common subsequence of the claim's and the aligned sentence's words (plus
 * copulas) fixes the shared skeleton; relation words and copulas count double, so it follows the relation.
 * A name or number left out of it that sits on the other side of a kept relation word than in the context
 * has changed role ("Smith beat Jones" / "Jones beat Smith"; "A is a B" / "B is an A", which counts half as
 * copular sentences are also reversed legitimately). Phrases reordered without crossing a verb ("in 1960 in
 * Liverpool") are not role changes.
 */
interface OrderItem {
  /** Claim token index, or context token index. */
  at: number;
  key: string;
  relation: boolean;
  copula: boolean;
  word: ClaimWord | null;
}

const COPULA_KEYS: Record<string, string> = { is: 'be', was: 'be', are: 'be', were: 'be', be: 'be', been: 'be', has: 'have', have: 'have', had: 'have' };
const COPULA_CROSSING = 0.5;

function markRoleSwaps(answerTokens: readonly Token[], words: readonly ClaimWord[], from: number, to: number, context: TextIndex, aligned: number): void {
  if (words.length < 2) return;
  const claim: OrderItem[] = [];
  let w = 0;
  for (let i = from; i < to; i++) {
    const word = words[w];
    if (word && word.i === i) {
      w++;
      if (word.positions.some((p) => context.sentenceOf[p] === aligned)) {
        claim.push({ at: i, key: word.ctxKey!, relation: !word.numeric && !word.name, copula: false, word });
      }
      continue;
    }
    const copula = COPULA_KEYS[answerTokens[i]!.lower];
    if (copula) claim.push({ at: i, key: copula, relation: true, copula: true, word: null });
  }
  const sentence = context.sentences[aligned]!;
  const ctx: Array<{ at: number; t: Token; copula: string | undefined }> = [];
  for (let k = sentence.start; k < sentence.end; k++) {
    const t = context.tokens[k]!;
    const copula = COPULA_KEYS[t.lower];
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
  for (let d = 0; d < m; d++) {
    const item = claim[d]!;
    if (item.word) item.word.alignedAt = keptAt[d]!;
    if (keptAt[d]! >= 0 || item.relation || !item.word) continue;
    const occurrences = item.word.positions.filter((p) => context.sentenceOf[p] === aligned);
    let swap = Infinity;
    for (const p of occurrences) {
      let here = 0;
      for (let r = 0; r < m && here < 1; r++) {
        const pivot = claim[r]!;
        const pr = keptAt[r]!;
        if (pr < 0 || !pivot.relation || (item.at < pivot.at) === (p < pr)) continue;
        if (passiveNear(answerTokens, pivot.at) !== passiveNear(context.tokens, pr)) continue;
        here = Math.max(here, pivot.copula ? COPULA_CROSSING : 1);
      }
      swap = Math.min(swap, here); // every place the context has this name must disagree
    }
    item.word.roleSwap = occurrences.length > 0 ? swap : 0;
  }
}

/** "by" right after a word: the passive voice, which legitimately reverses the order of the roles. */
function passiveNear(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; k <= i + 2 && k < tokens.length; k++) if (tokens[k]!.lower === 'by') return true;
  return false;
}

function checkClaim(
  answer: AnswerText, claim: Span, words: ClaimWord[], aligned: number, context: TextIndex, contextText: string, ev: Evidence,
): void {
  const { tokens } = answer;
  const cw = claimWeight(tokens, claim);
  for (const w of words) {
    const t = tokens[w.i]!;
    w.inAligned = aligned >= 0 && w.positions.some((p) => context.sentenceOf[p] === aligned);
    ev.contentWeight += cw * w.weight;
    if (w.positions.length === 0) {
      if (w.inQuestion) {
        ev.questionOnlyWeight += cw * w.weight;
        continue;
      }
      ev.unsupportedWeight += cw * w.weight;
      if (w.numeric) {
        ev.numbers += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: t.kind === 'date' ? 'date not in context' : 'number not in context', severity: 3 * cw });
      } else if (w.name) {
        ev.names += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: 'name not in context', severity: 2.5 * cw });
      } else {
        ev.findings.push({ start: t.start, end: t.end, reason: 'not in context', severity: w.weight * cw });
      }
    } else if (!w.inAligned) {
      ev.elsewhereWeight += cw * w.weight;
      if (w.numeric) {
        ev.numbersElsewhere += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: 'number from another part of the context', severity: 1.5 * cw });
      } else if (w.name) {
        ev.namesElsewhere += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: 'name from another part of the context', severity: 1.2 * cw });
      }
    }
  }
  if (aligned < 0) return;
  const sentence = context.sentences[aligned]!;
  checkSubstitutions(answer, words, context, sentence, ev, cw);
  checkNegation(answer, claim, words, context, sentence, aligned, ev, cw);
  for (const w of words) {
    if (w.roleSwap === 0) continue;
    ev.swaps += cw * w.roleSwap;
    const t = tokens[w.i]!;
    ev.findings.push({ start: t.start, end: t.end, reason: 'in a different role than in the context', severity: 2.2 * cw });
  }
}

const SLOT_REACH = 3;

/**
 * A word the context lacks, next to an aligned word whose neighbour at the same offset in the context is a
 * different content word the claim does not use: a replacement rather than an addition.
 */
function checkSubstitutions(answer: AnswerText, words: readonly ClaimWord[], context: TextIndex, sentence: Span, ev: Evidence, cw: number): void {
  const { tokens } = answer;
  let claimKeys: Set<string> | null = null;
  for (let k = 0; k < words.length; k++) {
    const u = words[k]!;
    if (u.numeric || u.positions.length > 0 || u.inQuestion || tokens[u.i]!.filler) continue;
    claimKeys ??= new Set(words.map((w) => w.ctxKey ?? tokens[w.i]!.key));
    for (const neighbour of [words[k - 1], words[k + 1]]) {
      if (!neighbour || neighbour.alignedAt < 0 || Math.abs(neighbour.i - u.i) > SLOT_REACH) continue;
      const slot = neighbour.alignedAt + (u.i - neighbour.i);
      if (slot < sentence.start || slot >= sentence.end) continue;
      const there = context.tokens[slot]!;
      if (there.kind === 'punct' || there.stop || there.neg || claimKeys.has(there.key)) continue;
      ev.substitutions += cw;
      break;
    }
  }
}

function checkNegation(
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
    const p = positionsIn(w.positions, context, aligned)[0]!;
    const contextNeg = negatorBefore(context.tokens, p, sentence.start);
    if ((claimNeg >= 0) === (contextNeg >= 0)) continue;
    const id = claimNeg >= 0 ? `a${claimNeg}` : `c${contextNeg}`;
    if (flagged.has(id)) continue;
    flagged.add(id);
    ev.negations += cw;
    const at = claimNeg >= 0 ? tokens[claimNeg]! : tokens[w.i]!;
    const reason = claimNeg >= 0 ? 'negated, context is not' : `context says "${context.tokens[contextNeg]!.lower} ${context.tokens[p]!.lower}"`;
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
    ev.findings.push({ start: t.start, end: t.end, reason: `negation "${text.slice(t.start, t.end)}" not in context`, severity: 1.5 * cw });
  }
}

/**
 * Antonyms, counted over the answer sentence and its aligned context sentence: a word the claim uses more often
 * than the context while the context uses its opposite more often ("north" for "south", also when both
 * directions occur in the sentence).
 */
function checkAntonyms(answer: AnswerText, span: Span, weightOf: (i: number) => number, context: TextIndex, contextText: string, sentence: Span, ev: Evidence): void {
  const { tokens } = answer;
  let claimCounts: Map<string, number> | null = null;
  let ctxCounts: Map<string, number> | null = null;
  let ctxFirst: Map<string, Token> | null = null;
  const done = new Set<string>();
  for (let i = span.start; i < span.end; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' || done.has(t.stem)) continue;
    const opposites = ANTONYMS.get(t.stem);
    if (!opposites) continue;
    done.add(t.stem);
    if (!claimCounts || !ctxCounts || !ctxFirst) {
      claimCounts = new Map();
      for (let k = span.start; k < span.end; k++) claimCounts.set(tokens[k]!.stem, (claimCounts.get(tokens[k]!.stem) ?? 0) + 1);
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
      ev.findings.push({ start: t.start, end: t.end, reason: `context says "${quote(contextText, ctxFirst.get(o)!)}"`, severity: 2.8 * cw });
      break;
    }
  }
}
