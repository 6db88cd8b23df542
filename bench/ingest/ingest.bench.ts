/**
 * End-to-end ingest throughput: OTLP protobuf (100–500 spans per request, half GenAI) from several
 * concurrent clients through the collector (a child process) into the embedded store; and, in the
 * same run, the raw insert rate of the same rows straight into chdb. Prints both, their ratio, and
 * the collector's peak RSS.
 *
 *   npx node bench/ingest/ingest.bench.ts [--requests 400] [--clients 4] [--runs 3] [-- extra collector flags]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../support/payloads.ts';
import { median, repo, runCollector } from './harness.ts';

const args = process.argv.slice(2);
const dd = args.indexOf('--');
const extra = dd >= 0 ? args.slice(dd + 1) : [];
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 && (dd < 0 || i < dd) ? Number(args[i + 1]) : def;
};
const REQUESTS = opt('--requests', 400);
const CLIENTS = opt('--clients', 4);
const RUNS = opt('--runs', 3);
const BATCH_ROWS = 20_000;

async function runRaw(): Promise<{ spansPerSec: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-raw-'));
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn(process.execPath, ['bench/ingest/raw-insert.ts', join(dir, 'data'), String(REQUESTS), String(BATCH_ROWS)], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`raw insert exited ${code}`))));
  });
  rmSync(dir, { recursive: true, force: true });
  const r = JSON.parse(out) as { spans: number; ms: number; stored: number };
  if (r.stored !== r.spans) throw new Error(`raw insert stored ${r.stored} of ${r.spans}`);
  return { spansPerSec: r.spans / (r.ms / 1000) };
}


const { payloads, spans, genaiSpans } = makePayloads({ requests: REQUESTS, spansPerRequest: [100, 500], seed: 7 });
const bytes = payloads.reduce((n, p) => n + p.byteLength, 0);
console.log(`payloads: ${payloads.length} requests, ${spans} spans (${genaiSpans} GenAI), ${(bytes / 1e6).toFixed(1)} MB protobuf; ${CLIENTS} clients; ${RUNS} runs; collector flags: ${extra.join(' ') || '(defaults)'}`);
const e2e: number[] = [];
const raw: number[] = [];
const rss: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const c = await runCollector(payloads, spans, extra, CLIENTS);
  const b = await runRaw();
  e2e.push(c.spansPerSec);
  raw.push(b.spansPerSec);
  rss.push(c.peakRss);
  console.log(
    `run ${r + 1}: collector end-to-end ${c.spansPerSec.toFixed(0)} spans/s (accepted at ${c.acceptPerSec.toFixed(0)}/s, ${c.rejected} retried 503s), raw chdb insert ${b.spansPerSec.toFixed(0)} spans/s, peak RSS ${(c.peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
}
console.log(
  `\nmedian: collector ${median(e2e).toFixed(0)} spans/s | raw chdb ${median(raw).toFixed(0)} spans/s | ratio ${(median(e2e) / median(raw)).toFixed(2)} | peak RSS ${(Math.max(...rss) / 2 ** 20).toFixed(0)} MiB (max of runs)`,
);
