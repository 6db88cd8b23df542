import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerStore } from '../../src/store/server.ts';
import { ClickHouseHttpStandin } from '../support/clickhouse-http-standin.ts';
import { storeSuite } from './store-suite.ts';

let dir: string;
let standin: ClickHouseHttpStandin;
let store: ServerStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-server-'));
  standin = new ClickHouseHttpStandin({ dataDir: join(dir, 'data'), user: 'llmscope', password: 's3cret' });
  await standin.start();
  store = new ServerStore({ url: standin.url, username: 'llmscope', password: 's3cret' });
});
afterAll(async () => {
  await store.close();
  await standin.close();
  rmSync(dir, { recursive: true, force: true });
});

storeSuite('server (@clickhouse/client → ClickHouse HTTP stand-in)', () => store);

describe('server backend: connection problems', () => {
  it('reports a wrong password as ClickHouse does (code 516)', async () => {
    const bad = new ServerStore({ url: standin.url, username: 'llmscope', password: 'wrong' });
    await expect(bad.query('SELECT 1')).rejects.toMatchObject({ code: 516 });
    await bad.close();
  });

  it('ping is false for an unreachable server', async () => {
    const gone = new ServerStore({ url: 'http://127.0.0.1:9', requestTimeoutMs: 2000 });
    expect(await gone.ping()).toBe(false);
    await gone.close();
  });
});
