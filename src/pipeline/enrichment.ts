import type { LlmCall } from '../genai/types.ts';
import type { Enricher, EnrichItem, EnrichOutput } from './ingest.ts';
import { llmCallRowJson, NO_SCORES, type CallScores } from '../store/tables/llm_calls.ts';
import { scoreRowJson } from '../store/tables/scores.ts';
import { ScoringFailure, ScoringPool, type ScoringPoolOptions } from '../enrich/pool.ts';
import type { WorkerItemResult } from '../enrich/protocol.ts';
import type { ScoreResult } from '../enrich/types.ts';
import { parseScorerNames } from '../enrich/registry.ts';

export interface EnrichOptions {
  scorers: readonly string[];
  redact: ReadonlyArray<'pii' | 'secrets'>;
  threads: number;
  /** Worker heap limit and batch time budget (defaults in pool.ts). */
  pool?: ScoringPoolOptions;
  /** Tests only: see WorkerInit.faultInjectionScorer. */
  faultInjectionScorer?: string;
}

/** What /metrics reads of the scoring workers. */
export interface ScoringStats {
  /** Batch latencies in ms (the most recent ones). */
  latenciesMs: readonly number[];
  batches: number;
  /** Workers ended and replaced by the watchdog, by reason. */
  workerFailures: { timeout: number; out_of_memory: number; crashed: number };
}

/**
 * The enrichment stage: scores (and redacts) LLM calls that carry content with the scorer library
 * (src/enrich/) in a worker pool, and builds their llm_calls and scores rows, before they are
 * written. Calls without content never come here and keep NULL scores.
 */
export class WorkerEnricher implements Enricher {
  readonly #pool: ScoringPool;
  readonly #redacting: boolean;
  readonly #active: boolean;

  constructor(o: EnrichOptions) {
    const scorers = parseScorerNames(o.scorers);
    this.#redacting = o.redact.length > 0;
    this.#active = scorers.length > 0 || this.#redacting;
    this.#pool = new ScoringPool(o.threads, { scorers, redact: [...o.redact], ...(o.faultInjectionScorer ? { faultInjectionScorer: o.faultInjectionScorer } : {}) }, o.pool);
  }

  /** Resolves once every worker has loaded its scorers. */
  ready(): Promise<void> {
    return this.#pool.ready();
  }

  stats(): ScoringStats {
    return { latenciesMs: this.#pool.latenciesMs, batches: this.#pool.batches, workerFailures: { ...this.#pool.failures } };
  }

  wants(call: LlmCall): boolean {
    return this.#active && (call.inputText !== '' || call.outputText !== '');
  }

  async enrich(items: EnrichItem[]): Promise<EnrichOutput> {
    const batch = items.map((i) => ({
      inputText: i.row.call.inputText,
      outputText: i.row.call.outputText,
      contextText: i.row.call.contextText,
      strings: this.#redacting ? i.collectStrings() : [],
    }));
    let results: WorkerItemResult[];
    try {
      results = await this.#pool.run(batch);
    } catch (e) {
      // The calls are stored unscored, with a scores row saying why; with --redact nothing the
      // worker did not redact is stored in clear (fail closed).
      results = batch.map((b) => failedResult(b.strings.length, e, this.#redacting));
    }
    let llmCallLines = '';
    let scoreLines = '';
    let traceLines = '';
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      const r = results[k]!;
      const row = item.row;
      if (this.#redacting) {
        row.call = { ...row.call, inputText: r.inputText ?? '', outputText: r.outputText ?? '', contextText: r.contextText ?? '' };
        const map = new Map<string, string>();
        const originals = item.collectStrings();
        for (let i = 0; i < originals.length; i++) map.set(originals[i]!, r.strings?.[i] ?? '');
        traceLines += item.rebuildTraceLine((s) => map.get(s) ?? s);
      } else {
        traceLines += item.traceLine;
      }
      row.scores = fillColumns(r.results);
      llmCallLines += llmCallRowJson(row);
      for (const s of r.results) {
        scoreLines += scoreRowJson({
          project_id: row.projectId,
          timestamp: row.startTimeUnixNano,
          trace_id: row.traceId,
          span_id: row.spanId,
          name: s.name,
          value: s.value,
          label: s.label,
          source: s.source,
          explanation: s.explanation,
          service_name: row.serviceName,
          request_model: row.call.requestModel,
        });
      }
    }
    return { llmCallLines, scoreLines, traceLines };
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}

/** What a call's content becomes when redaction could not run on it. */
export const REDACTION_FAILED = '[REDACTED:redaction_failed]';

function failedResult(strings: number, e: unknown, redacting: boolean): WorkerItemResult {
  const reason = e instanceof ScoringFailure ? e.reason : 'crashed';
  const r: WorkerItemResult = {
    results: [{ name: 'scoring.failed', value: 1, label: reason, explanation: `not scored: ${e instanceof Error ? e.message : String(e)}`, source: 'heuristic' }],
    failed: [],
  };
  if (redacting) {
    r.inputText = REDACTION_FAILED;
    r.outputText = REDACTION_FAILED;
    r.contextText = REDACTION_FAILED;
    r.strings = new Array<string>(strings).fill(REDACTION_FAILED);
  }
  return r;
}

function fillColumns(results: ScoreResult[]): CallScores {
  const s: CallScores = { ...NO_SCORES };
  for (const r of results) if (r.column && Number.isFinite(r.value)) s[r.column] = r.value;
  return s;
}
