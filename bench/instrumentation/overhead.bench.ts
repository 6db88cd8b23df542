/**
 * Per-call overhead of LLM instrumentation on the real `openai` client: uninstrumented vs
 * llmscope vs OpenLLMetry (@traceloop/instrumentation-openai), for non-streaming and streaming
 * chat completions. Every variant runs in its own child process (overhead-worker.ts); each round
 * runs the three back to back (rotating their order), and the added latency is the median over
 * rounds of (variant median − baseline median) in that round, which keeps machine drift between
 * rounds out of the difference. Also prints CPU time per call (user+system, including work done
 * after the call returned), the cost that batching off the await path does not remove.
 *
 *   npx node bench/instrumentation/overhead.bench.ts [--iterations 1500] [--rounds 3] [--transport http|inprocess|both]
 *
 * Transports: `http` = the replay server (test/support/llm-replay-server.ts) over loopback;
 * `inprocess` = a fetch answering from memory, which takes network noise out of the numbers.
 * Targets: llmscope's added latency ≤ half of OpenLLMetry's, and < 50 µs median (non-streaming).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startReplayServer } from '../../test/support/llm-replay-server.ts';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '7' },
    transport: { type: 'string', default: 'both' },
  },
});
const VARIANTS = ['none', 'llmscope', 'openllmetry'] as const;
type Variant = (typeof VARIANTS)[number];
const MODES = ['nonstream', 'stream'] as const;
const transports = values.transport === 'both' ? ['inprocess', 'http'] : [values.transport!];
const worker = fileURLToPath(new URL('./overhead-worker.ts', import.meta.url));

interface WorkerResult {
  durations: number[];
  cpuMicrosPerCall: number;
}

function runWorker(variant: Variant, mode: string, transport: string, replayUrl: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, '--variant', variant, '--mode', mode, '--transport', transport, '--iterations', values.iterations!, '--warmup', values.warmup!], {
      env: { ...process.env, REPLAY_URL: replayUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output) as WorkerResult) : reject(new Error(`${variant} ${mode} exited with ${code}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const server = await startReplayServer();
const format = (value: number) => value.toFixed(1).padStart(8);
console.log(`llmscope instrumentation overhead — ${values.rounds} rounds × ${values.iterations} calls per variant (after ${values.warmup} warm-up calls), Node ${process.version}`);
try {
  for (const transport of transports) {
    for (const mode of MODES) {
      const samples = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
      const roundMedians = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
      const cpu = new Map<Variant, number[]>(VARIANTS.map((variant) => [variant, []]));
      for (let round = 0; round < Number(values.rounds); round++) {
        const order = VARIANTS.map((_, index) => VARIANTS[(index + round) % VARIANTS.length]!);
        for (const variant of order) {
          const result = await runWorker(variant, mode, transport, server.url);
          samples.get(variant)!.push(...result.durations);
          roundMedians.get(variant)!.push(median(result.durations));
          cpu.get(variant)!.push(result.cpuMicrosPerCall);
        }
      }
      const baselineCpu = median(cpu.get('none')!);
      console.log(`\n${mode === 'stream' ? 'streaming chat (24 chunks, consumed)' : 'non-streaming chat'} — transport: ${transport}`);
      console.log('variant        median µs/call   added µs (paired)   CPU µs/call (added)   per-round medians µs');
      const added = new Map<Variant, number>();
      for (const variant of VARIANTS) {
        const value = median(samples.get(variant)!);
        const cpuValue = median(cpu.get(variant)!);
        const pairedDeltas = roundMedians.get(variant)!.map((roundMedian, round) => roundMedian - roundMedians.get('none')![round]!);
        added.set(variant, median(pairedDeltas));
        const extra = variant === 'none' ? '       —' : format(median(pairedDeltas));
        const extraCpu = variant === 'none' ? '' : ` (${(cpuValue - baselineCpu).toFixed(1)})`;
        console.log(`${variant.padEnd(12)} ${format(value)}       ${extra}          ${format(cpuValue)}${extraCpu.padEnd(11)}   ${roundMedians.get(variant)!.map((item) => item.toFixed(0)).join(' / ')}`);
      }
      const ours = added.get('llmscope')!;
      const theirs = added.get('openllmetry')!;
      const cpuRatio = (median(cpu.get('llmscope')!) - baselineCpu) / (median(cpu.get('openllmetry')!) - baselineCpu);
      console.log(
        `latency: llmscope added / OpenLLMetry added = ${(ours / theirs).toFixed(2)} (target ≤ 0.5)${mode === 'nonstream' ? `; llmscope added ${ours.toFixed(1)} µs (target < 50 µs)` : ''}; CPU ratio ${cpuRatio.toFixed(2)}`,
      );
    }
  }
} finally {
  await server.close();
}
