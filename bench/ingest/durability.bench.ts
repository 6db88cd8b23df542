/**
 * Ingest throughput with --durability wal vs memory, alternating in the same run (target: the
 * write-ahead log costs at most 20%).
 *
 *   npx node bench/ingest/durability.bench.ts [--requests 300] [--runs 3]
 */
import { makePayloads } from '../support/payloads.ts';
import { median, runCollector } from './harness.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const REQUESTS = opt('--requests', 300);
const RUNS = opt('--runs', 3);

const { payloads, spans } = makePayloads({ requests: REQUESTS, spansPerRequest: [100, 500], seed: 7 });
console.log(`payloads: ${payloads.length} requests, ${spans} spans; ${RUNS} runs, alternating memory / wal`);
const mem: number[] = [];
const wal: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const a = await runCollector(payloads, spans, ['--durability', 'memory']);
  const b = await runCollector(payloads, spans, ['--durability', 'wal']);
  mem.push(a.spansPerSec);
  wal.push(b.spansPerSec);
  console.log(`run ${r + 1}: memory ${a.spansPerSec.toFixed(0)} spans/s, wal ${b.spansPerSec.toFixed(0)} spans/s (accept ${a.acceptPerSec.toFixed(0)} vs ${b.acceptPerSec.toFixed(0)}/s)`);
}
const ratio = median(wal) / median(mem);
console.log(`\nmedian: memory ${median(mem).toFixed(0)} spans/s | wal ${median(wal).toFixed(0)} spans/s | wal costs ${((1 - ratio) * 100).toFixed(1)}%`);
