/**
 * Throughput of the hallucination scorer on a ~1,000-character context and a ~300-character answer, against a
 * plain word-overlap scorer measured in the same run. Prints medians of several timed runs and the ratio.
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

function perSecond(fn: () => number, iterations: number): number {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < -1) console.log(sink); // keep the work observable
  return iterations / seconds;
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
console.log(`hallucination scorer : ${Math.round(h).toLocaleString('en-US')} scorings/s (one core)`);
console.log(`word-overlap baseline: ${Math.round(b).toLocaleString('en-US')} scorings/s`);
console.log(`ratio (scorer / baseline): ${(h / b).toFixed(3)}  (target: >= 2,000 scorings/s)`);
