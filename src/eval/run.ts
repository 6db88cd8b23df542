/**
 * One evaluation run: items stream in (dataset lines or stored calls), each gets its prediction
 * (given, or from the application under test), its metric values (eval_results rows, flushed in
 * chunks as they come) and adds to the run's corpus statistics (eval_runs.scores). Memory is
 * bounded by `concurrency` items plus one chunk of rows, whatever the dataset size. A bad item is
 * reported with its line number and skipped; the others are still evaluated.
 */
import { randomBytes } from 'node:crypto';
import type { DatasetItem, LineError } from './dataset.ts';
import { isLineError } from './dataset.ts';
import { needsReferences, perplexity, RunAccumulator, REFERENCE_METRICS, type MetricName } from './metrics/index.ts';
import type { Predictor } from './predict.ts';
import { judgeItem } from './judge-metric.ts';
import type { JudgeEnvConfig } from '../judge/judge.ts';
import type { JudgeCriterion } from '../judge/prompts.ts';
import type { EvalSink } from './sink.ts';
import type { EvalResultRow } from '../store/tables/eval_results.ts';
import type { EvalRunRow } from '../store/tables/eval_runs.ts';

/** Result rows per write (one POST /api/v1/eval-runs or one insert). */
export const RESULT_CHUNK_ROWS = 1000;

export interface EvalRunOptions {
  metrics: MetricName[];
  name: string;
  source: EvalRunRow['source'];
  dataset: string;
  promptName: string;
  promptVersion: string;
  model: string;
  predictor?: Predictor;
  judge?: JudgeEnvConfig;
  concurrency: number;
  /** ROUGE with Porter stemming (--rouge-stemmer). */
  rougeStemmer?: boolean;
  sink: EvalSink;
  /** An item that could not be evaluated (line number, message). */
  onItemError: (line: number, message: string) => void;
  now?: () => number;
}

export interface EvalSummary {
  run_id: string;
  name: string;
  items: number;
  errors: number;
  scores: Record<string, number>;
}

class ItemFailure extends Error {}

export async function runEval(items: AsyncIterable<DatasetItem | LineError> | Iterable<DatasetItem | LineError>, o: EvalRunOptions): Promise<EvalSummary> {
  const createdAt = (o.now ?? Date.now)();
  const runId = `${createdAt.toString(36)}-${randomBytes(4).toString('hex')}`;
  const acc = new RunAccumulator({ rougeStemmer: o.rougeStemmer ?? false });
  let model = o.model;
  let evaluated = 0;
  let errors = 0;
  let chunk = 0;
  let pending: EvalResultRow[] = [];
  let writes: Promise<void> = Promise.resolve();
  let writesQueued = 0;
  let writeError: unknown = null;

  const flush = (): void => {
    if (!pending.length) return;
    const rows = pending;
    pending = [];
    const n = chunk++;
    writesQueued++;
    writes = writes
      .then(() => (writeError ? undefined : o.sink.writeResults(runId, n, rows)))
      .catch((e: unknown) => {
        writeError ??= e;
      })
      .finally(() => {
        writesQueued--;
      });
  };

  const refMetrics = o.metrics.filter(needsReferences);

  const evaluate = async (item: DatasetItem): Promise<void> => {
    let prediction = item.prediction;
    let logprobs = item.logprobs;
    if (prediction === null) {
      if (!o.predictor) throw new ItemFailure('no "prediction" (give one, or --call-url / --call-cmd with an "input")');
      if (!item.input) throw new ItemFailure('no "prediction" and no "input" to produce one');
      const p = await o.predictor(item.input);
      prediction = p.prediction;
      logprobs ??= p.logprobs;
      if (!model && p.model) model = p.model;
    }
    if (refMetrics.length && item.references.length === 0) throw new ItemFailure(`no "references" (needed by ${refMetrics.join(', ')})`);
    const rows: EvalResultRow[] = [];
    const row = (metric: string, value: number, detail: string): void => {
      rows.push({
        project_id: '',
        run_id: runId,
        created_at: createdAt,
        item: item.line,
        item_id: item.id,
        metric,
        value,
        detail,
        prompt_version: item.promptVersion ?? o.promptVersion,
        model: item.model ?? model,
        trace_id: item.traceId ?? '',
        span_id: item.spanId ?? '',
        prediction: prediction!,
        reference: item.references[0] ?? '',
      });
    };
    const failures: string[] = [];
    // Judge calls first (they may fail); the item's metrics are then added to the run together.
    const verdicts = new Map<string, { value: number; detail: string }>();
    for (const m of o.metrics) {
      if (!m.startsWith('judge:')) continue;
      try {
        const v = await judgeItem(o.judge!, m.slice(6) as JudgeCriterion, { input: item.input, prediction: prediction!, context: item.context || item.references.join('\n\n') });
        verdicts.set(m, { value: v.score, detail: `${v.label}${v.reason ? `: ${v.reason}` : ''}`.slice(0, 2048) });
      } catch (e) {
        failures.push(`${m}: ${(e as Error).message}`);
      }
    }
    for (const m of o.metrics) {
      if ((REFERENCE_METRICS as readonly string[]).includes(m)) {
        const v = acc.referenceItem(m as (typeof REFERENCE_METRICS)[number], prediction!, item.references);
        row(m, v.value, v.detail);
      } else if (m === 'perplexity') {
        const p = perplexity(logprobs);
        if (p !== null && Number.isFinite(p)) row(m, acc.add(m, { value: p, detail: `tokens=${logprobs!.length}` }).value, `tokens=${logprobs!.length}`);
      } else {
        const v = verdicts.get(m);
        if (v) row(m, acc.add(m, v).value, v.detail);
      }
    }
    evaluated++;
    for (const r of rows) pending.push(r);
    if (pending.length >= RESULT_CHUNK_ROWS) flush();
    if (failures.length) {
      errors++;
      o.onItemError(item.line, failures.join('; '));
    }
  };

  const inFlight = new Set<Promise<void>>();
  for await (const x of items as AsyncIterable<DatasetItem | LineError>) {
    // Backpressure: a slow store holds the reading back instead of chunks piling up in memory.
    if (writesQueued > 1) await writes;
    if (writeError) break;
    if (isLineError(x)) {
      errors++;
      o.onItemError(x.line, x.error);
      continue;
    }
    const p = evaluate(x)
      .catch((e: unknown) => {
        errors++;
        o.onItemError(x.line, e instanceof Error ? e.message : String(e));
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= Math.max(1, o.concurrency)) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  flush();
  await writes;
  if (writeError) throw writeError;
  const scores = acc.scores();
  await o.sink.writeRun(
    {
      project_id: '',
      run_id: runId,
      name: o.name,
      created_at: createdAt,
      source: o.source,
      dataset: o.dataset,
      prompt_name: o.promptName,
      prompt_version: o.promptVersion,
      model,
      metrics: o.metrics,
      items: evaluated,
      errors,
      scores,
    },
    chunk,
  );
  return { run_id: runId, name: o.name, items: evaluated, errors, scores };
}
