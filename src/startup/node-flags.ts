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
