/**
 * The run loop's bounds, with an in-memory sink standing in for the store (the store itself is
 * exercised end to end in eval-cli-e2e.test.ts): a slow sink holds the reading of the dataset back
 * (results never pile up in memory), chunks are written one at a time in order, and a failing sink
 * stops the run with its error.
 */
import { describe, expect, it } from 'vitest';
import { runEval, RESULT_CHUNK_ROWS } from '../../src/eval/run.ts';
import type { EvalSink } from '../../src/eval/sink.ts';
import type { DatasetItem } from '../../src/eval/dataset.ts';
import type { EvalResultRow } from '../../src/store/tables/eval_results.ts';
import type { EvalRunRow } from '../../src/store/tables/eval_runs.ts';

class SlowSink implements EvalSink {
  readonly where = 'memory';
  chunks: number[] = [];
  rows = 0;
  runs: EvalRunRow[] = [];
  readAtWrite: number[] = [];
  readonly delayMs: number;
  readonly read: () => number;
  readonly failAt: number;
  constructor(delayMs: number, read: () => number, failAt = -1) {
    this.delayMs = delayMs;
    this.read = read;
    this.failAt = failAt;
  }
  async writeResults(_runId: string, chunk: number, rows: EvalResultRow[]): Promise<void> {
    this.readAtWrite.push(this.read());
    await new Promise((r) => setTimeout(r, this.delayMs));
    if (chunk === this.failAt) throw new Error('store down');
    this.chunks.push(chunk);
    this.rows += rows.length;
  }
  async writeRun(run: EvalRunRow): Promise<void> {
    this.runs.push(run);
  }
  async query<T>(): Promise<T[]> {
    return [];
  }
  async close(): Promise<void> {}
}

function* items(n: number, counter: { read: number }): Generator<DatasetItem> {
  for (let i = 1; i <= n; i++) {
    counter.read = i;
    yield { line: i, id: String(i), input: '', context: '', prediction: `p${i % 3}`, references: ['p0'] };
  }
}

const base = { metrics: ['exact' as const], name: 't', source: 'dataset' as const, dataset: 'd', promptName: '', promptVersion: '', model: '', concurrency: 4, onItemError: () => undefined };

describe('runEval', () => {
  it('a slow sink holds the reading back; chunks go in order, one at a time', async () => {
    const counter = { read: 0 };
    const sink = new SlowSink(30, () => counter.read);
    const n = 20 * RESULT_CHUNK_ROWS;
    const s = await runEval(items(n, counter), { ...base, sink });
    expect(s.items).toBe(n);
    expect(s.scores.exact).toBeCloseTo(1 / 3, 3);
    expect(sink.chunks).toEqual([...Array(20).keys()]);
    expect(sink.rows).toBe(n);
    expect(sink.runs).toHaveLength(1);
    // when chunk k is being written, at most ~3 chunks' worth of items have been read
    sink.readAtWrite.forEach((read, k) => expect(read, `chunk ${k}`).toBeLessThanOrEqual((k + 3) * RESULT_CHUNK_ROWS + base.concurrency));
  });

  it('a failing sink stops the run with its error and no run row', async () => {
    const counter = { read: 0 };
    const sink = new SlowSink(1, () => counter.read, 2);
    await expect(runEval(items(10 * RESULT_CHUNK_ROWS, counter), { ...base, sink })).rejects.toThrow('store down');
    expect(sink.runs).toHaveLength(0);
    expect(counter.read).toBeLessThan(10 * RESULT_CHUNK_ROWS);
  });
});

describe('runEval options', () => {
  it('rougeStemmer: ROUGE on Porter stems (rouge-score use_stemmer=True)', async () => {
    const item: DatasetItem = { line: 1, id: 'a', input: '', context: '', prediction: 'the dogs were running', references: ['the dog runs'] };
    const counter = { read: 0 };
    const plain = await runEval([item], { ...base, metrics: ['rouge1'], sink: new SlowSink(0, () => counter.read) });
    const stemmed = await runEval([item], { ...base, metrics: ['rouge1'], rougeStemmer: true, sink: new SlowSink(0, () => counter.read) });
    // plain: only "the" matches (P 1/4, R 1/3); stemmed: the, dog, run match (P 3/4, R 3/3)
    expect(plain.scores.rouge1).toBeCloseTo((2 * (1 / 4) * (1 / 3)) / (1 / 4 + 1 / 3), 12);
    expect(stemmed.scores.rouge1).toBeCloseTo((2 * (3 / 4) * 1) / (3 / 4 + 1), 12);
  });
});
