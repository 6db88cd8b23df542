/**
 * Migration 6 as released: in a cluster, otel_logs' Distributed table shards by a hash of the row
 * instead of rand() (released in migration 3). With rand(), a batch retried after a partial failure
 * splits into different per-shard blocks than its first attempt, and a shard's Replicated table then
 * drops its part of the retry as a duplicate of the first attempt's (same insert_deduplication_token)
 * — rows lost on one shard, doubled on another. A deterministic key splits a retry exactly like the
 * first attempt. Only the Distributed table is replaced (it holds no data: inserts are
 * foreground); single nodes have nothing to change. Frozen — never edit this file.
 */
import type { Migration } from './migration.ts';

const SHARDING_KEY = 'cityHash64(ServiceName, TraceId, SpanId, Timestamp)';

export const V6: Migration = {
  version: 6,
  name: 'otel_logs: deterministic sharding key in a cluster',
  statements: (o) =>
    o.cluster
      ? [
          `CREATE OR REPLACE TABLE ${o.database}.otel_logs ON CLUSTER ${o.cluster} AS ${o.database}.otel_logs_local\n` +
            `ENGINE = Distributed(${o.cluster}, ${o.database}, otel_logs_local, ${SHARDING_KEY})`,
        ]
      : [],
};
