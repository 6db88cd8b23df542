/**
 * The console's static serving on a real collector: the bundle at GET /, page paths answered with
 * index.html (client routing), API paths left to the API, security headers, gzip, --ui off, and the
 * bundle's size budget (JS + CSS under 300 KB gzipped).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { CONSOLE_DIST } from '../../src/console/mount.ts';
import { ensureConsoleBuilt } from './bundle.ts';
import { resolveConfig } from '../../src/config.ts';
import { openStore } from '../../src/store/open.ts';
import type { Store } from '../../src/store/store.ts';

let on: RunningCollector;
let off: RunningCollector;
let dir: string;
let store: Store;

beforeAll(async () => {
  ensureConsoleBuilt(); // npm ci builds it (prepare); a checkout that skipped that or is stale gets it here
  dir = mkdtempSync(join(tmpdir(), 'llmscope-console-'));
  // one chdb data folder per process: both collectors share one store
  store = openStore({ dataDir: join(dir, 'data') });
  on = await startCollector({ port: 0, store, scorers: [], logLevel: 'warn', durability: 'memory' });
  off = await startCollector({ port: 0, store, scorers: [], logLevel: 'warn', durability: 'memory', ui: 'off' });
});

afterAll(async () => {
  await on?.close();
  await off?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('console serving', () => {
  it('JS + CSS stay under 300 KB gzipped, with uPlot and Preact inside (no CDN)', () => {
    const js = readFileSync(join(CONSOLE_DIST, 'assets', 'app.js'));
    const css = readFileSync(join(CONSOLE_DIST, 'assets', 'app.css'));
    const gz = gzipSync(js, { level: 9 }).byteLength + gzipSync(css, { level: 9 }).byteLength;
    expect(gz).toBeLessThan(300 * 1024);
    expect(js.toString()).toContain('uplot'); // uPlot's class names are in the bundle
    const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//); // nothing loaded from another origin
  });

  it('serves index.html at / and at every page path, with security headers', async () => {
    for (const path of ['/', '/d/llmscope-overview', '/d/llmscope-traces/llmscope-traces', '/calls', '/calls/0af7651916cd43dd8448eb211c80319c/b7ad6b7169203331', '/traces/0af7651916cd43dd8448eb211c80319c', '/budgets', '/signin']) {
      const r = await fetch(on.url + path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(await r.text()).toContain('/assets/app.js');
    }
  });

  it('serves the assets gzipped with an ETag, and 304 on a match', async () => {
    const r = await fetch(on.url + '/assets/app.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(join(CONSOLE_DIST, 'assets', 'app.js')))).toBe(true);
    const again = await fetch(on.url + '/assets/app.js', { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('leaves API and unknown paths alone (JSON 404s, OTLP and health still answered)', async () => {
    for (const path of ['/api/v1/nothing-here', '/assets/missing.js', '/calls/not-hex/x', '/../etc/passwd', '/d/a/b/c']) {
      const r = await fetch(on.url + path);
      expect(r.status, path).toBe(404);
      expect(r.headers.get('content-type')).toContain('application/json');
    }
    expect((await fetch(on.url + '/healthz')).status).toBe(200);
    expect((await fetch(on.url + '/', { method: 'POST' })).status).toBe(404);
  });

  it('--ui off serves no console', async () => {
    expect((await fetch(off.url + '/')).status).toBe(404);
    expect((await fetch(off.url + '/assets/app.js')).status).toBe(404);
    expect(resolveConfig('collector', ['--ui', 'off'], {}).config.ui).toBe('off');
    expect(() => resolveConfig('collector', ['--ui', 'maybe'], {})).toThrow(/--ui/);
  });
});
