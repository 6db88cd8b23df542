/**
 * The relevance text-pair model experiment (scripts/relevance/pair-model.ts, not part of the
 * scorer): back-propagation matches finite differences, training is deterministic, the inputs
 * are capped (a 1 MB answer reads at most MAX_PAIR_ANSWER_WORDS words).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { wordVectors } from '../../src/enrich/text/word-vectors.ts';
import {
  MAX_PAIR_ANSWER_WORDS,
  MAX_PAIR_QUESTION_WORDS,
  newTrace,
  pairForward,
  pairInput,
  pairLayout,
  QUESTION_TYPES,
  questionType,
  WORD_EXTRA,
} from '../../scripts/relevance/pair-model.ts';
import { initPairParams, pairBackward, projector, trainPairModel, PAIR_TRAIN_DEFAULTS } from '../../scripts/relevance/pair-train.ts';

const vectors = wordVectors();

describe('relevance pair model', () => {
  it('back-propagation agrees with finite differences in every parameter block', () => {
    const layout = pairLayout({ ...PAIR_TRAIN_DEFAULTS.sizes, features: 4 });
    const p = initPairParams(layout, 11, 0.1);
    // Non-zero everywhere so no block has a vanishing gradient by construction.
    for (let k = 0; k < layout.total; k++) if (p[k] === 0) p[k] = Math.sin(k) * 0.1;
    const input = pairInput('Who patented the Zqxwv telephone in 1876?', 'Alexander Graham Bell patented the telephone in March 1876 in Boston.', vectors, Float32Array.of(0.2, 1, 0, 0.7));
    expect(input.type).toBe(QUESTION_TYPES.indexOf('who'));
    const project = projector(layout, p, vectors);
    const trace = newTrace(layout, input);
    pairForward(layout, p, input, project, trace);
    const grad = new Float64Array(layout.total);
    pairBackward(layout, p, input, trace, 1, grad, vectors);
    const blocks = {
      projection: layout.projection,
      typeVectors: layout.typeVectors + input.type * layout.sizes.dims,
      compareW: layout.compareW,
      compareB: layout.compareB,
      mlpW: layout.mlpW,
      mlpB: layout.mlpB,
      outW: layout.outW,
      outB: layout.outB,
    };
    let nonZero = 0;
    for (const start of Object.values(blocks)) {
      for (let t = 0; t < 4; t++) {
        const k = start + t * 5;
        if (k >= layout.total) continue;
        const old = p[k]!;
        p[k] = old + 1e-6;
        const up = pairForward(layout, p, input, project);
        p[k] = old - 1e-6;
        const down = pairForward(layout, p, input, project);
        p[k] = old;
        const numeric = (up - down) / 2e-6;
        expect(Math.abs(numeric - grad[k]!)).toBeLessThan(1e-5 + 1e-4 * Math.abs(numeric));
        if (Math.abs(grad[k]!) > 1e-6) nonZero++;
      }
    }
    expect(nonZero).toBeGreaterThan(15);
  });

  it('training is deterministic: the same seed gives the same weights, another seed other weights', () => {
    const lines = readFileSync(new URL('../fixtures/selqa-answer-selection/held-out.jsonl', import.meta.url), 'utf8').trim().split('\n').slice(0, 150);
    const examples = lines.map((l) => {
      const r = JSON.parse(l) as { question: string; answer: string; label: number };
      return { input: pairInput(r.question, r.answer, vectors), label: r.label };
    });
    const options = { ...PAIR_TRAIN_DEFAULTS, epochs: 2 };
    const first = trainPairModel(examples, vectors, options);
    const second = trainPairModel(examples, vectors, options);
    const other = trainPairModel(examples, vectors, { ...options, seed: options.seed + 1 });
    expect(Array.from(second)).toEqual(Array.from(first));
    expect(Array.from(other)).not.toEqual(Array.from(first));
  });

  it('inputs are capped: a 1 MB answer and a 4 KB question read a bounded number of words', () => {
    const words = Array.from({ length: 200_000 }, (_, i) => vectors.word(100 + (i % 30_000))).join(' ');
    const input = pairInput(words.slice(0, 4096), words.slice(0, 1_000_000), vectors);
    expect(input.question.length).toBeLessThanOrEqual(MAX_PAIR_QUESTION_WORDS);
    expect(input.answer.length).toBe(MAX_PAIR_ANSWER_WORDS);
    expect(input.questionExtra.length).toBe(input.question.length * WORD_EXTRA);
  });

  it('question words outside the vocabulary are kept (exact match still counts) with a zero vector', () => {
    const input = pairInput('What did Zqxwv build?', 'Zqxwv built a bridge.', vectors);
    const at = Array.from(input.question).indexOf(-1);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(input.questionExtra[at * WORD_EXTRA]).toBe(1); // found in the answer
    expect(input.questionExtra[at * WORD_EXTRA + 2]).toBe(1); // not in the vocabulary
  });

  it('question type: the first wh-word, "how many/much" apart', () => {
    const type = (q: string) => QUESTION_TYPES[questionType(q.toLowerCase().split(/\W+/))];
    expect(type('How many moons does Mars have?')).toBe('how_many');
    expect(type('How does it work?')).toBe('how');
    expect(type('In which year did it open?')).toBe('which');
    expect(type('Name the capital.')).toBe('other');
  });
});
