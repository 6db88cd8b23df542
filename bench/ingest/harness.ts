/** Shared by the ingest benchmarks: runs the collector as a child process and drives it with OTLP clients. */
import { spawn, type ChildProcess } from 'node:child_process';
import { COLLECTOR_NODE_FLAGS } from '../../src/startup/node-flags.ts';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repo = new URL('../../', import.meta.url).pathname;

export interface CollectorRun {
  /** CPU time of the collector process during the load (all threads, incl. chdb's), µs per span. */
  cpuUsPerSpan: number;
  /** … of its main (JavaScript) thread alone. */
  mainThreadUsPerSpan: number;
  /** CPU ms per thread name over the process's life (last sample), largest first. */
  threads: Array<[string, number]>;
  spansPerSec: number;
  acceptPerSec: number;
  peakRss: number;
  /** At the peak: anonymous memory (heaps: V8's and chdb's) and file-backed (the mapped libraries). */
  peakRssAnon: number;
  peakRssFile: number;
  rejected: number;
  stored: number;
}

/** utime + stime of a process (or one of its threads) in ms, from /proc. */
export function cpuMsOf(pid: number, tid?: number): number {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // fields 14, 15 in clock ticks (USER_HZ = 100)
  } catch {
    return NaN;
  }
}

/** CPU ms per thread name (threads of one name summed) of a process, from /proc. */
export function threadCpuMsOf(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '#');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {}
  }
  return out;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

/** RssAnon and RssFile of a process in bytes. */
export function rssPartsOf(pid: number): { anon: number; file: number } {
  try {
    const st = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(st)?.[1] ?? 0) * 1024;
    return { anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return { anon: 0, file: 0 };
  }
}

export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export interface CollectorProcess {
  child: ChildProcess;
  /** Resolves with the exit code. */
  exited: Promise<number>;
  url: string;
}

/**
 * A collector in its own process (`src/cli.ts collector`, no scorers, warnings only) on a free HTTP
 * port and dataDir, once /healthz answers (flags: the rest, e.g. --grpc-port). nodeArgs: its Node options — by default the V8 flags every
 * launch path gives it (src/startup/node-flags.ts), plus e.g. --cpu-prof.
 */
export async function startCollectorProcess(dataDir: string, flags: string[], o: { nodeArgs?: readonly string[]; stdout?: 'inherit' | 'ignore' } = {}): Promise<CollectorProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...(o.nodeArgs ?? COLLECTOR_NODE_FLAGS), 'src/cli.ts', 'collector', '--port', String(port), '--data-dir', dataDir, '--scorers=', '--log-level', 'warn', ...flags],
    { cwd: repo, stdio: ['ignore', o.stdout ?? 'inherit', 'inherit'] },
  );
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; !(await fetch(`${url}/healthz`).then((r) => r.ok, () => false)); i++) {
    if (i > 600) throw new Error('collector did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, exited, url };
}

/** nodeArgs: the collector process's node options (see startCollectorProcess). */
export async function runCollector(payloads: Uint8Array[], spans: number, flags: string[], clients = 4, nodeArgs?: readonly string[]): Promise<CollectorRun> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-'));
  const { child, exited, url } = await startCollectorProcess(join(dir, 'data'), ['--grpc-port', '0', ...flags], { ...(nodeArgs ? { nodeArgs } : {}) });
  let peakRss = rssOf(child.pid!);
  let peakParts = rssPartsOf(child.pid!);
  const rssTrace: string[] = [];
  let sentAt = 0;
  const cpu0 = cpuMsOf(child.pid!);
  const main0 = cpuMsOf(child.pid!, child.pid!);
  let cpuMs = 0;
  let mainMs = 0;
  const threads = new Map<string, number>();
  const sampler = setInterval(() => {
    const rss = rssOf(child.pid!);
    if (process.env.BENCH_RSS_TRACE) rssTrace.push(`${((performance.now() - t0) / 1000).toFixed(1)}s:${(rss / 2 ** 20).toFixed(0)}${sentAt ? '*' : ''}`);
    if (rss > peakRss) {
      peakRss = rss;
      peakParts = rssPartsOf(child.pid!);
    }
    // The last sample before the process ends (≤ 50 ms short of its total).
    const c = cpuMsOf(child.pid!);
    const m = cpuMsOf(child.pid!, child.pid!);
    if (!Number.isNaN(c)) cpuMs = c - cpu0;
    if (!Number.isNaN(m)) mainMs = m - main0;
    // Threads end during shutdown: keep each name's largest total seen.
    for (const [name, ms] of threadCpuMsOf(child.pid!)) threads.set(name, Math.max(threads.get(name) ?? 0, ms));
  }, 50);
  const t0 = performance.now();
  const rejected = await sendAll(payloads, clients, (p) => postOtlp(`${url}/v1/traces`, p), 100);
  const sentMs = performance.now() - t0;
  sentAt = sentMs;
  if (process.env.BENCH_METRICS) {
    const m = await (await fetch(`${url}/metrics`)).text();
    console.log(m.split('\n').filter((l) => new RegExp(process.env.BENCH_METRICS!).test(l)).join('\n'));
  }
  child.kill('SIGTERM');
  const code = await exited;
  const totalMs = performance.now() - t0;
  clearInterval(sampler);
  if (process.env.BENCH_RSS_TRACE) console.log(`RSS MiB over time (* = after the last request, during shutdown): ${rssTrace.filter((_, i) => i % 4 === 0).join(' ')}`);
  // Verify in a separate process (chdb: one data dir per process).
  const counted = await new Promise<string>((resolve) => {
    const q = spawn(process.execPath, ['src/cli.ts', 'query', 'SELECT count() AS c FROM llmscope.otel_traces', '--data-dir', join(dir, 'data')], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    q.stdout.on('data', (d) => (out += d));
    q.on('exit', () => resolve(out));
  });
  rmSync(dir, { recursive: true, force: true });
  const stored = JSON.parse(counted).c as number;
  if (code !== 0 || stored !== spans) throw new Error(`collector exit ${code}, stored ${stored} of ${spans} spans`);
  return {
    cpuUsPerSpan: (cpuMs * 1000) / spans,
    mainThreadUsPerSpan: (mainMs * 1000) / spans,
    threads: [...threads].sort((a, b) => b[1] - a[1]),
    spansPerSec: spans / (totalMs / 1000),
    acceptPerSec: spans / (sentMs / 1000),
    peakRss,
    peakRssAnon: peakParts.anon,
    peakRssFile: peakParts.file,
    rejected,
    stored,
  };
}

/**
 * Sends every item once, from `clients` concurrent loops (each takes the next item when its last
 * one is through). send resolves 'ok', or 'retry' to send the item again after retryMs; anything
 * else it throws ends the run. Resolves with the number of retries.
 */
export async function sendAll<T>(items: readonly T[], clients: number, send: (item: T) => Promise<'ok' | 'retry'>, retryMs: number): Promise<number> {
  let next = 0;
  let retries = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        while ((await send(items[i]!)) === 'retry') {
          retries++;
          await new Promise((r) => setTimeout(r, retryMs));
        }
      }
    }),
  );
  return retries;
}

/** POSTs an OTLP/HTTP protobuf body: 'ok' on 200, 'retry' on 429/503 (the collector's back-pressure), else throws. */
export async function postOtlp(url: string, body: Uint8Array): Promise<'ok' | 'retry'> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: body as Uint8Array<ArrayBuffer> });
  await res.arrayBuffer();
  if (res.status === 200) return 'ok';
  if (res.status === 503 || res.status === 429) return 'retry';
  throw new Error(`unexpected status ${res.status}`);
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median wall time (ms) of `runs` calls of fn, one after another. */
export async function timed(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}
