/**
 * Bundles the console (console/src) into console/dist with esbuild: one script, one stylesheet,
 * uPlot and Preact inside (no CDN: the console works offline and behind firewalls). Run by the
 * root `prepare` script, so `npm ci` builds it; `npm run build:console` rebuilds it.
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const here = fileURLToPath(new URL('.', import.meta.url));
const final = join(here, 'dist');
// built aside, then swapped in: a collector or test reading dist never sees half a bundle
const out = join(here, `dist.tmp-${process.pid}`);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

await build({
  entryPoints: { app: join(here, 'src', 'main.ts') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
  outdir: join(out, 'assets'),
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
copyFileSync(join(here, 'src', 'index.html'), join(out, 'index.html'));

rmSync(final, { recursive: true, force: true });
renameSync(out, final);

let gz = 0;
for (const f of ['assets/app.js', 'assets/app.css']) gz += gzipSync(readFileSync(join(final, f)), { level: 9 }).byteLength;
const raw = statSync(join(final, 'assets', 'app.js')).size + statSync(join(final, 'assets', 'app.css')).size;
process.stdout.write(`console built: ${(raw / 1024).toFixed(1)} KB (${(gz / 1024).toFixed(1)} KB gzipped) in ${final}\n`);
