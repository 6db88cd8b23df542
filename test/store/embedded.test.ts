import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { StoreError } from '../../src/store/store.ts';
import { BatchWriter } from '../../src/store/batch-writer.ts';
import { migrate } from '../../src/store/migrations.ts';
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
    // Even with other data: the token, not the content, identifies the insert.
    await store.insertJsonEachRow('staging.t', [line('f', '100')], { dedupToken: 'parts-1' });
    const [r] = await store.query<{ c: number; s: number }>('SELECT count() AS c, sum(value) AS s FROM staging.t');
    expect(Number(r!.c)).toBe(3);
    expect(Number(r!.s)).toBe(6);
    // The token is the insert's own setting: the next insert without one is not deduplicated by it.
    await store.insertJsonEachRow('staging.t', [line('g', '1000')]);
    const [r2] = await store.query<{ c: number }>('SELECT count() AS c FROM staging.t');
    expect(Number(r2!.c)).toBe(4);
  });

  it('refuses a table name that is not an identifier', async () => {
    await expect(store.insertJsonEachRow("staging.t'; DROP TABLE staging.t; --", line('x', '1'))).rejects.toBeInstanceOf(StoreError);
  });
});

describe('embedded (chdb): engine configuration', () => {
  it('merges every MergeTree table vertically (column by column), and a merge keeps every row and value', async () => {
    const settings = await store.query<{ name: string; value: string; changed: number }>(
      "SELECT name, value, changed FROM system.merge_tree_settings WHERE name IN ('vertical_merge_algorithm_min_rows_to_activate', 'vertical_merge_algorithm_min_columns_to_activate') ORDER BY name",
    );
    expect(settings.map((r) => [r.name, r.value, Number(r.changed)])).toEqual([
      ['vertical_merge_algorithm_min_columns_to_activate', '1', 1],
      ['vertical_merge_algorithm_min_rows_to_activate', '1', 1],
    ]);
    // The settings the file does not name keep their defaults (e.g. the caches set on the command line).
    const [marks] = await store.query<{ value: string }>("SELECT value FROM system.server_settings WHERE name = 'mark_cache_size'");
    expect(marks!.value).toBe('67108864');
    await store.command('CREATE DATABASE IF NOT EXISTS vmerge');
    await store.command(
      "CREATE TABLE IF NOT EXISTS vmerge.t (k String, ts DateTime64(9), attrs Map(LowCardinality(String), String), `Events.Name` Array(String), v Float64) ENGINE = MergeTree ORDER BY (k, ts)",
    );
    for (let part = 0; part < 4; part++) {
      let text = '';
      for (let i = 0; i < 500; i++) text += JSON.stringify({ k: `k${i % 7}`, ts: 1_796_429_980_000_000_000 + part * 1000 + i, attrs: { a: `p${part}`, 'é ✓': String(i) }, 'Events.Name': [`e${i}`, 'x'], v: i + part / 10 }) + '\n';
      await store.insertJsonEachRow('vmerge.t', text);
    }
    await store.command('OPTIMIZE TABLE vmerge.t FINAL');
    const [parts] = await store.query<{ c: number }>("SELECT count() AS c FROM system.parts WHERE database = 'vmerge' AND table = 't' AND active");
    expect(Number(parts!.c)).toBe(1);
    const [r] = await store.query<{ c: number; s: number; a: number; e: number }>(
      "SELECT count() AS c, sum(v) AS s, countIf(attrs['é ✓'] != '') AS a, sum(length(`Events.Name`)) AS e FROM vmerge.t",
    );
    expect(Number(r!.c)).toBe(2000);
    expect(Number(r!.s)).toBeCloseTo(4 * ((499 * 500) / 2) + 500 * (0 + 0.1 + 0.2 + 0.3), 6);
    expect(Number(r!.a)).toBe(2000);
    expect(Number(r!.e)).toBe(4000);
  });
});

describe('embedded (chdb): batch writer with rows ClickHouse refuses', () => {
  const row = (i: number, value: string, label = '') =>
    `{"project_id":"refused","timestamp":${1796429980336000000n + BigInt(i)},"trace_id":"t${i}","span_id":"s${i}","name":"n","value":${value},"label":"${label}","source":"heuristic","explanation":""}\n`;

  it('sets aside only the refused row, stores the rest of the batch, and reports the row as text', async () => {
    await migrate(store, { database: 'llmscope' });
    const refused: Array<[string, string]> = [];
    const w = new BatchWriter(store, {
      database: 'llmscope',
      maxBatchRows: 1000,
      flushIntervalMs: 20,
      maxQueuedRows: 1000,
      onRejectedRow: (table, line) => refused.push([table, line]),
    });
    const stored: string[] = [];
    // Multi-byte text on both sides of the bad row: lines are split as bytes, never inside a character.
    w.enqueue({ lines: { scores: row(1, '1', 'café') + row(2, '2', 'naïve') }, rows: 2, onStored: () => stored.push('a') });
    const bad = row(4, '"four"', 'ünïcode');
    w.enqueue({ lines: { scores: row(3, '3', 'Grüße') + bad + row(5, '5', '東京') }, rows: 3, onStored: () => stored.push('b') });
    await w.flush();
    await w.close();
    expect(stored).toEqual(['a', 'b']);
    expect(refused).toEqual([['scores', bad.slice(0, -1)]]);
    expect(w.stats.rejectedRows.scores).toBe(1);
    expect(w.stats.rowsWritten.scores).toBe(4);
    const rows = await store.query<{ value: number; label: string }>("SELECT value, label FROM llmscope.scores WHERE project_id = 'refused' ORDER BY value");
    expect(rows.map((r) => [Number(r.value), r.label])).toEqual([[1, 'café'], [2, 'naïve'], [3, 'Grüße'], [5, '東京']]);
  });
});
