/** /clickhouse/ on the embedded store (chdb in the collector's process). */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { insertSeed } from '../support/seed.ts';
import { KEYS_YAML, defineClickHouseHttpCases, seed } from './clickhouse-http.cases.ts';

let dir: string;
let c: RunningCollector;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-ch-http-'));
  writeFileSync(join(dir, 'keys.yaml'), KEYS_YAML);
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', apiKeys: join(dir, 'keys.yaml'), queryTimeoutMs: 2000, ui: 'off' });
  await insertSeed(c.store, seed);
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

defineClickHouseHttpCases(() => c);
