/**
 * Migration 8 as released: API-change monitoring (issue 10 item 4) — llm_calls gains what the
 * provider said about the API behind each call (fingerprint, tier, HTTP status, API version,
 * Deprecation/Sunset headers, SDK deprecation warnings), and the api_changes table holds each change
 * found. Frozen — never edit this file; a schema change is a new migration.
 */
import { renderTable, type SchemaOptions, type TableDef } from '../schema.ts';
import type { Migration } from './migration.ts';

const LLM_CALLS_COLUMNS = [
  "system_fingerprint LowCardinality(String) COMMENT 'openai.response.system_fingerprint' CODEC(ZSTD(1))",
  "service_tier LowCardinality(String) COMMENT 'openai.response.service_tier' CODEC(ZSTD(1))",
  "http_status UInt16 COMMENT 'http.response.status_code; 0 = not reported' CODEC(ZSTD(1))",
  "api_version LowCardinality(String) COMMENT 'API version the server answered with (openai-version header)' CODEC(ZSTD(1))",
  "api_deprecation String COMMENT 'Deprecation response header (RFC 9745)' CODEC(ZSTD(1))",
  "api_sunset String COMMENT 'Sunset response header (RFC 8594)' CODEC(ZSTD(1))",
  "sdk_deprecation_warning String COMMENT 'deprecation warning the provider SDK printed for the call' CODEC(ZSTD(1))",
];

function addColumns(table: string, o: SchemaOptions): string {
  const cluster = o.cluster ? ` ON CLUSTER ${o.cluster}` : '';
  return `ALTER TABLE ${o.database}.${table}${cluster}\n` + LLM_CALLS_COLUMNS.map((c) => `    ADD COLUMN IF NOT EXISTS ${c}`).join(',\n');
}

const Z = 'ZSTD(1)';
const API_CHANGES: TableDef = {
  name: 'api_changes',
  columns: [
    { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: Z },
    { name: 'provider', type: 'LowCardinality(String)', codec: Z },
    { name: 'request_model', type: 'LowCardinality(String)', codec: Z },
    {
      name: 'kind',
      type: 'LowCardinality(String)',
      codec: Z,
      comment: 'response_model | system_fingerprint | service_tier | api_version | error_type | http_status | deprecation | sunset | sdk_warning | latency_step | output_tokens_step',
    },
    { name: 'change_id', type: 'String', codec: Z, comment: 'hash of project, provider, request model, kind, before, after (and window for steps)' },
    { name: 'before', type: 'String', codec: Z, comment: 'value before the change (empty: none)' },
    { name: 'after', type: 'String', codec: Z, comment: 'value after the change' },
    { name: 'first_seen', type: 'DateTime64(3)', codec: Z, comment: 'first call showing the new value' },
    { name: 'last_seen', type: 'DateTime64(3)', codec: Z, comment: 'latest call showing it, as of updated_at' },
    { name: 'calls_since', type: 'UInt64', codec: Z, comment: 'calls showing the new value since first_seen' },
    { name: 'detected_at', type: 'DateTime64(3)', codec: Z },
    { name: 'advice', type: 'String', codec: Z, comment: 'what to do, e.g. pin the dated model version' },
    { name: 'detail', type: 'String', codec: Z, comment: 'JSON: medians before/after, test statistic' },
    { name: 'notify_status', type: 'LowCardinality(String)', codec: Z, comment: 'none | pending | delivered | failed' },
    { name: 'notified_channels', type: 'Array(String)', codec: Z, comment: 'channels that confirmed delivery' },
    { name: 'notify_attempts', type: 'UInt32', codec: Z },
    { name: 'notify_error', type: 'String', codec: Z },
    { name: 'fencing_token', type: 'UInt64', codec: Z, comment: 'lease token of the replica that wrote this version (src/lease/)' },
    { name: 'updated_at', type: 'DateTime64(3)', codec: Z },
  ],
  engine: 'ReplacingMergeTree(updated_at)',
  orderBy: '(project_id, provider, request_model, kind, change_id)',
  ttlFrom: 'toDateTime(detected_at)',
  shardingKey: 'cityHash64(change_id)',
};

export const V8: Migration = {
  version: 8,
  name: 'llm_calls API signal columns; api_changes',
  statements: (o) => [
    // In a cluster the local (replicated) table and the Distributed table in front of it both need the columns.
    ...(o.cluster ? [addColumns('llm_calls_local', o), addColumns('llm_calls', o)] : [addColumns('llm_calls', o)]),
    ...renderTable(API_CHANGES, o),
  ],
};
