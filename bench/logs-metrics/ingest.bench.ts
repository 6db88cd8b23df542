/**
 * Logs and metrics ingest through the collector (a child process, default settings incl. the
 * write-ahead log; OTLP/HTTP protobuf from keep-alive clients) vs the raw chdb insert rate of the
 * same rows in the same run (target ≥ 0.5); and traces over OTLP/gRPC vs OTLP/HTTP (same payloads,
 * same collector settings). Rates are end to end: from the first request until the collector's
 * /metrics says every row is stored (llmscope_rows_written_total); the process's shutdown after
 * that (closing the engine, exiting) is not ingest and is not counted (it is printed with BENCH_VERBOSE).
 * The acknowledged rate (until the last 200) and the collector's CPU time per item (all threads,
 * from /proc; steadier than wall time on a shared machine) are printed too.
 *
 * The default is a steady-state measurement: 120,000 items per signal (each collector run takes
 * several seconds), so start-up of the first insert and the final flush are a small share of it.
 * At 100 requests × 4 clients the run lasts about a second and the last batch's flush latency
 * dominates the rate (ratios ≈ 0.2 that say nothing about throughput). About 80 s per run of all
 * signals on two cores.
 *
 *   npx node bench/logs-metrics/ingest.bench.ts [--requests 600] [--per-request 200] [--clients 8] [--runs 3]
 *       [--signals logs,metrics,traces] [--cpu-prof DIR]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { makePayloads } from '../support/payloads.ts';
import { cpuMsOf, freePort, median, postOtlp, repo, sendAll, startCollectorProcess, threadCpuMsOf } from '../ingest/harness.ts';
import { COLLECTOR_NODE_FLAGS } from '../../src/startup/node-flags.ts';
import { logsPayloads, metricsPayloads } from './payloads.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const optStr = (name: string, def: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : def);
const REQUESTS = opt('--requests', 600);
const PER_REQUEST = opt('--per-request', 200);
const CLIENTS = opt('--clients', 8);
const RUNS = opt('--runs', 3);
const SIGNALS = new Set(optStr('--signals', 'logs,metrics,traces').split(','));
/** --cpu-prof DIR: each collector writes a V8 CPU profile there (open in Chrome DevTools). */
const PROF_DIR = optStr('--cpu-prof', '');
const BATCH_ROWS = 10_000;

type Transport = { kind: 'http'; path: string } | { kind: 'grpc'; method: string };

interface CollectorRate {
  /** Items per second until every item is stored. */
  stored: number;
  /** Items per second until the last request was acknowledged. */
  acked: number;
  /** CPU time of the collector process (all threads) per item, µs, from the first request until stored. */
  cpuUs: number;
}

/** Starts a collector, sends every payload (retrying 429/503), waits until every row is stored, stops it. */
async function throughCollector(payloads: Uint8Array[], items: number, transport: Transport): Promise<CollectorRate> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-lm-'));
  const grpcPort = await freePort();
  const { child, exited, url } = await startCollectorProcess(join(dir, 'data'), ['--grpc-port', String(grpcPort), '--batch-rows', String(BATCH_ROWS)], {
    nodeArgs: [...COLLECTOR_NODE_FLAGS, ...(PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROF_DIR)}`] : [])],
  });
  const client = transport.kind === 'grpc' ? new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) : null;
  const sendOnce = (body: Uint8Array): Promise<'ok' | 'retry'> =>
    transport.kind === 'http'
      ? postOtlp(`${url}${transport.path}`, body)
      : new Promise((resolve, reject) =>
          client!.makeUnaryRequest(transport.method, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, new grpc.Metadata(), (err) => {
            if (!err) resolve('ok');
            else if (err.code === grpc.status.RESOURCE_EXHAUSTED || err.code === grpc.status.UNAVAILABLE) resolve('retry');
            else reject(new Error(`unexpected status ${err.code}`));
          }),
        );
  const threads0 = threadCpuMsOf(child.pid!);
  const cpu0 = cpuMsOf(child.pid!);
  const t0 = performance.now();
  await sendAll(payloads, CLIENTS, sendOnce, 50);
  client?.close();
  const sentMs = performance.now() - t0;
  // Stored: rows confirmed written to the signal's tables (one row per item).
  const table = transport.kind === 'grpc' || transport.path === '/v1/traces' ? /^otel_traces$/ : transport.path === '/v1/logs' ? /^otel_logs$/ : /^otel_metrics_/;
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    let written = 0;
    for (const m of text.matchAll(/^llmscope_rows_written_total\{table="([^"]+)"\} (\d+)/gm)) if (table.test(m[1]!)) written += Number(m[2]);
    if (written >= items) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const storedMs = performance.now() - t0;
  const cpuMs = cpuMsOf(child.pid!) - cpu0;
  const threads = [...threadCpuMsOf(child.pid!)].map(([name, ms]) => [name, ms - (threads0.get(name) ?? 0)] as const).sort((a, b) => b[1] - a[1]);
  child.kill('SIGTERM');
  if ((await exited) !== 0) throw new Error('collector exited with an error');
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_VERBOSE)
    console.log(
      `  ${JSON.stringify(transport)}: accepted in ${sentMs.toFixed(0)} ms, stored in ${storedMs.toFixed(0)} ms, exited in ${ms.toFixed(0)} ms; ` +
        `CPU ms by thread until stored: ${threads.filter(([, ms]) => ms > 0).slice(0, 8).map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`,
    );
  return { stored: items / (storedMs / 1000), acked: items / (sentMs / 1000), cpuUs: (cpuMs * 1000) / items };
}

async function rawInsert(signal: 'logs' | 'metrics'): Promise<{ perSec: number; cpuUs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-raw-'));
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn(process.execPath, ['bench/logs-metrics/raw-insert.ts', join(dir, 'data'), signal, String(REQUESTS), String(PER_REQUEST), String(BATCH_ROWS)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`raw insert exited ${code}`))));
  });
  rmSync(dir, { recursive: true, force: true });
  return JSON.parse(out) as { perSec: number; cpuUs: number };
}

const logs = SIGNALS.has('logs') ? logsPayloads(REQUESTS, PER_REQUEST) : null;
const metrics = SIGNALS.has('metrics') ? metricsPayloads(REQUESTS, PER_REQUEST) : null;
const traces = SIGNALS.has('traces') ? makePayloads({ requests: REQUESTS, spansPerRequest: [PER_REQUEST, PER_REQUEST], seed: 7 }) : null;
console.log(`${REQUESTS} requests × ${PER_REQUEST} items per signal, ${CLIENTS} clients, ${RUNS} runs`);
const results: Record<string, number[]> = {};
const add = (k: string, v: number) => (results[k] ??= []).push(v);
const addRun = (k: string, r: CollectorRate) => {
  add(k, r.stored);
  add(`${k} acked`, r.acked);
  add(`${k} cpu`, r.cpuUs);
};
const fmt = (k: string, v: number) => (k.endsWith(' cpu') ? `${k} ${v.toFixed(1)} µs/item` : `${k} ${v.toFixed(0)}/s`);
for (let r = 0; r < RUNS; r++) {
  if (logs) {
    const raw = await rawInsert('logs');
    add('logs raw', raw.perSec);
    add('logs raw cpu', raw.cpuUs);
    addRun('logs collector', await throughCollector(logs.payloads, logs.items, { kind: 'http', path: '/v1/logs' }));
  }
  if (metrics) {
    const raw = await rawInsert('metrics');
    add('metrics raw', raw.perSec);
    add('metrics raw cpu', raw.cpuUs);
    addRun('metrics collector', await throughCollector(metrics.payloads, metrics.items, { kind: 'http', path: '/v1/metrics' }));
  }
  if (traces) {
    addRun('traces http', await throughCollector(traces.payloads, traces.spans, { kind: 'http', path: '/v1/traces' }));
    addRun('traces grpc', await throughCollector(traces.payloads, traces.spans, { kind: 'grpc', method: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' }));
  }
  console.log(`run ${r + 1}: ${Object.entries(results).map(([k, v]) => fmt(k, v.at(-1)!)).join(', ')}`);
}
const m = (k: string) => median(results[k]!);
console.log(`\nmedians: ${Object.keys(results).map((k) => fmt(k, m(k))).join(' | ')}`);
// Ratios per run, then their median: a run's raw insert and collector are measured back to back,
// so the ratio cancels the drift of a shared machine's load that a ratio of two medians keeps.
const perRun = (a: string, b: string) => median(results[a]!.map((v, i) => v / results[b]![i]!));
for (const signal of ['logs', 'metrics'] as const) {
  if (!results[`${signal} raw`]) continue;
  console.log(
    `${signal}: collector / raw chdb insert = ${perRun(`${signal} collector`, `${signal} raw`).toFixed(2)} end to end (target ≥ 0.5), ` +
      `${perRun(`${signal} collector acked`, `${signal} raw`).toFixed(2)} acknowledged (medians of the runs' ratios); CPU per item: collector ${m(`${signal} collector cpu`).toFixed(1)} µs, ` +
      `raw insert ${m(`${signal} raw cpu`).toFixed(1)} µs (raw / collector = ${perRun(`${signal} raw cpu`, `${signal} collector cpu`).toFixed(2)})`,
  );
}
if (results['traces http']) {
  console.log(
    `traces:  gRPC / HTTP = ${perRun('traces grpc', 'traces http').toFixed(2)} end to end, ${perRun('traces grpc acked', 'traces http acked').toFixed(2)} acknowledged; ` +
      `CPU ${m('traces grpc cpu').toFixed(1)} vs ${m('traces http cpu').toFixed(1)} µs/span`,
  );
}
