/** The CLI as a user runs it: a child process per command, on a real data folder. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePayloads } from '../../bench/support/payloads.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';

const repo = new URL('../../', import.meta.url).pathname;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/llmscope.js', ...args], { cwd: repo, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('llmscope CLI', () => {
  it('prints usage and per-command help', async () => {
    const top = await run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/llmscope collector \[flags\]/);
    const help = await run(['collector', '--help']);
    expect(help.code).toBe(0);
    for (const f of ['--port', '--host', '--data-dir', '--clickhouse-url', '--prices', '--budgets']) expect(help.stdout).toContain(f);
    expect(help.stdout).toContain('[env LLMSCOPE_PORT]');
    const q = await run(['query', '--help']);
    expect(q.stdout).toContain('--clickhouse-url');
    expect(q.stdout).not.toContain('--port');
  });

  it('rejects bad flags and commands clearly (exit 2)', async () => {
    const unknown = await run(['collector', '--prot', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown flag --prot for "llmscope collector"/);
    const badPort = await run(['collector', '--port', 'abc']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--port: "abc" is not a non-negative integer/);
    const badEnv = await run(['collector'], { LLMSCOPE_PORT: 'x1' });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/LLMSCOPE_PORT: "x1"/);
    const cmd = await run(['colector']);
    expect(cmd.code).toBe(2);
    expect(cmd.stderr).toMatch(/unknown command "colector"/);
    const noSql = await run(['query']);
    expect(noSql.code).toBe(2);
  });

  it('reports an unreachable ClickHouse server (exit 1)', async () => {
    const r = await run(['query', 'SELECT 1', '--clickhouse-url', 'http://127.0.0.1:9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach ClickHouse at http:\/\/127\.0\.0\.1:9/);
  });

  it('migrates, queries, reports SQL errors, and the collector flushes on SIGTERM and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-cli-'));
    const data = join(dir, 'data');
    try {
      const m = await run(['migrate', '--data-dir', data]);
      expect(m.code).toBe(0);
      expect(JSON.parse(m.stdout)).toMatchObject({ database: 'llmscope', applied: MIGRATIONS.map((x) => x.version) });
      const again = await run(['migrate'], { LLMSCOPE_DATA_DIR: data });
      expect(JSON.parse(again.stdout).applied).toEqual([]);

      const bad = await run(['query', 'SELEC 1', '--data-dir', data]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/Code: 62/);

      // Collector with the default settings (scorers on, as `npm start` runs it): accept one request,
      // then SIGTERM; every accepted span must be stored.
      const port = 20000 + Math.floor(Math.random() * 20000);
      const child = spawn(process.execPath, ['bin/llmscope.js', 'collector', '--port', String(port), '--data-dir', data, '--log-level', 'warn', '--flush-interval', '60s'], { cwd: repo });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? -1)));
      for (let i = 0; i < 200; i++) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
        if (ok) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const { payloads, spans } = makePayloads({ requests: 1, spansPerRequest: [40, 40], seed: 9 });
      const res = await fetch(`http://127.0.0.1:${port}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payloads[0]! as Uint8Array<ArrayBuffer> });
      expect(res.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited, stderr).toBe(0);

      const q = await run(['query', 'SELECT count() AS c, uniqExact(SpanId) AS u FROM llmscope.otel_traces', '--data-dir', data]);
      expect(q.code).toBe(0);
      expect(JSON.parse(q.stdout)).toEqual({ c: spans, u: spans });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
