/** The storage interface both backends (embedded chdb, ClickHouse server) implement. */
export interface Store {
  /** 'embedded' | 'server' */
  readonly kind: string;
  /** Inserts rows (objects keyed by column name) as JSONEachRow. Resolves when ClickHouse confirmed the insert. */
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void>;
  /**
   * Inserts ready JSONEachRow text (one JSON object per line) — the batch writer's fast path. Given
   * parts (text or UTF-8 bytes), their concatenation is inserted as one insert, without joining
   * them in memory first.
   */
  insertJsonEachRow(table: string, text: string | readonly (string | Uint8Array)[], options?: InsertOptions): Promise<void>;
  /**
   * Present when the store inserts from files (the embedded engine): the batch writer then writes
   * queued rows to staging files as they arrive (store/row-spool.ts) and inserts each from its file.
   */
  readonly staging?: InsertStaging;
  /** Runs a SELECT with bound parameters ({name:Type} placeholders) and returns the rows. */
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Runs a statement that returns no rows (DDL, ALTER, …). */
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  /** Cheap liveness probe. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface InsertStaging {
  /** A new file path in the store's staging folder (emptied when the store opens). */
  newFile(): string;
  /** Inserts the JSONEachRow file as one insert (as insertJsonEachRow would its text); the file stays the caller's. */
  insertFile(table: string, path: string, bytes: number, options?: InsertOptions): Promise<void>;
}

export interface InsertOptions {
  /** insert_deduplication_token: a retried insert with the same token is a no-op. */
  dedupToken?: string;
  /** Further settings of this insert only (names and values are checked: [A-Za-z_]+ = number). */
  settings?: Record<string, number>;
}

/** A ClickHouse error with its code and message, as the server reports it. */
export class StoreError extends Error {
  override name = 'StoreError';
  readonly code: number | undefined;
  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}
