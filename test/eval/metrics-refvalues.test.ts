/**
 * Every reference value of sacreBLEU's and rouge-score's own unit tests (vendored in
 * test/fixtures/{sacrebleu,rouge}-refvalues, see SOURCE.txt there) reproduced by our metrics.
 * The brief's bar is 0.01; each row is held to its upstream tolerance where that is tighter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bleuFromStats, bleuSegmentStats, corpusBleu, sentenceBleu, type BleuSmoothing } from '../../src/eval/metrics/bleu.ts';
import { corpusChrf, sentenceChrf } from '../../src/eval/metrics/chrf.ts';
import { corpusTer } from '../../src/eval/metrics/ter.ts';
import { rougeMulti, type RougeType } from '../../src/eval/metrics/rouge.ts';
import type { BleuTokenizer } from '../../src/eval/metrics/sacrebleu-tokenizers.ts';

const FIX = join(import.meta.dirname, '..', 'fixtures');

interface SacreRow {
  candidate: string | string[] | null;
  references: string[] | string[][] | null;
  metric: string;
  config: Record<string, unknown>;
  expected: number | { common: number[]; total: number[] };
  tolerance: number;
  scale_max: number | null;
  test: string;
}
const SACRE = JSON.parse(readFileSync(join(FIX, 'sacrebleu-refvalues', 'sacrebleu_expected_values.json'), 'utf8')) as SacreRow[];

interface RougeRow {
  candidate: string;
  references: string[];
  metric: RougeType;
  use_stemmer: boolean;
  expected: { precision: number; recall: number; fmeasure: number };
  places: number;
  test: string;
}
const ROUGE = JSON.parse(readFileSync(join(FIX, 'rouge-refvalues', 'rouge_expected_values.json'), 'utf8')) as RougeRow[];

function bleuOpts(c: Record<string, unknown>) {
  return {
    tokenize: (c.tokenize as BleuTokenizer | undefined) ?? '13a',
    lowercase: (c.lowercase as boolean | undefined) ?? false,
    smoothMethod: (c.smooth_method as BleuSmoothing | undefined) ?? 'exp',
    smoothValue: (c.smooth_value as number | null | undefined) ?? null,
    effectiveOrder: Boolean(c.use_effective_order ?? c.effective_order ?? false),
    maxNgramOrder: (c.max_ngram_order as number | undefined) ?? 4,
  };
}

/** The value on the row's scale (sacreBLEU scores are 0–100; some tests compare score/100). */
function onScale(score100: number, row: SacreRow): number {
  return row.scale_max === 1 ? score100 / 100 : score100;
}

function tol(row: SacreRow): number {
  // upstream tolerance, never looser than the brief's 0.01, and max_ngram_order rows compare 2 decimals
  return Math.min(Math.max(row.tolerance, 1e-6), 0.01);
}

describe('sacreBLEU reference values', () => {
  it('covers every row of the vendored file', () => {
    expect(SACRE.length).toBe(78);
  });

  for (const [i, row] of SACRE.entries()) {
    it(`${i}: ${row.metric} ${row.test} ${JSON.stringify(row.config)}`, () => {
      const c = row.config;
      switch (row.metric) {
        case 'corpus_bleu': {
          const s = corpusBleu(row.candidate as string[], row.references as string[][], bleuOpts(c));
          expect(Math.abs(onScale(s.score, row) - (row.expected as number))).toBeLessThanOrEqual(tol(row));
          break;
        }
        case 'sentence_bleu': {
          const s = sentenceBleu(row.candidate as string, row.references as string[], bleuOpts(c));
          expect(Math.abs(s.score - (row.expected as number))).toBeLessThanOrEqual(tol(row));
          break;
        }
        case 'bleu_from_statistics': {
          const correct = c.correct as number[];
          const s = bleuFromStats(
            { correct, total: c.total as number[], sysLen: c.sys_len as number, refLen: c.ref_len as number },
            { smoothMethod: c.smooth_method as BleuSmoothing, smoothValue: (c.smooth_value as number | undefined) ?? null, effectiveOrder: Boolean(c.use_effective_order ?? false), maxNgramOrder: correct.length },
          );
          expect(Math.abs(onScale(s.score, row) - (row.expected as number))).toBeLessThanOrEqual(tol(row));
          break;
        }
        case 'bleu_ngram_statistics': {
          const refs = row.references as string[][];
          const s = bleuSegmentStats((row.candidate as string[])[0]!, refs[0]!, bleuOpts(c));
          expect({ common: s.correct, total: s.total }).toEqual(row.expected);
          break;
        }
        case 'corpus_chrf':
        case 'sentence_chrf': {
          const o = {
            charOrder: c.char_order as number,
            beta: c.beta as number,
            epsSmoothing: Boolean(c.eps_smoothing),
            whitespace: c.remove_whitespace === false,
          };
          const got = row.metric === 'corpus_chrf' ? corpusChrf(row.candidate as string[], row.references as string[][], o) : sentenceChrf(row.candidate as string, row.references as string[], o);
          expect(Math.abs(onScale(got, row) - (row.expected as number))).toBeLessThanOrEqual(tol(row));
          break;
        }
        case 'corpus_ter': {
          const got = corpusTer(row.candidate as string[], row.references as string[][]);
          expect(Math.abs(onScale(got, row) - (row.expected as number))).toBeLessThanOrEqual(tol(row));
          break;
        }
        default:
          throw new Error(`metric ${row.metric} not covered by this test`);
      }
    });
  }
});

describe('rouge-score reference values', () => {
  it('covers every row of the vendored file', () => {
    expect(ROUGE.length).toBe(25);
  });
  for (const [i, row] of ROUGE.entries()) {
    it(`${i}: ${row.metric} stem=${row.use_stemmer} ${row.test}`, () => {
      const got = rougeMulti(row.metric, row.references, row.candidate, { useStemmer: row.use_stemmer });
      const t = Math.min(0.01, 0.5 * 10 ** -row.places + 1e-12);
      for (const k of ['precision', 'recall', 'fmeasure'] as const) expect(Math.abs(got[k] - row.expected[k]), k).toBeLessThanOrEqual(k === 'fmeasure' && row.places === 3 ? 0.5e-3 : Math.max(t, 0.5e-5 + 1e-12));
    });
  }
});
