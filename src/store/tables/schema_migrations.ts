/** schema_migrations: which migrations a database has applied (bookkeeping, created before any migration). */
import type { TableDef } from '../schema.ts';

export const SCHEMA_MIGRATIONS: TableDef = {
  name: 'schema_migrations',
  columns: [
    { name: 'version', type: 'UInt32' },
    { name: 'name', type: 'String' },
    { name: 'applied_at', type: 'DateTime64(3)', default: 'DEFAULT now64(3)' },
  ],
  engine: 'ReplacingMergeTree(applied_at)',
  orderBy: 'version',
  shardingKey: 'version',
};

export interface SchemaMigrationRow {
  version: number;
  name: string;
}

export function schemaMigrationRow(m: { version: number; name: string }): SchemaMigrationRow {
  return { version: m.version, name: m.name };
}
