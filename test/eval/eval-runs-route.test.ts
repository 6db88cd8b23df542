/**
 * POST /api/v1/eval-runs on a real collector (real HTTP, embedded chdb): chunks stored in the key's
 * project, a retried chunk adding no rows, bad input refused with the field named, size and
 * content-type limits, and tenancy (no key, a read key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { EVAL_INGEST_LIMITS } from '../../src/eval/ingest.ts';

const INGEST_A = 'ingest-key-team-a-01';
const INGEST_B = 'ingest-key-team-b-01';
const READ_A = 'read-key-team-a-0123';
let dir: string;
let c: RunningCollector;
const T = 1_780_000_000_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-eval-route-'));
  writeFileSync(
    join(dir, 'keys.yaml'),
    ['keys:', `  - { key: ${INGEST_A}, project: team-a }`, `  - { key: ${INGEST_B}, project: team-b }`, `  - { key: ${READ_A}, project: team-a, role: read }`].join('\n') + '\n',
  );
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', ui: 'off', apiKeys: join(dir, 'keys.yaml') });
}, 60_000);

afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(body: unknown, key: string | null = INGEST_A, headers: Record<string, string> = {}) {
  const res = await fetch(`${c.url}/api/v1/eval-runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const result = (item: number, metric: string, value: number) => ({ created_at: T, item, item_id: `i${item}`, metric, value, prompt_version: 'v1', model: 'm', prediction: 'p', reference: 'r' });
const run = { name: 'r1', created_at: T, source: 'dataset', dataset: 'd.jsonl', prompt_version: 'v1', model: 'm', metrics: ['bleu'], items: 2, errors: 1, scores: { bleu: 42.5 } };

describe('POST /api/v1/eval-runs', () => {
  it('stores result chunks and the run row in the key project; a retried chunk adds nothing', async () => {
    expect(await post({ run_id: 'run-a', chunk: 0, results: [result(1, 'bleu', 10), result(2, 'bleu', 20)] })).toEqual({ status: 200, json: { run_id: 'run-a', chunk: 0, results: 2, run: false } });
    expect((await post({ run_id: 'run-a', chunk: 0, results: [result(1, 'bleu', 10), result(2, 'bleu', 20)] })).status).toBe(200);
    expect((await post({ run_id: 'run-a', chunk: 1, run })).json).toEqual({ run_id: 'run-a', chunk: 1, results: 0, run: true });
    expect((await post({ run_id: 'run-a', chunk: 1, run })).status).toBe(200);
    // the same run id from another project is that project's own run
    expect((await post({ run_id: 'run-a', chunk: 0, results: [result(1, 'bleu', 99)] }, INGEST_B)).status).toBe(200);
    const results = await c.store.query<{ project_id: string; item: number; value: number }>('SELECT project_id, item, value FROM llmscope.eval_results ORDER BY project_id, item');
    expect(results).toEqual([
      { project_id: 'team-a', item: 1, value: 10 },
      { project_id: 'team-a', item: 2, value: 20 },
      { project_id: 'team-b', item: 1, value: 99 },
    ]);
    const runs = await c.store.query<{ project_id: string; name: string; errors: number; scores: Record<string, number> }>('SELECT project_id, name, errors, scores FROM llmscope.eval_runs');
    expect(runs).toEqual([{ project_id: 'team-a', name: 'r1', errors: 1, scores: { bleu: 42.5 } }]);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [[], /body must be a JSON object/],
      [{ run_id: 'x', chunk: 0 }, /send results, run, or both/],
      [{ run_id: 'bad id!', chunk: 0, run }, /run_id must be/],
      [{ run_id: 'x', chunk: -1, run }, /chunk must be an integer/],
      [{ run_id: 'x', chunk: 0, run, project_id: 'team-b' }, /unknown field "project_id"/],
      [{ run_id: 'x', chunk: 0, results: [{ ...result(1, 'bleu', 1), project_id: 'team-b' }] }, /results\[0\]: unknown field "project_id"/],
      [{ run_id: 'x', chunk: 0, results: [result(1, 'bleu', 1), { ...result(2, 'bleu', 1), value: 'NaN' }] }, /results\[1\]\.value must be a finite number/],
      [{ run_id: 'x', chunk: 0, results: [{ ...result(1, 'bleu', 1), metric: "x'; DROP" }] }, /results\[0\]\.metric must be/],
      [{ run_id: 'x', chunk: 0, results: [{ ...result(1, 'bleu', 1), prediction: 'p'.repeat(5000) }] }, /results\[0\]\.prediction is longer than 4096/],
      [{ run_id: 'x', chunk: 0, run: { ...run, source: 'elsewhere' } }, /run\.source must be one of/],
      [{ run_id: 'x', chunk: 0, run: { ...run, scores: { bleu: 'high' } } }, /run\.scores\.bleu must be a finite number/],
      [{ run_id: 'x', chunk: 0, run: { ...run, created_at: 'yesterday' } }, /run\.created_at must be Unix milliseconds/],
      [{ run_id: 'x', chunk: 0, results: new Array(EVAL_INGEST_LIMITS.resultsPerRequest + 1).fill(result(1, 'b', 1)) }, /more than 5000 results/],
    ];
    for (const [body, re] of cases) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(String(r.json.error)).toMatch(re);
    }
    expect((await post('{"run_id": ')).status).toBe(400);
    const [{ n }] = await c.store.query<{ n: number }>("SELECT count() AS n FROM llmscope.eval_runs WHERE run_id = 'x'");
    expect(Number(n)).toBe(0);
  });

  it('limits: 415 without JSON, 413 over the body limit; tenancy: 401 without a key or with a read key', async () => {
    expect((await post({ run_id: 'y', chunk: 0, run }, INGEST_A, { 'content-type': 'text/plain' })).status).toBe(415);
    const big = JSON.stringify({ run_id: 'y', chunk: 0, results: [{ ...result(1, 'bleu', 1), detail: 'd'.repeat(EVAL_INGEST_LIMITS.bodyBytes) }] });
    expect((await post(big)).status).toBe(413);
    expect((await post({ run_id: 'y', chunk: 0, run }, null)).status).toBe(401);
    expect((await post({ run_id: 'y', chunk: 0, run }, READ_A)).status).toBe(401);
    expect((await post({ run_id: 'y', chunk: 0, run }, 'not-a-key')).status).toBe(401);
    const [{ n }] = await c.store.query<{ n: number }>("SELECT count() AS n FROM llmscope.eval_runs WHERE run_id = 'y'");
    expect(Number(n)).toBe(0);
  });
});
