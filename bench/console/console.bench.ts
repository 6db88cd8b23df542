/**
 * The console under load: N llm_calls rows (default 1,000,000, with one span each) on the embedded
 * store while the collector ingests a steady 5,000 spans/s; Chromium opens the overview dashboard
 * and a call page again and again. Prints
 *   - time until every overview panel rendered (navigation → last panel done; target < 2 s),
 *   - p95 panel query latency (the browser's resource timings of the panel queries),
 *   - call page open time (in-app navigation → call rendered; target < 300 ms; also a full load),
 *   - ingest rate while idle vs while the console is used (same run; target < 10 % lost).
 *
 *   npx node bench/console/console.bench.ts [--rows 1000000] [--rate 5000] [--seconds 15] [--loads 8]
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { makePayloads } from '../support/payloads.ts';
import { freePort, repo } from '../ingest/harness.ts';

const args = process.argv.slice(2);
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
const collector = spawn(process.execPath, ['src/cli.ts', 'collector', '--port', String(port), '--data-dir', dataDir, '--scorers=', '--log-level', 'warn'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
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
const load = (async () => {
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
})();

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

await new Promise((r) => setTimeout(r, 3000)); // warm-up
const idleRate = await rateOver(SECONDS);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
const dashMs: number[] = [];
const panelMs: number[] = [];
const callNavMs: number[] = [];
const callLoadMs: number[] = [];
const overview = `${url}/d/llmscope-overview?from=now-24h&to=now&refresh=off`;
const cycle = async () => {
  // overview: navigation → every panel done
  const t0 = performance.now();
  await page.goto(overview);
  await page.waitForFunction(() => document.querySelectorAll('[data-panel-id]').length > 0 && !document.querySelector('[data-panel-id][data-state="loading"]'), null, { timeout: 60_000, polling: 'raf' });
  dashMs.push(performance.now() - t0);
  const states = await page.$$eval('[data-panel-id]', (els) => els.map((e) => e.getAttribute('data-state')));
  if (states.some((s) => s === 'error')) throw new Error(`panel errors: ${states.join(',')}`);
  panelMs.push(...(await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/panels/')).map((e) => e.duration))));
  // call page: from the explorer (in-app navigation) and as a fresh page load
  await page.goto(`${url}/calls?from=now-24h&to=now&sort=cost_usd&order=desc`);
  const link = page.locator('tbody tr[data-trace-id] td:first-child a').first();
  await link.waitFor({ timeout: 60_000 });
  const href = (await link.getAttribute('href'))!;
  const t1 = performance.now();
  await link.click();
  await page.locator('[data-metric="cost"]').waitFor({ timeout: 60_000 });
  await page.locator('.conversation, #conv-h + .empty').first().waitFor({ timeout: 60_000 });
  callNavMs.push(performance.now() - t1);
  const t2 = performance.now();
  await page.goto(url + href);
  await page.locator('[data-metric="cost"]').waitFor({ timeout: 60_000 });
  callLoadMs.push(performance.now() - t2);
};
await cycle(); // first load compiles the queries and fills caches: not counted
dashMs.length = panelMs.length = callNavMs.length = callLoadMs.length = 0;
let cycles = 0;
const busyRate = await rateOver(SECONDS, async () => {
  if (cycles++ < LOADS * 4) await cycle();
  else await new Promise((r) => setTimeout(r, 200));
});
while (dashMs.length < LOADS) await cycle(); // more samples if the ingest window was short

stopLoad = true;
await load;
await browser.close();
collector.kill('SIGTERM');
await new Promise((r) => collector.on('exit', r));
rmSync(dir, { recursive: true, force: true });

const f = (ms: number) => `${ms.toFixed(0)} ms`;
process.stdout.write(
  [
    ``,
    `console bench: ${seed.rows.toLocaleString('en-US')} llm_calls rows + spans on the embedded store, OTLP load ${RATE} spans/s offered, ${dashMs.length} overview loads`,
    `  overview: every panel rendered   median ${f(median(dashMs))}   p95 ${f(pct(dashMs, 0.95))}   (target < 2000 ms)`,
    `  panel query latency              median ${f(median(panelMs))}   p95 ${f(pct(panelMs, 0.95))}   (${panelMs.length} queries)`,
    `  call page (in-app navigation)    median ${f(median(callNavMs))}   p95 ${f(pct(callNavMs, 0.95))}   (target < 300 ms)`,
    `  call page (full page load)       median ${f(median(callLoadMs))}   p95 ${f(pct(callLoadMs, 0.95))}`,
    `  ingest accepted: idle ${idleRate.toFixed(0)} spans/s, console in use ${busyRate.toFixed(0)} spans/s → ${(((idleRate - busyRate) / idleRate) * 100).toFixed(1)} % lost (target < 10 %); refused/unsent ${refused}`,
    ``,
  ].join('\n'),
);
