/**
 * Migration 9 as released: offline evaluations (issue 10, item 5) — eval_runs and eval_results.
 * Frozen — never edit this file; a schema change is a new migration.
 */
import { renderTable, type SchemaOptions, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const EVAL_RUNS: TableDef = {
  name: 'eval_runs',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: 'ZSTD(1)' },
    { name: 'run_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'name', type: 'String', codec: 'ZSTD(1)', comment: '--name; default: the dataset file name and time' },
    { name: 'created_at', type: 'DateTime64(3)', codec: 'Delta, ZSTD(1)' },
    { name: 'source', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'dataset | call-url | call-cmd | from-calls' },
    { name: 'dataset', type: 'String', codec: 'ZSTD(1)', comment: 'dataset file name, or the --from-calls filter' },
    { name: 'prompt_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'model', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'metrics', type: 'Array(LowCardinality(String))', codec: 'ZSTD(1)' },
    { name: 'items', type: 'UInt32', comment: 'dataset lines evaluated' },
    { name: 'errors', type: 'UInt32', comment: 'dataset lines rejected or without a prediction' },
    {
      name: 'scores',
      type: 'Map(LowCardinality(String), Float64)',
      codec: 'ZSTD(1)',
      comment: 'corpus-level value per metric: bleu/chrf/ter as sacreBLEU corpus scores (0-100), others the mean over items',
    },
  ],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(created_at)',
  orderBy: '(project_id, created_at, run_id)',
  ttlFrom: 'toDateTime(created_at)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(run_id)',
};

const EVAL_RESULTS: TableDef = {
  name: 'eval_results',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: 'ZSTD(1)' },
    { name: 'run_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'created_at', type: 'DateTime64(3)', codec: 'Delta, ZSTD(1)', comment: 'the run time (eval_runs.created_at)' },
    { name: 'item', type: 'UInt32', comment: 'dataset line number (1-based), or the call index for --from-calls' },
    { name: 'item_id', type: 'String', codec: 'ZSTD(1)', comment: 'the line "id" field, or trace_id/span_id of a stored call' },
    { name: 'metric', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'bleu | chrf | ter | rouge1 | rouge2 | rougeL | exact | perplexity | judge:<criterion>' },
    { name: 'value', type: 'Float64', codec: 'Gorilla, ZSTD(1)', comment: 'bleu/chrf/ter 0-100 (sentence level), rouge F1 0-1, exact 0/1, judge 0-1' },
    { name: 'detail', type: 'String', codec: 'ZSTD(3)', comment: 'e.g. rouge precision/recall, the judge reason' },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'model', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'span_id', type: 'String', codec: 'ZSTD(1)' },
    { name: 'prediction', type: 'String', codec: 'ZSTD(3)', comment: 'first 4096 characters' },
    { name: 'reference', type: 'String', codec: 'ZSTD(3)', comment: 'first reference, first 4096 characters' },
  ],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(created_at)',
  orderBy: '(project_id, run_id, metric, item)',
  ttlFrom: 'toDateTime(created_at)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(run_id)',
};

export const V9: Migration = {
  version: 9,
  name: 'eval_runs, eval_results',
  statements: (o: SchemaOptions) => [...renderTable(EVAL_RUNS, o), ...renderTable(EVAL_RESULTS, o)],
};
