/**
 * Migration 10 as released (issue 10: feedback and cost advice): `scores` gains `user_id` (who gave
 * human feedback); `llm_calls` gains what cost advice reads without content capture — privacy-safe
 * request hashes (exact and normalised, computed by the instrumentation), the request's max output
 * tokens, and whether a response cache answered the call. Frozen — never edit this file; a schema
 * change is a new migration.
 */
import type { SchemaOptions } from '../schema.ts';
import type { Migration } from './migration.ts';

const SCORES_COLUMNS = ["user_id String COMMENT 'human feedback: who gave it' CODEC(ZSTD(1))"];

const LLM_CALLS_COLUMNS = [
  "request_hash String COMMENT 'keyed hash of the canonical request (llmscope.request.hash); empty = unknown' CODEC(ZSTD(1))",
  "request_hash_normalized String COMMENT 'same after case/whitespace normalisation of the texts' CODEC(ZSTD(1))",
  "max_tokens UInt32 COMMENT 'gen_ai.request.max_tokens; 0 = not set' CODEC(T64, ZSTD(1))",
  "cache_hit Bool COMMENT 'answered by a response cache (llmscope.cache.hit), priced 0' CODEC(ZSTD(1))",
];

function addColumns(table: string, columns: readonly string[], o: SchemaOptions): string {
  const cluster = o.cluster ? ` ON CLUSTER ${o.cluster}` : '';
  return `ALTER TABLE ${o.database}.${table}${cluster}\n` + columns.map((c) => `    ADD COLUMN IF NOT EXISTS ${c}`).join(',\n');
}

export const V10: Migration = {
  version: 10,
  name: 'scores user_id; llm_calls request hashes, max_tokens, cache_hit',
  // In a cluster the local (replicated) tables and the Distributed tables in front of them both need the columns.
  statements: (o) =>
    o.cluster
      ? [
          addColumns('scores_local', SCORES_COLUMNS, o),
          addColumns('scores', SCORES_COLUMNS, o),
          addColumns('llm_calls_local', LLM_CALLS_COLUMNS, o),
          addColumns('llm_calls', LLM_CALLS_COLUMNS, o),
        ]
      : [addColumns('scores', SCORES_COLUMNS, o), addColumns('llm_calls', LLM_CALLS_COLUMNS, o)],
};
