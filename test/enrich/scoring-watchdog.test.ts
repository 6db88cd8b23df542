/**
 * Scoring never takes the process down: scorers run in workers under a heap limit and a per-batch
 * time budget; a worker that exceeds either is ended and replaced, its calls are stored unscored
 * with a `scores` row saying why (with --redact: their content replaced, never stored in clear),
 * and other calls keep being scored. Scorers see capped text and say so in scores.explanation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { WorkerEnricher } from '../../src/pipeline/enrichment.ts';
import { SCORE_TEXT_CAPS } from '../../src/enrich/text-caps.ts';

let dir: string;
let c: RunningCollector;
let enricher: WorkerEnricher;
const EMAIL = 'jane.doe@example.com';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-watchdog-'));
  enricher = new WorkerEnricher({
    scorers: ['readability', 'pii'],
    redact: ['pii', 'secrets'],
    threads: 1,
    pool: { maxWorkerHeapMb: 64, batchBudgetMs: { base: 2000, perItem: 0 } },
    faultInjectionScorer: fileURLToPath(new URL('./fixtures/fault-scorer.ts', import.meta.url)),
  });
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), logLevel: 'error', flushIntervalMs: 100, enricher });
});
afterAll(async () => {
  await c?.close();
  await enricher?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = BigInt(Date.now()) * 1_000_000n;
let n = 0;
function call(answer: string, prompt = 'Summarise the report.') {
  const spanId = (++n).toString(16).padStart(16, '0');
  const attrs: Record<string, string> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
  };
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'watchdog' } }] },
        scopeSpans: [{ scope: { name: 't' }, spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: String(now), endTimeUnixNano: String(now + 1_000_000n), attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: { stringValue: v } })) }] }],
      },
    ],
  });
  return { spanId, body };
}

async function send(body: string): Promise<void> {
  const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(r.status).toBe(200);
}

async function scoresOf(spanId: string) {
  return c.store.query<{ name: string; label: string; explanation: string }>('SELECT name, label, explanation FROM llmscope.scores WHERE span_id = {s:String} ORDER BY name', { s: spanId });
}

it('a batch that runs past its time budget: the worker is replaced, the call stored unscored and redacted, others scored', async () => {
  const hang = call(`HANG please mail ${EMAIL}`);
  const t0 = performance.now();
  await send(hang.body);
  const normal = call('The report covers three quarters of steady growth in every region.');
  await send(normal.body);
  await c.flush();
  expect(performance.now() - t0).toBeLessThan(15_000);
  expect(enricher.stats().workerFailures.timeout).toBe(1);
  expect(await scoresOf(hang.spanId)).toEqual([{ name: 'scoring.failed', label: 'timeout', explanation: expect.stringMatching(/longer than its 2000 ms budget/) }]);
  const [row] = await c.store.query<{ output: string; readability: number | null }>('SELECT output_text AS output, readability FROM llmscope.llm_calls WHERE span_id = {s:String}', { s: hang.spanId });
  expect(row!.output).not.toContain(EMAIL);
  expect(row!.output).toContain('[REDACTED:redaction_failed]');
  const traces = await c.store.query<{ attrs: string }>("SELECT toJSONString(SpanAttributes) AS attrs FROM llmscope.otel_traces WHERE SpanId = {s:String}", { s: hang.spanId });
  expect(traces[0]!.attrs).not.toContain(EMAIL);
  expect((await scoresOf(normal.spanId)).map((s) => s.name)).toContain('flesch_reading_ease');
});

it('a scorer that exhausts the worker heap: the worker is replaced, the process lives on', async () => {
  const oom = call('OOM');
  await send(oom.body);
  const normal = call('Quarterly revenue rose in every region the company serves.');
  await send(normal.body);
  await c.flush();
  expect(enricher.stats().workerFailures.out_of_memory).toBe(1);
  expect(await scoresOf(oom.spanId)).toEqual([{ name: 'scoring.failed', label: 'out_of_memory', explanation: expect.stringMatching(/out of memory/) }]);
  expect((await scoresOf(normal.spanId)).map((s) => s.name)).toContain('flesch_reading_ease');
});

it('scorers look at a capped amount of text and say so', async () => {
  const long = call('The answer goes on and on. '.repeat(4000)); // ~108 KB
  await send(long.body);
  await c.flush();
  const scores = await scoresOf(long.spanId);
  const readability = scores.find((s) => s.name === 'flesch_reading_ease')!;
  expect(readability.explanation).toContain(`text truncated: scored on the first ${SCORE_TEXT_CAPS.outputText} of`);
});
