/**
 * Without --api-keys: loopback clients are admin (raw SQL allowed), but a browser page from another
 * origin, or one that rebinds its own host name to 127.0.0.1, is not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

let dir: string;
let c: RunningCollector;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-no-keys-'));
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off' });
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP request (fetch would not let us set Host). */
function send(path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: c.port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('read access without --api-keys', () => {
  it('a loopback client is admin: session, raw SQL, /clickhouse/ without credentials', async () => {
    const s = await send('/api/v1/session', {});
    expect(JSON.parse(s.text)).toEqual({ authenticated: true, role: 'admin', project: null, auth_required: false });
    const q = await send('/api/v1/query', { 'content-type': 'text/plain' }, 'SELECT 40 + 2 AS n');
    expect(q.status).toBe(200);
    expect(JSON.parse(q.text).rows).toEqual([[42]]);
    const ch = await send('/clickhouse/', {}, 'SELECT 1');
    expect(ch.text).toBe('1\n');
  });

  it('refuses a cross-origin page (CSRF) and a rebound host name (DNS rebinding)', async () => {
    const evil = await send('/api/v1/query', { 'content-type': 'text/plain', origin: 'https://evil.example' }, 'SELECT 1');
    expect(evil.status).toBe(403);
    const evilCh = await send('/clickhouse/', { origin: 'https://evil.example' }, 'SELECT 1');
    expect(evilCh.status).toBe(403);
    const rebound = await send('/api/v1/query', { 'content-type': 'text/plain', host: `evil.example:${c.port}` }, 'SELECT 1');
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.text).error).toMatch(/admin/);
    const reboundSession = await send('/api/v1/session', { host: `evil.example:${c.port}` });
    expect(JSON.parse(reboundSession.text).role).toBe('read');
  });
});
