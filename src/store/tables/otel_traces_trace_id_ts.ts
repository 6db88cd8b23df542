import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

/**
 * Trace id → time range, as the exporter keeps it (the Grafana plugin's OTel mode looks traces up
 * here first). The exporter fills it with a materialized view; that view cost ~40% of insert
 * throughput, so the collector writes these rows itself (one per trace per request, min/max start).
 */
export const OTEL_TRACES_TRACE_ID_TS: TableDef = {
  name: 'otel_traces_trace_id_ts',
  columns: [
    PROJECT,
    { name: 'TraceId', type: 'String', codec: ZSTD },
    { name: 'Start', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
    { name: 'End', type: 'DateTime', codec: 'Delta, ZSTD(1)' },
  ],
  indexes: ['INDEX idx_trace_id TraceId TYPE bloom_filter(0.01) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toDate(Start)',
  orderBy: '(project_id, TraceId, Start)',
  ttlFrom: 'Start',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(TraceId)',
};

/** Collects the [min, max] span start per trace id of one request: one otel_traces_trace_id_ts row per trace. */
export class TraceTimeRanges {
  readonly #ranges = new Map<string, [bigint, bigint]>();

  add(traceId: string, startTimeUnixNano: bigint): void {
    const range = this.#ranges.get(traceId);
    if (!range) this.#ranges.set(traceId, [startTimeUnixNano, startTimeUnixNano]);
    else if (startTimeUnixNano < range[0]) range[0] = startTimeUnixNano;
    else if (startTimeUnixNano > range[1]) range[1] = startTimeUnixNano;
  }

  get size(): number {
    return this.#ranges.size;
  }

  /** The rows as JSONEachRow lines (Start/End in whole seconds, the column type). */
  rowsJson(projectId: string): string {
    let out = '';
    const projectQuoted = JSON.stringify(projectId);
    for (const [id, [lo, hi]] of this.#ranges) {
      out += `{"project_id":${projectQuoted},"TraceId":"${id}","Start":${lo / 1_000_000_000n},"End":${hi / 1_000_000_000n}}\n`;
    }
    return out;
  }
}
