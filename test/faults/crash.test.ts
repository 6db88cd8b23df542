/**
 * Crash: a collector child process is killed with SIGKILL while clients are sending. After a
 * restart (which replays the write-ahead log) every span whose request got a 200 is stored, and no
 * span is stored twice.
 */
import { expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../../bench/support/payloads.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { freePort } from '../../bench/ingest/harness.ts';

const repo = new URL('../../', import.meta.url).pathname;

function startChild(port: number, data: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['bin/llmscope.js', 'collector', '--port', String(port), '--data-dir', data, '--scorers=', '--log-level', 'error', '--flush-interval', '150ms', '--batch-rows', '2000'],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { child, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function waitHealthy(port: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('collector did not become healthy');
}

function query(data: string, sql: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const q = spawn(process.execPath, ['bin/llmscope.js', 'query', sql, '--data-dir', data], { cwd: repo });
    let out = '';
    let err = '';
    q.stdout.on('data', (d) => (out += d));
    q.stderr.on('data', (d) => (err += d));
    q.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(err))));
  });
}

it('keeps every acknowledged span across a SIGKILL, exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-crash-'));
  const data = join(dir, 'data');
  try {
    const { payloads } = makePayloads({ requests: 400, spansPerRequest: [20, 60], seed: 21 });
    const idsOf = payloads.map((p) => decodeTraceRequestProtobuf(p).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
    const port = await freePort();
    const first = startChild(port, data);
    await waitHealthy(port);

    const acked = new Set<string>();
    let sent = 0;
    let next = 0;
    let killed = false;
    const clients = Array.from({ length: 4 }, async () => {
      while (!killed && next < payloads.length) {
        const i = next++;
        sent += idsOf[i]!.length;
        try {
          const r = await fetch(`http://127.0.0.1:${port}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-protobuf' },
            body: payloads[i]! as Uint8Array<ArrayBuffer>,
          });
          await r.arrayBuffer();
          if (r.status === 200) for (const id of idsOf[i]!) acked.add(id);
        } catch {
          // connection reset by the kill: not acknowledged
        }
      }
    });
    // Kill mid-stream, while requests are in flight and batches are being inserted.
    while (next < payloads.length / 2) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(clients);
    await first.exited;
    expect(acked.size).toBeGreaterThan(0);

    // Restart on the same data folder: the log is replayed; SIGTERM then flushes and exits.
    const second = startChild(port, data);
    await waitHealthy(port);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const counts = JSON.parse(await query(data, 'SELECT count() AS c, uniqExact(SpanId) AS u FROM llmscope.otel_traces'));
    const stored = new Set((await query(data, 'SELECT SpanId FROM llmscope.otel_traces')).trim().split('\n').map((l) => JSON.parse(l).SpanId as string));
    const missing = [...acked].filter((id) => !stored.has(id));
    console.log(`crash test: ${sent} spans sent, ${acked.size} acknowledged, ${counts.u} stored, ${counts.c - counts.u} duplicated, ${missing.length} acknowledged but missing`);
    expect(missing).toEqual([]);
    expect(counts.c).toBe(counts.u);
    // Calls too: one llm_calls row per GenAI span, no duplicates.
    const calls = JSON.parse(await query(data, 'SELECT count() AS c, uniqExact(span_id) AS u FROM llmscope.llm_calls'));
    expect(calls.c).toBe(calls.u);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
