/** /clickhouse/ on the embedded store (chdb in the collector's process). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('deploy/grafana/provisioning/datasources/embedded.yaml', () => {
  it('its host, port, path and credentials reach this endpoint, and the plugin\'s metadata queries answer', async () => {
    const { readYaml, PROVISIONING_DIR } = await import('../dashboards/load.ts');
    const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
    const { ADMIN } = await import('./clickhouse-http.cases.ts');
    const ds = readYaml<{ datasources: Array<{ jsonData: Record<string, string>; secureJsonData: Record<string, string> }> }>(PROVISIONING_DIR, 'datasources', 'embedded.yaml').datasources[0]!;
    const env: Record<string, string> = { LLMSCOPE_COLLECTOR_HOST: '127.0.0.1', LLMSCOPE_COLLECTOR_PORT: String(c.port), LLMSCOPE_ADMIN_KEY: ADMIN };
    const sub = (v: string) => v.replace(/^\$(\w+)$/, (_m, n: string) => env[n]!);
    const cl = createClient({
      url: `${ds.jsonData.protocol}://${sub(ds.jsonData.host!)}:${sub(ds.jsonData.port!)}`,
      pathname: ds.jsonData.path,
      username: ds.jsonData.username,
      password: sub(ds.secureJsonData.password!),
      database: ds.jsonData.defaultDatabase,
      log: { level: ClickHouseLogLevel.OFF },
    });
    try {
      const version = await (await cl.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })).json<{ v: string }>();
      expect(version[0]!.v).toMatch(/^\d+\.\d+/);
      const tables = (await (await cl.query({ query: 'SHOW TABLES FROM llmscope', format: 'JSONEachRow' })).json<{ name: string }>()).map((t) => t.name);
      for (const t of ['llm_calls', 'otel_traces', 'otel_traces_trace_id_ts', 'scores']) expect(tables).toContain(t);
      const cols = (await (await cl.query({ query: 'DESCRIBE TABLE otel_traces', format: 'JSONEachRow' })).json<{ name: string }>()).map((x) => x.name);
      expect(cols).toContain('TraceId');
    } finally {
      await cl.close();
    }
  });
});
