/**
 * CPU of the main thread's share of ingest, without HTTP, log or store: OTLP protobuf (the official
 * serializer, 200 spans per request, half GenAI) decoded and turned into rows, queued as bytes in a
 * real BatchWriter (whose store drops them). Steadier on a busy machine than the end-to-end bench
 * (thread CPU time, several rounds, the minimum and median printed): use it to A/B the decode and
 * row builders — run it on both versions, alternating.
 *
 *   npx node bench/ingest/build.bench.ts [--requests 100] [--rounds 10]
 */
import { parseArgs } from 'node:util';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { Ingest } from '../../src/pipeline/ingest.ts';
import { BatchWriter } from '../../src/store/batch-writer.ts';
import type { Store } from '../../src/store/store.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { createPricer } from '../../src/pricing/pricer.ts';
import { makePayloads } from '../support/payloads.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100' }, rounds: { type: 'string', default: '10' } } });
const { payloads, spans } = makePayloads({ requests: Number(values.requests), spansPerRequest: [200, 200], seed: 7 });
// Stands in for the store only to drop the rows (the writer never flushes within a round anyway).
const dropStore: Store = {
  kind: 'drop',
  insert: async () => {},
  insertJsonEachRow: async () => {},
  query: async () => [],
  command: async () => {},
  ping: async () => true,
  close: async () => {},
};
const price = await createPricer();
const threadMs = () => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};
const perSpan: number[] = [];
for (let r = 0; r < Number(values.rounds); r++) {
  const writer = new BatchWriter(dropStore, { database: 'bench', maxBatchRows: 1e9, flushIntervalMs: 1e9, maxQueuedRows: 1e9 });
  const ingest = new Ingest({ writer, understand: understandSpan, price });
  const t0 = threadMs();
  for (const p of payloads) if (!ingest.accept(decodeTraceRequestProtobuf(p), 'default').ok) throw new Error('not queued');
  perSpan.push(((threadMs() - t0) * 1000) / spans);
  await writer.close(0);
}
const sorted = [...perSpan].sort((a, b) => a - b);
console.log(`decode + rows + enqueue, main-thread CPU per span (µs), ${values.rounds} rounds of ${spans} spans: ${perSpan.map((x) => x.toFixed(2)).join(' ')}`);
console.log(`min ${sorted[0]!.toFixed(2)} | median ${sorted[sorted.length >> 1]!.toFixed(2)} µs per span (the first round includes JIT warm-up)`);
