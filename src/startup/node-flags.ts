import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags every launch of the collector carries: `npm start` / `npm run llmscope`, the bin's
 * shebang (`npx llmscope`), the Docker image and the Kubernetes manifests (NODE_OPTIONS), and
 * bench/ingest by default. A young generation of at most 2 × 16 MiB: Node 24 otherwise grows it up
 * to 128 MiB when much survives a scavenge, as requests waiting for the write-ahead log do under
 * sustained ingest (bench/ingest peak RSS 565–646 → 551–557 MiB at 60k spans, 714 → 628 MiB at
 * 200k, same rate). V8 sizes the heap at start-up: setting it from inside the process does nothing.
 * test/deploy/node-flags.test.ts checks that every launch path carries these.
 */
export const COLLECTOR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];

/**
 * V8 flags the collector sets on itself when it starts (v8.setFlagsFromString: read at every
 * garbage collection, so they take effect at run time, and need no launch path's help — NODE_OPTIONS
 * does not accept them). V8 lets a small old generation grow to up to four times what survived
 * the last full collection before it collects again; requests waiting for the write-ahead log
 * survive young collections, so under sustained ingest the old generation reached 77 MB (100 MB
 * committed) with 30 MB live. Growth of at most 2× keeps it near 50 MB; bench/ingest (400k spans,
 * 3 runs each, alternating): peak RSS 528–605 → 521–533 MiB, same CPU per span (38.0 vs 36.5 µs);
 * at 1.5× the peaks were lower still (498–517) but CPU per span 10% higher.
 */
export const COLLECTOR_RUNTIME_V8_FLAGS: readonly string[] = ['--heap-growing-percent=100'];

export function applyRuntimeV8Flags(): void {
  for (const f of COLLECTOR_RUNTIME_V8_FLAGS) setFlagsFromString(f);
}
