/**
 * Throughput of the local scorers on 500-character texts, single thread (= per core).
 *   npx node bench/scorers/scorers.bench.ts [--runs=7] [--texts=3000]
 * Texts: HaluEval ChatGPT answers and Davidson tweets cut into 500-character windows
 * (shared/data). Baseline in the same run: text.toLowerCase().split(/\s+/) over the same texts.
 * Prints the median texts/s of each and the ratio scorer/baseline.
 */
import { readFileSync } from 'node:fs';
import { requireSharedData } from '../../scripts/shared-data.ts';
import { toxicity } from '../../src/enrich/toxicity/toxicity.ts';
import { readability } from '../../src/enrich/readability/readability.ts';
import { findPii } from '../../src/enrich/pii/find.ts';

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const RUNS = arg('runs', 7);
const COUNT = arg('texts', 3000);
const WIDTH = 500;

function windows(source: string, count: number): string[] {
  const out: string[] = [];
  for (let at = 0; out.length < count && at + WIDTH <= source.length; at += WIDTH) out.push(source.slice(at, at + WIDTH));
  return out;
}

const answers = readFileSync(requireSharedData('halueval/general_data.json'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => String((JSON.parse(l) as { chatgpt_response?: unknown }).chatgpt_response ?? ''))
  .join(' ');
const tweets = readFileSync(requireSharedData('davidson-hate-offensive/labeled_data.csv'), 'utf8');
const prose = [...windows(answers, Math.ceil(COUNT * 0.8)), ...windows(tweets, Math.floor(COUNT * 0.2))];
// The same windows with PII and secret-shaped strings spliced in, for the PII worst case.
const piiLaden = prose.map((t, i) =>
  (`Contact jane.doe${i}@example.com or +1 (415) 555-${String(1000 + (i % 9000)).padStart(4, '0')}, card 4111 1111 1111 1111, ` +
    `host 10.0.${i % 256}.7, key sk-${'A1b2C3d4'.repeat(6)} ` + t).slice(0, WIDTH),
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

let sink = 0;
function throughput(texts: readonly string[], work: (text: string) => number): number {
  for (let i = 0; i < Math.min(200, texts.length); i++) sink += work(texts[i]!); // warm-up
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    for (const text of texts) sink += work(text);
    rates.push(texts.length / ((performance.now() - started) / 1000));
  }
  return median(rates);
}

const baseline = (text: string): number => text.toLowerCase().split(/\s+/).length;
const cases: Array<[string, readonly string[], (text: string) => number]> = [
  ['toxicity', prose, toxicity],
  ['readability', prose, (t) => readability(t).flesch_reading_ease],
  ['pii (ordinary text)', prose, (t) => findPii(t).length],
  ['pii (every text has 6 findings)', piiLaden, (t) => findPii(t).length],
];

console.log(`${prose.length} texts of ${WIDTH} chars, median of ${RUNS} runs, one thread`);
for (const [name, texts, work] of cases) {
  const base = throughput(texts, baseline);
  const rate = throughput(texts, work);
  console.log(
    `${name.padEnd(32)} ${Math.round(rate).toLocaleString('en').padStart(9)} texts/s | baseline ${Math.round(base).toLocaleString('en').padStart(9)} texts/s | ratio ${(rate / base).toFixed(3)}`,
  );
}
if (sink === Number.MIN_VALUE) console.log(sink); // keep the work observable
