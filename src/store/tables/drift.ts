/** drift: one row per (group, feature, window) — a recent window of calls compared with a reference window (src/drift/). */
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const DRIFT: TableDef = {
  name: 'drift',
  columns: [
    PROJECT,
    { name: 'window_start', type: 'DateTime64(3)', codec: ZSTD, comment: 'recent window [window_start, window_end), aligned to its length' },
    { name: 'window_end', type: 'DateTime64(3)', codec: ZSTD },
    { name: 'reference_start', type: 'DateTime64(3)', codec: ZSTD, comment: 'reference window [reference_start, window_start)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'request_model', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'prompt_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'feature', type: 'LowCardinality(String)', codec: ZSTD, comment: 'input_tokens, topic, language, refusal, … (src/drift/features.ts)' },
    { name: 'statistic', type: 'LowCardinality(String)', codec: ZSTD, comment: 'ks (continuous: two-sample Kolmogorov-Smirnov D) | psi (binned/categorical: population stability index)' },
    { name: 'value', type: 'Float64', codec: ZSTD, comment: 'the statistic' },
    { name: 'p_value', type: 'Nullable(Float64)', codec: ZSTD, comment: 'ks: asymptotic p-value; psi: NULL' },
    { name: 'threshold', type: 'Float64', codec: ZSTD },
    { name: 'drifted', type: 'Bool', codec: ZSTD, comment: 'value >= threshold (ks: and p_value < alpha)' },
    { name: 'recent_count', type: 'UInt64', codec: ZSTD, comment: 'observations of the feature in the recent window' },
    { name: 'reference_count', type: 'UInt64', codec: ZSTD },
    { name: 'recent_summary', type: 'Float64', codec: ZSTD, comment: 'mean (ks) or share of the top recent category (psi)' },
    { name: 'reference_summary', type: 'Float64', codec: ZSTD },
    { name: 'detail', type: 'String', codec: ZSTD, comment: 'JSON: psi: the categories that moved most; ks: sample sizes' },
    { name: 'computed_at', type: 'DateTime64(3)', codec: ZSTD, comment: 'version: a window computed again replaces its rows' },
  ],
  engine: 'ReplacingMergeTree(computed_at)',
  partitionBy: 'toYYYYMM(window_start)',
  orderBy: '(project_id, service_name, request_model, prompt_name, prompt_version, feature, window_start)',
  ttlFrom: 'toDateTime(window_start)',
  shardingKey: 'cityHash64(service_name, request_model, prompt_name, prompt_version)',
};

/** One drift row as inserted (JSONEachRow). */
export interface DriftRow {
  project_id: string;
  /** Unix ms. */
  window_start: number;
  window_end: number;
  reference_start: number;
  service_name: string;
  request_model: string;
  prompt_name: string;
  prompt_version: string;
  feature: string;
  statistic: 'ks' | 'psi';
  value: number;
  p_value: number | null;
  threshold: number;
  drifted: boolean;
  recent_count: number;
  reference_count: number;
  recent_summary: number;
  reference_summary: number;
  detail: string;
  computed_at: number;
}
