/** Child process: inserts the collector's rows straight into chdb, batch by batch; prints the timing as JSON. */
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { makePayloads } from '../support/payloads.ts';
import { rowsFor } from './rows.ts';

const [dataDir, requests, batchRows] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const { payloads, spans } = makePayloads({ requests, spansPerRequest: [100, 500], seed: 7 });
const rows = await rowsFor(payloads);
// Re-chunk into batches of about batchRows lines per table, as the collector's writer does.
const batches: Array<[string, string]> = [];
for (const [table, parts] of Object.entries(rows)) {
  let buf = '';
  let n = 0;
  for (const p of parts) {
    buf += p;
    n += p.split('\n').length - 1;
    if (n >= batchRows) {
      batches.push([table, buf]);
      buf = '';
      n = 0;
    }
  }
  if (buf) batches.push([table, buf]);
}
const store = new EmbeddedStore(dataDir);
await migrate(store, { database: 'llmscope' });
const t0 = performance.now();
for (const [table, text] of batches) await store.insertJsonEachRow(`llmscope.${table}`, text);
const ms = performance.now() - t0;
const [c] = await store.query<{ c: number }>('SELECT count() AS c FROM llmscope.otel_traces');
await store.close();
process.stdout.write(JSON.stringify({ spans, ms, stored: c!.c, batches: batches.length }) + '\n');
