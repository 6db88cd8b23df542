/**
 * Overload: first measures the collector's capacity (spans/s end to end), then offers about 1.5×
 * that for 60 s from open-loop clients (requests are sent on a schedule, not when the previous one
 * returns). Reports accepted/rejected requests, p99 response time, peak RSS, and checks that every
 * acknowledged span was stored exactly once.
 *
 *   npx node bench/ingest/overload.bench.ts [--seconds 60] [--factor 1.5] [-- extra collector flags]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../support/payloads.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { freePort, repo, rssOf, runCollector } from './harness.ts';

const args = process.argv.slice(2);
const dd = args.indexOf('--');
const extra = dd >= 0 ? args.slice(dd + 1) : [];
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 && (dd < 0 || i < dd) ? Number(args[i + 1]) : def;
};
const SECONDS = opt('--seconds', 60);
const FACTOR = opt('--factor', 1.5);

const { payloads, spans } = makePayloads({ requests: 200, spansPerRequest: [100, 300], seed: 5 });
const capacity = (await runCollector(payloads, spans, extra)).spansPerSec;
const spansPerRequest = spans / payloads.length;
const offeredRps = (capacity * FACTOR) / spansPerRequest;
console.log(`capacity ${capacity.toFixed(0)} spans/s; offering ${FACTOR}× = ${(capacity * FACTOR).toFixed(0)} spans/s (${offeredRps.toFixed(1)} requests/s) for ${SECONDS} s`);

// Requests cycle through the payloads; acknowledged spans are counted per payload index.
const dir = mkdtempSync(join(tmpdir(), 'llmscope-overload-'));
const data = join(dir, 'data');
const port = await freePort();
const child = spawn(process.execPath, ['src/cli.ts', 'collector', '--port', String(port), '--data-dir', data, '--scorers=', '--log-level', 'error', ...extra], {
  cwd: repo,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
for (let i = 0; ; i++) {
  if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) break;
  if (i > 600) throw new Error('collector did not start');
  await new Promise((r) => setTimeout(r, 50));
}
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(child.pid!))), 100);
const latencies: number[] = [];
const status: Record<string, number> = {};
const ackedPerPayload = new Array<number>(payloads.length).fill(0);
const inflight = new Set<Promise<void>>();
const t0 = performance.now();
let sent = 0;
while (performance.now() - t0 < SECONDS * 1000) {
  const due = Math.floor(((performance.now() - t0) / 1000) * offeredRps);
  while (sent < due) {
    const i = sent++ % payloads.length;
    const started = performance.now();
    const p = fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payloads[i]! as Uint8Array<ArrayBuffer> })
      .then(async (r) => {
        await r.arrayBuffer();
        latencies.push(performance.now() - started);
        status[r.status] = (status[r.status] ?? 0) + 1;
        if (r.status === 200) ackedPerPayload[i]!++;
      })
      .catch(() => {
        status.error = (status.error ?? 0) + 1;
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
  }
  await new Promise((r) => setTimeout(r, 5));
}
await Promise.all(inflight);
child.kill('SIGTERM');
await exited;
clearInterval(sampler);
const spanCounts = payloads.map((p) => decodeTraceRequestProtobuf(p).resourceSpans.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0));
const ackedSpans = spanCounts.reduce((n, c, i) => n + c * ackedPerPayload[i]!, 0);
const stored = await new Promise<number>((resolve) => {
  const q = spawn(process.execPath, ['src/cli.ts', 'query', 'SELECT count() AS c FROM llmscope.otel_traces', '--data-dir', data], { cwd: repo });
  let out = '';
  q.stdout.on('data', (d) => (out += d));
  q.on('exit', () => resolve(JSON.parse(out).c));
});
rmSync(dir, { recursive: true, force: true });
latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
console.log(`requests sent ${sent}: ${Object.entries(status).map(([k, v]) => `${k}=${v}`).join(' ')}`);
console.log(`response time p50 ${p(0.5)} ms, p99 ${p(0.99)} ms; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
console.log(`spans acknowledged ${ackedSpans}, stored ${stored} (${stored === ackedSpans ? 'none lost, none doubled' : stored > ackedSpans ? `${stored - ackedSpans} extra (unacknowledged but logged)` : `${ackedSpans - stored} LOST`})`);
