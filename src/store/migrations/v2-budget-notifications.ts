/**
 * Migration 2 as released: budget notification state. Frozen — never edit this file; a schema
 * change is a new migration.
 */
import { renderTable, type SchemaOptions, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const BUDGET_NOTIFICATIONS: TableDef = {
  name: 'budget_notifications',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: 'DEFAULT \'default\'', codec: 'ZSTD(1)' },
    { name: 'budget', type: 'String' },
    { name: 'period_start', type: 'DateTime' },
    { name: 'period_end', type: 'DateTime' },
    { name: 'threshold', type: 'Float64' },
    { name: 'channel', type: 'String', comment: 'channel name from the budgets file; one row per channel' },
    { name: 'metric', type: 'LowCardinality(String)' },
    { name: 'limit', type: 'Float64' },
    { name: 'spent', type: 'Float64' },
    { name: 'status', type: 'LowCardinality(String)', comment: 'pending | delivered | failed' },
    { name: 'attempts', type: 'UInt32' },
    { name: 'last_error', type: 'String' },
    { name: 'updated_at', type: 'DateTime64(3)' },
  ],
  engine: 'ReplacingMergeTree(updated_at)',
  orderBy: '(project_id, budget, period_start, threshold, channel)',
  shardingKey: 'cityHash64(budget)',
};

export const V2: Migration = {
  version: 2,
  name: 'budget notification state',
  statements: (o: SchemaOptions) => renderTable(BUDGET_NOTIFICATIONS, o),
};
