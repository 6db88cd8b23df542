/**
 * Agreement with textstat's own test values (all English rows of the six formulas, from
 * test/fixtures/textstat-readability): within ±2 for reading ease, ±0.5 for grade scores.
 * Measured: 5/5 rows for every formula.
 */
import { readFileSync } from 'node:fs';
import { fixturePath } from '../support/fixtures.ts';
import { describe, expect, it } from 'vitest';
import { readability, type ReadabilityFormula } from '../../src/enrich/readability/index.ts';

interface Row {
  text: string;
  metric: string;
  lang: string | null;
  expected: number;
}

const METRICS: Record<string, ReadabilityFormula> = {
  flesch_reading_ease: 'flesch_reading_ease',
  flesch_kincaid_grade: 'flesch_kincaid_grade',
  smog_index: 'smog',
  coleman_liau_index: 'coleman_liau',
  automated_readability_index: 'ari',
  gunning_fog: 'gunning_fog',
};
const TOLERANCE: Record<ReadabilityFormula, number> = {
  flesch_reading_ease: 2,
  flesch_kincaid_grade: 0.5,
  smog: 0.5,
  coleman_liau: 0.5,
  ari: 0.5,
  gunning_fog: 0.5,
};

const rows = (
  JSON.parse(readFileSync(fixturePath('textstat-readability/textstat_expected_values.json'), 'utf8')) as Row[]
).filter((r) => r.metric in METRICS && (r.lang === null || r.lang === 'en_US'));

describe('readability agreement with textstat', () => {
  it('covers five English rows per formula', () => {
    expect(rows.length).toBe(30);
  });

  it.each(Object.entries(METRICS))('%s: every English row within tolerance', (metric, formula) => {
    const cases = rows.filter((r) => r.metric === metric);
    expect(cases.length).toBe(5);
    for (const r of cases) {
      const actual = readability(r.text)[formula];
      expect(Math.abs(actual - r.expected), `${metric} on ${JSON.stringify(r.text.slice(0, 40))}: ${actual} vs ${r.expected}`).toBeLessThanOrEqual(TOLERANCE[formula]);
    }
  });
});
