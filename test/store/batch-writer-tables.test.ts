/**
 * A batch's tables are inserted at once (the embedded store runs them on separate connections to
 * the one data folder), each retried on its own: against the real embedded store, every row is
 * stored exactly once, a refused row in one table costs the other table nothing, close() with
 * the store away cuts every table's retry wait short, and a batch is due when one table has
 * maxBatchRows rows (inserts of that size), not when all tables together do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { BatchWriter, type WriteUnit } from '../../src/store/batch-writer.ts';
import { StoreError, type Store } from '../../src/store/store.ts';
import { aroundInserts } from './around-inserts.ts';

let dir: string;
let chdb: EmbeddedStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-tables-'));
  chdb = new EmbeddedStore(join(dir, 'data'));
  await chdb.command('CREATE DATABASE IF NOT EXISTS d');
  for (const t of ['a', 'b', 'c']) await chdb.command(`CREATE TABLE IF NOT EXISTS d.${t} (id UInt32, s String) ENGINE = MergeTree ORDER BY id`);
});
afterAll(async () => {
  await chdb.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `{"id":${from + i},"s":"${'x'.repeat(200)}"}\n`).join('');
const count = async (t: string) => Number((await chdb.query<{ c: string }>(`SELECT count() AS c FROM d.${t}`))[0]!.c);

/** The real store, counting the inserts in progress at once. */
function watched(): Store & { maxInFlight: number } {
  let inFlight = 0;
  const w: Store & { maxInFlight: number } = aroundInserts(
    chdb,
    async (call) => {
      w.maxInFlight = Math.max(w.maxInFlight, ++inFlight);
      try {
        await call.insert();
      } finally {
        inFlight--;
      }
    },
    { maxInFlight: 0 },
  );
  return w;
}

describe('batch writer: the tables of a batch', () => {
  it('are inserted at once, and every row is stored exactly once', async () => {
    const store = watched();
    const writer = new BatchWriter(store, { database: 'd', maxBatchRows: 1_000_000, flushIntervalMs: 50, maxQueuedRows: 1_000_000 });
    const units: WriteUnit[] = [];
    for (let u = 0; u < 20; u++) units.push({ lines: { a: lines(u * 1000, 1000), b: lines(u * 500, 500), c: lines(u * 10, 10) }, rows: 1510 });
    for (const unit of units) expect(writer.enqueue(unit)).toBe(true);
    await writer.flush();
    await writer.close();
    expect(store.maxInFlight).toBe(3);
    expect([await count('a'), await count('b'), await count('c')]).toEqual([20_000, 10_000, 200]);
    expect(writer.stats.rowsWritten).toEqual({ a: 20_000, b: 10_000, c: 200 });
  });

  it('a row refused in one table is set aside; the other tables are stored once, not again', async () => {
    for (const t of ['a', 'b']) await chdb.command(`TRUNCATE TABLE d.${t}`);
    const refused: string[] = [];
    const writer = new BatchWriter(watched(), {
      database: 'd',
      maxBatchRows: 1_000_000,
      flushIntervalMs: 50,
      maxQueuedRows: 1_000_000,
      onRejectedRow: (table, line) => refused.push(`${table}:${line}`),
    });
    writer.enqueue({ lines: { a: lines(0, 300), b: lines(0, 100) + '{"id":"not a number"}\n' + lines(100, 100) }, rows: 501 });
    writer.enqueue({ lines: { a: lines(300, 300), b: lines(200, 100) }, rows: 400 });
    await writer.flush();
    await writer.close();
    expect(refused).toEqual(['b:{"id":"not a number"}']);
    expect([await count('a'), await count('b')]).toEqual([600, 300]);
    expect(writer.stats.rejectedRows).toEqual({ b: 1 });
  });

  it('close() with the store away stops every table retrying at the deadline', async () => {
    let attempts = 0;
    const away = aroundInserts(chdb, async () => {
      attempts++;
      throw new StoreError('connection refused');
    });
    // Backoff far beyond the test's time: only close() waking every wait ends it.
    const writer = new BatchWriter(away, { database: 'd', maxBatchRows: 1_000_000, flushIntervalMs: 10, maxQueuedRows: 1_000_000, retryBaseMs: 600_000, retryMaxMs: 600_000 });
    writer.enqueue({ lines: { a: lines(0, 10), b: lines(0, 5), c: lines(0, 1) }, rows: 16 });
    while (attempts < 3) await new Promise((r) => setTimeout(r, 10));
    const t0 = performance.now();
    expect(await writer.close(300)).toEqual({ abandonedRows: 16 });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });

  /** The real store, recording the rows of each insert by table. */
  function recording(): Store & { inserts: Array<[string, number]> } {
    const r: Store & { inserts: Array<[string, number]> } = aroundInserts(
      chdb,
      async (call) => {
        r.inserts.push([call.table.slice(2), (await call.text()).split('\n').length - 1]);
        await call.insert();
      },
      { inserts: [] as Array<[string, number]> },
    );
    return r;
  }
  const settle = () => new Promise((r) => setTimeout(r, 150));

  it('flush when one table has maxBatchRows rows pending: a request spread over three tables makes inserts of that size', async () => {
    for (const t of ['a', 'b', 'c']) await chdb.command(`TRUNCATE TABLE d.${t}`);
    const store = recording();
    // No timer flush during the test: only size makes a batch due.
    const writer = new BatchWriter(store, { database: 'd', maxBatchRows: 300, flushIntervalMs: 600_000, maxQueuedRows: 10_000 });
    const unit = (u: number): WriteUnit => ({ lines: { a: lines(u * 100, 100), b: lines(u * 100, 100), c: lines(u * 100, 100) }, rows: 300, counts: { a: 100, b: 100, c: 100 } });
    writer.enqueue(unit(0));
    writer.enqueue(unit(1));
    await settle();
    // 600 rows pending in all, 200 per table: not due yet (it was, at 300 rows in all, before).
    expect(store.inserts).toEqual([]);
    writer.enqueue(unit(2));
    await settle();
    expect(store.inserts.sort()).toEqual([['a', 300], ['b', 300], ['c', 300]]);
    expect(writer.queuedRows).toBe(0);
    await writer.close();
    expect([await count('a'), await count('b'), await count('c')]).toEqual([300, 300, 300]);
  });

  it('… or when all tables together hold half of maxQueuedRows, so batching never fills the memory bound', async () => {
    for (const t of ['a', 'b', 'c']) await chdb.command(`TRUNCATE TABLE d.${t}`);
    const store = recording();
    const writer = new BatchWriter(store, { database: 'd', maxBatchRows: 300, flushIntervalMs: 600_000, maxQueuedRows: 1000 });
    const unit = (u: number): WriteUnit => ({ lines: { a: lines(u * 50, 50), b: lines(u * 50, 50), c: lines(u * 50, 50) }, rows: 150, counts: { a: 50, b: 50, c: 50 } });
    for (let u = 0; u < 3; u++) expect(writer.enqueue(unit(u))).toBe(true);
    await settle();
    expect(store.inserts).toEqual([]); // 450 rows, 150 per table
    expect(writer.enqueue(unit(3))).toBe(true); // 600 ≥ 1000 / 2
    await settle();
    expect(store.inserts.sort()).toEqual([['a', 200], ['b', 200], ['c', 200]]);
    await writer.close();
  });

  it('units without per-table counts are counted per table when queued: due when one table has maxBatchRows rows', async () => {
    for (const t of ['a', 'b']) await chdb.command(`TRUNCATE TABLE d.${t}`);
    const store = recording();
    const writer = new BatchWriter(store, { database: 'd', maxBatchRows: 300, flushIntervalMs: 600_000, maxQueuedRows: 10_000 });
    writer.enqueue({ lines: { a: lines(0, 100), b: lines(0, 50) }, rows: 150 });
    writer.enqueue({ lines: { a: lines(100, 100), b: lines(50, 50) }, rows: 150 });
    await settle();
    expect(store.inserts).toEqual([]); // 300 rows in all, 200 in the fullest table
    writer.enqueue({ lines: { a: lines(200, 100) }, rows: 100 });
    await settle();
    expect(store.inserts.sort()).toEqual([['a', 300], ['b', 100]]);
    await writer.close();
  });
});
