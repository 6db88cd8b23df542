/**
 * The hallucination scorer's cost is bounded whatever it is given (issue 16, finding 1: a 100 KB context and
 * answer took 14.5 s and 3.3 GB through a quadratic role table). Long answers are checked up to
 * MAX_ANSWER_CHARS and long contexts are cut to the passages most relevant to the answer, so growing the
 * input 100× (10 KB → 1 MB) may cost at most ~linear time (ratio ≤ 150 with slack for a noisy machine).
 */
import { describe, expect, it } from 'vitest';
import { explainHallucination, hallucination } from '../../src/enrich/hallucination/index.ts';
import { MAX_ANSWER_CHARS, MAX_CONTEXT_CHARS, selectContext } from '../../src/enrich/hallucination/passages.ts';
import { tokenize } from '../../src/enrich/hallucination/tokenize.ts';

/** Adversarial shapes: one endless sentence, tiny sentences, repeated names/numbers in swapped roles, many distinct words. */
const SHAPES: Record<string, (bytes: number) => { context: string; answer: string }> = {
  'issue-16 payload ("aaaa " repeated)': (n) => ({ context: 'aaaa '.repeat(n / 5), answer: 'aaaa '.repeat(n / 5) }),
  'tiny sentences': (n) => ({ context: 'Aa bb. '.repeat(n / 7), answer: 'Aa bb. '.repeat(n / 7) }),
  'names in swapped roles': (n) => ({ context: 'Smith beat Jones in Paris '.repeat(n / 26), answer: 'Jones beat Smith in Paris '.repeat(n / 26) }),
  'numbers in reverse order': (n) => ({ context: '1 2 3 4 5 6 7 8 9 10 '.repeat(n / 21), answer: '10 9 8 7 6 5 4 3 2 1 '.repeat(n / 21) }),
  'many distinct words': (n) => {
    const words = (step: number): string => Array.from({ length: n / 8 }, (_, i) => `w${(i * step) % 997}x `).join('');
    return { context: words(7), answer: words(13) };
  },
};

/** Fastest of a few runs: the least disturbed by other processes on a shared machine. */
function fastestMs(run: () => void, times = 3): number {
  let best = Infinity;
  for (let r = 0; r < times; r++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('hallucination scorer cost', () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    it(`grows at most linearly from 10 KB to 1 MB of context and answer: ${shape}`, () => {
      const small = make(10_000);
      const large = make(1_000_000);
      hallucination('', small.context, small.answer); // warm-up (JIT)
      const smallMs = fastestMs(() => hallucination('', small.context, small.answer));
      let result = hallucination('', large.context, large.answer);
      const largeMs = fastestMs(() => (result = hallucination('', large.context, large.answer)));
      expect(largeMs / Math.max(smallMs, 0.5)).toBeLessThanOrEqual(150);
      expect(result!.score).toBeGreaterThanOrEqual(0);
      expect(result!.truncated).toMatchObject({ answerChars: expect.any(Number), answerTotal: large.answer.length });
      expect(result!.truncated!.answerChars).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    });
  }
});

describe('long inputs', () => {
  const filler = (n: number): string =>
    `Paragraph ${n} describes the weather station at site ${n}, which records rainfall, humidity and wind speed every hour for the regional archive. `;
  const relevant = 'The Hubble Space Telescope was launched on 24 April 1990 aboard the shuttle Discovery. ';
  const longContext = Array.from({ length: 1500 }, (_, n) => (n === 1100 ? relevant : filler(n))).join('');

  it('checks a claim against the relevant passage of a 200 KB context', () => {
    expect(longContext.length).toBeGreaterThan(200_000);
    const grounded = hallucination('', longContext, 'Hubble was launched in April 1990 aboard Discovery.')!;
    const invented = hallucination('', longContext, 'Hubble was launched in April 1994 aboard Discovery.')!;
    expect(grounded.score).toBeLessThan(0.5);
    expect(invented.score).toBeGreaterThan(grounded.score + 0.2);
    expect(invented.unsupported.map((u) => u.text)).toContain('1994');
    expect(explainHallucination(invented)).toMatch(/long input: checked the answer against \d+ of \d{3,} context passages \(those closest to the answer\)/);
  });

  it('keeps at most MAX_CONTEXT_CHARS of context, in the original order, and the whole context when it fits', () => {
    const answer = tokenize('Hubble was launched aboard Discovery; paragraph 7 and paragraph 1400 mention site 7 and site 1400.');
    const selected = selectContext(longContext, answer, []);
    expect(selected.text.length).toBeLessThanOrEqual(MAX_CONTEXT_CHARS);
    expect(selected.text).toContain('Discovery');
    const at = (s: string): number => selected.text.indexOf(s);
    expect(at('site 7,')).toBeGreaterThanOrEqual(0);
    expect(at('site 7,')).toBeLessThan(at('Discovery'));
    expect(at('Discovery')).toBeLessThan(at('site 1400'));
    expect(selectContext('short context', answer, [])).toEqual({ text: 'short context', passages: 1, kept: 1 });
  });

  it('says when only the head of a long answer was checked', () => {
    const answer = 'The telescope orbits the Earth. '.repeat(500);
    const result = hallucination('', relevant, answer)!;
    expect(result.truncated).toEqual({ answerChars: expect.any(Number), answerTotal: answer.length, passagesKept: 1, passagesTotal: 1 });
    expect(explainHallucination(result)).toMatch(new RegExp(`long input: checked the first \\d+ of ${answer.length} answer characters\\)`));
  });
});

describe('confidence', () => {
  it('recommends the LLM judge for borderline scores and cut inputs, not for clear ones', () => {
    const context = 'The Hubble Space Telescope was launched on 24 April 1990 aboard the shuttle Discovery.';
    const clear = hallucination('', context, 'Hubble was launched in April 1990 aboard Discovery.')!;
    expect(explainHallucination(clear)).not.toContain('low confidence');
    const cut = hallucination('', context, 'Hubble orbits the Earth. '.repeat(300))!;
    expect(explainHallucination(cut)).toMatch(/low confidence: .*only part of the input was checked — use the LLM judge/);
    const borderline = explainHallucination({ score: 0.5, unsupported: [] });
    expect(borderline).toContain('borderline score');
  });
});
