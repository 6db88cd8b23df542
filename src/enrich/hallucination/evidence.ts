/**
 * Claim-level evidence. Each clause of the answer is aligned to its best-supporting context sentence; then its
 * words, numbers and names are looked up (aligned sentence, rest of context, question), and negation, antonyms,
 * roles and replaced words are compared with the aligned sentence. The sums feed the risk model.
 */
import { best, alignmentScores, score } from './align.ts';
import { emptyEvidence, type AnswerText, type ClaimWord, type Evidence } from './claim-types.ts';
import { lookUpWords } from './lookup.ts';
import { checkAntonyms, checkNegation } from './polarity.ts';
import { REASONS } from './reasons.ts';
import { checkRepeats, checkSubstitutions } from './replacements.ts';
import { findRoleSwaps, type EntityRun } from './roles.ts';
import { splitSentences, type Span } from './sentences.ts';
import { claimWeight } from './speaker.ts';
import { occursInSentence, type TextIndex } from './text-index.ts';

export type { AnswerText, Evidence, Finding } from './claim-types.ts';

/**
 * An answer this short is a fragment ("Delhi"): the question's words then help choose between context
 * sentences that hold the fragment equally well (a small weight: the answer may sit in another sentence).
 */
const FRAGMENT_MAX_WORDS = 5;
const FRAGMENT_QUESTION_WEIGHT = 0.25;

/** Clauses align on their own words plus this share of their sentence's: fused sentences split, names stay put. */
const SENTENCE_PRIOR = 0.3;

interface AlignedClause {
  span: Span;
  words: ClaimWord[];
  aligned: number;
}

export function collectEvidence(answer: AnswerText, context: TextIndex, question: TextIndex | null): Evidence {
  const ev = emptyEvidence();
  const words = lookUpWords(answer, context, question);
  const sentences = splitSentences(answer.tokens);
  const sentenceScore = new Float64Array(context.sentences.length);
  const clauseScore = new Float64Array(context.sentences.length);
  const fragment = question !== null && sentences.length <= 1 && words.length <= FRAGMENT_MAX_WORDS;
  const questionScore = fragment ? alignmentScores(question.tokens, 0, question.tokens.length, context) : null;
  const tokenWeight = new Float64Array(answer.tokens.length).fill(1); // claim weight of each token's clause
  for (const c of answer.claims) tokenWeight.fill(claimWeight(answer.tokens, c), c.start, c.end);
  const weightOf = (i: number): number => tokenWeight[i]!;
  let claim = 0;
  let word = 0; // words are in text order: each sentence takes the next run of them
  for (const sentence of sentences) {
    while (word < words.length && words[word]!.i < sentence.start) word++;
    const firstWord = word;
    while (word < words.length && words[word]!.i < sentence.end) word++;
    const inSentence = words.slice(firstWord, word);
    score(inSentence, context, sentenceScore, questionScore, FRAGMENT_QUESTION_WEIGHT);
    const clauses: AlignedClause[] = [];
    for (; claim < answer.claims.length && answer.claims[claim]!.start < sentence.end; claim++) {
      const span = answer.claims[claim]!;
      const inClause = inSentence.filter((w) => w.i >= span.start && w.i < span.end);
      score(inClause, context, clauseScore, sentenceScore, SENTENCE_PRIOR);
      const aligned = best(clauseScore);
      for (const w of inClause) w.inAligned = aligned >= 0 && occursInSentence(context, w.positions, aligned);
      clauses.push({ span, words: inClause, aligned });
    }
    // Antonyms and roles are compared over all clauses aligned to the same context sentence.
    for (const target of new Set(clauses.map((c) => c.aligned))) {
      if (target < 0) continue;
      const group = clauses.filter((c) => c.aligned === target);
      const spans = group.map((c) => c.span);
      checkAntonyms(answer, spans, weightOf, context, context.sentences[target]!, ev);
      checkRepeats(answer, group.flatMap((c) => c.words), weightOf, context, target, ev);
      const misplaced: Array<{ run: EntityRun; strength: number }> = [];
      for (const swap of findRoleSwaps(answer.tokens, group.flatMap((c) => c.words), spans, context, target, misplaced)) {
        const cw = weightOf(swap.a.first);
        ev.swaps += cw * swap.strength;
        for (const run of [swap.a, swap.b]) {
          ev.findings.push({ start: answer.tokens[run.first]!.start, end: answer.tokens[run.last]!.end, reason: REASONS.roleSwap, severity: 2.2 * cw });
        }
      }
      for (const m of misplaced) ev.misplaced += weightOf(m.run.first) * m.strength;
    }
    for (const c of clauses) checkClaim(answer, c, context, ev);
  }
  return ev;
}

function checkClaim(answer: AnswerText, clause: AlignedClause, context: TextIndex, ev: Evidence): void {
  const { span: claim, words, aligned } = clause;
  const { tokens } = answer;
  const cw = claimWeight(tokens, claim);
  for (const w of words) {
    const t = tokens[w.i]!;
    ev.contentWeight += cw * w.weight;
    ev.discountedWeight += (1 - cw) * w.weight;
    if (w.positions.length === 0) {
      if (w.inQuestion) {
        ev.questionOnlyWeight += cw * w.weight;
        continue;
      }
      ev.unsupportedWeight += cw * w.weight;
      if (w.numeric) {
        ev.numbers += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: t.kind === 'date' ? REASONS.dateMissing : REASONS.numberMissing, severity: 3 * cw });
      } else if (w.name) {
        ev.names += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: REASONS.nameMissing, severity: 2.5 * cw });
      } else {
        ev.findings.push({ start: t.start, end: t.end, reason: REASONS.wordMissing, severity: w.weight * cw });
      }
    } else if (!w.inAligned) {
      ev.elsewhereWeight += cw * w.weight;
      if (w.numeric) {
        ev.numbersElsewhere += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: REASONS.numberElsewhere, severity: 1.5 * cw });
      } else if (w.name) {
        ev.namesElsewhere += cw;
        ev.findings.push({ start: t.start, end: t.end, reason: REASONS.nameElsewhere, severity: 1.2 * cw });
      }
    }
  }
  if (aligned < 0) return;
  const sentence = context.sentences[aligned]!;
  checkSubstitutions(answer, words, context, sentence, ev, cw);
  checkNegation(answer, claim, words, context, sentence, aligned, ev, cw);

}
