/** Looks each content word of the answer up in the context (exact, fuzzy, compound, synonym) and question. */
import { type AnswerText, type ClaimWord } from './claim-types.ts';
import { rarity } from './rarity.ts';
import { lightStem } from './stem.ts';
import { SYNONYMS } from './synonyms.ts';
import { fuzzyKey, looksLikeName, type TextIndex } from './text-index.ts';
import type { Token } from './tokenize.ts';

/** Chit-chat words ("love", "great") count this much of their rarity. */
const FILLER_WEIGHT = 0.2;

export /** Content words of the answer with where the context (and question) has them. */
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
    words.push({ i, weight, numeric, name, positions, ctxKey, inQuestion, inAligned: false, alignedAt: -1 });
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
