/**
 * Migration 4 as released: llm_calls gains the prompt_injection and relevance score columns
 * (issue 12). Frozen — never edit this file; a schema change is a new migration.
 */
import type { SchemaOptions } from '../schema.ts';
import type { Migration } from './migration.ts';

const COLUMNS = [
  "prompt_injection Nullable(Float32) COMMENT '0-1 risk of prompt injection/jailbreak (input or retrieved context); NULL = not scored' CODEC(ZSTD(1))",
  "relevance Nullable(Float32) COMMENT '0-1 answer addresses the question; NULL = not scored' CODEC(ZSTD(1))",
];

function addColumns(table: string, o: SchemaOptions): string {
  const cluster = o.cluster ? ` ON CLUSTER ${o.cluster}` : '';
  return `ALTER TABLE ${o.database}.${table}${cluster}\n` + COLUMNS.map((c) => `    ADD COLUMN IF NOT EXISTS ${c}`).join(',\n');
}

export const V4: Migration = {
  version: 4,
  name: 'llm_calls prompt_injection and relevance columns',
  // In a cluster the local (replicated) table and the Distributed table in front of it both need the columns.
  statements: (o) => (o.cluster ? [addColumns('llm_calls_local', o), addColumns('llm_calls', o)] : [addColumns('llm_calls', o)]),
};
