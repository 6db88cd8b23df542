import type { LlmCall } from '../genai/types.ts';
import type { Enricher, EnrichItem, EnrichOutput } from './ingest.ts';
import { llmCallRowJson, NO_SCORES, type CallScores } from '../store/tables/llm_calls.ts';
import { scoreRowJson } from '../store/tables/scores.ts';
import { ScoringPool } from '../enrich/pool.ts';
import type { ScoreResult } from '../enrich/types.ts';
import { parseScorerNames } from '../enrich/registry.ts';

export interface EnrichOptions {
  scorers: readonly string[];
  redact: ReadonlyArray<'pii' | 'secrets'>;
  threads: number;
}

/** What /metrics reads of the scoring workers. */
export interface ScoringStats {
  /** Batch latencies in ms (the most recent ones). */
  latenciesMs: readonly number[];
  batches: number;
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
    this.#pool = new ScoringPool(o.threads, { scorers, redact: [...o.redact] });
  }

  /** Resolves once every worker has loaded its scorers. */
  ready(): Promise<void> {
    return this.#pool.ready();
  }

  stats(): ScoringStats {
    return { latenciesMs: this.#pool.latenciesMs, batches: this.#pool.batches };
  }

  wants(call: LlmCall): boolean {
    return this.#active && (call.inputText !== '' || call.outputText !== '');
  }

  async enrich(items: EnrichItem[]): Promise<EnrichOutput> {
    const results = await this.#pool.run(
      items.map((i) => ({
        inputText: i.row.call.inputText,
        outputText: i.row.call.outputText,
        contextText: i.row.call.contextText,
        strings: this.#redacting ? i.collectStrings() : [],
      })),
    );
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

function fillColumns(results: ScoreResult[]): CallScores {
  const s: CallScores = { ...NO_SCORES };
  for (const r of results) if (r.column && Number.isFinite(r.value)) s[r.column] = r.value;
  return s;
}
