/**
 * Observable shape of a scoring request, for the risk model's gate (model.ts): how long the source is and how
 * many passages it has, whether a question came with it, how long the answer is, whether it asks something or
 * speaks in the first or second person. The labelled sets disagree on how much such answers count against
 * grounding (dialogue chit-chat vs claims checked against retrieved evidence); these inputs let the fitted gate
 * learn that per kind of input without being told which data set a request resembles.
 */
import type { TextIndex } from './text-index.ts';
import type { Token } from './tokenize.ts';

export const SHAPE_NAMES = [
  'contextChars', // log(1 + characters of the whole context)
  'contextLines', // log(1 + non-empty lines of the context, up to MAX_COUNTED_LINES)
  'contextSentences', // log(1 + sentences of the checked context)
  'questionChars', // log(1 + characters of the question / dialogue turn)
  'noQuestion', // 1 when no question came with the answer (claim vs evidence)
  'answerWords', // log(1 + words of the checked answer)
  'answerAsks', // 1 when the answer contains a question mark
  'firstPerson', // share of the answer's words that are I / me / my / we …
  'secondPerson', // share of the answer's words that are you / your …
] as const;

export type ShapeName = (typeof SHAPE_NAMES)[number];
export type ShapeVector = Record<ShapeName, number>;

/** Counting stops here: beyond it the number of lines says nothing new (and the count stays cheap). */
const MAX_COUNTED_LINES = 1_000;
const FIRST = new Set(['i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours']);
const SECOND = new Set(['you', 'your', 'yours', 'yourself']);

function countLines(text: string): number {
  let lines = 0;
  let blank = true;
  for (let i = 0; i < text.length && lines < MAX_COUNTED_LINES; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (!blank) lines++;
      blank = true;
    } else if (c !== 32 && c !== 9 && c !== 13) blank = false;
  }
  return blank ? lines : lines + 1;
}

export function inputShape(question: string, context: string, checkedContext: TextIndex, answer: readonly Token[]): ShapeVector {
  let words = 0;
  let first = 0;
  let second = 0;
  let asks = 0;
  for (const t of answer) {
    if (t.kind === 'punct') {
      if (t.lower === '?') asks = 1;
      continue;
    }
    words++;
    const bare = t.lower.replace(/['’].*$/, ''); // "i'm" → "i"
    if (FIRST.has(bare)) first++;
    else if (SECOND.has(bare)) second++;
  }
  return {
    contextChars: Math.log1p(context.length),
    contextLines: Math.log1p(countLines(context)),
    contextSentences: Math.log1p(checkedContext.sentences.length),
    questionChars: Math.log1p(question.length),
    noQuestion: question.trim() === '' ? 1 : 0,
    answerWords: Math.log1p(words),
    answerAsks: asks,
    firstPerson: words ? first / words : 0,
    secondPerson: words ? second / words : 0,
  };
}
