/**
 * Cost of one drift computation on the embedded store (chdb), against a baseline measured in the
 * same run: one grouped scan of the same rows (count and average input tokens per group and
 * window) — the least any comparison of two windows must read. Two inputs: short prompts, and
 * 200 KB RAG contexts (the per-call text work is bounded by the 4096-character prefix, so the
 * ratio to the baseline should not grow with the text length beyond reading the column).
 *
 * Run: npx node bench/drift/drift.bench.ts   (≈ 1–2 minutes)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { computeDrift, windowAt, type DriftSettings } from '../../src/drift/compute.ts';
import { BASELINE, SHIFTED, calls, rng } from '../../test/drift/traffic.ts';
import { timed } from '../ingest/harness.ts';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 20, 12, 30);
const S: DriftSettings = { recentMs: HOUR, referenceMs: 7 * 24 * HOUR, psiThreshold: 0.2, ksThreshold: 0.1, minCalls: 30, maxGroups: 200 };
const W = windowAt(NOW, S);
const RAG = Array.from({ length: 20_000 }, (_, k) => `passage${(k * 7919) % 100_000}`).join(' ').slice(0, 200_000);

async function measure(label: string, groups: number, refPerGroup: number, recentPerGroup: number, rag: boolean): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-bench-'));
  const store = new EmbeddedStore(join(dir, 'data'));
  try {
    await migrate(store, { database: 'llmscope' });
    const r = rng(1);
    for (let g = 0; g < groups; g++) {
      let text = calls({ service: `svc-${g}` }, BASELINE, refPerGroup, W.referenceStart, W.start, r) + calls({ service: `svc-${g}` }, g % 2 ? SHIFTED : BASELINE, recentPerGroup, W.start, W.end, r);
      if (rag) text = text.replace(/"input_text":"/g, `"input_text":"${RAG} `);
      await store.insertJsonEachRow('llmscope.llm_calls', text);
    }
    const baseline = await timed(() =>
      store.query(
        `SELECT service_name, request_model, prompt_name, prompt_version, timestamp >= fromUnixTimestamp64Milli({ws:Int64}) AS recent, count(), avg(input_tokens), avg(lengthUTF8(input_text))
         FROM llmscope.llm_calls WHERE timestamp >= fromUnixTimestamp64Milli({rs:Int64}) AND timestamp < fromUnixTimestamp64Milli({we:Int64})
         GROUP BY service_name, request_model, prompt_name, prompt_version, recent`,
        { ws: W.start, we: W.end, rs: W.referenceStart },
      ),
    );
    let rows = 0;
    const drift = await timed(async () => {
      rows = (await computeDrift(store, 'llmscope', S, W)).rows.length;
    });
    const calls_ = groups * (refPerGroup + recentPerGroup);
    console.log(
      `${label.padEnd(34)} calls ${String(calls_).padStart(7)}  groups ${String(groups).padStart(3)}  drift rows ${String(rows).padStart(4)}  ` +
        `baseline scan ${baseline.toFixed(0).padStart(5)} ms  drift ${drift.toFixed(0).padStart(5)} ms  ratio ${(drift / baseline).toFixed(2)}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await measure('short prompts, 10 groups', 10, 2000, 200, false);
await measure('short prompts, 40 groups', 40, 2000, 200, false);
await measure('200 KB RAG contexts, 10 groups', 10, 200, 50, true);
