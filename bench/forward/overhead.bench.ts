/**
 * Forwarding overhead with a healthy downstream: the collector's ingest rate (OTLP/HTTP protobuf
 * traces from 4 keep-alive clients, write-ahead log on) with --forward-otlp to a downstream in
 * another process (bench/forward/sink.ts) over OTLP/HTTP and over OTLP/gRPC, against the same
 * collector without forwarding, alternating in the same run (target: forwarding costs < 15% of the
 * ingest rate). The ingest rate runs from the first request until the collector's /metrics says
 * every span is stored (llmscope_rows_written_total, as bench/logs-metrics measures it); the
 * collector's CPU time per span (all threads) is taken over the same interval. Then the bench waits
 * until the downstream has everything (llmscope_forward_items_total; printed as the forwarding
 * lag after the last span was stored) and checks that the downstream got every span exactly once.
 * Stopping the collector is not timed (a stop with a forwarding backlog waits for it up to a grace
 * of 5 s and keeps the rest queued on disk, which would make the count depend on the machine).
 *
 * The default is a steady-state run (300 requests, ~92k spans, several seconds per collector): at
 * 60 requests a run lasted ~1.5 s and the ratio mostly measured start-up noise.
 *
 *   npx node bench/forward/overhead.bench.ts [--requests 300] [--runs 3]   (about 3 minutes)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../support/payloads.ts';
import { cpuMsOf, median, postOtlp, repo, sendAll, startCollectorProcess } from '../ingest/harness.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const REQUESTS = opt('--requests', 300);
const RUNS = opt('--runs', 3);
const CLIENTS = 4;

const sink = spawn(process.execPath, ['bench/forward/sink.ts'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
const [httpPort, grpcPort] = await new Promise<[number, number]>((resolve) => {
  let s = '';
  sink.stdout.on('data', (d) => {
    s += d;
    const m = /ready (\d+) (\d+)/.exec(s);
    if (m) resolve([Number(m[1]), Number(m[2])]);
  });
});
const sinkUrl = `http://127.0.0.1:${httpPort}`;
const sinkStats = async () => (await (await fetch(`${sinkUrl}/stats`)).json()) as { requests: number; bytes: number; spans: number };

/** Sum of a counter's samples whose labels match. */
function counter(text: string, name: string, labels: RegExp): number {
  let n = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\d+)`, 'gm'))) if (labels.test(m[1]!)) n += Number(m[2]);
  return n;
}

interface Run {
  spansPerSec: number;
  cpuUsPerSpan: number;
  /** From the last span stored until the downstream acknowledged the last one (0 without forwarding). */
  forwardLagMs: number;
}

async function run(payloads: Uint8Array[], spans: number, flags: string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-fwd-'));
  const { child, exited, url } = await startCollectorProcess(join(dir, 'data'), ['--grpc-port', '0', ...flags], { stdout: 'ignore' });
  const metrics = async () => (await fetch(`${url}/metrics`)).text();
  const cpu0 = cpuMsOf(child.pid!);
  const t0 = performance.now();
  await sendAll(payloads, CLIENTS, (p) => postOtlp(`${url}/v1/traces`, p), 50);
  while (counter(await metrics(), 'llmscope_rows_written_total', /table="otel_traces"/) < spans) await new Promise((r) => setTimeout(r, 20));
  const storedMs = performance.now() - t0;
  const cpuMs = cpuMsOf(child.pid!) - cpu0;
  const forwarding = flags.length > 0;
  while (forwarding && counter(await metrics(), 'llmscope_forward_items_total', /signal="traces"/) < spans) await new Promise((r) => setTimeout(r, 20));
  const forwardLagMs = forwarding ? performance.now() - t0 - storedMs : 0;
  child.kill('SIGTERM');
  if ((await exited) !== 0) throw new Error('collector exited with an error');
  rmSync(dir, { recursive: true, force: true });
  return { spansPerSec: spans / (storedMs / 1000), cpuUsPerSpan: (cpuMs * 1000) / spans, forwardLagMs };
}

const { payloads, spans } = makePayloads({ requests: REQUESTS, spansPerRequest: [100, 500], seed: 7 });
console.log(`payloads: ${payloads.length} requests, ${spans} spans; ${RUNS} runs, alternating none / http / grpc`);
const rates: Record<'none' | 'http' | 'grpc', number[]> = { none: [], http: [], grpc: [] };
const cpu: Record<'none' | 'http' | 'grpc', number[]> = { none: [], http: [], grpc: [] };
const lag: Record<'none' | 'http' | 'grpc', number[]> = { none: [], http: [], grpc: [] };
try {
  for (let r = 0; r < RUNS; r++) {
    const line: string[] = [];
    for (const mode of ['none', 'http', 'grpc'] as const) {
      await fetch(`${sinkUrl}/reset`, { method: 'POST' });
      const flags = mode === 'none' ? [] : ['--forward-otlp', mode === 'http' ? sinkUrl : `http://127.0.0.1:${grpcPort}`, '--forward-protocol', mode === 'http' ? 'http/protobuf' : 'grpc'];
      const one = await run(payloads, spans, flags);
      rates[mode].push(one.spansPerSec);
      cpu[mode].push(one.cpuUsPerSpan);
      lag[mode].push(one.forwardLagMs);
      let delivered = '';
      if (mode !== 'none') {
        const st = await sinkStats();
        if (st.spans !== spans) throw new Error(`${mode}: the downstream got ${st.spans} of ${spans} spans`);
        delivered = ` (${st.requests} forward requests, ${(st.bytes / 2 ** 20).toFixed(1)} MiB, all delivered ${one.forwardLagMs.toFixed(0)} ms after the last was stored)`;
      }
      line.push(`${mode} ${one.spansPerSec.toFixed(0)} spans/s, ${one.cpuUsPerSpan.toFixed(1)} µs CPU/span${delivered}`);
    }
    console.log(`run ${r + 1}: ${line.join(' | ')}`);
  }
} finally {
  sink.kill('SIGTERM');
}
// Ratios per run, then their median: a run's three collectors run back to back, so the ratio
// cancels the drift of a shared machine's load that a ratio of two medians keeps.
const perRun = (a: number[], b: number[]) => median(a.map((v, i) => v / b[i]!));
for (const mode of ['http', 'grpc'] as const) {
  console.log(
    `forward ${mode}: ${median(rates[mode]).toFixed(0)} vs ${median(rates.none).toFixed(0)} spans/s without forwarding → costs ${((1 - perRun(rates[mode], rates.none)) * 100).toFixed(1)}% of the ingest rate ` +
      `(median of the runs' ratios; target < 15%); collector CPU ${median(cpu[mode]).toFixed(1)} vs ${median(cpu.none).toFixed(1)} µs/span (+${((perRun(cpu[mode], cpu.none) - 1) * 100).toFixed(1)}%); ` +
      `median forwarding lag ${median(lag[mode]).toFixed(0)} ms`,
  );
}
