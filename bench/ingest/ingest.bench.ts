/**
 * End-to-end ingest throughput: OTLP protobuf from the official serializer (200 spans per request,
 * half GenAI) sent by several keep-alive clients through the collector (a child process, default
 * settings incl. the write-ahead log) into the embedded store; and, in the same run, the raw chdb
 * JSONEachRow insert rate of the same rows. Prints the collector's rate (acknowledged and end to
 * end, incl. the final flush), two ratios — vs inserting all of the collector's rows, and vs
 * inserting only the otel_traces rows (one per span: the engine's rate for the spans themselves) —
 * and the collector's peak RSS.
 *
 *   npx node bench/ingest/ingest.bench.ts [--requests 300] [--spans 200 | --spans 100-500] [--clients 8] [--runs 3]
 *       [--cpu-prof DIR] [--node-args '--max-semi-space-size=32 …'] [--threads] [-- extra collector flags]
 * --node-args replaces the V8 flags every launch path gives the collector (src/startup/node-flags.ts); '' runs it without.
 */
import { spawn } from 'node:child_process';
import { COLLECTOR_NODE_FLAGS } from '../../src/startup/node-flags.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makePayloads } from '../support/payloads.ts';
import { median, repo, runCollector } from './harness.ts';

const args = process.argv.slice(2);
const dd = args.indexOf('--');
const extra = dd >= 0 ? args.slice(dd + 1) : [];
const optStr = (name: string, def: string) => {
  const i = args.indexOf(name);
  return i >= 0 && (dd < 0 || i < dd) ? args[i + 1]! : def;
};
const opt = (name: string, def: number) => Number(optStr(name, String(def)));
const REQUESTS = opt('--requests', 300);
const SPANS = optStr('--spans', '200');
const CLIENTS = opt('--clients', 8);
const RUNS = opt('--runs', 3);
const PROF_DIR = optStr('--cpu-prof', '');
const SHOW_THREADS = args.includes('--threads');
// The collector runs with the flags every launch path gives it, unless --node-args says otherwise ('' = none).
const NODE_ARGS_GIVEN = optStr('--node-args', '\0');
const NODE_ARGS = NODE_ARGS_GIVEN === '\0' ? [...COLLECTOR_NODE_FLAGS] : NODE_ARGS_GIVEN.split(' ').filter(Boolean);
const BATCH_ROWS = 20_000; // the collector's default --batch-rows

interface RawRun {
  allRowsPerSec: number;
  tracesRowsPerSec: number;
  /** CPU time per otel_traces row (µs, all of chdb's threads). */
  tracesCpuUs: number;
}

async function runRaw(): Promise<RawRun> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-raw-'));
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn(process.execPath, ['bench/ingest/raw-insert.ts', join(dir, 'data'), String(REQUESTS), String(BATCH_ROWS), SPANS], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`raw insert exited ${code}`))));
  });
  rmSync(dir, { recursive: true, force: true });
  const r = JSON.parse(out) as { spans: number; rows: number; ms: number; tracesMs: number; tracesCpuMs: number; stored: number };
  if (r.stored !== r.spans) throw new Error(`raw insert stored ${r.stored} of ${r.spans}`);
  // "All rows" is expressed per span too: the spans whose rows (in every table) took that long.
  return { allRowsPerSec: r.spans / (r.ms / 1000), tracesRowsPerSec: r.spans / (r.tracesMs / 1000), tracesCpuUs: (r.tracesCpuMs * 1000) / r.spans };
}

const [lo, hi] = SPANS.split('-').map(Number) as [number, number?];
const { payloads, spans, genaiSpans } = makePayloads({ requests: REQUESTS, spansPerRequest: [lo, hi ?? lo], seed: 7 });
const bytes = payloads.reduce((n, p) => n + p.byteLength, 0);
console.log(
  `payloads: ${payloads.length} requests of ${SPANS} spans, ${spans} spans (${genaiSpans} GenAI), ${(bytes / 1e6).toFixed(1)} MB protobuf; ` +
    `${CLIENTS} keep-alive clients; ${RUNS} runs; collector flags: ${extra.join(' ') || '(defaults)'}`,
);
const e2e: number[] = [];
const acked: number[] = [];
const rawAll: number[] = [];
const rawTraces: number[] = [];
const rss: number[] = [];
const cpu: number[] = [];
const mainCpu: number[] = [];
const rawCpu: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const nodeArgs = [...NODE_ARGS, ...(PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROF_DIR)}`] : [])];
  const c = await runCollector(payloads, spans, extra, CLIENTS, nodeArgs);
  const b = await runRaw();
  e2e.push(c.spansPerSec);
  acked.push(c.acceptPerSec);
  rawAll.push(b.allRowsPerSec);
  rawTraces.push(b.tracesRowsPerSec);
  rss.push(c.peakRss);
  cpu.push(c.cpuUsPerSpan);
  mainCpu.push(c.mainThreadUsPerSpan);
  rawCpu.push(b.tracesCpuUs);
  if (SHOW_THREADS) console.log('collector CPU ms by thread (incl. start-up):', c.threads.slice(0, 12).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', '));
  console.log(
    `run ${r + 1}: collector ${c.acceptPerSec.toFixed(0)} spans/s acknowledged, ${c.spansPerSec.toFixed(0)} end to end (${c.rejected} retried 429/503s); ` +
      `raw chdb: all rows ${b.allRowsPerSec.toFixed(0)} spans/s, otel_traces only ${b.tracesRowsPerSec.toFixed(0)} rows/s; peak RSS ${(c.peakRss / 2 ** 20).toFixed(0)} MiB (anon ${(c.peakRssAnon / 2 ** 20).toFixed(0)}, file ${(c.peakRssFile / 2 ** 20).toFixed(0)}); ` +
      `CPU per span: collector ${c.cpuUsPerSpan.toFixed(0)} µs (main thread ${c.mainThreadUsPerSpan.toFixed(0)}), raw otel_traces insert ${b.tracesCpuUs.toFixed(0)} µs`,
  );
}
const m = median(e2e);
console.log(
  `\nmedian: collector ${median(acked).toFixed(0)} spans/s acknowledged, ${m.toFixed(0)} end to end` +
    ` | raw chdb all rows ${median(rawAll).toFixed(0)} spans/s, otel_traces only ${median(rawTraces).toFixed(0)} rows/s` +
    `\nratio end to end vs all rows: ${(m / median(rawAll)).toFixed(2)} | vs otel_traces only: ${(m / median(rawTraces)).toFixed(2)} (target ≥ 0.5)` +
    ` | peak RSS ${(Math.max(...rss) / 2 ** 20).toFixed(0)} MiB (max of runs; target < 600)` +
    // CPU time is steadier than wall time on a shared machine: it says where the work is.
    `\nCPU per span: collector ${median(cpu).toFixed(0)} µs (main thread ${median(mainCpu).toFixed(0)} µs) vs raw otel_traces insert ${median(rawCpu).toFixed(0)} µs per row`,
);
