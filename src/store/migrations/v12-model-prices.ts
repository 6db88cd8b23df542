/**
 * Migration 12 as released: model_prices, the effective price table the collector writes at start-up,
 * so dashboards can price cheaper alternatives (issue 10, item 6). Frozen — never edit this file; a
 * schema change is a new migration.
 */
import { renderTable, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const MODEL_PRICES: TableDef = {
  name: 'model_prices',
  columns: [
    { name: 'model', type: 'String', comment: 'price-table key (canonical model name)' },
    { name: 'vendor', type: 'LowCardinality(String)', comment: "who sells it (src/pricing/vendors.ts); '' = unknown" },
    { name: 'suggestable', type: 'Bool', comment: 'a general text model that may stand in for a chat model' },
    { name: 'source', type: 'LowCardinality(String)', comment: 'table | override' },
    { name: 'input', type: 'Float64', comment: 'USD per uncached input token' },
    { name: 'output', type: 'Float64', comment: 'USD per output token' },
    { name: 'cache_read', type: 'Float64', comment: 'USD per cache-read token (the input price when not listed)' },
    { name: 'cache_write', type: 'Float64', comment: 'USD per cache-write token (the input price when not listed)' },
    { name: 'reasoning', type: 'Float64', comment: 'USD per reasoning token (the output price when not listed)' },
    { name: 'loaded_at', type: 'DateTime64(3)', comment: 'the start-up that wrote this load' },
  ],
  engine: 'ReplacingMergeTree(loaded_at)',
  orderBy: 'model',
  shardingKey: 'cityHash64(model)',
};

export const V12: Migration = {
  version: 12,
  name: 'model_prices',
  statements: (o) => renderTable(MODEL_PRICES, o),
};
