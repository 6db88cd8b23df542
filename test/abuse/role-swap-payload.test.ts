/**
 * Issue 16, finding 1, end to end: one 120 KB request (543 bytes gzipped) — a chat span whose
 * gen_ai.system_instructions and gen_ai.output.messages are each "aaaa "×12000 — used to get the
 * collector OOM-killed 3 s after its 200 (the hallucination scorer's quadratic role table), and
 * again on every restart (replay before listen). The collector here runs in its own process with
 * all scorers and a 1 GiB heap limit (the k8s deployment's memory limit): it answers 200, stores
 * the call scored, stays up, keeps answering another client within 2 s, and restarts clean.
 */
import { expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { freePort, rssOf } from '../../bench/ingest/harness.ts';

const repo = new URL('../../', import.meta.url).pathname;
const NOW = BigInt(Date.now()) * 1_000_000n;

function start(port: number, data: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=1024', 'bin/llmscope.js', 'collector', '--port', String(port), '--data-dir', data, '--log-level', 'error', '--flush-interval', '100ms'],
    { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { child, exited: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function waitOk(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/healthz`).then((r) => r.json().then((b: { status?: string }) => b.status === 'ok'), () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('collector not healthy');
}

function call(spanId: string, system: string, answer: string): string {
  const attrs: Record<string, string> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Summarise.' }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
  };
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'role-swap' } }] },
        scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: spanId.padStart(32, '0'), spanId, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: String(NOW), endTimeUnixNano: String(NOW + 1_000_000n), attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })) }] }],
      },
    ],
  });
}

async function post(url: string, body: Uint8Array | string, gzip: boolean): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (gzip) headers['content-encoding'] = 'gzip';
  const r = await fetch(`${url}/v1/traces`, { method: 'POST', headers, body: body as BodyInit });
  await r.arrayBuffer();
  return r.status;
}

it('the 120 KB role-swap payload is stored and scored; the collector stays up and restarts clean', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-roleswap-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  try {
    let run = start(port, data);
    await waitOk(url);
    const payload = gzipSync(call('00000000000000a1', 'aaaa '.repeat(12000), 'aaaa '.repeat(12000)));
    console.log(`finding 1 payload: ${payload.length} bytes gzipped`);
    const rss0 = rssOf(run.child.pid!);
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, rssOf(run.child.pid!))), 20);
    expect(await post(url, payload, true)).toBe(200);
    // Another client keeps being answered while the call is scored.
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      expect(await post(url, call(`00000000000000b${i}`, 'Be helpful.', 'Order 4411 arrives in two days.'), false)).toBe(200);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
    // Scored and stored: poll the call's hallucination score through a read of the store.
    let scored = false;
    for (let i = 0; i < 100 && !scored; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200); // every metric renders, the scoring workers' included
      const metrics = await res.text();
      scored = /llmscope_rows_written_total\{table="llm_calls"\} ([6-9]|\d{2,})/.test(metrics);
    }
    clearInterval(sampler);
    console.log(`finding 1: collector RSS +${((peak - rss0) / 1e6).toFixed(0)} MB`);
    expect(scored).toBe(true);
    expect(peak - rss0).toBeLessThan(300 * 1024 * 1024);
    expect(run.child.exitCode).toBe(null);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    // Restart: nothing to crash on, healthy at once; the call is there, scored, once.
    run = start(port, data);
    await waitOk(url);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    const out = await new Promise<string>((resolve, reject) => {
      const q = spawn(process.execPath, ['bin/llmscope.js', 'query', "SELECT count() AS n, any(hallucination IS NOT NULL) AS scored FROM llmscope.llm_calls WHERE span_id = '00000000000000a1' FORMAT JSONEachRow", '--data-dir', data], { cwd: repo });
      let o = '';
      q.stdout.on('data', (d) => (o += d));
      q.on('exit', (code) => (code === 0 ? resolve(o) : reject(new Error(`query exited ${code}`))));
    });
    const row = JSON.parse(out.trim()) as { n: number | string; scored: number | string | boolean };
    expect(Number(row.n)).toBe(1);
    expect(Number(row.scored)).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
