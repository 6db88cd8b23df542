/**
 * Throughput of the `llmscope eval` metrics, single thread, on sentence pairs built from the
 * vendored SelQA answers (test/fixtures): the reference is an answer, the prediction the same
 * answer with every 5th word dropped and two neighbouring words swapped every 7 words (an
 * MT-like hypothesis with shifts for TER).
 *   npx node bench/eval/metrics.bench.ts [--runs=3]
 * Baseline in the same run: splitting both texts on whitespace. Prints pairs per second and the
 * ratio to the baseline per metric, and the time of one 200 KB prediction/reference pair (the caps:
 * TER 1000 words, ROUGE-L 4000 tokens).
 */
import { readFileSync } from 'node:fs';
import { bleuSegmentStats } from '../../src/eval/metrics/bleu.ts';
import { chrfSegmentStats } from '../../src/eval/metrics/chrf.ts';
import { terSegmentStats } from '../../src/eval/metrics/ter.ts';
import { rougeScore } from '../../src/eval/metrics/rouge.ts';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 3);
const answers = readFileSync(new URL('../../test/fixtures/selqa-answer-selection/held-out.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { answer: string }).answer);

function perturb(s: string): string {
  const w = s.split(' ').filter((_, i) => i % 5 !== 4);
  for (let i = 0; i + 1 < w.length; i += 7) [w[i], w[i + 1]] = [w[i + 1]!, w[i]!];
  return w.join(' ');
}
const pairs = answers.map((a) => [perturb(a), a] as const);

let sink = 0;
function rate(work: (h: string, r: string) => number): number {
  for (const [h, r] of pairs.slice(0, 50)) sink += work(h, r);
  let best = 0;
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    for (const [h, r] of pairs) sink += work(h, r);
    best = Math.max(best, pairs.length / ((performance.now() - t) / 1000));
  }
  return best;
}

const baseline = rate((h, r) => h.split(/\s+/).length + r.split(/\s+/).length);
const rows: Array<[string, number]> = [
  ['bleu', rate((h, r) => bleuSegmentStats(h, [r]).sysLen)],
  ['chrf', rate((h, r) => chrfSegmentStats(h, [r])[0]!)],
  ['ter', rate((h, r) => terSegmentStats(h, [r])[0])],
  ['rouge1', rate((h, r) => rougeScore('rouge1', r, h).fmeasure)],
  ['rougeL', rate((h, r) => rougeScore('rougeL', r, h).fmeasure)],
];
const words = pairs.reduce((n, [, r]) => n + r.split(' ').length, 0) / pairs.length;
console.log(`${pairs.length} pairs, ${words.toFixed(1)} words per reference, best of ${RUNS} runs`);
console.log(`baseline (whitespace split of both texts): ${Math.round(baseline)} pairs/s`);
for (const [name, r] of rows) console.log(`${name.padEnd(7)} ${String(Math.round(r)).padStart(8)} pairs/s   ${(baseline / r).toFixed(1)}× the baseline's time`);

const bigRef = answers.join(' ').repeat(3).slice(0, 200_000);
const bigHyp = perturb(bigRef);
for (const [name, f] of [
  ['bleu', () => bleuSegmentStats(bigHyp, [bigRef])],
  ['chrf', () => chrfSegmentStats(bigHyp, [bigRef])],
  ['ter', () => terSegmentStats(bigHyp, [bigRef])],
  ['rougeL', () => rougeScore('rougeL', bigRef, bigHyp)],
] as const) {
  const t = performance.now();
  f();
  console.log(`200 KB pair: ${name.padEnd(7)} ${(performance.now() - t).toFixed(0)} ms`);
}
if (sink === 42) console.log('');
