/**
 * Forwarding overhead with a healthy downstream: the collector's ingest rate (OTLP/HTTP protobuf
 * traces from 4 keep-alive clients, write-ahead log on, until flushed and exited) with
 * --forward-otlp to a downstream in another process (bench/forward/sink.ts) over OTLP/HTTP and over
 * OTLP/gRPC, against the same collector without forwarding, alternating in the same run (target:
 * forwarding costs < 15% of the ingest rate). Also checks that every span reached the downstream.
 *
 *   npx node bench/forward/overhead.bench.ts [--requests 60] [--runs 3]   (about 3 minutes)
 */
import { spawn } from 'node:child_process';
import { makePayloads } from '../support/payloads.ts';
import { median, repo, runCollector } from '../ingest/harness.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const REQUESTS = opt('--requests', 60);
const RUNS = opt('--runs', 3);

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

const { payloads, spans } = makePayloads({ requests: REQUESTS, spansPerRequest: [100, 500], seed: 7 });
console.log(`payloads: ${payloads.length} requests, ${spans} spans; ${RUNS} runs, alternating none / http / grpc`);
const rates: Record<'none' | 'http' | 'grpc', number[]> = { none: [], http: [], grpc: [] };
const cpu: Record<'none' | 'http' | 'grpc', number[]> = { none: [], http: [], grpc: [] };
try {
  for (let r = 0; r < RUNS; r++) {
    const line: string[] = [];
    for (const mode of ['none', 'http', 'grpc'] as const) {
      await fetch(`${sinkUrl}/reset`, { method: 'POST' });
      const flags = mode === 'none' ? [] : ['--forward-otlp', mode === 'http' ? sinkUrl : `http://127.0.0.1:${grpcPort}`, '--forward-protocol', mode === 'http' ? 'http/protobuf' : 'grpc'];
      const run = await runCollector(payloads, spans, flags);
      rates[mode].push(run.spansPerSec);
      cpu[mode].push(run.cpuUsPerSpan);
      let delivered = '';
      if (mode !== 'none') {
        const st = await sinkStats();
        if (st.spans !== spans) throw new Error(`${mode}: the downstream got ${st.spans} of ${spans} spans`);
        delivered = ` (${st.requests} forward requests, ${(st.bytes / 2 ** 20).toFixed(1)} MiB)`;
      }
      line.push(`${mode} ${run.spansPerSec.toFixed(0)} spans/s, ${run.cpuUsPerSpan.toFixed(1)} µs CPU/span${delivered}`);
    }
    console.log(`run ${r + 1}: ${line.join(' | ')}`);
  }
} finally {
  sink.kill('SIGTERM');
}
const base = median(rates.none);
for (const mode of ['http', 'grpc'] as const) {
  const m = median(rates[mode]);
  console.log(
    `forward ${mode}: ${m.toFixed(0)} vs ${base.toFixed(0)} spans/s without forwarding → costs ${((1 - m / base) * 100).toFixed(1)}% of the ingest rate (target < 15%); collector CPU ${median(cpu[mode]).toFixed(1)} vs ${median(cpu.none).toFixed(1)} µs/span (+${((median(cpu[mode]) / median(cpu.none) - 1) * 100).toFixed(1)}%)`,
  );
}
