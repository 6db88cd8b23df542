/**
 * Ingest throughput for content-carrying GenAI spans with all local scorers on vs off, in the same
 * run (alternating), through the collector as a child process into the embedded store.
 *
 *   npx node bench/ingest/scorers-ingest.bench.ts [--requests 150] [--runs 3] [--threads 1]
 */
import { makePayloads } from '../support/payloads.ts';
import { median, runCollector } from './harness.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const REQUESTS = opt('--requests', 150);
const RUNS = opt('--runs', 3);
const THREADS = opt('--threads', 1);

const { payloads, spans, genaiSpans } = makePayloads({ requests: REQUESTS, spansPerRequest: [100, 300], seed: 11, withContent: true });
console.log(`payloads: ${payloads.length} requests, ${spans} spans (${genaiSpans} GenAI, chat spans carry prompt+answer); ${RUNS} runs; scorer threads ${THREADS}`);
const off: number[] = [];
const on: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const a = await runCollector(payloads, spans, ['--scorers=']);
  const b = await runCollector(payloads, spans, ['--scorers=toxicity,hallucination,readability,pii', '--scorer-threads', String(THREADS)]);
  off.push(a.spansPerSec);
  on.push(b.spansPerSec);
  console.log(`run ${r + 1}: scorers off ${a.spansPerSec.toFixed(0)} spans/s, on ${b.spansPerSec.toFixed(0)} spans/s (peak RSS ${(b.peakRss / 2 ** 20).toFixed(0)} MiB)`);
}
console.log(`\nmedian: scorers off ${median(off).toFixed(0)} spans/s | on ${median(on).toFixed(0)} spans/s | ratio ${(median(on) / median(off)).toFixed(2)}`);
