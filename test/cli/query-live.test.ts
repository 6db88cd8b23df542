/**
 * `llmscope query` while `llmscope collector` runs on the same data folder (the embedded store is
 * one process per folder): the real CLI in child processes, through <data-dir>/collector.json or
 * --url/--key, and back to opening the folder once the collector has stopped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;
const started: ChildProcess[] = [];
// A collector left running by a failed test would hold its data folder (and CPU) forever.
afterEach(() => {
  for (const p of started.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/llmscope.js', ...args], { cwd: repo, env: { ...process.env, LLMSCOPE_API_KEY: '', LLMSCOPE_URL: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function startCollector(dataDir: string, extra: string[] = []): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['bin/llmscope.js', 'collector', '--port', '0', '--data-dir', dataDir, '--scorers', '', '--log-level', 'error', '--ui', 'off', ...extra], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  started.push(proc);
  const file = join(dataDir, 'collector.json');
  for (let i = 0; i < 900 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  const info = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
  expect(info.pid).toBe(proc.pid);
  expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  return { proc, url: info.url };
}

async function stop(proc: ChildProcess): Promise<number> {
  const exited = new Promise<number>((r) => proc.on('exit', (code) => r(code ?? -1)));
  proc.kill('SIGTERM');
  return exited;
}

function span(service: string, n: number): string {
  const id = n.toString(16).padStart(16, '0');
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: id + id, spanId: id, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1_000_000n),
        attributes: [
          { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
          { key: 'gen_ai.provider.name', value: { stringValue: 'openai' } },
          { key: 'gen_ai.request.model', value: { stringValue: 'gpt-4o' } },
          { key: 'gen_ai.usage.input_tokens', value: { intValue: '12' } },
        ] }] }],
    }],
  });
}

async function send(url: string, body: string, key?: string): Promise<number> {
  const r = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body });
  await r.arrayBuffer();
  return r.status;
}

async function waitForRows(dataDir: string, sql: string, want: string): Promise<string> {
  let last = '';
  for (let i = 0; i < 50; i++) {
    const r = await run(['query', sql, '--data-dir', dataDir]);
    last = r.stdout + r.stderr;
    if (r.code === 0 && r.stdout === want) return r.stdout;
    await new Promise((res) => setTimeout(res, 200));
  }
  return last;
}

describe('llmscope query with a collector running', () => {
  it('answers through the collector, refuses writes there, and opens the folder itself after it stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-query-live-'));
    const data = join(dir, 'data');
    try {
      const { proc, url } = await startCollector(data);
      for (let i = 1; i <= 3; i++) expect(await send(url, span('live-svc', i))).toBe(200);
      const sql = "SELECT service_name, count() AS calls, sum(input_tokens) AS tokens FROM llmscope.llm_calls WHERE service_name = 'live-svc' GROUP BY service_name";
      const want = '{"service_name":"live-svc","calls":3,"tokens":36}\n';
      expect(await waitForRows(data, sql, want)).toBe(want);
      // The collector keeps ingesting while queries run; the connection is read-only.
      expect(await send(url, span('live-svc', 4))).toBe(200);
      const write = await run(['query', "INSERT INTO llmscope.llm_calls (trace_id) VALUES ('x')", '--data-dir', data]);
      expect(write.code).toBe(1);
      expect(write.stderr).toMatch(/Code: 164\..*readonly/i);
      const bad = await run(['query', 'SELEC 1', '--data-dir', data]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/Code: 62\. DB::Exception: Syntax error/);

      expect(await stop(proc)).toBe(0);
      expect(existsSync(join(data, 'collector.json'))).toBe(false);
      const after = await run(['query', sql, '--data-dir', data]);
      expect(after.code).toBe(0);
      expect(after.stdout).toBe('{"service_name":"live-svc","calls":4,"tokens":48}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('with --api-keys: --url and an admin --key; other keys are refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-query-keys-'));
    const data = join(dir, 'data');
    writeFileSync(join(dir, 'keys.yaml'), 'keys:\n  - { key: ingest-key-1, project: p1 }\n  - { key: admin-key-1, project: ops, role: admin }\n  - { key: read-key-1, project: p1, role: read }\n');
    try {
      const { proc, url } = await startCollector(data, ['--api-keys', join(dir, 'keys.yaml')]);
      expect(await send(url, span('keyed-svc', 1), 'ingest-key-1')).toBe(200);
      const sql = "SELECT project_id, count() AS n FROM llmscope.llm_calls WHERE service_name = 'keyed-svc' GROUP BY project_id";
      let ok = { code: -1, stdout: '', stderr: '' };
      for (let i = 0; i < 50 && ok.stdout === ''; i++) {
        ok = await run(['query', sql, '--url', url, '--key', 'admin-key-1']);
        if (ok.stdout === '') await new Promise((r) => setTimeout(r, 200));
      }
      expect(ok.code).toBe(0);
      expect(ok.stdout).toBe('{"project_id":"p1","n":1}\n');
      for (const key of ['read-key-1', 'ingest-key-1']) {
        const r = await run(['query', sql, '--url', url, '--key', key]);
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/Code: 497\..*admin/);
      }
      const none = await run(['query', sql, '--data-dir', data]);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/Code: 516\..*AUTHENTICATION_FAILED/);
      expect(await stop(proc)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
