/**
 * Throughput of the prompt_injection and relevance scorers, single thread (= per core).
 *   npx node bench/scorers/injection-relevance.bench.ts [--runs=5] [--texts=3000]
 * prompt_injection: 500-character windows of jailbreak-benign-mix and deepset prompts (shared/data).
 * relevance: SelQA questions with 500-character answers (the candidate sentence and its neighbours).
 * Baseline in the same run: text.toLowerCase().split(/\s+/) over the same texts. Rates are per
 * second of this process's CPU time (user + system), so a machine shared with other work still
 * gives a per-core figure; wall-clock rates are printed beside them. Also: word-vector
 * table load time, and one 200 KB retrieved document / one 200 KB answer (cost cap).
 */
import { readFileSync } from 'node:fs';
import { requireSharedData } from '../../scripts/shared-data.ts';
import { parseCsvRecords } from '../../scripts/csv.ts';
import { decodeWordVectors, WORD_VECTORS_URL } from '../../src/enrich/text/word-vectors.ts';
import { promptInjection } from '../../src/enrich/prompt-injection/prompt-injection.ts';
import { relevance } from '../../src/enrich/relevance/relevance.ts';

const arg = (name: string, fallback: number): number => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? Number(found.split('=')[1]) : fallback;
};
const RUNS = arg('runs', 5);
const COUNT = arg('texts', 3000);
const WIDTH = 500;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

let loadMs = Infinity;
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  decodeWordVectors(readFileSync(WORD_VECTORS_URL));
  loadMs = Math.min(loadMs, performance.now() - started);
}

const prompts = [
  ...parseCsvRecords(readFileSync(requireSharedData('jailbreak-benign-mix/data.csv'), 'utf8')),
  ...parseCsvRecords(readFileSync(requireSharedData('prompt-injections-deepset/data.csv'), 'utf8')),
].map((r) => r.text!);
const all = prompts.join('\n');
const promptWindows: string[] = [];
for (let at = 0; promptWindows.length < COUNT && at + WIDTH <= all.length; at += WIDTH) promptWindows.push(all.slice(at, at + WIDTH));

const selqa = parseCsvRecords(readFileSync(requireSharedData('selqa-answer-selection/data.csv'), 'utf8'));
const pairs: Array<[string, string]> = [];
for (let i = 0; pairs.length < COUNT && i < selqa.length; i++) {
  let answer = selqa[i]!.answer!;
  for (let k = i + 1; answer.length < WIDTH && k < selqa.length; k++) answer += ' ' + selqa[k]!.answer!;
  pairs.push([selqa[i]!.question!, answer.slice(0, WIDTH)]);
}

let sink = 0;
interface Rate {
  cpu: number;
  wall: number;
}
function throughput<T>(items: readonly T[], work: (item: T) => number): Rate {
  for (let i = 0; i < Math.min(200, items.length); i++) sink += work(items[i]!);
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    for (const item of items) sink += work(item);
    const used = process.cpuUsage(cpuStart);
    cpu.push(items.length / ((used.user + used.system) / 1e6));
    wall.push(items.length / ((performance.now() - started) / 1000));
  }
  return { cpu: median(cpu), wall: median(wall) };
}
const baseline = (text: string): number => text.toLowerCase().split(/\s+/).length;
const fmt = (x: number) => Math.round(x).toLocaleString('en').padStart(9);
const row = (name: string, rate: Rate, base: Rate) =>
  console.log(`${name.padEnd(34)} ${fmt(rate.cpu)} texts/cpu-s (wall ${fmt(rate.wall)}/s) | baseline ${fmt(base.cpu)} texts/cpu-s | ratio ${(rate.cpu / base.cpu).toFixed(3)}`);

console.log(`word-vector table load: ${loadMs.toFixed(1)} ms (best of 3)`);
console.log(`${promptWindows.length} prompts / ${pairs.length} pairs of ${WIDTH} chars, median of ${RUNS} runs, one thread`);
row('prompt_injection (500 chars)', throughput(promptWindows, (t) => promptInjection(t).score), throughput(promptWindows, baseline));
row('relevance (question + 500 chars)', throughput(pairs, ([q, a]) => relevance(q, a) ?? 0), throughput(pairs, ([q, a]) => baseline(q) + baseline(a)));

const doc = (all + '\n').repeat(Math.ceil(200_000 / all.length)).slice(0, 200_000);
const time = (work: () => void) => {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    work();
    const used = process.cpuUsage(cpuStart);
    ms.push((used.user + used.system) / 1000);
  }
  return median(ms);
};
console.log(`prompt_injection on one 200 KB document: ${time(() => (sink += promptInjection(doc).score)).toFixed(1)} ms CPU`);
console.log(`relevance with one 200 KB answer: ${time(() => (sink += relevance(pairs[0]![0], doc) ?? 0)).toFixed(1)} ms CPU`);
if (sink === Number.MIN_VALUE) console.log(sink);
