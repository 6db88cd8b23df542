/**
 * Child process: the raw engine baseline. Inserts the collector's rows straight into chdb (its own
 * JSONEachRow insert API, no collector code on the insert path), batch by batch as the collector's
 * writer groups them; prints the timing as JSON — for all tables, and for otel_traces alone.
 */
import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { makePayloads } from '../support/payloads.ts';
import { rowsFor } from './rows.ts';

const [dataDir, requests, batchRows, spansPerRequest] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), process.argv[5]!];
const [lo, hi] = spansPerRequest.split('-').map(Number) as [number, number?];
const { payloads, spans } = makePayloads({ requests, spansPerRequest: [lo, hi ?? lo], seed: 7 });
const rows = await rowsFor(payloads);
// Re-chunk into batches of about batchRows lines per table, as the collector's writer does.
const batches: Array<[string, Buffer, number]> = [];
let totalRows = 0;
for (const [table, parts] of Object.entries(rows)) {
  let buf = '';
  let n = 0;
  for (const p of parts) {
    buf += p;
    n += p.split('\n').length - 1;
    if (n >= batchRows) {
      batches.push([table, Buffer.from(buf), n]);
      totalRows += n;
      buf = '';
      n = 0;
    }
  }
  if (buf) {
    batches.push([table, Buffer.from(buf), n]);
    totalRows += n;
  }
}
// The schema comes from the collector's migrations; the inserts below use chdb directly.
mkdirSync(dataDir, { recursive: true });
const store = new EmbeddedStore(dataDir);
await migrate(store, { database: 'llmscope' });
await store.close();
const session = new Session(dataDir);
const cpuMs = () => {
  const u = process.cpuUsage(); // the whole process: chdb's threads too
  return (u.user + u.system) / 1000;
};
let ms = 0;
let tracesMs = 0;
let cpu = 0;
let tracesCpu = 0;
for (const [table, values] of batches) {
  const t0 = performance.now();
  const c0 = cpuMs();
  await session.insert({ table: `llmscope.${table}`, values, format: 'JSONEachRow' });
  const dt = performance.now() - t0;
  const dc = cpuMs() - c0;
  ms += dt;
  cpu += dc;
  if (table === 'otel_traces') {
    tracesMs += dt;
    tracesCpu += dc;
  }
}
const r = await session.queryAsync('SELECT count() AS c FROM llmscope.otel_traces', { format: 'JSONEachRow' });
const stored = (JSON.parse(r.text()) as { c: number }).c;
session.close();
process.stdout.write(JSON.stringify({ spans, rows: totalRows, ms, tracesMs, cpuMs: cpu, tracesCpuMs: tracesCpu, stored, batches: batches.length }) + '\n');
