/**
 * Poison records (issue 16): a logged request whose processing throws is quarantined at once
 * (never pinning the write-ahead log); one that kills the collector each time it is processed is
 * replayed at most MAX_REPLAY_ATTEMPTS times, then quarantined — the collector starts listening,
 * stops crash-looping, and every other acknowledged span is stored exactly once.
 * The poison is FAULT INJECTION (LLMSCOPE_FAULT_INJECTION, test only): after the fixes of issue 16
 * no real input is known to crash the collector, which is what this test guards against regressing.
 */
import { expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/ingest/harness.ts';
import { MAX_REPLAY_ATTEMPTS } from '../../src/pipeline/quarantine.ts';

const repo = new URL('../../', import.meta.url).pathname;
const FAULTS = 'throw:poison-throw,crash:poison-crash';

function startChild(port: number, data: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    ['bin/llmscope.js', 'collector', '--port', String(port), '--data-dir', data, '--scorers=', '--log-level', 'error', '--flush-interval', '100ms'],
    { cwd: repo, stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, LLMSCOPE_FAULT_INJECTION: FAULTS } },
  );
  return { child, exited: new Promise((r) => child.on('exit', (code, signal) => r(code ?? (signal ? -1 : null)))) };
}

/** Healthy ('ok'), or the child died first. */
async function healthyOrDead(port: number, exited: Promise<number | null>): Promise<'healthy' | 'dead'> {
  let dead = false;
  void exited.then(() => (dead = true));
  for (let i = 0; i < 600 && !dead; i++) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json() as Promise<{ status: string }>, () => null);
    if (status?.status === 'ok') return 'healthy';
    await new Promise((r) => setTimeout(r, 50));
  }
  return dead ? 'dead' : 'healthy';
}

const NOW = BigInt(Date.now()) * 1_000_000n;
function request(name: string, i: number): string {
  const id = (i + 1).toString(16);
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'poison' } }] },
        scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: id.padStart(32, '0'), spanId: id.padStart(16, '0'), name, kind: 1, startTimeUnixNano: String(NOW + BigInt(i)), endTimeUnixNano: String(NOW + BigInt(i) + 1000n) }] }],
      },
    ],
  });
}

async function post(port: number, body: string): Promise<number> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0; // connection reset: the process died
  }
}

it('quarantines a throwing record at once and a crashing one after bounded replays; everything else stored exactly once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-poison-'));
  const data = join(dir, 'data');
  const quarantine = join(data, 'wal', 'quarantine');
  try {
    const port = await freePort();
    let run = startChild(port, data);
    expect(await healthyOrDead(port, run.exited)).toBe('healthy');
    const acked: string[] = [];
    for (let i = 0; i < 5; i++) if ((await post(port, request('good', i))) === 200) acked.push('good');
    expect(acked).toHaveLength(5);
    // Processing throws: quarantined at once, the client told (500), the log not pinned.
    expect(await post(port, request('poison-throw', 100))).toBe(500);
    const thrown = readdirSync(quarantine).filter((f) => f.endsWith('.json'));
    expect(thrown).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(quarantine, thrown[0]!), 'utf8'))).toMatchObject({ reason: expect.stringMatching(/processing failed: .*fault injection: poison-throw/), signal: 'traces', format: 'json' });
    for (let i = 5; i < 10; i++) expect(await post(port, request('good', i))).toBe(200);
    // The crashing request: logged, then the process dies while building its rows.
    expect(await post(port, request('poison-crash', 200))).toBe(0);
    expect(await run.exited).not.toBe(0);

    // The supervisor restarts it: each start replays the record and dies, until the attempt bound.
    const outcomes: string[] = [];
    for (let start = 0; start < MAX_REPLAY_ATTEMPTS + 2; start++) {
      run = startChild(port, data);
      const outcome = await healthyOrDead(port, run.exited);
      outcomes.push(outcome);
      if (outcome === 'healthy') break;
    }
    expect(outcomes).toEqual([...Array(MAX_REPLAY_ATTEMPTS).fill('dead'), 'healthy']);
    const files = readdirSync(quarantine).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(2);
    const crashed = files.map((f) => JSON.parse(readFileSync(join(quarantine, f), 'utf8'))).find((e) => /replay did not finish/.test(e.reason));
    expect(crashed).toMatchObject({ signal: 'traces', reason: `replay did not finish ${MAX_REPLAY_ATTEMPTS} times (the collector stopped while processing it)` });
    expect(readFileSync(join(quarantine, `${crashed.seq}.body`), 'utf8')).toContain('poison-crash');
    expect(statSync(join(quarantine, `${crashed.seq}.body`)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(data, 'wal', 'replay-attempt'))).toBe(false);
    // The log folder holds raw bodies: owner only, every file in it too.
    expect(statSync(join(data, 'wal')).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(join(data, 'wal'))) {
      if (f !== 'quarantine') expect(statSync(join(data, 'wal', f)).mode & 0o777, f).toBe(0o600);
    }
    expect(statSync(quarantine).mode & 0o777).toBe(0o700);

    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', wal_quarantined: 2 });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/llmscope_wal_quarantine_records 2\b/);
    expect(metrics).toMatch(/llmscope_wal_quarantined_total 1\b/);
    // New requests are taken as usual.
    expect(await post(port, request('good', 20))).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);

    const out = await new Promise<string>((resolve, reject) => {
      const q = spawn(process.execPath, ['bin/llmscope.js', 'query', "SELECT SpanName AS name, count() AS n, uniqExact(SpanId) AS ids FROM llmscope.otel_traces WHERE ServiceName = 'poison' GROUP BY SpanName ORDER BY SpanName FORMAT JSONEachRow", '--data-dir', data], { cwd: repo });
      let o = '';
      let e = '';
      q.stdout.on('data', (d) => (o += d));
      q.stderr.on('data', (d) => (e += d));
      q.on('exit', (code) => (code === 0 ? resolve(o) : reject(new Error(e))));
    });
    const rows = out.trim().split('\n').map((l) => JSON.parse(l) as { name: string; n: number | string; ids: number | string });
    expect(rows.map((r) => [r.name, Number(r.n), Number(r.ids)])).toEqual([['good', 11, 11]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
