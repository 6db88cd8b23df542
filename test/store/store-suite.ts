/** The storage suite, run once per backend (embedded chdb; ClickHouse HTTP through the chdb-backed stand-in). */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { StoreError } from '../../src/store/store.ts';
import { migrate, MIGRATIONS } from '../../src/store/migrations.ts';
import { LLM_CALLS } from '../../src/store/tables/llm_calls.ts';
import { OTEL_TRACES } from '../../src/store/tables/otel_traces.ts';
import { SCORES } from '../../src/store/tables/scores.ts';
import { BatchWriter } from '../../src/store/batch-writer.ts';

/** Now, in nanoseconds: rows must be younger than the tables' TTL (30 days here) or ClickHouse drops them. */
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

export function storeSuite(name: string, getStore: () => Store): void {
  describe(`${name}: schema`, () => {
    it('migrates idempotently and records the version', async () => {
      const store = getStore();
      const first = await migrate(store, { database: 'llmscope', ttlDays: 30 });
      expect(first.applied).toEqual(MIGRATIONS.map((m) => m.version));
      const again = await migrate(store, { database: 'llmscope', ttlDays: 30 });
      expect(again.applied).toEqual([]);
      const versions = await store.query<{ version: number }>('SELECT version FROM llmscope.schema_migrations ORDER BY version');
      expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
    });

    it('creates every column of the schema source with its type', async () => {
      const store = getStore();
      for (const t of [OTEL_TRACES, LLM_CALLS, SCORES]) {
        const cols = await store.query<{ name: string; type: string }>(
          'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {t:String} ORDER BY position',
          { db: 'llmscope', t: t.name },
        );
        const expected = t.columns.flatMap((c) => {
          const nested = /^Nested\((.*)\)$/.exec(c.type);
          if (!nested) return [{ name: c.name, type: c.type }];
          // Nested columns appear as Array columns named Parent.Child.
          return splitTopLevel(nested[1]!).map((part) => {
            const [child, ...type] = part.trim().split(' ');
            return { name: `${c.name}.${child}`, type: `Array(${type.join(' ')})` };
          });
        });
        expect(cols, t.name).toEqual(expected);
      }
      const [ttl] = await store.query<{ create: string }>("SELECT create_table_query AS create FROM system.tables WHERE database = 'llmscope' AND name = 'llm_calls'");
      expect(ttl!.create).toContain('TTL toDateTime(timestamp) + toIntervalDay(30)');
      expect(ttl!.create).toContain('PARTITION BY toYYYYMM(timestamp)');
    });
  });

  describe(`${name}: reads and writes`, () => {
    it('keeps nanosecond times exact and binds parameters as data, never SQL', async () => {
      const store = getStore();
      const evil = "x'); DROP TABLE llmscope.scores; --";
      await store.insert('llmscope.scores', [
        { project_id: 'p1', timestamp: NOW_NS + 123_456_789n, trace_id: 't1', span_id: 's1', name: 'toxicity', value: 0.25, label: evil, source: 'model', explanation: '' },
      ]);
      const rows = await store.query<{ ns: string; label: string }>(
        'SELECT toString(toUnixTimestamp64Nano(timestamp)) AS ns, label FROM llmscope.scores WHERE label = {l:String} AND project_id = {p:String}',
        { l: evil, p: 'p1' },
      );
      expect(rows).toEqual([{ ns: (NOW_NS + 123_456_789n).toString(), label: evil }]);
      const tables = await store.query<{ c: number }>("SELECT count() AS c FROM system.tables WHERE database = 'llmscope' AND name = 'scores'");
      expect(Number(tables[0]!.c)).toBe(1);
    });

    it('makes a retried insert with the same deduplication token a no-op', async () => {
      const store = getStore();
      const row = { project_id: 'dedup', timestamp: NOW_NS, trace_id: 't', span_id: 's', name: 'n', value: 1, label: '', source: 'human', explanation: '' };
      await store.insert('llmscope.scores', [row], { dedupToken: 'tok-1' });
      await store.insert('llmscope.scores', [row], { dedupToken: 'tok-1' });
      await store.insert('llmscope.scores', [row], { dedupToken: 'tok-2' });
      const [r] = await store.query<{ c: number }>("SELECT count() AS c FROM llmscope.scores WHERE project_id = 'dedup'");
      expect(Number(r!.c)).toBe(2);
    });

    it('reports ClickHouse errors with their code', async () => {
      const store = getStore();
      await expect(store.query('SELEC 1')).rejects.toMatchObject({ name: 'StoreError', code: 62 });
      const e = await store.query('SELECT * FROM llmscope.no_such_table').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(StoreError);
      expect((e as StoreError).code).toBe(60);
      expect((e as StoreError).message).toMatch(/no_such_table/);
      expect(await store.ping()).toBe(true);
    });
  });

  describe(`${name}: batch writer`, () => {
    const line = (i: number, project: string) =>
      JSON.stringify({ project_id: project, timestamp: `${(NOW_NS + BigInt(i)).toString()}`, trace_id: `t${i}`, span_id: `s${i}`, name: 'n', value: i, label: '', source: 'heuristic', explanation: '' }) + '\n';

    it('flushes at N rows with one insert per table, and at T ms', async () => {
      const store = getStore();
      const w = new BatchWriter(store, { database: 'llmscope', maxBatchRows: 100, flushIntervalMs: 200, maxQueuedRows: 10_000 });
      for (let i = 0; i < 250; i++) expect(w.enqueue({ lines: { scores: line(i, 'bw1') }, rows: 1 })).toBe(true);
      // 250 rows with N = 100: two size-triggered flushes happen without waiting for the timer.
      for (let i = 0; i < 100 && w.stats.flushes < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(w.stats.flushes).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 400)); // the 50-row remainder goes out on the timer
      expect(w.queuedRows).toBe(0);
      const [r] = await store.query<{ c: number; s: number }>("SELECT count() AS c, sum(value) AS s FROM llmscope.scores WHERE project_id = 'bw1'");
      expect(Number(r!.c)).toBe(250);
      expect(Number(r!.s)).toBe((249 * 250) / 2);
      expect(w.stats.rowsWritten.scores).toBe(250);
      await w.close();
    });

    it('bounds memory: refuses units beyond maxQueuedRows, and close() flushes the rest', async () => {
      const store = getStore();
      const w = new BatchWriter(store, { database: 'llmscope', maxBatchRows: 1_000_000, flushIntervalMs: 60_000, maxQueuedRows: 10 });
      let accepted = 0;
      for (let i = 0; i < 15; i++) if (w.enqueue({ lines: { scores: line(i, 'bw2') }, rows: 1 })) accepted++;
      expect(accepted).toBe(10);
      expect(w.hasCapacity(1)).toBe(false);
      await w.close();
      expect(w.enqueue({ lines: { scores: line(99, 'bw2') }, rows: 1 })).toBe(false);
      const [r] = await store.query<{ c: number }>("SELECT count() AS c FROM llmscope.scores WHERE project_id = 'bw2'");
      expect(Number(r!.c)).toBe(10);
    });

    it('calls onStored only after the insert is confirmed', async () => {
      const store = getStore();
      const w = new BatchWriter(store, { database: 'llmscope', maxBatchRows: 5, flushIntervalMs: 50, maxQueuedRows: 100 });
      const stored: number[] = [];
      for (let i = 0; i < 3; i++) w.enqueue({ lines: { scores: line(i, 'bw3') }, rows: 1, onStored: () => stored.push(i) });
      expect(stored).toEqual([]);
      await w.flush();
      expect(stored).toEqual([0, 1, 2]);
      const [r] = await store.query<{ c: number }>("SELECT count() AS c FROM llmscope.scores WHERE project_id = 'bw3'");
      expect(Number(r!.c)).toBe(3);
      await w.close();
    });
  });
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}
