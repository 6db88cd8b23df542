/**
 * The enrichment pipeline end to end: spans with captured content go through the scoring workers
 * before they are stored; scores fill llm_calls columns and `scores` rows; redaction removes PII and
 * secrets from everything stored; a failing scorer never costs the span.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import type { Enricher } from '../../src/pipeline/ingest.ts';

let dir: string;
let store: EmbeddedStore;
let scoring: RunningCollector;
let redacting: RunningCollector;
let failing: RunningCollector;

const EMAIL = 'jane.doe@example.com';
const OPENAI_KEY = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0'.repeat(2);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-enrich-'));
  store = new EmbeddedStore(join(dir, 'data'));
  const common = { port: 0, store, logLevel: 'error', flushIntervalMs: 100 } as const;
  scoring = await startCollector({ ...common, walDir: join(dir, 'wal-scoring'), scorers: ['toxicity', 'hallucination', 'readability', 'pii'] });
  redacting = await startCollector({ ...common, walDir: join(dir, 'wal-redacting'), scorers: ['pii'], redact: ['pii', 'secrets'] });
  const throwing: Enricher = {
    wants: (call) => call.outputText !== '',
    enrich: async () => {
      throw new Error('scorer exploded');
    },
  };
  failing = await startCollector({ ...common, walDir: join(dir, 'wal-failing'), scorers: [], enricher: throwing });
});

afterAll(async () => {
  await scoring?.close();
  await redacting?.close();
  await failing?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = BigInt(Date.now()) * 1_000_000n;
let spanCounter = 0;

function span(service: string, attrs: Record<string, string | number>) {
  const id = (++spanCounter).toString(16).padStart(16, '0');
  return {
    spanId: id,
    request: JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [
            {
              scope: { name: 'test' },
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: id,
                  name: 'chat gpt-4o',
                  kind: 3,
                  startTimeUnixNano: now.toString(),
                  endTimeUnixNano: (now + 1_000_000n).toString(),
                  attributes: Object.entries(attrs).map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } })),
                },
              ],
            },
          ],
        },
      ],
    }),
  };
}

function chatAttrs(system: string, user: string, answer: string) {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 50,
    'gen_ai.usage.output_tokens': 20,
    'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: user }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
  };
}

async function send(c: RunningCollector, body: string) {
  const r = await fetch(`${c.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect(r.status).toBe(200);
}

describe('enrichment pipeline', () => {
  it('scores calls with content and leaves calls without content NULL', async () => {
    const grounded = span('enrich-a', chatAttrs(
      'Context: The Eiffel Tower is 330 metres tall and was completed in 1889 in Paris.',
      'How tall is the Eiffel Tower?',
      'The Eiffel Tower is 330 metres tall. It was completed in 1889.',
    ));
    const invented = span('enrich-a', chatAttrs(
      'Context: The Eiffel Tower is 330 metres tall and was completed in 1889 in Paris.',
      'How tall is the Eiffel Tower?',
      'The Eiffel Tower is 512 metres tall. It was completed in 1925 in Lyon.',
    ));
    const toxic = span('enrich-a', chatAttrs('Be helpful.', 'you are a stupid fucking idiot, shut up', 'I am here to help.'));
    const bare = span('enrich-a', { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 5 });
    for (const s of [grounded, invented, toxic, bare]) await send(scoring, s.request);
    await scoring.flush();

    const rows = await store.query<{ span_id: string; toxicity: number | null; hallucination: number | null; readability: number | null; pii_count: number | null }>(
      "SELECT span_id, toxicity, hallucination, readability, pii_count FROM llmscope.llm_calls WHERE service_name = 'enrich-a'",
    );
    const by = (id: string) => rows.find((r) => r.span_id === id)!;
    expect(rows).toHaveLength(4);
    expect(by(bare.spanId)).toEqual({ span_id: bare.spanId, toxicity: null, hallucination: null, readability: null, pii_count: null });
    expect(by(grounded.spanId).hallucination!).toBeLessThan(by(invented.spanId).hallucination!);
    expect(by(invented.spanId).hallucination!).toBeGreaterThanOrEqual(0.5);
    // The column holds the response's toxicity; the prompt's is its own score row.
    expect(by(toxic.spanId).toxicity!).toBeLessThan(0.5);
    expect(by(grounded.spanId).toxicity!).toBeLessThan(0.5);
    expect(by(grounded.spanId).readability).not.toBeNull();
    expect(by(grounded.spanId).pii_count).toBe(0);

    const scores = await store.query<{ span_id: string; name: string; source: string; explanation: string }>(
      "SELECT span_id, name, source, explanation FROM llmscope.scores WHERE service_name = 'enrich-a' ORDER BY span_id, name",
    );
    expect(scores.filter((s) => s.span_id === bare.spanId)).toEqual([]);
    const names = new Set(scores.filter((s) => s.span_id === grounded.spanId).map((s) => s.name));
    for (const n of ['hallucination', 'toxicity.input', 'toxicity.output', 'flesch_reading_ease', 'pii']) expect(names).toContain(n);
    const toxicPrompt = await store.query<{ value: number; label: string }>(
      "SELECT value, label FROM llmscope.scores WHERE span_id = {s:String} AND name = 'toxicity.input'",
      { s: toxic.spanId },
    );
    expect(toxicPrompt[0]!.value).toBeGreaterThanOrEqual(0.5);
    expect(toxicPrompt[0]!.label).toBe('toxic');
    const h = scores.find((s) => s.span_id === invented.spanId && s.name === 'hallucination')!;
    expect(h.source).not.toBe('llm_judge');
    expect(h.explanation).toMatch(/512|1925|Lyon/);
  });

  it('redacts PII and secrets before anything is stored', async () => {
    const s = span('enrich-redact', chatAttrs('You are support.', `My email is ${EMAIL} and my key is ${OPENAI_KEY}`, `I will write to ${EMAIL}.`));
    await send(redacting, s.request);
    await redacting.flush();
    const [call] = await store.query<{ input_text: string; output_text: string; pii_count: number }>(
      "SELECT input_text, output_text, pii_count FROM llmscope.llm_calls WHERE service_name = 'enrich-redact'",
    );
    expect(call!.input_text).toContain('[REDACTED:email]');
    expect(call!.input_text).toContain('[REDACTED:openai_api_key]');
    expect(call!.output_text).toContain('[REDACTED:email]');
    for (const table of ['llm_calls', 'otel_traces', 'scores']) {
      const [hit] = await store.query<{ c: number }>(
        `SELECT count() AS c FROM llmscope.${table} WHERE positionCaseInsensitive(toString(tuple(*)), {e:String}) > 0 OR positionCaseInsensitive(toString(tuple(*)), {k:String}) > 0`,
        { e: EMAIL, k: OPENAI_KEY },
      );
      expect(Number(hit!.c), table).toBe(0);
    }
    const [trace] = await store.query<{ a: string }>("SELECT SpanAttributes['gen_ai.input.messages'] AS a FROM llmscope.otel_traces WHERE ServiceName = 'enrich-redact'");
    expect(trace!.a).toContain('[REDACTED:email]');
  });

  it('redacts PII and secrets in OTLP logs and metrics before they are stored', async () => {
    const t = (BigInt(Date.now()) * 1_000_000n).toString();
    const leak = `mail ${EMAIL} key ${OPENAI_KEY}`;
    const kv = (key: string, stringValue: string) => ({ key, value: { stringValue } });
    const resource = { attributes: [kv('service.name', 'redact-lm')] };
    const logs = {
      resourceLogs: [
        {
          resource,
          scopeLogs: [
            {
              logRecords: [
                { timeUnixNano: t, eventName: 'gen_ai.user.message', body: { kvlistValue: { values: [kv('content', leak)] } }, attributes: [kv('note', leak)] },
                { timeUnixNano: t, body: { stringValue: leak } },
              ],
            },
          ],
        },
      ],
    };
    const metrics = {
      resourceMetrics: [
        { resource, scopeMetrics: [{ metrics: [{ name: 'm', gauge: { dataPoints: [{ timeUnixNano: t, asDouble: 1, attributes: [kv('user', leak)], exemplars: [{ timeUnixNano: t, asDouble: 1, filteredAttributes: [kv('u', leak)] }] }] } }] }] },
      ],
    };
    for (const [path, body] of [['/v1/logs', logs], ['/v1/metrics', metrics]] as const) {
      const r = await fetch(`${redacting.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, path).toBe(200);
    }
    await redacting.flush();
    const bodies = await store.query<{ Body: string }>("SELECT Body FROM llmscope.otel_logs WHERE ServiceName = 'redact-lm' ORDER BY Body");
    expect(bodies).toHaveLength(2);
    for (const b of bodies) expect(b.Body).toContain('[REDACTED:email]');
    for (const table of ['otel_logs', 'otel_metrics_gauge']) {
      const [hit] = await store.query<{ c: number; n: number }>(
        `SELECT countIf(positionCaseInsensitive(toString(tuple(*)), {e:String}) > 0 OR positionCaseInsensitive(toString(tuple(*)), {k:String}) > 0) AS c, count() AS n FROM llmscope.${table} WHERE ServiceName = 'redact-lm'`,
        { e: EMAIL, k: OPENAI_KEY },
      );
      expect(Number(hit!.n), table).toBeGreaterThan(0);
      expect(Number(hit!.c), table).toBe(0);
    }
  });

  it('stores the span unscored when scoring fails', async () => {
    const s = span('enrich-fail', chatAttrs('sys', 'question', 'answer'));
    await send(failing, s.request);
    await failing.flush();
    const rows = await store.query<{ toxicity: number | null }>("SELECT toxicity FROM llmscope.llm_calls WHERE service_name = 'enrich-fail'");
    expect(rows).toEqual([{ toxicity: null }]);
    const [t] = await store.query<{ c: number }>("SELECT count() AS c FROM llmscope.otel_traces WHERE ServiceName = 'enrich-fail'");
    expect(Number(t!.c)).toBe(1);
    expect(failing.ingest.counters.enrichFailures).toBe(1);
  });
});
