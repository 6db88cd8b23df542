/** eval_runs: one row per offline evaluation run (`llmscope eval`), with its corpus-level scores. */
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const EVAL_RUNS: TableDef = {
  name: 'eval_runs',
  columns: [
    PROJECT,
    { name: 'run_id', type: 'String', codec: ZSTD },
    { name: 'name', type: 'String', codec: ZSTD, comment: '--name; default: the dataset file name and time' },
    { name: 'created_at', type: 'DateTime64(3)', codec: 'Delta, ZSTD(1)' },
    { name: 'source', type: 'LowCardinality(String)', codec: ZSTD, comment: 'dataset | call-url | call-cmd | from-calls' },
    { name: 'dataset', type: 'String', codec: ZSTD, comment: 'dataset file name, or the --from-calls filter' },
    { name: 'prompt_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'model', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'metrics', type: 'Array(LowCardinality(String))', codec: ZSTD },
    { name: 'items', type: 'UInt32', comment: 'dataset lines evaluated' },
    { name: 'errors', type: 'UInt32', comment: 'dataset lines rejected or without a prediction' },
    {
      name: 'scores',
      type: 'Map(LowCardinality(String), Float64)',
      codec: ZSTD,
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

export interface EvalRunRow {
  project_id: string;
  run_id: string;
  name: string;
  /** Unix milliseconds. */
  created_at: number;
  source: string;
  dataset: string;
  prompt_name: string;
  prompt_version: string;
  model: string;
  metrics: string[];
  items: number;
  errors: number;
  scores: Record<string, number>;
}

/** One eval_runs row as a JSONEachRow line (non-finite scores are left out). */
export function evalRunRowJson(r: EvalRunRow): string {
  const scores: Record<string, number> = {};
  for (const [k, v] of Object.entries(r.scores)) if (Number.isFinite(v)) scores[k] = v;
  return JSON.stringify({ ...r, created_at: Math.round(r.created_at), scores }) + '\n';
}
