/**
 * Logs and metrics ingest through the collector (a child process, default settings incl. the
 * write-ahead log; OTLP/HTTP protobuf from keep-alive clients) vs the raw chdb insert rate of the
 * same rows in the same run (target ≥ 0.5); and traces over OTLP/gRPC vs OTLP/HTTP (same payloads,
 * same collector settings). Rates are end to end: from the first request until the collector's
 * /metrics says every row is stored (llmscope_rows_written_total); the process's shutdown after
 * that (closing the engine, exiting) is not ingest and is not counted (it is printed with BENCH_VERBOSE).
 *
 *   npx node bench/logs-metrics/ingest.bench.ts [--requests 100] [--per-request 200] [--clients 4] [--runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { makePayloads } from '../support/payloads.ts';
import { freePort, median, repo } from '../ingest/harness.ts';
import { logsPayloads, metricsPayloads } from './payloads.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : def);
const REQUESTS = opt('--requests', 100);
const PER_REQUEST = opt('--per-request', 200);
const CLIENTS = opt('--clients', 4);
const RUNS = opt('--runs', 3);
const BATCH_ROWS = 10_000;

type Transport = { kind: 'http'; path: string } | { kind: 'grpc'; method: string };

/** Starts a collector, sends every payload (retrying 429/503), stops it (flush) and returns items/s. */
async function throughCollector(payloads: Uint8Array[], items: number, transport: Transport): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-lm-'));
  const port = await freePort();
  const grpcPort = await freePort();
  const child = spawn(
    process.execPath,
    ['src/cli.ts', 'collector', '--port', String(port), '--grpc-port', String(grpcPort), '--data-dir', join(dir, 'data'), '--scorers=', '--log-level', 'warn', '--batch-rows', String(BATCH_ROWS)],
    { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; !(await fetch(`${url}/healthz`).then((r) => r.ok, () => false)); i++) {
    if (i > 600) throw new Error('collector did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const client = transport.kind === 'grpc' ? new grpc.Client(`127.0.0.1:${grpcPort}`, grpc.credentials.createInsecure()) : null;
  const sendOnce = (body: Uint8Array): Promise<number> =>
    transport.kind === 'http'
      ? fetch(`${url}${transport.path}`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body as Uint8Array<ArrayBuffer> }).then(async (r) => {
          await r.arrayBuffer();
          return r.status === 200 ? 0 : r.status;
        })
      : new Promise((resolve) =>
          client!.makeUnaryRequest(transport.method, (b: Uint8Array) => Buffer.from(b), (b: Buffer) => b, body, new grpc.Metadata(), (err) => resolve(err ? err.code : 0)),
        );
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < payloads.length; i = next++) {
        for (;;) {
          const code = await sendOnce(payloads[i]!);
          if (code === 0) break;
          if (![429, 503, grpc.status.RESOURCE_EXHAUSTED, grpc.status.UNAVAILABLE].includes(code)) throw new Error(`unexpected status ${code}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }),
  );
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
  child.kill('SIGTERM');
  if ((await exited) !== 0) throw new Error('collector exited with an error');
  const ms = performance.now() - t0;
  rmSync(dir, { recursive: true, force: true });
  if (process.env.BENCH_VERBOSE) console.log(`  ${JSON.stringify(transport)}: accepted in ${sentMs.toFixed(0)} ms, stored in ${storedMs.toFixed(0)} ms, exited in ${ms.toFixed(0)} ms`);
  return items / (storedMs / 1000);
}

async function rawInsert(signal: 'logs' | 'metrics'): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-raw-'));
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn(process.execPath, ['bench/logs-metrics/raw-insert.ts', join(dir, 'data'), signal, String(REQUESTS), String(PER_REQUEST), String(BATCH_ROWS)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    c.stdout.on('data', (d) => (s += d));
    c.on('exit', (code) => (code === 0 ? resolve(s) : reject(new Error(`raw insert exited ${code}`))));
  });
  rmSync(dir, { recursive: true, force: true });
  return (JSON.parse(out) as { perSec: number }).perSec;
}

const logs = logsPayloads(REQUESTS, PER_REQUEST);
const metrics = metricsPayloads(REQUESTS, PER_REQUEST);
const traces = makePayloads({ requests: REQUESTS, spansPerRequest: [PER_REQUEST, PER_REQUEST], seed: 7 });
console.log(`${REQUESTS} requests × ${PER_REQUEST} items per signal, ${CLIENTS} clients, ${RUNS} runs`);
const results: Record<string, number[]> = {};
const add = (k: string, v: number) => (results[k] ??= []).push(v);
for (let r = 0; r < RUNS; r++) {
  add('logs raw', await rawInsert('logs'));
  add('logs collector', await throughCollector(logs.payloads, logs.items, { kind: 'http', path: '/v1/logs' }));
  add('metrics raw', await rawInsert('metrics'));
  add('metrics collector', await throughCollector(metrics.payloads, metrics.items, { kind: 'http', path: '/v1/metrics' }));
  add('traces http', await throughCollector(traces.payloads, traces.spans, { kind: 'http', path: '/v1/traces' }));
  add('traces grpc', await throughCollector(traces.payloads, traces.spans, { kind: 'grpc', method: '/opentelemetry.proto.collector.trace.v1.TraceService/Export' }));
  console.log(`run ${r + 1}: ${Object.entries(results).map(([k, v]) => `${k} ${v.at(-1)!.toFixed(0)}/s`).join(', ')}`);
}
const m = (k: string) => median(results[k]!);
console.log(`\nmedians (items/s): ${Object.keys(results).map((k) => `${k} ${m(k).toFixed(0)}`).join(' | ')}`);
console.log(`logs:    collector / raw chdb insert = ${(m('logs collector') / m('logs raw')).toFixed(2)} (target ≥ 0.5)`);
console.log(`metrics: collector / raw chdb insert = ${(m('metrics collector') / m('metrics raw')).toFixed(2)} (target ≥ 0.5)`);
console.log(`traces:  gRPC / HTTP = ${(m('traces grpc') / m('traces http')).toFixed(2)}`);
