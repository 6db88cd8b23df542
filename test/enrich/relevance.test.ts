import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyzeRelevance, relevance, relevanceScorer, ANSWER_CAP } from '../../src/enrich/relevance/index.ts';
import { calibration, meanReciprocalRank, rocAuc } from '../../scripts/learn/metrics.ts';

interface Pair {
  qid: string;
  question: string;
  answer: string;
  label: number;
}

describe('relevance: does the answer address the question', () => {
  it.each([
    ['When was the Eiffel Tower completed?', 'The tower was completed in March 1889 for the World Fair.', 'It is repainted every seven years with sixty tons of paint.'],
    ['How many moons does Mars have?', 'Mars has two small moons, Phobos and Deimos.', 'Mars is the fourth planet from the Sun and has a thin atmosphere.'],
    ['Who wrote Pride and Prejudice?', 'Pride and Prejudice was written by Jane Austen and published in 1813.', 'The novel has been adapted for film and television many times.'],
    ['How do I reset my password?', 'Open Settings, choose Security, click "Reset password" and follow the link we email you.', 'Our offices are closed on public holidays; opening hours are 9 to 5.'],
  ])('%j: the on-topic answer outscores the off-topic one', (question, onTopic, offTopic) => {
    expect(relevance(question, onTopic)!).toBeGreaterThan(relevance(question, offTopic)! + 0.1);
  });

  it('an answer about something else entirely is not relevant; a direct answer is', () => {
    expect(relevance('What is the capital of Australia?', 'Chocolate cake needs flour, sugar, eggs and cocoa.')!).toBeLessThan(0.2);
    expect(relevance('What is the capital of Australia?', 'The capital of Australia is Canberra.')!).toBeGreaterThan(0.5);
  });

  it('a long relevant answer is not penalised for its length against a short off-topic one', () => {
    const q = 'How does photosynthesis work in plants?';
    const long = 'Photosynthesis in plants works by capturing light energy in chlorophyll inside the chloroplasts. '.concat(
      'The light reactions split water and make ATP; the Calvin cycle then fixes carbon dioxide into sugars that the plant uses to grow. '.repeat(30),
    );
    expect(relevance(q, long)!).toBeGreaterThan(relevance(q, 'The stock market closed higher on Friday.')!);
  });

  it('no words on either side: not scored (null), never a made-up value', () => {
    expect(relevance('', 'An answer.')).toBeNull();
    expect(relevance('A question?', '   ')).toBeNull();
    expect(analyzeRelevance('?!', 'ok')).toBeNull();
  });

  it('the scorer emits `relevance` with the column and an explanation naming uncovered question words', () => {
    const [scored, skipped] = relevanceScorer.score([
      { inputText: 'What is the boiling point of water at sea level?', outputText: 'My favourite colour is blue.', contextText: '' },
      { inputText: 'Hello?', outputText: '', contextText: '' },
    ]);
    expect(scored).toHaveLength(1);
    expect(scored![0]!.name).toBe('relevance');
    expect(scored![0]!.column).toBe('relevance');
    expect(scored![0]!.label).toBe('off_topic');
    expect(scored![0]!.explanation).toMatch(/question words not covered: .*boiling/);
    expect(skipped).toEqual([]);
    expect(relevanceScorer.needs).toEqual(['input', 'output']);
  });
});

describe('relevance accuracy on fixed held-out SelQA questions (test/fixtures/selqa-answer-selection)', () => {
  const pairs = readFileSync(new URL('../fixtures/selqa-answer-selection/held-out.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Pair);

  it('AUC ≥ 0.92 (measured 0.931), MRR ≥ 0.93 (measured 0.944), ECE ≤ 0.05 (measured 0.014)', () => {
    expect(new Set(pairs.map((p) => p.qid)).size).toBe(60);
    const scores = pairs.map((p) => relevance(p.question, p.answer) ?? 0);
    const labels = pairs.map((p) => p.label);
    expect(rocAuc(scores, labels)).toBeGreaterThan(0.92);
    const groups = new Map<string, Array<{ score: number; label: number }>>();
    pairs.forEach((p, i) => groups.set(p.qid, [...(groups.get(p.qid) ?? []), { score: scores[i]!, label: p.label }]));
    expect(meanReciprocalRank([...groups.values()])).toBeGreaterThan(0.93);
    expect(calibration(scores, labels).ece).toBeLessThan(0.05);
  });
});

describe('relevance: cost is linear up to the cap', () => {
  const q = 'What were the main causes of the decline of the Roman Empire in the west?';
  const unit = 'Historians point to economic troubles, overreliance on mercenaries, political instability and invasions. ';
  const answer = (bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
  // Best of several rounds, each long enough (≥ 20 ms) that timer resolution and a busy machine's
  // scheduling noise do not decide the ratio.
  const time = (a: string) => {
    let reps = 1;
    for (let start = performance.now(); performance.now() - start < 20; reps *= 2) for (let i = 0; i < reps; i++) relevance(q, a);
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      for (let i = 0; i < reps; i++) relevance(q, a);
      best = Math.min(best, (performance.now() - start) / reps);
    }
    return best;
  };

  it('10 KB vs 1 MB answer: the answer is read up to 64 KB, so the ratio stays far below the 100× size ratio', () => {
    relevance(q, answer(10_000));
    const small = time(answer(10_000));
    const large = time(answer(1_000_000));
    expect(ANSWER_CAP).toBe(64 * 1024);
    expect(large / small).toBeLessThan(30); // ideal ≈ 6.5 (64 KB / 10 KB) plus the slice of the 1 MB string
  });

  it('distinct words: 2,000 vs 20,000 on both sides costs far less than the 100× of a word-by-word comparison', () => {
    const vocab = ['river', 'castle', 'engine', 'garden', 'violin', 'desert', 'harbor', 'planet', 'winter', 'market'];
    const words = (n: number) => Array.from({ length: n }, (_, i) => `${vocab[i % 10]}${i}`).join(' ');
    const cost = (n: number) => {
      const text = words(n);
      // Rounds of ≥ 20 ms, best of 3, so timer resolution and a busy machine do not decide the ratio.
      let reps = 1;
      for (let start = performance.now(); performance.now() - start < 20; reps *= 2) for (let i = 0; i < reps; i++) relevance(text, text);
      let best = Infinity;
      for (let round = 0; round < 3; round++) {
        const start = performance.now();
        for (let i = 0; i < reps; i++) relevance(text, text);
        best = Math.min(best, (performance.now() - start) / reps);
      }
      return best;
    };
    cost(2_000);
    expect(cost(20_000) / cost(2_000)).toBeLessThan(40);
  });
});
