/**
 * The cluster DDL, proven by ClickHouse's own parser: every statement every migration renders for a
 * cluster (ON CLUSTER, Replicated*MergeTree, Distributed) goes through `SELECT formatQuery(…)` on
 * chdb, which parses a statement without running it and fails with ClickHouse's syntax error. The
 * test iterates MIGRATIONS, so a migration added later is covered without touching this file. Then
 * the cluster and single-node renderings are compared clause by clause and column by column: same
 * columns and types, same sort/partition/primary keys and TTL; only the engine (Replicated prefix,
 * Distributed table in front) and ON CLUSTER differ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { query } from 'chdb';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { renderDatabase, renderTable, type SchemaOptions } from '../../src/store/schema.ts';
import { SCHEMA_MIGRATIONS } from '../../src/store/tables/schema_migrations.ts';
import { CURRENT_TABLES } from '../../src/store/tables/index.ts';
import { DISTRIBUTED_INSERT_SETTINGS, ServerStore } from '../../src/store/server.ts';

const SINGLE: SchemaOptions = { database: 'llmscope', ttlDays: 30 };
const CLUSTER: SchemaOptions = { database: 'llmscope', cluster: 'llmscope_cluster', ttlDays: 30 };

/** ClickHouse's canonical formatting of one statement; throws ClickHouse's syntax error. */
function formatQuery(sql: string): string {
  const literal = `'${sql.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const out = query(`SELECT formatQuery(${literal}) AS f`, 'JSONEachRow');
  return (JSON.parse(out) as { f: string }).f;
}

/** Every statement the schema applies in cluster mode, labelled. */
function clusterStatements(): Array<{ label: string; sql: string }> {
  const out = [
    { label: 'database', sql: renderDatabase(CLUSTER) },
    ...renderTable(SCHEMA_MIGRATIONS, CLUSTER).map((sql, i) => ({ label: `schema_migrations #${i}`, sql })),
  ];
  for (const m of MIGRATIONS) m.statements(CLUSTER).forEach((sql, i) => out.push({ label: `v${m.version} #${i}`, sql }));
  return out;
}

interface Parsed {
  kind: 'create' | 'alter';
  /** db.table as written after CREATE TABLE IF NOT EXISTS / ALTER TABLE. */
  table: string;
  onCluster: string;
  /** CREATE … AS db.other (the Distributed table's shape source). */
  as: string;
  /** Column and index lines, in order, as ClickHouse formats them. */
  columns: string[];
  /** ENGINE, PARTITION BY, PRIMARY KEY, ORDER BY, TTL, SETTINGS — text after the keyword. */
  clauses: Record<string, string>;
}

const CLAUSES = ['ENGINE =', 'PARTITION BY', 'PRIMARY KEY', 'ORDER BY', 'TTL', 'SETTINGS'];

/** Splits formatQuery's output (one clause per line, one column per line) into its parts. */
function parse(formatted: string): Parsed {
  const lines = formatted.split('\n');
  const head = lines[0]!;
  const m = /^(CREATE TABLE IF NOT EXISTS|CREATE OR REPLACE TABLE|ALTER TABLE) (\S+)(?: ON CLUSTER (\S+))?(?: AS (\S+))?$/.exec(head);
  if (!m) throw new Error(`unexpected statement head: ${head}`);
  const p: Parsed = { kind: m[1] === 'ALTER TABLE' ? 'alter' : 'create', table: m[2]!, onCluster: m[3] ?? '', as: m[4] ?? '', columns: [], clauses: {} };
  let inColumns = false;
  for (const line of lines.slice(1)) {
    if (p.kind === 'alter') {
      p.columns.push(line.trim().replace(/,$/, ''));
      continue;
    }
    if (line === '(') inColumns = true;
    else if (line === ')') inColumns = false;
    else if (inColumns) p.columns.push(line.trim().replace(/,$/, ''));
    else {
      const k = CLAUSES.find((c) => line.startsWith(`${c} `));
      if (!k) throw new Error(`unexpected clause line: ${line}`);
      p.clauses[k] = line.slice(k.length + 1);
    }
  }
  return p;
}

describe('cluster DDL passes ClickHouse’s parser (formatQuery on chdb)', () => {
  it('the check can fail: a malformed statement is a ClickHouse syntax error', () => {
    expect(() => formatQuery('CREATE TABLE llmscope.t ON CLUSTER c (a String ENGINE = ReplicatedMergeTree() ORDER BY a')).toThrow(/Syntax error/);
    expect(() => formatQuery('CREATE TABLE llmscope.t ON CLUSTER c AS llmscope.t_local ENGINE = Distributed(c, llmscope, t_local, ')).toThrow(/Syntax error/);
  });

  it('covers every migration, and every current table in both shapes', () => {
    const labels = clusterStatements().map((s) => s.label);
    for (const m of MIGRATIONS) expect(labels.some((l) => l.startsWith(`v${m.version} `))).toBe(true);
    const all = clusterStatements()
      .map((s) => s.sql)
      .join('\n');
    for (const t of CURRENT_TABLES) {
      if (t.keeperMapInCluster) {
        expect(all).toContain(`CREATE TABLE IF NOT EXISTS llmscope.${t.name} ON CLUSTER llmscope_cluster\n(`);
        expect(all).toContain(`ENGINE = KeeperMap('/llmscope/${t.name}')`);
      } else {
        expect(all).toContain(`CREATE TABLE IF NOT EXISTS llmscope.${t.name}_local ON CLUSTER llmscope_cluster`);
        expect(all).toContain(`CREATE TABLE IF NOT EXISTS llmscope.${t.name} ON CLUSTER llmscope_cluster AS llmscope.${t.name}_local`);
      }
    }
  });

  for (const { label, sql } of clusterStatements()) {
    it(`${label} parses, keeping ON CLUSTER and its engine`, () => {
      const f = formatQuery(sql);
      expect(f).toContain('ON CLUSTER llmscope_cluster');
      const engine = /ENGINE = (\w+)/.exec(sql)?.[1];
      if (engine) expect(f).toContain(`ENGINE = ${engine}`);
      // The parser round-trips: formatting its own output changes nothing.
      expect(formatQuery(f)).toBe(f);
    });
  }
});

describe('cluster and single-node renderings describe the same tables', () => {
  for (const m of MIGRATIONS) {
    it(`v${m.version}: same columns, types, keys and TTL; only engines and ON CLUSTER differ`, () => {
      const single = m.statements(SINGLE).map((s) => parse(formatQuery(s)));
      const cluster = m.statements(CLUSTER).map((s) => parse(formatQuery(s)));
      for (const s of cluster) expect(s.onCluster).toBe('llmscope_cluster');
      const byTable = new Map(cluster.map((c) => [`${c.kind} ${c.table}`, c]));
      if (single.length === 0) {
        // A cluster-only migration may only re-create Distributed tables in front of existing local ones.
        expect(cluster.length).toBeGreaterThan(0);
        for (const c of cluster) {
          const name = c.table.split('.')[1]!;
          expect(CURRENT_TABLES.map((t) => t.name)).toContain(name);
          expect(c.as).toBe(`${c.table}_local`);
          expect(c.columns).toEqual([]);
          expect(c.clauses['ENGINE =']).toMatch(new RegExp(`^Distributed\\(llmscope_cluster, llmscope, ${name}_local, .+\\)$`));
        }
        return;
      }
      for (const s of single) {
        expect(s.onCluster).toBe('');
        const local = byTable.get(`${s.kind} ${s.table}_local`);
        const front = byTable.get(`${s.kind} ${s.table}`);
        if (s.kind === 'alter') {
          // An ALTER reaches the replicated table and the Distributed table in front of it alike.
          expect(local?.columns).toEqual(s.columns);
          expect(front?.columns).toEqual(s.columns);
          continue;
        }
        const engine = s.clauses['ENGINE =']!;
        if (!local) {
          // A coordination table (leases) is one KeeperMap table in a cluster: no Distributed table,
          // its single-column sort key is the KeeperMap's primary key.
          expect(front, `${s.table}: missing in the cluster rendering`).toBeDefined();
          expect(engine).toBe('MergeTree');
          expect(front!.clauses['ENGINE =']).toMatch(/^KeeperMap\('\/llmscope\/\w+'\)$/);
          expect(front!.columns).toEqual(s.columns);
          expect(front!.clauses['PRIMARY KEY']).toBe(s.clauses['ORDER BY']);
          continue;
        }
        expect(local.columns, `${s.table}: columns`).toEqual(s.columns);
        expect(local.clauses['ENGINE =']).toBe(`Replicated${engine}`);
        for (const k of ['PARTITION BY', 'PRIMARY KEY', 'ORDER BY', 'TTL']) expect(local.clauses[k], `${s.table}: ${k}`).toBe(s.clauses[k]);
        // Single-node MergeTree keeps a deduplication window itself; Replicated tables keep theirs in Keeper.
        const singleSettings = (s.clauses.SETTINGS ?? '').split(', ').filter((x) => !x.startsWith('non_replicated_deduplication_window'));
        expect((local.clauses.SETTINGS ?? '').split(', ').filter(Boolean)).toEqual(singleSettings.filter(Boolean));
        // The plain name is a Distributed table of the same shape over the local table.
        expect(front, `${s.table}: Distributed table`).toBeDefined();
        expect(front!.as).toBe(`${s.table}_local`);
        expect(front!.columns).toEqual([]);
        expect(front!.clauses['ENGINE =']).toMatch(new RegExp(`^Distributed\\(llmscope_cluster, llmscope, ${s.table.split('.')[1]}_local, .+\\)$`));
      }
      // Nothing in the cluster rendering without a single-node counterpart.
      const names = new Set(single.map((s) => `${s.kind} ${s.table}`));
      for (const c of cluster) expect(names.has(`${c.kind} ${c.table.replace(/_local$/, '')}`), `${c.table}`).toBe(true);
    });
  }
});

describe('sharding keys', () => {
  it('after every migration, each Distributed table shards by its current definition’s key, and no key is random', () => {
    const effective = new Map<string, string>();
    for (const m of MIGRATIONS) {
      for (const sql of m.statements(CLUSTER)) {
        const d = /^CREATE (?:TABLE IF NOT EXISTS|OR REPLACE TABLE) llmscope\.(\w+) ON CLUSTER \w+ AS [\s\S]*ENGINE = Distributed\(\w+, \w+, \w+, ([\s\S]+)\)$/.exec(sql);
        if (d) effective.set(d[1]!, d[2]!);
      }
    }
    for (const t of CURRENT_TABLES) {
      if (t.keeperMapInCluster) continue;
      expect(effective.get(t.name), t.name).toBe(t.shardingKey);
      // A retried batch must split into the same per-shard blocks, or deduplication drops the wrong rows.
      expect(t.shardingKey, t.name).not.toMatch(/rand/i);
    }
  });
});

describe('cluster inserts go to the Distributed tables with deduplication-preserving settings', () => {
  let server: Server;
  const seen: URL[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(new URL(req.url ?? '/', 'http://x'));
      req.resume();
      req.on('end', () => res.end(''));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('distributed_foreground_insert=1 and insert_deduplicate=1 with the dedup token; none of it on a single node', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cluster = new ServerStore({ url, distributed: true });
    const single = new ServerStore({ url });
    try {
      await cluster.insertJsonEachRow('llmscope.otel_traces', '{"TraceId":"a"}\n', { dedupToken: 'batch-1' });
      await single.insertJsonEachRow('llmscope.otel_traces', '{"TraceId":"a"}\n', { dedupToken: 'batch-1' });
    } finally {
      await cluster.close();
      await single.close();
    }
    const [c, s] = seen;
    expect(c!.searchParams.get('query')).toContain('INSERT INTO llmscope.otel_traces ');
    expect(c!.searchParams.get('distributed_foreground_insert')).toBe('1');
    expect(c!.searchParams.get('insert_deduplicate')).toBe('1');
    expect(c!.searchParams.get('insert_deduplication_token')).toBe('batch-1');
    expect(DISTRIBUTED_INSERT_SETTINGS.distributed_foreground_insert).toBe(1);
    expect(s!.searchParams.get('distributed_foreground_insert')).toBeNull();
    expect(s!.searchParams.get('insert_deduplication_token')).toBe('batch-1');
  });
});
