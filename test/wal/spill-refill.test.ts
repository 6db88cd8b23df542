/**
 * Spilled requests (accepted into the write-ahead log while the writer's queue was full) are fed
 * back once there is room — and decoded only then: while the store is slow, a refill must not
 * decode a request just to find the queue still full (that cost a decode per spilled request per
 * retry, most of the collector's CPU under sustained load).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import type { Store } from '../../src/store/store.ts';
import { BatchWriter } from '../../src/store/batch-writer.ts';
import { Ingest } from '../../src/pipeline/ingest.ts';
import { DurableIngest } from '../../src/pipeline/durable.ts';
import { WalJournal } from '../../src/pipeline/wal-journal.ts';
import { DEFAULT_LIMITS } from '../../src/otlp/limits.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { countSpans } from '../../src/otlp/types.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { createPricer } from '../../src/pricing/pricer.ts';
import { createLogger } from '../../src/log.ts';
import { makePayloads } from '../../bench/support/payloads.ts';

let dir: string;
let store: EmbeddedStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-refill-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it('decodes a spilled request once, when the writer has room for it, and stores every span', async () => {
  // The real store behind a gate: inserts wait until the test opens it (a slow store).
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const gated: Store = {
    kind: store.kind,
    insert: (table, rows, options) => gate.then(() => store.insert(table, rows, options)),
    insertJsonEachRow: (table, text, options) => gate.then(() => store.insertJsonEachRow(table, text, options)),
    query: (sql, params) => store.query(sql, params),
    command: (sql, params) => store.command(sql, params),
    ping: () => store.ping(),
    close: async () => {},
  };
  const writer = new BatchWriter(gated, { database: 'llmscope', maxBatchRows: 100, flushIntervalMs: 10, maxQueuedRows: 300 });
  const ingest = new Ingest({ writer, understand: understandSpan, price: await createPricer() });
  const journal = await WalJournal.open({ dir: join(dir, 'wal'), maxBytes: 64 * 1024 * 1024, log: createLogger('error') });
  const durable = new DurableIngest({ journal, maxBytes: 64 * 1024 * 1024, ingest, writer, limits: DEFAULT_LIMITS, log: createLogger('error') });
  const { payloads, spans } = makePayloads({ requests: 40, spansPerRequest: [20, 20], seed: 5 });
  let spilled = 0;
  for (const p of payloads) {
    const req = decodeTraceRequestProtobuf(p);
    const r = await durable.accept(req, countSpans(req), 'default', 'protobuf', p);
    expect(r.ok).toBe(true);
    if (r.ok && r.spilled) spilled++;
  }
  expect(spilled).toBeGreaterThan(30);
  // The queue stays full for a while: refills are attempted (every 50 ms and on every spill) but decode nothing.
  await new Promise((r) => setTimeout(r, 400));
  expect(durable.stats.readBack).toBe(0);
  open();
  await durable.drainSpilled(20_000);
  await writer.flush();
  expect(durable.spilledRecords).toBe(0);
  expect(durable.stats.readBack).toBe(spilled);
  const [c] = await store.query<{ c: number }>('SELECT count() AS c FROM llmscope.otel_traces');
  expect(Number(c!.c)).toBe(spans);
  await writer.close();
  await durable.close();
  await journal.close();
});
