/**
 * End-to-end ingest throughput: OTLP protobuf (100–500 spans per request, half GenAI) from several
 * concurrent clients through the collector (a child process) into the embedded store; and, in the
 * same run, the raw insert rate of the same rows straight into chdb. Prints both, their ratio, and
 * the collector's peak RSS.
 *
 *   npx node bench/ingest/ingest.bench.ts [--requests 400] [--clients 4] [--runs 3] [-- extra collector flags]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../support/payloads.ts';

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
const repo = new URL('../../', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function runCollector(payloads: Uint8Array[], spans: number) {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['src/cli.ts', 'collector', '--port', String(port), '--data-dir', join(dir, 'data'), '--scorers=', '--log-level', 'warn', ...extra],
    { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {}
    if (i > 600) throw new Error('collector did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  let peakRss = rssOf(child.pid!);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(child.pid!))), 50);
  let next = 0;
  let rejected = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const i = next++;
        if (i >= payloads.length) return;
        for (;;) {
          const res = await fetch(`${url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: payloads[i]! as Uint8Array<ArrayBuffer>,
          });
          await res.arrayBuffer();
          if (res.status === 200) break;
          if (res.status !== 503 && res.status !== 429) throw new Error(`unexpected status ${res.status}`);
          rejected++;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }),
  );
  const sentMs = performance.now() - t0;
  child.kill('SIGTERM');
  const code = await exited;
  const totalMs = performance.now() - t0;
  clearInterval(sampler);
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
  return { spansPerSec: spans / (totalMs / 1000), acceptPerSec: spans / (sentMs / 1000), peakRss, rejected };
}

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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const { payloads, spans, genaiSpans } = makePayloads({ requests: REQUESTS, spansPerRequest: [100, 500], seed: 7 });
const bytes = payloads.reduce((n, p) => n + p.byteLength, 0);
console.log(`payloads: ${payloads.length} requests, ${spans} spans (${genaiSpans} GenAI), ${(bytes / 1e6).toFixed(1)} MB protobuf; ${CLIENTS} clients; ${RUNS} runs; collector flags: ${extra.join(' ') || '(defaults)'}`);
const e2e: number[] = [];
const raw: number[] = [];
const rss: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const c = await runCollector(payloads, spans);
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
