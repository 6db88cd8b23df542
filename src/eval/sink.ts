/**
 * Where `llmscope eval` reads stored calls from and writes its run to, chosen like `llmscope
 * query`: a running collector (--url, or the one in <data-dir>/collector.json) — writes through
 * POST /api/v1/eval-runs (ingest auth, the key's project), reads through its read-only
 * /clickhouse/ endpoint — else the store itself, opened and migrated here.
 */
import type { Store } from '../store/store.ts';
import { StoreError } from '../store/store.ts';
import { migrate } from '../store/migrations.ts';
import type { EvalResultRow } from '../store/tables/eval_results.ts';
import type { EvalRunRow } from '../store/tables/eval_runs.ts';
import { storeEvalChunk, EVAL_INGEST_LIMITS } from './ingest.ts';
import { backoffMs } from '../util/backoff.ts';

export interface EvalSink {
  /** Where the run goes, for the summary line. */
  readonly where: string;
  /** Rows of one chunk; chunk numbers start at 0 and make a retried chunk a no-op. */
  writeResults(runId: string, chunk: number, rows: EvalResultRow[]): Promise<void>;
  writeRun(run: EvalRunRow, chunk: number): Promise<void>;
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export class StoreSink implements EvalSink {
  readonly where: string;
  readonly #store: Store;
  readonly #database: string;
  readonly #project: string;

  private constructor(store: Store, database: string, where: string, project: string) {
    this.#store = store;
    this.#database = database;
    this.where = where;
    this.#project = project;
  }

  static async open(store: Store, database: string, where: string, project = 'default'): Promise<StoreSink> {
    await migrate(store, { database });
    return new StoreSink(store, database, where, project);
  }

  async writeResults(runId: string, chunk: number, rows: EvalResultRow[]): Promise<void> {
    const results = rows.map((r) => ({ ...r, project_id: this.#project }));
    await storeEvalChunk(this.#store, this.#database, this.#project, { run_id: runId, chunk, results, run: null });
  }

  async writeRun(run: EvalRunRow, chunk: number): Promise<void> {
    await storeEvalChunk(this.#store, this.#database, this.#project, { run_id: run.run_id, chunk, results: [], run: { ...run, project_id: this.#project } });
  }

  query<T>(sql: string): Promise<T[]> {
    return this.#store.query<T>(sql) as Promise<T[]>;
  }

  async close(): Promise<void> {
    await this.#store.close();
  }
}

export class CollectorSink implements EvalSink {
  readonly where: string;
  readonly #url: string;
  readonly #key: string;

  constructor(url: string, key: string) {
    this.#url = url.replace(/\/$/, '');
    this.#key = key;
    this.where = `the collector at ${this.#url}`;
  }

  #headers(ct: string): Record<string, string> {
    return { 'content-type': ct, ...(this.#key ? { authorization: `Bearer ${this.#key}` } : {}) };
  }

  async #post(body: unknown): Promise<void> {
    const text = JSON.stringify(body);
    if (Buffer.byteLength(text) > EVAL_INGEST_LIMITS.bodyBytes) throw new StoreError('an eval chunk exceeds the request size limit');
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.#url}/api/v1/eval-runs`, { method: 'POST', headers: this.#headers('application/json'), body: text });
      } catch (e) {
        if (attempt >= 4) throw new StoreError(`cannot reach the collector at ${this.#url}: ${(e as Error).message}`);
        await sleep(backoffMs(attempt + 1, { baseMs: 500, maxMs: 5000 }));
        continue;
      }
      const answer = await res.text();
      if (res.ok) return;
      // 429/503: the collector is busy or its store is; the chunk's dedup token makes a retry safe
      if ((res.status === 429 || res.status >= 500) && attempt < 4) {
        await sleep(backoffMs(attempt + 1, { baseMs: 500, maxMs: 5000 }));
        continue;
      }
      throw new StoreError(`the collector refused the evaluation (HTTP ${res.status}): ${errorText(answer)}`);
    }
  }

  writeResults(runId: string, chunk: number, rows: EvalResultRow[]): Promise<void> {
    return this.#post({ run_id: runId, chunk, results: rows.map(({ project_id: _p, run_id: _r, ...rest }) => rest) });
  }

  writeRun(run: EvalRunRow, chunk: number): Promise<void> {
    const { project_id: _p, run_id, ...rest } = run;
    return this.#post({ run_id, chunk, run: rest });
  }

  async query<T>(sql: string): Promise<T[]> {
    const target = new URL(`${this.#url}/clickhouse/`);
    target.searchParams.set('default_format', 'JSONEachRow');
    target.searchParams.set('output_format_json_quote_64bit_integers', '0');
    let res: Response;
    try {
      res = await fetch(target, { method: 'POST', body: sql, headers: this.#headers('text/plain; charset=UTF-8') });
    } catch (e) {
      throw new StoreError(`cannot reach the collector at ${this.#url}: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok) throw new StoreError(`the collector refused the query (HTTP ${res.status}): ${errorText(text)}`);
    return text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as T);
  }

  async close(): Promise<void> {}
}

function errorText(body: string): string {
  try {
    const j = JSON.parse(body) as { error?: unknown };
    if (typeof j.error === 'string') return j.error;
  } catch {
    // not JSON: the text itself
  }
  return body.trim().slice(0, 500);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
