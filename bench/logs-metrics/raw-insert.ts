/**
 * Child process: the raw engine baseline for logs and metrics. Builds the same rows the collector
 * builds (its own row builders), then inserts them straight into chdb (JSONEachRow, batches of
 * --batch-rows per table, as the collector's writer groups them) and prints rows/s and CPU µs per
 * row (all threads) as JSON.
 */
import { mkdirSync } from 'node:fs';
import { Session } from 'chdb';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { decodeLogsRequestProtobuf } from '../../src/otlp/decode-logs-protobuf.ts';
import { decodeMetricsRequestProtobuf } from '../../src/otlp/decode-metrics-protobuf.ts';
import { logsRows } from '../../src/pipeline/logs-rows.ts';
import { metricsRows } from '../../src/pipeline/metrics-rows.ts';
import { logsPayloads, metricsPayloads } from './payloads.ts';

const [dataDir, signal, requests, perRequest, batchRows] = [process.argv[2]!, process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), Number(process.argv[6])];
const { payloads, items } = signal === 'logs' ? logsPayloads(requests, perRequest) : metricsPayloads(requests, perRequest);
const perTable = new Map<string, string[]>();
for (const p of payloads) {
  const rows = signal === 'logs' ? logsRows(decodeLogsRequestProtobuf(p), 'default') : metricsRows(decodeMetricsRequestProtobuf(p), 'default');
  for (const [t, text] of Object.entries(rows.lines)) if (text) (perTable.get(t) ?? perTable.set(t, []).get(t)!).push(text);
}
const batches: Array<[string, Buffer]> = [];
for (const [table, parts] of perTable) {
  let buf = '';
  let n = 0;
  for (const part of parts) {
    buf += part;
    n += part.split('\n').length - 1;
    if (n >= batchRows) {
      batches.push([table, Buffer.from(buf)]);
      buf = '';
      n = 0;
    }
  }
  if (buf) batches.push([table, Buffer.from(buf)]);
}
mkdirSync(dataDir, { recursive: true });
const store = new EmbeddedStore(dataDir);
await migrate(store, { database: 'llmscope' });
await store.close();
const session = new Session(dataDir);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const [table, values] of batches) await session.insert({ table: `llmscope.${table}`, values, format: 'JSONEachRow' });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
// CPU of the whole process (chdb's threads included), µs per item.
process.stdout.write(JSON.stringify({ items, ms, perSec: items / (ms / 1000), cpuUs: (cpu.user + cpu.system) / items }) + '\n');
