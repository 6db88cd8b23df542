/**
 * Throughput of the hallucination scorer on a ~1,000-character context and a ~300-character answer, against a
 * plain word-overlap scorer measured in the same run. Prints medians of several timed runs and the ratio.
 *
 * Then the long-input bound: milliseconds per scoring with a 100 KB context (a RAG-sized source built from distinct
 * passages, and the issue-16 "aaaa " payload), against word overlap on the same input (target: <= 20 ms).
 *
 * Run: npx node bench/hallucination/hallucination.bench.ts
 */
import { hallucination } from '../../src/enrich/hallucination/index.ts';

const CONTEXT = [
  'The Eastern Front of World War II was a theatre of conflict between the European Axis powers and Finland against the Soviet Union, Poland and other Allies.',
  'It encompassed Central and Eastern Europe from 22 June 1941 to 9 May 1945.',
  'Operation Barbarossa, the German invasion of the Soviet Union, began on 22 June 1941 with more than 3,000,000 soldiers.',
  'The Red Army stopped the Wehrmacht at the Battle of Moscow in December 1941, the first major German defeat of the war.',
  "The Battle of Stalingrad, fought between August 1942 and February 1943, ended with the surrender of the German 6th Army.",
  'In July 1943 the Battle of Kursk, the largest tank battle in history, marked the end of German offensives in the east.',
  'Soviet forces then advanced steadily westward, reaching Berlin in April 1945.',
  'The front saw the largest military confrontation in history, and an estimated 30 million people died, many of them civilians.',
  'Germany surrendered unconditionally on 8 May 1945 in Berlin, ending the war in Europe.',
].join(' ');
const ANSWER =
  'Operation Barbarossa began on 22 June 1942 when Finland invaded the Soviet Union. The Battle of Stalingrad ended with the surrender of the Soviet 6th Army in February 1943, and the Red Army did not reach Berlin until 1946. About 3 million people died on the front, most of them soldiers, and Germany never surrendered.';
const QUESTION = 'What happened on the Eastern Front?';

function overlapRisk(context: string, answer: string): number {
  const contextWords = new Set(context.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);
  const words = answer.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  let found = 0;
  for (const w of words) if (contextWords.has(w)) found++;
  return words.length ? 1 - found / words.length : 0;
}

/** Calls per CPU-second of this thread (CPU time: other processes on a shared machine do not count). */
function perSecond(fn: () => number, iterations: number): number {
  let sink = 0;
  const start = process.cpuUsage();
  for (let i = 0; i < iterations; i++) sink += fn();
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  if (sink < -1) console.log(sink); // keep the work observable
  return iterations / Math.max(seconds, 1e-6);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const RUNS = 7;
console.log(`context ${CONTEXT.length} chars, answer ${ANSWER.length} chars, ${RUNS} runs each (medians)`);
perSecond(() => hallucination(QUESTION, CONTEXT, ANSWER)!.score, 500); // warm-up (JIT)
perSecond(() => overlapRisk(CONTEXT, ANSWER), 5000);
const ours: number[] = [];
const baseline: number[] = [];
for (let r = 0; r < RUNS; r++) {
  ours.push(perSecond(() => hallucination(QUESTION, CONTEXT, ANSWER)!.score, 2000));
  baseline.push(perSecond(() => overlapRisk(CONTEXT, ANSWER), 20000));
}
const h = median(ours);
const b = median(baseline);
console.log(`hallucination scorer : ${Math.round(h).toLocaleString('en-US')} scorings per CPU-second (one core)`);
console.log(`word-overlap baseline: ${Math.round(b).toLocaleString('en-US')} scorings per CPU-second`);
console.log(`ratio (scorer / baseline): ${(h / b).toFixed(3)}  (target: >= 2,000 scorings/s)`);

// --- long input: a 100 KB context (distinct passages; the answer's facts sit in one of them)
const TOPICS = ['river', 'bridge', 'library', 'festival', 'railway', 'harbour', 'observatory', 'museum', 'stadium', 'orchard'];
const passage = (n: number): string =>
  `The ${TOPICS[n % TOPICS.length]} of district ${n} was opened in ${1800 + (n % 200)} by ${['Ada', 'Ben', 'Chiara', 'Dmitri'][n % 4]} ${['Lovell', 'Okafor', 'Ruiz', 'Tanaka'][(n >> 2) % 4]}; it serves about ${(n * 37) % 9000 + 100} visitors a week and was restored in ${1950 + (n % 70)}. `;
let longContext = '';
for (let n = 0; longContext.length < 100_000; n++) longContext += n === 300 ? CONTEXT : passage(n);
const pathological = 'aaaa '.repeat(20_000);
const msPer = (fn: () => number, iterations: number): number => 1000 / perSecond(fn, iterations);
for (const [label, context, answer] of [
  ['100 KB context (distinct passages)', longContext, ANSWER],
  ['100 KB context + 100 KB answer, "aaaa " (issue 16)', pathological, pathological],
] as const) {
  msPer(() => hallucination(QUESTION, context, answer)!.score, 3); // warm-up
  const oursMs: number[] = [];
  const baseMs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    oursMs.push(msPer(() => hallucination(QUESTION, context, answer)!.score, 10));
    baseMs.push(msPer(() => overlapRisk(context, answer), 10));
  }
  const o = median(oursMs);
  const w = median(baseMs);
  console.log(`${label}: ${o.toFixed(2)} CPU-ms per scoring (target <= 20 ms); word overlap ${w.toFixed(2)} ms; ratio ${(o / w).toFixed(2)}`);
}
