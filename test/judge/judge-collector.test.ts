/** The LLM judge wired into the collector: content-carrying calls are judged asynchronously into `scores`. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { LlmJudgeStandin } from '../support/llm-judge-standin.ts';

let dir: string;
let judge: LlmJudgeStandin;
let c: RunningCollector;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-judge-c-'));
  judge = await new LlmJudgeStandin().start();
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'error', flushIntervalMs: 100, judgeUrl: judge.url, judgeModel: 'judge-model', judgeRps: 0 });
});
afterAll(async () => {
  await c?.close();
  await judge?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('judges calls with content and writes llm_judge scores; calls without content are not sent to the judge', async () => {
  const now = BigInt(Date.now()) * 1_000_000n;
  const attrs = (extra: Record<string, string>) =>
    Object.entries({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', ...extra }).map(([key, v]) => ({
      key,
      value: { stringValue: v },
    }));
  const body = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'judged' } }] },
        scopeSpans: [
          {
            scope: { name: 't' },
            spans: [
              {
                traceId: '11111111111111111111111111111111',
                spanId: '2222222222222222',
                name: 'chat gpt-4o',
                kind: 3,
                startTimeUnixNano: now.toString(),
                endTimeUnixNano: (now + 1000n).toString(),
                attributes: attrs({
                  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'you stupid bot, what is 2+2?' }] }]),
                  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'It is 4.' }] }]),
                }),
              },
              { traceId: '11111111111111111111111111111111', spanId: '3333333333333333', name: 'chat gpt-4o', kind: 3, startTimeUnixNano: now.toString(), endTimeUnixNano: (now + 1000n).toString(), attributes: attrs({}) },
            ],
          },
        ],
      },
    ],
  });
  const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(r.status).toBe(200);
  await c.flush();
  for (let i = 0; i < 100; i++) {
    const [n] = await c.store.query<{ c: number }>("SELECT count() AS c FROM llmscope.scores WHERE source = 'llm_judge'");
    if (Number(n!.c) >= 2) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const rows = await c.store.query<{ span_id: string; name: string; value: number }>(
    "SELECT span_id, name, value FROM llmscope.scores WHERE source = 'llm_judge' ORDER BY name",
  );
  expect(rows.every((x) => x.span_id === '2222222222222222')).toBe(true);
  const byName = Object.fromEntries(rows.map((x) => [x.name, x.value]));
  expect(byName['judge.toxicity.input']).toBeGreaterThanOrEqual(0.5);
  expect(byName['judge.toxicity.output']).toBeLessThan(0.5);
  expect(judge.requests.every((q) => q.body.model === 'judge-model')).toBe(true);
  // The judge's own figures reach /metrics.
  const metrics = await (await fetch(`${c.url}/metrics`)).text();
  const judged = Number(/^llmscope_judge_calls_total\{outcome="judged"\} (\d+)$/m.exec(metrics)?.[1]);
  expect(judged).toBeGreaterThanOrEqual(rows.length);
  expect(metrics).toMatch(new RegExp(`^llmscope_judge_score_rows_total\\{result="written"\\} ${rows.length}$`, 'm'));
});
