/**
 * GenAI content sent as events is joined to its call by trace id + span id: log records arriving
 * before the span, after it (in another request), or never; per-message events on the span itself;
 * gen_ai.client.inference.operation.details as a log record; and gen_ai.evaluation.result (log
 * record or span event) → a scores row with source 'external'. The joined content is scored (PII).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

const WAIT_MS = 1500;
let c: RunningCollector;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-events-'));
  c = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: ['pii'], logLevel: 'error', eventWaitMs: WAIT_MS, flushIntervalMs: 50 });
}, 60_000);
afterAll(async () => {
  await c?.close();
  rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
const ids = () => {
  seq++;
  return { traceId: seq.toString(16).padStart(32, 'a'), spanId: seq.toString(16).padStart(16, 'b') };
};
const now = () => BigInt(Date.now()) * 1_000_000n;
const kv = (key: string, value: unknown) => ({ key, value: anyValue(value) });
function anyValue(v: unknown): unknown {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: Object.entries(v as object).map(([k, x]) => kv(k, x)) } };
}

async function post(path: string, body: unknown): Promise<void> {
  const r = await fetch(`${c.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  await r.arrayBuffer();
}

function sendSpan(service: string, scope: string, id: { traceId: string; spanId: string }, events: unknown[] = []): Promise<void> {
  const t = now() - 2_000_000_000n;
  return post('/v1/traces', {
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', service)] },
        scopeSpans: [
          {
            scope: { name: scope, version: '0.22.0' },
            spans: [
              {
                ...id,
                name: 'chat gpt-4o-mini',
                kind: 3,
                startTimeUnixNano: t.toString(),
                endTimeUnixNano: (t + 900_000_000n).toString(),
                attributes: [kv('gen_ai.operation.name', 'chat'), kv('gen_ai.system', 'openai'), kv('gen_ai.request.model', 'gpt-4o-mini'), kv('gen_ai.usage.input_tokens', 12), kv('gen_ai.usage.output_tokens', 7)],
                events,
              },
            ],
          },
        ],
      },
    ],
  });
}

interface Event {
  name: string;
  body?: unknown;
  attributes?: Record<string, unknown>;
}

function sendEvents(service: string, id: { traceId: string; spanId: string }, events: Event[]): Promise<void> {
  const t = now() - 1_900_000_000n;
  return post('/v1/logs', {
    resourceLogs: [
      {
        resource: { attributes: [kv('service.name', service)] },
        scopeLogs: [
          {
            scope: { name: '@opentelemetry/instrumentation-openai' },
            logRecords: events.map((e, i) => ({
              timeUnixNano: (t + BigInt(i)).toString(),
              eventName: e.name,
              ...(e.body !== undefined ? { body: anyValue(e.body) } : {}),
              attributes: Object.entries({ 'gen_ai.system': 'openai', ...(e.attributes ?? {}) }).map(([k, v]) => kv(k, v)),
              ...id,
              flags: 1,
            })),
          },
        ],
      },
    ],
  });
}

const CHAT: Event[] = [
  { name: 'gen_ai.system.message', body: { content: 'You are a terse assistant.' } },
  { name: 'gen_ai.user.message', body: { content: 'Email me at jane.doe@example.com: what is the capital of France?' } },
  { name: 'gen_ai.choice', body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } } },
];

async function callOf(spanId: string) {
  const rows = await c.store.query<{ input_text: string; output_text: string; pii_count: number | null; input_tokens: number }>(
    'SELECT input_text, output_text, pii_count, input_tokens FROM llmscope.llm_calls WHERE span_id = {s:String}',
    { s: spanId },
  );
  return rows;
}

describe('content events joined to their call', () => {
  it('events before the span (another request): content stored and scored', async () => {
    const id = ids();
    await sendEvents('ev-before', id, CHAT);
    await sendSpan('ev-before', 'some-other-scope', id);
    await c.flush();
    expect(await callOf(id.spanId)).toEqual([
      { input_text: 'Email me at jane.doe@example.com: what is the capital of France?', output_text: 'Paris.', pii_count: 1, input_tokens: 12 },
    ]);
    // The events are logs too.
    const [n] = await c.store.query<{ n: number }>("SELECT count() AS n FROM llmscope.otel_logs WHERE SpanId = {s:String}", { s: id.spanId });
    expect(Number(n!.n)).toBe(3);
  });

  it('events after the span: the call waits for them (bounded) and is stored once with its content', async () => {
    const id = ids();
    const started = Date.now();
    await sendSpan('ev-after', '@opentelemetry/instrumentation-openai', id);
    await new Promise((r) => setTimeout(r, 300));
    await c.writer.flush();
    expect(await callOf(id.spanId)).toEqual([]); // held, not stored without content
    await sendEvents('ev-after', id, CHAT);
    await c.flush();
    const rows = await callOf(id.spanId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ input_text: 'Email me at jane.doe@example.com: what is the capital of France?', output_text: 'Paris.', pii_count: 1 });
    expect(Date.now() - started).toBeLessThan(WAIT_MS + 1000);
    const [t] = await c.store.query<{ n: number }>("SELECT count() AS n FROM llmscope.otel_traces WHERE SpanId = {s:String}", { s: id.spanId });
    expect(Number(t!.n)).toBe(1);
  });

  it('events that never arrive: stored without content after the wait', async () => {
    const id = ids();
    const started = Date.now();
    await sendSpan('ev-never', '@opentelemetry/instrumentation-openai', id);
    await c.flush();
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS - 50);
    expect(await callOf(id.spanId)).toEqual([{ input_text: '', output_text: '', pii_count: null, input_tokens: 12 }]);
  });

  it('spans of services that send no events are not held', async () => {
    const id = ids();
    const started = Date.now();
    await sendSpan('ev-none', 'plain-scope', id);
    await c.flush();
    expect(Date.now() - started).toBeLessThan(WAIT_MS);
    expect(await callOf(id.spanId)).toHaveLength(1);
  });

  it('gen_ai.client.inference.operation.details as a log record', async () => {
    const id = ids();
    await sendEvents('ev-details', id, [
      {
        name: 'gen_ai.client.inference.operation.details',
        attributes: {
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Name a prime.' }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Seven.' }], finish_reason: 'stop' }]),
        },
      },
    ]);
    await sendSpan('ev-details', 'x', id);
    await c.flush();
    expect(await callOf(id.spanId)).toMatchObject([{ input_text: 'Name a prime.', output_text: 'Seven.' }]);
  });

  it('per-message events on the span itself', async () => {
    const id = ids();
    const t = now().toString();
    await sendSpan('ev-span', 'y', id, [
      { timeUnixNano: t, name: 'gen_ai.user.message', attributes: [kv('content', 'Hello there')] },
      { timeUnixNano: t, name: 'gen_ai.choice', attributes: [kv('index', 0), kv('message', { role: 'assistant', content: 'General Kenobi.' })] },
    ]);
    await c.flush();
    expect(await callOf(id.spanId)).toMatchObject([{ input_text: 'Hello there', output_text: 'General Kenobi.' }]);
  });
});

describe('gen_ai.evaluation.result → scores (source external)', () => {
  it('from a log record and from a span event', async () => {
    const id = ids();
    await sendSpan('ev-eval', 'z', id, [
      {
        timeUnixNano: now().toString(),
        name: 'gen_ai.evaluation.result',
        attributes: [kv('gen_ai.evaluation.name', 'relevance'), kv('gen_ai.evaluation.score.value', 0.25), kv('gen_ai.evaluation.score.label', 'irrelevant'), kv('gen_ai.evaluation.explanation', 'off topic')],
      },
    ]);
    await sendEvents('ev-eval', id, [
      { name: 'gen_ai.evaluation.result', attributes: { 'gen_ai.evaluation.name': 'faithfulness', 'gen_ai.evaluation.score.value': 0.9, 'gen_ai.evaluation.score.label': 'pass' } },
    ]);
    await c.flush();
    const scores = await c.store.query<Record<string, unknown>>(
      "SELECT trace_id, span_id, name, value, label, source, explanation, service_name FROM llmscope.scores WHERE span_id = {s:String} AND source = 'external' ORDER BY name",
      { s: id.spanId },
    );
    expect(scores).toEqual([
      { trace_id: id.traceId, span_id: id.spanId, name: 'faithfulness', value: 0.9, label: 'pass', source: 'external', explanation: '', service_name: 'ev-eval' },
      { trace_id: id.traceId, span_id: id.spanId, name: 'relevance', value: 0.25, label: 'irrelevant', source: 'external', explanation: 'off topic', service_name: 'ev-eval' },
    ]);
  });
});
