/**
 * Cost of one API-change detection run on the embedded store (chdb), against a baseline measured in
 * the same run: one grouped scan of the same look-back (calls per provider and request model) — the
 * least any comparison of recent calls with the reference period must read. Two sizes of traffic, so
 * the ratio shows the run stays proportional to the calls in the look-back (three grouped scans, the
 * new-value one fanned out over nine compared columns) rather than growing with their number.
 *
 * Run: npx node bench/changes/detector.bench.ts   (≈ 1–2 minutes)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { ChangeDetector } from '../../src/changes/detector.ts';
import { createLogger } from '../../src/log.ts';
import { sequence } from '../../test/changes/sequences.ts';
import { timed } from '../ingest/harness.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 20, 12, 0, 0);
const NOW = T + 2 * HOUR;

async function measure(models: number, perHour: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'llmscope-changes-bench-'));
  const store = new EmbeddedStore(join(dir, 'data'));
  try {
    await migrate(store, { database: 'llmscope' });
    let calls = 0;
    for (let m = 0; m < models; m++) {
      const rows = sequence({
        project: 'default',
        provider: 'openai',
        model: `model-${m}`,
        fromMs: T - 8 * DAY,
        toMs: NOW,
        perHour,
        seed: m + 1,
        shape: (t, i) => ({
          response_model: t < T || m % 2 ? `model-${m}-2024-08-06` : `model-${m}-2024-11-20`,
          system_fingerprint: `fp_${i % 3}`,
          service_tier: 'default',
          api_version: '2020-10-01',
          error_type: i % 97 === 0 ? '429' : undefined,
          latencyMs: t < T || m % 2 ? 800 : 1600,
        }),
      });
      calls += rows.length;
      await store.insert('llmscope.llm_calls', rows);
    }
    const baseline = await timed(() =>
      store.query(
        `SELECT project_id, provider, request_model, count(), avg(duration_ms) FROM llmscope.llm_calls
         WHERE timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp < fromUnixTimestamp64Milli({to:Int64})
         GROUP BY project_id, provider, request_model`,
        { from: NOW - 8 * DAY, to: NOW },
      ),
    );
    // A fresh detector each time with no channels: every run finds the changes again (nothing
    // stored between runs would only make later runs cheaper).
    let found = 0;
    const detect = await timed(async () => {
      await store.command('TRUNCATE TABLE llmscope.api_changes');
      found = (await new ChangeDetector({ store, logger: createLogger('error', () => {}) }).detectOnce(NOW)).new_changes.length;
    });
    console.log(
      `models ${String(models).padStart(3)}  calls ${String(calls).padStart(8)}  changes ${String(found).padStart(3)}  ` +
        `baseline scan ${baseline.toFixed(0).padStart(5)} ms  detection ${detect.toFixed(0).padStart(5)} ms  ratio ${(detect / baseline).toFixed(2)}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await measure(10, 60);
await measure(40, 60);
