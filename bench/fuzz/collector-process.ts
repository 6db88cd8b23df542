/**
 * The collector under fuzzing, in its own process (bench/fuzz/fuzz.bench.ts spawns it), so a crash
 * is seen as the process dying and a stuck writer cannot hang the bench. Protocol:
 *   stdout  {"url": "..."} once listening; then one JSON line per command
 *   stdin   "count <service>"  → flush (bounded) and count stored spans of that service
 *           "close"            → close the collector; the process then ends by itself
 */
import { createInterface } from 'node:readline';
import { startCollector } from '../../src/collector.ts';
import { createLogger } from '../../src/log.ts';

const [dataDir, maxBody] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: collector-process.ts <data dir> <max body bytes>');
const warnings: string[] = [];
const logger = createLogger('warn', (line) => void (warnings.length < 5 && warnings.push(line.slice(0, 300))));
const collector = await startCollector({ port: 0, dataDir, scorers: [], logger, maxBodyBytes: Number(maxBody) });
process.stdout.write(`${JSON.stringify({ url: collector.url })}\n`);

const bounded = <T>(p: Promise<T>, ms: number) => Promise.race([p.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), ms).unref())]);
for await (const line of createInterface({ input: process.stdin })) {
  const [cmd, arg] = line.split(' ');
  if (cmd === 'count') {
    const flushed = await bounded(collector.flush(), 30_000);
    const [r] = flushed
      ? await collector.store.query<{ n: string; d: string }>(
          'SELECT count() AS n, count(DISTINCT SpanId) AS d FROM llmscope.otel_traces WHERE ServiceName = {svc:String}',
          { svc: arg ?? '' },
        )
      : [{ n: '-1', d: '-1' }];
    const s = collector.writer.stats;
    process.stdout.write(`${JSON.stringify({ flushed, n: Number(r!.n), d: Number(r!.d), insertErrors: s.insertErrors, warnings, counters: collector.counters })}\n`);
  } else if (cmd === 'close') {
    await collector.close();
    break;
  }
}
// The parent keeps our stdin open: let go of it so the process can end by itself.
process.stdin.destroy();
