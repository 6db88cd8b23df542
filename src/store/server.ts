import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { Readable } from 'node:stream';
import { StoreError, type InsertOptions, type Store } from './store.ts';
import { serializeRows } from './rows.ts';

export interface ServerStoreOptions {
  url: string;
  username?: string;
  password?: string;
  /** Per-request timeout; ClickHouse inserts of a full batch finish well inside it. */
  requestTimeoutMs?: number;
  /** Cluster mode: inserts go into Distributed tables; see DISTRIBUTED_INSERT_SETTINGS. */
  distributed?: boolean;
}

/**
 * Settings of every insert in cluster mode (into a Distributed table in front of Replicated*MergeTree
 * tables, with internal_replication=true in remote_servers). distributed_foreground_insert (formerly
 * insert_distributed_sync) makes the Distributed table insert into one replica of each shard before
 * it answers, so an acknowledged insert is stored, and the shard's Replicated table sees the same
 * block with the same insert_deduplication_token on a retry — deduplication works. In the default
 * background mode the Distributed table would queue blocks on local disk, acknowledge before they
 * are stored anywhere, and batch several queued blocks into one, so a retried token no longer
 * matches. insert_deduplicate=1 (the default) is stated so a user profile cannot turn it off.
 */
export const DISTRIBUTED_INSERT_SETTINGS = { distributed_foreground_insert: 1, insert_deduplicate: 1 } as const;

/** ClickHouse server (or cluster) over HTTP through the official client. */
export class ServerStore implements Store {
  readonly kind = 'server';
  readonly #client: ClickHouseClient;
  readonly #insertSettings: Record<string, string | number>;

  constructor(o: ServerStoreOptions) {
    this.#insertSettings = o.distributed ? { ...DISTRIBUTED_INSERT_SETTINGS } : {};
    this.#client = createClient({
      url: o.url,
      username: o.username ?? 'default',
      password: o.password ?? '',
      request_timeout: o.requestTimeoutMs ?? 30_000,
      compression: { request: false, response: false },
      // Errors reach the caller as StoreError; the client's own console logging would duplicate them.
      log: { level: ClickHouseLogLevel.OFF },
      // Same number shapes as the embedded store: 64-bit integers come back as JSON numbers.
      clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
    });
  }

  async insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void> {
    if (rows.length === 0) return;
    // Serialise ourselves (bigint nanosecond times) and stream the finished JSONEachRow text.
    return this.insertJsonEachRow(table, serializeRows(rows), options);
  }

  async insertJsonEachRow(table: string, body: string | readonly (string | Uint8Array)[], options?: InsertOptions): Promise<void> {
    const parts = typeof body === 'string' ? [body] : body;
    if (!parts.some((p) => p.length > 0)) return;
    try {
      // exec with a byte stream: the client's insert() would JSON-encode objects itself and cannot
      // carry bigint nanosecond times.
      const r = await this.#client.exec({
        query: `INSERT INTO ${table} FORMAT JSONEachRow`,
        values: bytesStream(parts),
        clickhouse_settings: {
          ...this.#insertSettings,
          ...options?.settings,
          ...(options?.dedupToken ? { insert_deduplication_token: options.dedupToken } : {}),
        },
      });
      await drain(r.stream);
    } catch (e) {
      throw toStoreError(e);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]> {
    try {
      const rs = await this.#client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
      return await rs.json<T>();
    } catch (e) {
      throw toStoreError(e);
    }
  }

  async command(sql: string, params?: Record<string, unknown>): Promise<void> {
    try {
      await this.#client.command({ query: sql, query_params: params });
    } catch (e) {
      throw toStoreError(e);
    }
  }

  async ping(): Promise<boolean> {
    const r = await this.#client.ping();
    return r.success;
  }

  async close(): Promise<void> {
    await this.#client.close();
  }
}

function toStoreError(e: unknown): StoreError {
  if (e instanceof StoreError) return e;
  const err = e as { message?: string; code?: string | number };
  const code = err.code !== undefined && /^\d+$/.test(String(err.code)) ? Number(err.code) : undefined;
  return new StoreError(err.message ?? String(e), code);
}

/** A byte (not object-mode) stream: the client then sends the text as-is instead of JSON-encoding it. */
function bytesStream(parts: readonly (string | Uint8Array)[]): Readable {
  const r = new Readable({ read() {} });
  for (const p of parts) if (p.length > 0) r.push(typeof p === 'string' ? Buffer.from(p) : p);
  r.push(null);
  return r;
}

function drain(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.on('end', resolve).on('close', resolve).on('error', reject);
    stream.resume();
  });
}
