/** api_changes: what changed in a provider's API behind a (provider, request model), found by src/changes/. */
import { createHash } from 'node:crypto';
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

/**
 * One row per change; a change is written again (a newer `updated_at`) when its call count or its
 * notification state moves, and ReplacingMergeTree keeps the newest. `change_id` is derived from
 * what the change is (see changeId), so every replica and every restart names a change alike and a
 * change is stored — and notified — once.
 */
export const API_CHANGES: TableDef = {
  name: 'api_changes',
  columns: [
    PROJECT,
    { name: 'provider', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'request_model', type: 'LowCardinality(String)', codec: ZSTD },
    {
      name: 'kind',
      type: 'LowCardinality(String)',
      codec: ZSTD,
      comment: 'response_model | system_fingerprint | service_tier | api_version | error_type | http_status | deprecation | sunset | sdk_warning | latency_step | output_tokens_step',
    },
    { name: 'change_id', type: 'String', codec: ZSTD, comment: 'hash of project, provider, request model, kind, before, after (and window for steps)' },
    { name: 'before', type: 'String', codec: ZSTD, comment: 'value before the change (empty: none)' },
    { name: 'after', type: 'String', codec: ZSTD, comment: 'value after the change' },
    { name: 'first_seen', type: 'DateTime64(3)', codec: ZSTD, comment: 'first call showing the new value' },
    { name: 'last_seen', type: 'DateTime64(3)', codec: ZSTD, comment: 'latest call showing it, as of updated_at' },
    { name: 'calls_since', type: 'UInt64', codec: ZSTD, comment: 'calls showing the new value since first_seen' },
    { name: 'detected_at', type: 'DateTime64(3)', codec: ZSTD },
    { name: 'advice', type: 'String', codec: ZSTD, comment: 'what to do, e.g. pin the dated model version' },
    { name: 'detail', type: 'String', codec: ZSTD, comment: 'JSON: medians before/after, test statistic' },
    { name: 'notify_status', type: 'LowCardinality(String)', codec: ZSTD, comment: 'none | pending | delivered | failed' },
    { name: 'notified_channels', type: 'Array(String)', codec: ZSTD, comment: 'channels that confirmed delivery' },
    { name: 'notify_attempts', type: 'UInt32', codec: ZSTD },
    { name: 'notify_error', type: 'String', codec: ZSTD },
    { name: 'fencing_token', type: 'UInt64', codec: ZSTD, comment: 'lease token of the replica that wrote this version (src/lease/)' },
    { name: 'updated_at', type: 'DateTime64(3)', codec: ZSTD },
  ],
  engine: 'ReplacingMergeTree(updated_at)',
  orderBy: '(project_id, provider, request_model, kind, change_id)',
  ttlFrom: 'toDateTime(detected_at)',
  shardingKey: 'cityHash64(change_id)',
};

export const CHANGE_KINDS = [
  'response_model',
  'system_fingerprint',
  'service_tier',
  'api_version',
  'error_type',
  'http_status',
  'deprecation',
  'sunset',
  'sdk_warning',
  'latency_step',
  'output_tokens_step',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export type NotifyStatus = 'none' | 'pending' | 'delivered' | 'failed';

export interface ApiChangeRow {
  project_id: string;
  provider: string;
  request_model: string;
  kind: ChangeKind;
  change_id: string;
  before: string;
  after: string;
  /** Unix ms. */
  first_seen: number;
  last_seen: number;
  calls_since: number;
  detected_at: number;
  advice: string;
  detail: string;
  notify_status: NotifyStatus;
  notified_channels: string[];
  notify_attempts: number;
  notify_error: string;
  fencing_token: number;
  /** Unix ms, strictly increasing per change within a writer. */
  updated_at: number;
}

/** The stable id of a change: the same facts give the same id on every replica and after restarts. */
export function changeId(parts: { project_id: string; provider: string; request_model: string; kind: ChangeKind; before: string; after: string; window?: number }): string {
  const key = [parts.project_id, parts.provider, parts.request_model, parts.kind, parts.before, parts.after, parts.window ?? 0];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
}
