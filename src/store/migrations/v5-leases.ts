/**
 * Migration 5 as released: the leases table for leadership of periodic work (issue 15) and the
 * fencing token on budget notification state. Frozen — never edit this file; a schema change is a
 * new migration.
 */
import { renderTable, type SchemaOptions, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const LEASES: TableDef = {
  name: 'leases',
  columns: [
    { name: 'key', type: 'String', comment: 'name/token, token zero-padded: inserted once' },
    { name: 'name', type: 'String', comment: 'what the lease is for, e.g. periodic' },
    { name: 'token', type: 'UInt64', comment: 'fencing token: every acquire or renewal claims the next one' },
    { name: 'holder', type: 'String', comment: 'replica id: host, pid, random suffix' },
    { name: 'expires_at', type: 'DateTime64(3)', comment: 'wall clock; after it any replica may claim the next token' },
  ],
  engine: 'MergeTree',
  orderBy: 'key',
  shardingKey: 'cityHash64(name)',
  keeperMapInCluster: true,
};

const FENCING_TOKEN =
  "fencing_token UInt64 COMMENT 'lease token of the replica that wrote this state (src/lease/); 0 = no lease'";

function addFencingToken(table: string, o: SchemaOptions): string {
  const cluster = o.cluster ? ` ON CLUSTER ${o.cluster}` : '';
  return `ALTER TABLE ${o.database}.${table}${cluster}\n    ADD COLUMN IF NOT EXISTS ${FENCING_TOKEN}`;
}

export const V5: Migration = {
  version: 5,
  name: 'leases; budget_notifications fencing_token',
  statements: (o) => [
    ...renderTable(LEASES, o),
    // In a cluster the local (replicated) table and the Distributed table in front of it both need the column.
    ...(o.cluster ? [addFencingToken('budget_notifications_local', o), addFencingToken('budget_notifications', o)] : [addFencingToken('budget_notifications', o)]),
  ],
};
