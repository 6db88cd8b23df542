/** eval_results: one row per (evaluation run, dataset item, metric) — the sentence-level values. */
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const EVAL_RESULTS: TableDef = {
  name: 'eval_results',
  columns: [
    PROJECT,
    { name: 'run_id', type: 'String', codec: ZSTD },
    { name: 'created_at', type: 'DateTime64(3)', codec: 'Delta, ZSTD(1)', comment: 'the run time (eval_runs.created_at)' },
    { name: 'item', type: 'UInt32', comment: 'dataset line number (1-based), or the call index for --from-calls' },
    { name: 'item_id', type: 'String', codec: ZSTD, comment: 'the line "id" field, or trace_id/span_id of a stored call' },
    { name: 'metric', type: 'LowCardinality(String)', codec: ZSTD, comment: 'bleu | chrf | ter | rouge1 | rouge2 | rougeL | exact | perplexity | judge:<criterion>' },
    { name: 'value', type: 'Float64', codec: 'Gorilla, ZSTD(1)', comment: 'bleu/chrf/ter 0-100 (sentence level), rouge F1 0-1, exact 0/1, judge 0-1' },
    { name: 'detail', type: 'String', codec: 'ZSTD(3)', comment: 'e.g. rouge precision/recall, the judge reason' },
    { name: 'prompt_version', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'model', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'trace_id', type: 'String', codec: ZSTD },
    { name: 'span_id', type: 'String', codec: ZSTD },
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

/** Texts kept per result row. */
export const EVAL_TEXT_CHARS = 4096;

export interface EvalResultRow {
  project_id: string;
  run_id: string;
  /** Unix milliseconds. */
  created_at: number;
  item: number;
  item_id: string;
  metric: string;
  value: number;
  detail: string;
  prompt_version: string;
  model: string;
  trace_id: string;
  span_id: string;
  prediction: string;
  reference: string;
}

export function evalResultRowJson(r: EvalResultRow): string {
  return (
    JSON.stringify({
      ...r,
      created_at: Math.round(r.created_at),
      value: Number.isFinite(r.value) ? r.value : 0,
      prediction: clip(r.prediction),
      reference: clip(r.reference),
    }) + '\n'
  );
}

/** The first EVAL_TEXT_CHARS characters, never ending in half a surrogate pair. */
function clip(s: string): string {
  if (s.length <= EVAL_TEXT_CHARS) return s;
  const c = s.charCodeAt(EVAL_TEXT_CHARS - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? EVAL_TEXT_CHARS - 1 : EVAL_TEXT_CHARS);
}
