/**
 * Queued rows wait in staging files, not in memory (store/row-spool.ts): with the real embedded
 * store, a batch is inserted from its spool files and they are gone once it is stored or
 * abandoned; a spool that cannot be written keeps its bytes in memory and loses nothing; the
 * engine's allocator returns freed pages quickly unless the user set it otherwise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { BatchWriter } from '../../src/store/batch-writer.ts';
import { RowSpool } from '../../src/store/row-spool.ts';
import { StoreError, type Store } from '../../src/store/store.ts';
import { aroundInserts, type InsertCall } from './around-inserts.ts';

let dir: string;
let chdb: EmbeddedStore;
const staged = () => readdirSync(join(dir, 'data', 'insert-staging')).sort();
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-spool-'));
  chdb = new EmbeddedStore(join(dir, 'data'));
  await chdb.command('CREATE DATABASE IF NOT EXISTS d');
  for (const t of ['a', 'b']) await chdb.command(`CREATE TABLE IF NOT EXISTS d.${t} (id UInt32, s String) ENGINE = MergeTree ORDER BY id`);
});
afterAll(async () => {
  await chdb.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `{"id":${from + i},"s":"é${'x'.repeat(i % 50)}"}\n`).join('');
const ids = async (t: string) => (await chdb.query<{ id: number }>(`SELECT id FROM d.${t} ORDER BY id`)).map((r) => Number(r.id));
const truncate = async () => {
  for (const t of ['a', 'b']) await chdb.command(`TRUNCATE TABLE d.${t}`);
};
const until = async (cond: () => boolean) => {
  for (let i = 0; !cond(); i++) {
    if (i > 500) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('row spool', () => {
  it('keeps appended bytes until they are written, then reads them back from the file', async () => {
    const spool = new RowSpool(join(dir, 'spool-1.jsonl'));
    const a = spool.append(Buffer.from('{"id":1}\n'));
    const b = spool.append(Buffer.from('{"id":2}\n{"id":3}\n'));
    expect([a.offset, a.length, b.offset, b.length, spool.bytes, spool.appends]).toEqual([0, 9, 9, 18, 27, 2]);
    expect(a.bytes?.toString()).toBe('{"id":1}\n'); // a few bytes wait for more, or for seal()
    expect(await spool.seal()).toBe(true);
    expect([a.bytes, b.bytes]).toEqual([null, null]);
    expect(readFileSync(spool.path, 'utf8')).toBe('{"id":1}\n{"id":2}\n{"id":3}\n');
    expect((await spool.read(b)).toString()).toBe('{"id":2}\n{"id":3}\n');
    expect(() => spool.append(Buffer.from('x'))).toThrow(/sealed/);
    await spool.remove();
    expect(readdirSync(dir)).not.toContain('spool-1.jsonl');
  });

  it('reads back more ranges at once than the process may open files, through one handle', async () => {
    const spool = new RowSpool(join(dir, 'spool-many.jsonl'));
    // More than the process may hold open at once (its soft limit, as the shell reports it).
    const limit = Number(spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).stdout.trim());
    const n = (Number.isFinite(limit) ? Math.min(limit, 100_000) : 20_000) + 1_000;
    const ranges = Array.from({ length: n }, (_, i) => spool.append(Buffer.from(`{"id":${i}}\n`)));
    expect(await spool.seal()).toBe(true);
    const back = await Promise.all(ranges.map((r) => spool.read(r)));
    expect(back.map((b) => b.toString()).join('')).toBe(readFileSync(spool.path, 'utf8'));
    expect(back[n - 1]!.toString()).toBe(`{"id":${n - 1}}\n`);
    await spool.remove();
    expect(readdirSync(dir)).not.toContain('spool-many.jsonl');
  });

  it('a spool that cannot be written keeps every appended byte in memory', async () => {
    const spool = new RowSpool(join(dir, 'no-such-folder', 'spool.jsonl'));
    const a = spool.append(Buffer.from('{"id":1}\n'));
    expect(await spool.seal()).toBe(false);
    expect((await spool.read(a)).toString()).toBe('{"id":1}\n');
    await spool.remove();
  });
});

describe('batch writer with a staging store', () => {
  it('queued rows wait in one file per table (written once about 1 MiB has gathered), the batch is inserted from those files, and they are gone once stored', async () => {
    await truncate();
    const calls: Array<[string, string]> = [];
    const store = aroundInserts(chdb, async (call: InsertCall) => {
      calls.push([call.table, (await call.text()).split('\n').length - 1 + ' rows']);
      await call.insert();
    });
    const writer = new BatchWriter(store, { database: 'd', maxBatchRows: 1_000_000, flushIntervalMs: 600_000, maxQueuedRows: 1_000_000 });
    const wide = (from: number, n: number) => Array.from({ length: n }, (_, i) => `{"id":${from + i},"s":"${'w'.repeat(4000)}"}\n`).join('');
    writer.enqueue({ lines: { a: wide(0, 150), b: lines(0, 10) }, rows: 160 });
    writer.enqueue({ lines: { a: Buffer.from(wide(150, 150)) }, rows: 150 });
    // Table a's 1.2 MB are in its file before any insert; table b's few lines wait for the flush.
    const contents = () => staged().map((f) => readFileSync(join(dir, 'data', 'insert-staging', f), 'utf8'));
    await until(() => contents().includes(wide(0, 150) + wide(150, 150)));
    expect(contents()).toContain('');
    expect(calls).toEqual([]);
    await writer.flush();
    expect(calls.sort()).toEqual([['d.a', '300 rows'], ['d.b', '10 rows']]);
    expect(await ids('a')).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(await ids('b')).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(writer.stats.rowsWritten).toEqual({ a: 300, b: 10 });
    expect(staged()).toEqual([]);
    await writer.close();
  });

  it('rows whose staging file cannot be written are inserted from memory: nothing is lost', async () => {
    await truncate();
    const store: Store = aroundInserts(chdb, (call) => call.insert(), {
      staging: { newFile: () => join(dir, 'no-such-folder', 'x.jsonl'), insertFile: () => Promise.reject(new Error('not reached')) },
    });
    const writer = new BatchWriter(store, { database: 'd', maxBatchRows: 1_000_000, flushIntervalMs: 600_000, maxQueuedRows: 1_000_000 });
    writer.enqueue({ lines: { a: lines(0, 50) }, rows: 50 });
    writer.enqueue({ lines: { a: lines(50, 50), b: lines(0, 5) }, rows: 55 });
    await writer.flush();
    await writer.close();
    expect(await ids('a')).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await ids('b')).toEqual([0, 1, 2, 3, 4]);
    expect(writer.stats.insertErrors).toBe(0);
  });

  it('a refused row in a staged batch is set aside (read back from the file); the rest is stored once', async () => {
    await truncate();
    const refused: string[] = [];
    const writer = new BatchWriter(chdb, { database: 'd', maxBatchRows: 1_000_000, flushIntervalMs: 600_000, maxQueuedRows: 1_000_000, onRejectedRow: (t, line) => refused.push(`${t}:${line}`) });
    writer.enqueue({ lines: { a: lines(0, 20) }, rows: 20 });
    writer.enqueue({ lines: { a: lines(20, 5) + '{"id":"x"}\n' + lines(25, 5) }, rows: 11 });
    await writer.flush();
    await writer.close();
    expect(refused).toEqual(['a:{"id":"x"}']);
    expect(await ids('a')).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(staged()).toEqual([]);
  });

  it('close() giving up with the store away leaves no staging file behind', async () => {
    let attempts = 0;
    const away = aroundInserts(chdb, async () => {
      attempts++;
      throw new StoreError('connection refused');
    });
    const writer = new BatchWriter(away, { database: 'd', maxBatchRows: 10, flushIntervalMs: 600_000, maxQueuedRows: 1_000_000, retryBaseMs: 600_000, retryMaxMs: 600_000 });
    writer.enqueue({ lines: { a: lines(0, 10) }, rows: 10 }); // due: taken into a batch, retried
    await until(() => attempts > 0);
    writer.enqueue({ lines: { b: lines(0, 3) }, rows: 3 }); // pending, never taken
    await until(() => staged().length === 2);
    expect(await writer.close(100)).toEqual({ abandonedRows: 13 });
    expect(staged()).toEqual([]);
  });
});

describe('embedded engine allocator', () => {
  const decayOf = (env: Record<string, string>) => {
    const script =
      "import { EmbeddedStore } from './src/store/embedded.ts'; import { mkdtempSync } from 'node:fs'; import { join } from 'node:path'; import { tmpdir } from 'node:os';" +
      "const s = new EmbeddedStore(mkdtempSync(join(tmpdir(), 'llmscope-je-')));" +
      "const [r] = await s.query('SELECT stats FROM system.jemalloc_stats'); console.log(/opt.dirty_decay_ms: (\\d+)/.exec(r.stats)[1]); await s.close();";
    // This process loaded the store already (and so set JE_MALLOC_CONF): the child gets the environment without it.
    const { JE_MALLOC_CONF: _, ...inherited } = process.env;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('../../', import.meta.url).pathname, env: { ...inherited, ...env }, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return Number(r.stdout.trim());
  };

  it('returns freed pages after 200 ms unless JE_MALLOC_CONF says otherwise', () => {
    expect(decayOf({})).toBe(200);
    expect(decayOf({ JE_MALLOC_CONF: 'dirty_decay_ms:777' })).toBe(777);
  });
});
