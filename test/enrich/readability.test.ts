import { readFileSync } from 'node:fs';
import { fixturePath } from '../support/fixtures.ts';
import { describe, expect, it } from 'vitest';
import { countWordSyllables, readability, readabilityScorer, textStats } from '../../src/enrich/readability/index.ts';
import { ruleSyllables } from '../../src/enrich/readability/syllables.ts';

interface Row {
  text: string;
  metric: string;
  lang: string | null;
  expected: number;
  kwargs: Record<string, unknown> | null;
  tolerance: number | null;
}

const rows = JSON.parse(
  readFileSync(fixturePath('textstat-readability/textstat_expected_values.json'), 'utf8'),
) as Row[];
const english = (r: Row): boolean => r.lang === null || r.lang === 'en_US';

describe('syllables', () => {
  it("matches textstat's count_syllables test rows within their tolerance", () => {
    const cases = rows.filter((r) => r.metric === 'count_syllables' && english(r) && !r.text.includes(' '));
    expect(cases.length).toBe(25);
    for (const r of cases) {
      expect(Math.abs(countWordSyllables(r.text.toLowerCase()) - r.expected), r.text).toBeLessThanOrEqual(r.tolerance ?? 0);
    }
  });

  it('rules handle regular patterns without the exception table', () => {
    expect(ruleSyllables('make')).toBe(1);
    expect(ruleSyllables('table')).toBe(2);
    expect(ruleSyllables('boxes')).toBe(2);
    expect(ruleSyllables('jumped')).toBe(1);
    expect(ruleSyllables('wanted')).toBe(2);
    expect(ruleSyllables('piano')).toBe(3);
    expect(ruleSyllables('nation')).toBe(2);
    expect(ruleSyllables('statement')).toBe(2);
    expect(ruleSyllables('playing')).toBe(2);
    expect(ruleSyllables('fire')).toBe(2);
  });

  it('counts contractions and words with digits like textstat', () => {
    expect(countWordSyllables("didn't")).toBe(2);
    expect(countWordSyllables("don't")).toBe(1);
    expect(countWordSyllables('500')).toBe(1);
  });
});

describe('text counts', () => {
  it("match textstat's count tests", () => {
    const checks: Array<[string, (r: Row) => boolean, (text: string) => number]> = [
      ['count_sentences', () => true, (t) => textStats(t).sentences],
      ['count_letters', () => true, (t) => textStats(t).letters],
      ['count_chars', (r) => r.kwargs?.ignore_spaces === true, (t) => textStats(t).chars],
      ['count_words', (r) => r.kwargs?.rm_punctuation === true && !r.kwargs.split_contractions && !r.kwargs.split_hyphens, (t) => textStats(t).words],
      ['count_words', (r) => r.kwargs?.rm_punctuation === false && !r.kwargs.split_contractions && !r.kwargs.split_hyphens, (t) => textStats(t).rawTokens],
      ['count_polysyllable_words', () => true, (t) => textStats(t).polysyllables],
    ];
    let compared = 0;
    for (const [metric, applies, actual] of checks) {
      for (const r of rows.filter((x) => x.metric === metric && english(x) && applies(x))) {
        if (/[^\x00-\x7f]/.test(r.text) && metric === 'count_sentences') continue; // Russian/Hungarian rows
        expect(actual(r.text), `${metric} ${JSON.stringify(r.text.slice(0, 30))}`).toBe(r.expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });
});

describe('readability', () => {
  it('returns zeros for empty text, like textstat', () => {
    expect(readability('')).toEqual({ flesch_reading_ease: 0, flesch_kincaid_grade: 0, smog: 0, coleman_liau: 0, ari: 0, gunning_fog: 0 });
  });

  it('computes the formulas from the counts', () => {
    // 5 words, 1 sentence, 7 syllables (Cool dogs wear da sun-glass-es), 24 letters, 25 chars, 1 polysyllable.
    const scores = readability('Cool dogs wear da sunglasses.');
    expect(scores.flesch_reading_ease).toBeCloseTo(206.835 - 1.015 * 5 - 84.6 * 1.4, 9);
    expect(scores.flesch_kincaid_grade).toBeCloseTo(0.39 * 5 + 11.8 * 1.4 - 15.59, 9);
    expect(scores.smog).toBeCloseTo(1.043 * Math.sqrt(30) + 3.1291, 9);
    expect(scores.coleman_liau).toBeCloseTo(0.058 * 480 - 0.296 * 20 - 15.8, 9);
    expect(scores.ari).toBeCloseTo(4.71 * 5 + 0.5 * 5 - 21.43, 9);
    expect(scores.gunning_fog).toBeCloseTo(0.4 * (5 + 20), 9);
  });
});

describe('readabilityScorer', () => {
  it('emits the six formulas for the response, reading ease on the readability column', () => {
    const [results] = readabilityScorer.score([{ inputText: 'q', outputText: 'The cat sat on the mat. It was happy there.', contextText: '' }]);
    expect(results!.map((r) => r.name)).toEqual(['flesch_reading_ease', 'flesch_kincaid_grade', 'smog', 'coleman_liau', 'ari', 'gunning_fog']);
    expect(results!.filter((r) => r.column !== undefined).map((r) => [r.name, r.column])).toEqual([['flesch_reading_ease', 'readability']]);
    expect(results![0]!.value).toBeCloseTo(readability('The cat sat on the mat. It was happy there.').flesch_reading_ease, 12);
    expect(results![0]!.label).toBe('very easy');
    expect(results!.every((r) => r.source === 'heuristic')).toBe(true);
  });

  it('does not score a response without words', () => {
    const [empty, punctuation] = readabilityScorer.score([
      { inputText: 'q', outputText: '', contextText: '' },
      { inputText: 'q', outputText: '... !!!', contextText: '' },
    ]);
    expect(empty).toEqual([]);
    expect(punctuation).toEqual([]);
    expect(readabilityScorer.needs).toEqual(['output']);
  });
});
