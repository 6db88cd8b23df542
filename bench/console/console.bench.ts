/**
 * The console under load: N llm_calls rows (default 1,000,000, with one span each) on the embedded
 * store while the collector ingests a steady 5,000 spans/s; Chromium opens the overview dashboard
 * and a call page again and again. Prints
 *   - time until every overview panel rendered (navigation → last panel done; target < 2 s),
 *   - p95 panel query latency (the browser's resource timings of the panel queries),
 *   - call page open time (in-app navigation → call rendered; target < 300 ms; also a full load),
 *   - ingest rate while idle vs while the console is used (same run; target < 10 % lost).
 *
 *   npx node bench/console/console.bench.ts [--rows 1000000] [--rate 5000] [--seconds 15] [--loads 8] [-- extra collector flags]
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { makePayloads } from '../support/payloads.ts';
import { freePort, repo } from '../ingest/harness.ts';

const argv = process.argv.slice(2);
const dd = argv.indexOf('--');
const args = dd >= 0 ? argv.slice(0, dd) : argv;
const extra = dd >= 0 ? argv.slice(dd + 1) : [];
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const ROWS = opt('--rows', 1_000_000);
const RATE = opt('--rate', 5000);
const SECONDS = opt('--seconds', 15);
const LOADS = opt('--loads', 8);
const SPANS_PER_REQUEST = 100;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]! : NaN;
};
const median = (xs: number[]) => pct(xs, 0.5);

if (!existsSync(join(repo, 'console', 'dist', 'index.html'))) execFileSync(process.execPath, ['console/build.ts'], { cwd: repo, stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'llmscope-console-bench-'));
const dataDir = join(dir, 'data');
const now = Date.now();
process.stdout.write(`seeding ${ROWS.toLocaleString('en-US')} llm_calls rows + spans …\n`);
const seed = JSON.parse(execFileSync(process.execPath, ['bench/console/seed.ts', dataDir, String(ROWS), String(now)], { cwd: repo, encoding: 'utf8' })) as { rows: number; total_ms: number };
process.stdout.write(`seeded ${seed.rows.toLocaleString('en-US')} rows in ${(seed.total_ms / 1000).toFixed(1)} s\n`);

const port = await freePort();
const collector = spawn(process.execPath, ['src/cli.ts', 'collector', '--port', String(port), '--data-dir', dataDir, '--scorers=', '--grpc-port', '0', '--log-level', 'warn', ...extra], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/healthz`)).ok) break;
  } catch {}
  if (i > 1200) throw new Error('collector did not start');
  await new Promise((r) => setTimeout(r, 50));
}

// steady OTLP load: one request of 100 spans every 100/RATE s, at most 16 in flight
const { payloads } = makePayloads({ requests: 200, spansPerRequest: [SPANS_PER_REQUEST, SPANS_PER_REQUEST], seed: 3 });
let accepted = 0;
let refused = 0;
let inflight = 0;
let stopLoad = false;
const startLoad = async () => {
  const every = (1000 * SPANS_PER_REQUEST) / RATE;
  let next = performance.now();
  let k = 0;
  while (!stopLoad) {
    next += every;
    if (inflight < 16) {
      inflight++;
      fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: payloads[k++ % payloads.length]! as Uint8Array<ArrayBuffer> })
        .then(async (r) => {
          await r.arrayBuffer();
          if (r.status === 200) accepted += SPANS_PER_REQUEST;
          else refused += SPANS_PER_REQUEST;
        }, () => (refused += SPANS_PER_REQUEST))
        .finally(() => inflight--);
    } else refused += SPANS_PER_REQUEST; // the collector is behind: this request could not even be sent
    const wait = next - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
};

async function rateOver(seconds: number, during?: () => Promise<void>): Promise<number> {
  const a0 = accepted;
  const t0 = performance.now();
  let done = false;
  const work = during ? (async () => {
    while (!done) await during();
  })() : Promise.resolve();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  done = true;
  await work;
  return ((accepted - a0) * 1000) / (performance.now() - t0);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
interface Sample {
  dash: number[];
  panel: number[];
  callNav: number[];
  callLoad: number[];
}
const fresh = (): Sample => ({ dash: [], panel: [], callNav: [], callLoad: [] });
const overview = `${url}/d/llmscope-overview?from=now-24h&to=now&refresh=off`;
const cycle = async (s: Sample) => {
  // overview: navigation → every panel done
  const t0 = performance.now();
  await page.goto(overview);
  await page.waitForFunction(() => document.querySelectorAll('[data-panel-id]').length > 0 && !document.querySelector('[data-panel-id][data-state="loading"]'), null, { timeout: 120_000, polling: 'raf' });
  s.dash.push(performance.now() - t0);
  const states = await page.$$eval('[data-panel-id]', (els) => els.map((e) => e.getAttribute('data-state')));
  if (states.some((x) => x === 'error')) throw new Error(`panel errors: ${states.join(',')}`);
  s.panel.push(...(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/panels/')).map((e) => e.duration))));
  // call page: from the explorer (in-app navigation) and as a fresh page load
  await page.goto(`${url}/calls?from=now-24h&to=now&sort=cost_usd&order=desc`);
  const link = page.locator('tbody tr[data-trace-id] td:first-child a').first();
  await link.waitFor({ timeout: 120_000 });
  const href = (await link.getAttribute('href'))!;
  const t1 = performance.now();
  await link.click();
  await page.locator('[data-metric="cost"]').waitFor({ timeout: 120_000 });
  s.callNav.push(performance.now() - t1);
  const t2 = performance.now();
  await page.goto(url + href);
  await page.locator('[data-metric="cost"]').waitFor({ timeout: 120_000 });
  s.callLoad.push(performance.now() - t2);
};
await cycle(fresh()); // the first load fills caches: not counted
const quiet = fresh();
for (let i = 0; i < LOADS; i++) await cycle(quiet);

const load = startLoad();
await new Promise((r) => setTimeout(r, 3000)); // warm-up
const idleRate = await rateOver(SECONDS);
const busy = fresh();
const busyRate = await rateOver(SECONDS, () => cycle(busy));
stopLoad = true;
await load;
await browser.close();
collector.kill('SIGTERM');
await new Promise((r) => collector.on('exit', r));
rmSync(dir, { recursive: true, force: true });

const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
const line = (label: string, xs: number[], target = '') => `  ${label.padEnd(34)} median ${f(median(xs))}   p95 ${f(pct(xs, 0.95))}   (n=${xs.length})${target}`;
process.stdout.write(
  [
    ``,
    `console bench: ${seed.rows.toLocaleString('en-US')} llm_calls rows + spans on the embedded store; overview over the last 24 h (every row)${extra.length ? `; collector flags: ${extra.join(' ')}` : ''}`,
    `without ingest:`,
    line('overview: every panel rendered', quiet.dash, '   target < 2000 ms'),
    line('panel query latency', quiet.panel),
    line('call page (in-app navigation)', quiet.callNav, '   target < 300 ms'),
    line('call page (full page load)', quiet.callLoad),
    `while ingesting (${RATE} spans/s offered):`,
    line('overview: every panel rendered', busy.dash, '   target < 2000 ms'),
    line('panel query latency', busy.panel),
    line('call page (in-app navigation)', busy.callNav, '   target < 300 ms'),
    line('call page (full page load)', busy.callLoad),
    `ingest accepted: console idle ${idleRate.toFixed(0)} spans/s, console in use ${busyRate.toFixed(0)} spans/s → ${(((idleRate - busyRate) / idleRate) * 100).toFixed(1)} % lost (target < 10 %); refused or not sent (collector behind): ${refused} spans`,
    ``,
  ].join('\n'),
);
