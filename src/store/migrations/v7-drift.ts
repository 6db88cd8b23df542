/**
 * Migration 7 as released: the drift table (issue 10, item 3). Frozen — never edit this file; a
 * schema change is a new migration.
 */
import { renderTable, type SchemaOptions, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const DRIFT: TableDef = {
  name: 'drift',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: 'ZSTD(1)' },
    { name: 'window_start', type: 'DateTime64(3)', codec: 'ZSTD(1)', comment: 'recent window [window_start, window_end), aligned to its length' },
    { name: 'window_end', type: 'DateTime64(3)', codec: 'ZSTD(1)' },
    { name: 'reference_start', type: 'DateTime64(3)', codec: 'ZSTD(1)', comment: 'reference window [reference_start, window_start)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'request_model', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'prompt_name', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: 'ZSTD(1)' },
    { name: 'feature', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'input_tokens, topic, language, refusal, … (src/drift/features.ts)' },
    { name: 'statistic', type: 'LowCardinality(String)', codec: 'ZSTD(1)', comment: 'ks (continuous: two-sample Kolmogorov-Smirnov D) | psi (binned/categorical: population stability index)' },
    { name: 'value', type: 'Float64', codec: 'ZSTD(1)', comment: 'the statistic' },
    { name: 'p_value', type: 'Nullable(Float64)', codec: 'ZSTD(1)', comment: 'ks: asymptotic p-value; psi: NULL' },
    { name: 'threshold', type: 'Float64', codec: 'ZSTD(1)' },
    { name: 'drifted', type: 'Bool', codec: 'ZSTD(1)', comment: 'value >= threshold (ks: and p_value < alpha)' },
    { name: 'recent_count', type: 'UInt64', codec: 'ZSTD(1)', comment: 'observations of the feature in the recent window' },
    { name: 'reference_count', type: 'UInt64', codec: 'ZSTD(1)' },
    { name: 'recent_summary', type: 'Float64', codec: 'ZSTD(1)', comment: 'mean (ks) or share of the top recent category (psi)' },
    { name: 'reference_summary', type: 'Float64', codec: 'ZSTD(1)' },
    { name: 'detail', type: 'String', codec: 'ZSTD(1)', comment: 'JSON: psi: the categories that moved most; ks: sample sizes' },
    { name: 'computed_at', type: 'DateTime64(3)', codec: 'ZSTD(1)', comment: 'version: a window computed again replaces its rows' },
  ],
  engine: 'ReplacingMergeTree(computed_at)',
  partitionBy: 'toYYYYMM(window_start)',
  orderBy: '(project_id, service_name, request_model, prompt_name, prompt_version, feature, window_start)',
  ttlFrom: 'toDateTime(window_start)',
  shardingKey: 'cityHash64(service_name, request_model, prompt_name, prompt_version)',
};

export const V7: Migration = {
  version: 7,
  name: 'drift',
  statements: (o: SchemaOptions) => renderTable(DRIFT, o),
};
