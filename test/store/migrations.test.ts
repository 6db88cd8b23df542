import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { MIGRATIONS, migrate } from '../../src/store/migrations.ts';
import { renderDatabase, renderTable, type TableDef } from '../../src/store/schema.ts';
import { CURRENT_TABLES } from '../../src/store/tables/index.ts';
import { LLM_CALLS } from '../../src/store/tables/llm_calls.ts';
import { renderMigrations } from './render-migrations.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'migrations.sql');

describe('released migrations are frozen', () => {
  it('render exactly what they rendered when released (test/store/fixtures/migrations.sql)', () => {
    const stored = readFileSync(FIXTURE, 'utf8');
    const now = renderMigrations();
    // A new migration appends to the file; nothing already released may change.
    expect(now.slice(0, stored.length)).toBe(stored);
    expect(stored).toContain('=== v1\n');
    expect(stored).toContain('CREATE TABLE IF NOT EXISTS llmscope.llm_calls\n');
    expect(stored).toContain('CREATE TABLE IF NOT EXISTS obs.otel_traces_local ON CLUSTER llmscope');
  });

  it('editing a current table definition does not change what v1 applies', () => {
    const before = MIGRATIONS[0]!.statements({ database: 'llmscope' }).join('\n');
    const column = { name: 'added_later', type: 'String' };
    (LLM_CALLS.columns as TableDef['columns']).push(column);
    try {
      expect(renderTable(LLM_CALLS, { database: 'llmscope' })[0]).toContain('added_later');
      expect(MIGRATIONS[0]!.statements({ database: 'llmscope' }).join('\n')).toBe(before);
    } finally {
      LLM_CALLS.columns.splice(LLM_CALLS.columns.indexOf(column), 1);
    }
  });

  it('versions start at 1 and increase (numbers are assigned per feature, so a gap may wait for its migration), each with a name', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    for (let i = 1; i < versions.length; i++) expect(versions[i]).toBeGreaterThan(versions[i - 1]!);
    for (const m of MIGRATIONS) expect(m.name).not.toBe('');
  });
});

describe('migrations produce the current table definitions (chdb)', () => {
  let dir: string;
  let store: EmbeddedStore;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llmscope-migrations-'));
    store = new EmbeddedStore(join(dir, 'data'));
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  interface ColumnRow {
    table: string;
    name: string;
    type: string;
    default_kind: string;
    default_expression: string;
    comment: string;
    compression_codec: string;
  }
  const columns = (db: string) =>
    store.query<ColumnRow>(
      `SELECT table, name, type, default_kind, default_expression, comment, compression_codec FROM system.columns WHERE database = {db:String} AND table != 'schema_migrations' ORDER BY table, position`,
      { db },
    );
  const tables = (db: string) =>
    store.query<{ name: string; engine_full: string }>(
      `SELECT name, replaceAll(engine_full, {db:String}, 'DB') AS engine_full FROM system.tables WHERE database = {db:String} AND name != 'schema_migrations' ORDER BY name`,
      { db },
    );
  const indexes = (db: string) =>
    store.query<{ table: string; name: string; expr: string; type_full: string; granularity: number }>(
      `SELECT table, name, expr, type_full, granularity FROM system.data_skipping_indices WHERE database = {db:String} ORDER BY table, name`,
      { db },
    );

  it('a database built by migrate() equals one built from src/store/tables/ (a table change needs a new migration)', async () => {
    await migrate(store, { database: 'migrated', ttlDays: 30 });
    await store.command(renderDatabase({ database: 'current' }));
    for (const t of CURRENT_TABLES) for (const s of renderTable(t, { database: 'current', ttlDays: 30 })) await store.command(s);
    const migratedTables = await tables('migrated');
    expect(migratedTables.map((t) => t.name)).toEqual(CURRENT_TABLES.map((t) => t.name).sort());
    expect(migratedTables).toEqual(await tables('current'));
    expect(await columns('migrated')).toEqual(await columns('current'));
    expect(await indexes('migrated')).toEqual(await indexes('current'));
    expect((await columns('migrated')).length).toBeGreaterThan(60);
  });
});
