/**
 * Toxicity model cost: texts per CPU-second of one thread at 500 characters (CPU time, so other processes
 * on a shared machine do not count), against a same-run baseline (lower-casing and splitting the same texts),
 * and the model's load time in a fresh process (file read, decode, featuriser, word vectors).
 * Texts: the vendored benign-answer and HateCheck fixtures, cut or padded to 500 characters.
 *
 * Run: npx node bench/toxicity/toxicity.bench.ts   (target: >= 5,000 texts/s per core, load < 1 s)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { toxicity } from '../../src/enrich/toxicity/toxicity.ts';

const lines = (path: string): string[] => readFileSync(new URL(path, import.meta.url), 'utf8').split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { text: string }).text);
const prose = lines('../../test/fixtures/halueval-answers/benign-answers.jsonl').join(' ');
const short = lines('../../test/fixtures/hatecheck/hatecheck.jsonl');
const texts: string[] = [];
for (let at = 0; texts.length < 2000 && at + 500 <= prose.length; at += 500) texts.push(prose.slice(at, at + 500));
for (let i = 0; texts.length < 3000; i++) texts.push(short.slice(i, i + 8).join(' ').padEnd(500, ' ok').slice(0, 500));

const cpuSeconds = (run: () => void): number => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let sink = 0;
for (const t of texts.slice(0, 300)) sink += toxicity(t); // warm-up (JIT, lazy tables)
const ours: number[] = [];
const baseline: number[] = [];
for (let run = 0; run < 5; run++) {
  ours.push(texts.length / cpuSeconds(() => { for (const t of texts) sink += toxicity(t); }));
  baseline.push(texts.length / cpuSeconds(() => { for (const t of texts) sink += t.toLowerCase().split(/\s+/).length; }));
}
const loadMs = Number(execFileSync(process.execPath, ['--input-type=module', '-e', `
  const start = performance.now();
  const { loadToxicityModel, toxicity } = await import(${JSON.stringify(new URL('../../src/enrich/toxicity/toxicity.ts', import.meta.url).href)});
  loadToxicityModel(); toxicity('warm up the word vectors');
  console.log(performance.now() - start);`], { encoding: 'utf8' }).trim());
console.log(`${texts.length} texts of 500 chars, median of 5 runs, CPU time of one thread`);
console.log(`toxicity : ${Math.round(median(ours)).toLocaleString('en-US')} texts per CPU-second (target >= 5,000)`);
console.log(`baseline : ${Math.round(median(baseline)).toLocaleString('en-US')} texts per CPU-second (lower-case + split); ratio ${(median(ours) / median(baseline)).toFixed(3)}`);
console.log(`load in a fresh process (import, model file, word vectors, first call): ${loadMs.toFixed(0)} ms (target < 1,000 ms)`);
if (sink < 0) console.log(sink);
