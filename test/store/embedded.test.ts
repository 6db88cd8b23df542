import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { StoreError } from '../../src/store/store.ts';
import { storeSuite } from './store-suite.ts';

let dir: string;
let store: EmbeddedStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-store-'));
  store = new EmbeddedStore(join(dir, 'data'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

storeSuite('embedded (chdb)', () => store);

describe('embedded (chdb): inserts staged as files', () => {
  const staged = () => readdirSync(join(dir, 'data', 'insert-staging'));
  const line = (id: string, value: string) =>
    `{"project_id":"staging","timestamp":1796429980336000000,"trace_id":"${id}","span_id":"s","name":"n","value":${value}}\n`;

  it('inserts parts as one insert and leaves no file behind, also when ClickHouse refuses the data', async () => {
    await store.command('CREATE DATABASE IF NOT EXISTS staging');
    await store.command('CREATE TABLE IF NOT EXISTS staging.t (project_id String, timestamp DateTime64(9), trace_id String, span_id String, name String, value Float64) ENGINE = MergeTree ORDER BY trace_id SETTINGS non_replicated_deduplication_window = 100');
    await store.insertJsonEachRow('staging.t', [line('a', '1'), line('b', '2') + line('c', '3')], { dedupToken: 'parts-1' });
    expect(staged()).toEqual([]);
    const err = await store.insertJsonEachRow('staging.t', [line('d', '4'), line('e', '"not a number"')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    // A parse error (CANNOT_PARSE_INPUT_ASSERTION_FAILED / CANNOT_PARSE_NUMBER): the batch writer sets such rows aside.
    expect([27, 72]).toContain((err as StoreError).code);
    expect(staged()).toEqual([]);
    // Same token again (a retried batch): a no-op; a new token stores it.
    await store.insertJsonEachRow('staging.t', [line('a', '1'), line('b', '2') + line('c', '3')], { dedupToken: 'parts-1' });
    const [r] = await store.query<{ c: number; s: number }>('SELECT count() AS c, sum(value) AS s FROM staging.t');
    expect(Number(r!.c)).toBe(3);
    expect(Number(r!.s)).toBe(6);
  });

  it('refuses a table name that is not an identifier', async () => {
    await expect(store.insertJsonEachRow("staging.t'; DROP TABLE staging.t; --", line('x', '1'))).rejects.toBeInstanceOf(StoreError);
  });
});
