/**
 * The long fuzz run (not part of npm test): ≥ 100,000 mutated OTLP/HTTP inputs against the real
 * collector (embedded store), valid requests with unique span ids interleaved. Prints counts per
 * status and per mutation family, crashes (the collector runs in its own process,
 * collector-process.ts: a crash is that process dying), failures (a status outside
 * 200/400/413/415/429/503, an error answer without a body, a timeout or a connection error), the
 * stored-span check (bounded flush; insert errors must be 0), and the request rate of the mix
 * against a valid-only baseline measured first in the same run.
 *
 *   npx node bench/fuzz/fuzz.bench.ts [--inputs 100000] [--seed 1] [--concurrency 8]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runFuzz } from '../../test/support/otlp-fuzz.ts';

const { values } = parseArgs({
  options: {
    inputs: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '8' },
    baseline: { type: 'string', default: '3000' },
  },
});
const inputs = Number(values.inputs);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
const MAX_BODY = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'llmscope-fuzz-bench-'));
const child = spawn(process.execPath, [fileURLToPath(new URL('./collector-process.ts', import.meta.url)), join(dir, 'data'), String(MAX_BODY)], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
let exited: string | null = null;
child.on('exit', (code, signal) => (exited = `exit code ${code}, signal ${signal}`));
const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
const nextLine = async (): Promise<Record<string, unknown>> => {
  const r = await lines.next();
  if (r.done) throw new Error(`collector process ended: ${exited}`);
  return JSON.parse(r.value) as Record<string, unknown>;
};
const url = (await nextLine()).url as string;
const common = { url, concurrency, oversizeBytes: 2 * MAX_BODY, timeoutMs: 15_000 };

console.error(`collector at ${url} (pid ${child.pid}); baseline (valid only) …`);
const base = await runFuzz({ ...common, seed: seed + 1, inputs: Number(values.baseline), validEvery: 0, validService: 'fuzz-baseline', firstSpanId: 1n << 60n });
const fuzz = await runFuzz({
  ...common,
  seed,
  inputs,
  validEvery: 9,
  validService: 'fuzz-valid',
  firstSpanId: 1n,
  progressEvery: Math.max(1000, Math.floor(inputs / 10)),
  onProgress: (r) => console.error(`  … ${r.inputs} inputs, ${(r.ms / 1000).toFixed(1)} s, failures ${r.failures}`),
});
const alive = exited === null;
const health = alive ? (await fetch(`${url}/healthz`).catch(() => null))?.status ?? 0 : 0;
let stored = { flushed: false, n: -1, d: -1, insertErrors: -1, warnings: [] as string[] };
if (alive) {
  child.stdin!.write('count fuzz-valid\n');
  stored = (await nextLine()) as typeof stored;
}
const crashes = alive ? 0 : 1;
const storedOk = stored.flushed && stored.n === fuzz.validSpans && stored.d === fuzz.validSpans && stored.insertErrors === 0;

const rate = (r: { inputs: number; ms: number }) => (r.inputs / r.ms) * 1000;
console.log(`fuzz bench: seed ${seed}, concurrency ${concurrency}, body limit ${MAX_BODY} B`);
console.log(`inputs:        ${fuzz.inputs} (${fuzz.mutants} mutants, ${fuzz.validRequests} valid requests with ${fuzz.validSpans} spans, ${fuzz.validRetries} retries after 429/503)`);
console.log(`time:          ${(fuzz.ms / 1000).toFixed(1)} s, ${rate(fuzz).toFixed(0)} req/s (valid-only baseline ${rate(base).toFixed(0)} req/s over ${base.inputs}; ratio ${(rate(fuzz) / rate(base)).toFixed(2)})`);
console.log(`by status:     ${JSON.stringify(fuzz.byStatus)}`);
for (const [kind, byStatus] of Object.entries(fuzz.byKind).sort()) console.log(`  ${kind.padEnd(22)} ${JSON.stringify(byStatus)}`);
console.log(`failures:      ${fuzz.failures + base.failures}${fuzz.failureSamples.length + base.failureSamples.length ? `\n  ${[...base.failureSamples, ...fuzz.failureSamples].join('\n  ')}` : ''}`);
console.log(`crashes:       ${crashes}${alive ? '' : ` (collector process: ${exited})`}`);
console.log(`healthz:       ${health}`);
console.log(
  `stored valid:  ${stored.flushed ? `${stored.n} rows, ${stored.d} distinct span ids` : 'flush did not finish in 30 s'}, ${fuzz.validSpans} sent, ` +
    `insert errors ${stored.insertErrors} → ${storedOk ? 'OK' : 'FAIL'}${stored.warnings.length ? `\n  ${stored.warnings.join('\n  ')}` : ''}`,
);

if (alive && stored.flushed) {
  child.stdin!.write('close\n');
  await new Promise((r) => child.once('exit', r));
} else if (alive) child.kill('SIGKILL'); // a writer stuck retrying never closes
rmSync(dir, { recursive: true, force: true });
process.exitCode = crashes + fuzz.failures + base.failures === 0 && storedOk && health === 200 ? 0 : 1;
