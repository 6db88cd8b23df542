/** scores: one row per (call, scorer) — local scorers at ingest, the LLM judge later. */
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const SCORES: TableDef = {
  name: 'scores',
  columns: [
    PROJECT,
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: ZSTD },
    { name: 'span_id', type: 'String', codec: ZSTD },
    { name: 'name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'value', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'label', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'source', type: 'LowCardinality(String)', codec: ZSTD, comment: 'heuristic | model | llm_judge | human' },
    { name: 'explanation', type: 'String', codec: 'ZSTD(3)' },
    { name: 'service_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'request_model', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'user_id', type: 'String', codec: ZSTD, comment: 'human feedback: who gave it' },
  ],
  indexes: ['INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, name, toDateTime(timestamp), trace_id)',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};

/** One scores row (timestamp: the call's start in ns). */
export interface ScoreRow {
  project_id: string;
  timestamp: bigint;
  trace_id: string;
  span_id: string;
  name: string;
  value: number;
  label: string;
  /** heuristic | model | llm_judge | human (the column comment) */
  source: string;
  explanation: string;
  service_name: string;
  request_model: string;
  /** Who gave human feedback ('' for scorers). */
  user_id?: string;
}

/** One scores row as a JSONEachRow line; a non-finite value is stored as 0. */
export function scoreRowJson(r: ScoreRow): string {
  return (
    `{"project_id":${JSON.stringify(r.project_id)},"timestamp":${r.timestamp.toString()},` +
    JSON.stringify({
      trace_id: r.trace_id,
      span_id: r.span_id,
      name: r.name,
      value: Number.isFinite(r.value) ? r.value : 0,
      label: r.label,
      source: r.source,
      explanation: r.explanation,
      service_name: r.service_name,
      request_model: r.request_model,
      user_id: r.user_id ?? '',
    }).slice(1) +
    '\n'
  );
}
