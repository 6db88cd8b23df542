/** Shared by the ingest benchmarks: runs the collector as a child process and drives it with OTLP clients. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repo = new URL('../../', import.meta.url).pathname;

export interface CollectorRun {
  spansPerSec: number;
  acceptPerSec: number;
  peakRss: number;
  rejected: number;
  stored: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** nodeArgs: extra node options for the collector process (e.g. --cpu-prof, --cpu-prof-dir=…). */
export async function runCollector(payloads: Uint8Array[], spans: number, flags: string[], clients = 4, nodeArgs: string[] = []): Promise<CollectorRun> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-bench-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...nodeArgs, 'src/cli.ts', 'collector', '--port', String(port), '--data-dir', join(dir, 'data'), '--scorers=', '--log-level', 'warn', ...flags],
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
    Array.from({ length: clients }, async () => {
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
  return { spansPerSec: spans / (totalMs / 1000), acceptPerSec: spans / (sentMs / 1000), peakRss, rejected, stored };
}


export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
