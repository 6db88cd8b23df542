/** Drift settings and files that cannot work stop start-up with a message naming them. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '../../src/collector.ts';
import { loadDriftFile } from '../../src/drift/setup.ts';

describe('drift settings', () => {
  it('refuse empty windows and thresholds that can never or always fire', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-settings-'));
    try {
      const base = { port: 0, dataDir: join(dir, 'data'), logLevel: 'error', ui: 'off' } as const;
      await expect(startCollector({ ...base, driftRecentMs: 0 })).rejects.toThrow(/--drift-recent and --drift-reference/);
      await expect(startCollector({ ...base, driftPsiThreshold: 0 })).rejects.toThrow(/--drift-psi-threshold/);
      await expect(startCollector({ ...base, driftKsThreshold: 1.5 })).rejects.toThrow(/--drift-ks-threshold/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--drift FILE takes drift rules and channels, not budgets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-file-'));
    try {
      const ch = 'channels:\n  ops: { type: webhook, url: "http://127.0.0.1:9/h" }\n';
      writeFileSync(join(dir, 'ok.yaml'), 'drift:\n  - { name: a, notify: [ops] }\n' + ch);
      expect((await loadDriftFile(join(dir, 'ok.yaml')))!.drift.map((r) => r.name)).toEqual(['a']);
      writeFileSync(join(dir, 'budgets.yaml'), 'budgets:\n  - { name: b, metric: cost_usd, limit: 1, period: day, notify: [ops] }\n' + ch);
      await expect(loadDriftFile(join(dir, 'budgets.yaml'))).rejects.toThrow(/line 2.*budgets go in the --budgets file/s);
      expect(await loadDriftFile('')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
