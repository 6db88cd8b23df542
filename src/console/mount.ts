/**
 * The console at GET /: serves the bundle that `npm run build:console` (run by `prepare`) writes to
 * console/dist, and answers the console's own page paths with index.html (the client routes them).
 * Files are read and gzipped once, at mount: the bundle is small and never changes while running.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { Hono, Context } from 'hono';

export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** Paths the client renders (everything else stays a 404 of the API). */
const PAGE_PATHS = [/^\/$/, /^\/d\/[^/]+(\/[^/]*)?$/, /^\/calls$/, /^\/calls\/[0-9a-fA-F]+\/[0-9a-fA-F]+$/, /^\/traces\/[0-9a-fA-F]+$/, /^\/budgets$/, /^\/signin$/];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
};

const SECURITY_HEADERS = {
  // Everything comes from this origin; uPlot and Preact set element styles through the CSSOM.
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

interface Asset {
  body: Uint8Array;
  gzip: Uint8Array;
  type: string;
  etag: string;
}

function loadAssets(dir: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const body = readFileSync(p);
        const ext = name.slice(name.lastIndexOf('.'));
        const url = '/' + relative(dir, p).split(sep).join('/');
        out.set(url, { body, gzip: gzipSync(body, { level: 9 }), type: TYPES[ext] ?? 'application/octet-stream', etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
      }
    }
  };
  walk(dir);
  return out;
}

function send(c: Context, a: Asset, cache: string): Response {
  const headers: Record<string, string> = { 'content-type': a.type, 'cache-control': cache, etag: a.etag, vary: 'accept-encoding', ...SECURITY_HEADERS };
  if (c.req.header('if-none-match') === a.etag) return new Response(null, { status: 304, headers });
  const gz = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  if (gz) headers['content-encoding'] = 'gzip';
  return new Response(c.req.method === 'HEAD' ? null : (gz ? a.gzip : a.body) as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

/**
 * Mounts the console on the app (GET/HEAD only). Without a built bundle, GET / explains how to
 * build it instead of failing.
 */
export function mountConsole(app: Hono, dir: string = CONSOLE_DIST): { built: boolean } {
  const built = existsSync(join(dir, 'index.html'));
  const assets = built ? loadAssets(dir) : new Map<string, Asset>();
  const index = assets.get('/index.html');
  app.on(['GET', 'HEAD'], '*', async (c, next) => {
    const path = c.req.path;
    const asset = path.startsWith('/assets/') ? assets.get(path) : undefined;
    if (asset) return send(c, asset, 'public, max-age=300, must-revalidate');
    if (!PAGE_PATHS.some((re) => re.test(path))) return next();
    if (!index) return c.text('The console is not built: run `npm run build:console` (npm ci runs it), then restart the collector.\n', 503);
    return send(c, index, 'no-cache');
  });
  return { built };
}
