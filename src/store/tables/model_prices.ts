/**
 * model_prices: the effective price table (built-in list prices plus --prices overrides) as the
 * collector last loaded it, so dashboards can price alternatives (the "Cheaper models" panel) the
 * way GET /api/v1/advice does. Written at start-up from the one price table (src/pricing/); no
 * project_id: prices are not project data, so the per-key tenant filter (which covers only tables
 * with a project_id column) leaves it readable to every key and it cannot leak another project's rows.
 *
 * Replace-on-start: every start inserts the whole table with one `loaded_at`; readers take the rows
 * of the newest load (`WHERE loaded_at = (SELECT max(loaded_at) …)`), so an entry dropped from the
 * overrides disappears, and ReplacingMergeTree(loaded_at) merges older loads of a key away.
 */
import type { TableDef } from '../schema.ts';
import type { PriceBook } from '../../pricing/match.ts';
import { isSuggestableTextModel, modelVendor } from '../../pricing/vendors.ts';

export const MODEL_PRICES: TableDef = {
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

export interface ModelPriceRow {
  model: string;
  vendor: string;
  suggestable: boolean;
  source: string;
  input: number;
  output: number;
  cache_read: number;
  cache_write: number;
  reasoning: number;
  /** 'YYYY-MM-DD hh:mm:ss.mmm' UTC */
  loaded_at: string;
}

/**
 * One row per price-table entry. Missing cache/reasoning prices are written resolved (input resp.
 * output price): tokensCost (src/pricing/cost.ts) charges those tokens so, and then a reader's
 * cost formula needs no NULL handling.
 */
export function modelPriceRows(book: PriceBook, loadedAtMs: number): ModelPriceRow[] {
  const loaded_at = new Date(loadedAtMs).toISOString().slice(0, 23).replace('T', ' ');
  return book.entries().map(([model, { price, source }]) => ({
    model,
    vendor: modelVendor(model),
    suggestable: isSuggestableTextModel(model),
    source,
    input: price.input,
    output: price.output,
    cache_read: price.cacheRead ?? price.input,
    cache_write: price.cacheWrite ?? price.input,
    reasoning: price.reasoning ?? price.output,
    loaded_at,
  }));
}
