/**
 * The spine end to end: the real OpenTelemetry JS SDK with the official OTLP exporters (protobuf
 * and JSON) → our collector → the embedded ClickHouse engine; rows checked field by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TracerProvider, SimpleSpanProcessor, InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

let collector: RunningCollector;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-e2e-'));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'warn' });
});

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

const hrToNs = (t: [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);

/** Sends a fixed set of GenAI and plain spans through one exporter; returns the SDK's own copies. */
async function sendSpans(kind: 'proto' | 'json', service: string): Promise<ReadableSpan[]> {
  const url = `${collector.url}/v1/traces`;
  const exporter = kind === 'proto' ? new ProtoExporter({ url }) : new JsonExporter({ url });
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('e2e-test', '1.2.3');
  const t0 = Date.now() - 10_000;
  const root = tracer.startSpan('handle request', { kind: SpanKind.SERVER, startTime: t0 });
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  {
    const chat = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 1,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.response.id': 'chatcmpl-1',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 500,
        'gen_ai.response.finish_reasons': ['stop'],
        'server.address': 'api.openai.com',
        'user.id': 'u-42',
      },
    }, parent);
    chat.addEvent('note', { 'k.int': 7, 'k.str': 'v' }, t0 + 2);
    chat.end(t0 + 1201);
    const stream = tracer.startSpan('chat claude-sonnet-4-5', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 1300,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.request.stream': true,
        'gen_ai.response.time_to_first_chunk': 0.25,
        'gen_ai.usage.input_tokens': 2000,
        'gen_ai.usage.output_tokens': 100,
        'gen_ai.usage.cache_read.input_tokens': 4000,
        'gen_ai.response.finish_reasons': ['end_turn'],
      },
    }, parent);
    stream.end(t0 + 2300);
    const emb = tracer.startSpan('embeddings text-embedding-3-small', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 2400,
      attributes: {
        'gen_ai.operation.name': 'embeddings',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'text-embedding-3-small',
        'gen_ai.usage.input_tokens': 300,
      },
    }, parent);
    emb.end(t0 + 2450);
    const failed = tracer.startSpan('chat gpt-4o-mini', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 2500,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'error.type': '429',
      },
    }, parent);
    failed.recordException({ name: 'RateLimitError', message: 'Rate limit reached' }, t0 + 2550);
    failed.setStatus({ code: SpanStatusCode.ERROR, message: 'Rate limit reached' });
    failed.end(t0 + 2600);
    const db = tracer.startSpan('SELECT users', { startTime: t0 + 2700, attributes: { 'db.system.name': 'postgresql' } }, parent);
    db.end(t0 + 2710);
    root.end(t0 + 3000);
  }
  await provider.forceFlush();
  const finished = memory.getFinishedSpans(); // shutdown() empties the in-memory exporter
  await provider.shutdown();
  await collector.flush();
  return finished;
}

type TraceRow = Record<string, unknown> & { SpanId: string; SpanAttributes: Record<string, string> };

for (const kind of ['proto', 'json'] as const) {
  describe(`official ${kind === 'proto' ? 'protobuf' : 'JSON'} exporter → collector → ClickHouse`, () => {
    const service = `e2e-${kind}`;
    let sent: ReadableSpan[];
    let traces: TraceRow[];
    let calls: Array<Record<string, unknown>>;

    beforeAll(async () => {
      sent = await sendSpans(kind, service);
      traces = await collector.store.query<TraceRow>(
        `SELECT *, toString(Timestamp) AS ts_text, toUnixTimestamp64Nano(Timestamp) AS ts_ns_num, toString(toUnixTimestamp64Nano(Timestamp)) AS ts_ns,
                toString(Duration) AS dur_ns, arrayMap(t -> toString(toUnixTimestamp64Nano(t)), Events.Timestamp) AS ev_ns
         FROM llmscope.otel_traces WHERE ServiceName = {s:String} ORDER BY Timestamp`,
        { s: service },
      );
      calls = await collector.store.query(
        `SELECT *, toString(toUnixTimestamp64Nano(timestamp)) AS ts_ns FROM llmscope.llm_calls WHERE service_name = {s:String} ORDER BY timestamp`,
        { s: service },
      );
    });

    it('stores every span in otel_traces with exact ids, times, kinds, status and attributes', () => {
      expect(traces).toHaveLength(sent.length);
      expect(sent).toHaveLength(6);
      for (const s of sent) {
        const row = traces.find((r) => r.SpanId === s.spanContext().spanId)!;
        expect(row, s.name).toBeDefined();
        expect(row.TraceId).toBe(s.spanContext().traceId);
        expect(row.ParentSpanId).toBe(s.parentSpanContext?.spanId ?? '');
        expect(row.SpanName).toBe(s.name);
        expect(row.ServiceName).toBe(service);
        expect(row.ScopeName).toBe('e2e-test');
        expect(row.ScopeVersion).toBe('1.2.3');
        expect(row.project_id).toBe('default');
        expect(row.ts_ns).toBe(hrToNs(s.startTime).toString());
        expect(row.dur_ns).toBe((hrToNs(s.endTime) - hrToNs(s.startTime)).toString());
        expect(row.SpanKind).toBe(['SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'][s.kind]);
        expect(row.StatusCode).toBe(['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'][s.status.code]);
        expect(row.StatusMessage).toBe(s.status.message ?? '');
        for (const [k, v] of Object.entries(s.attributes)) {
          expect(row.SpanAttributes[k], k).toBe(Array.isArray(v) ? JSON.stringify(v) : String(v));
        }
        expect(Object.keys(row.SpanAttributes).length).toBe(Object.keys(s.attributes).length);
        expect((row.ResourceAttributes as Record<string, string>)['deployment.environment.name']).toBe('test');
        expect(row['Events.Name']).toEqual(s.events.map((e) => e.name));
        expect(row.ev_ns).toEqual(s.events.map((e) => hrToNs(e.time).toString()));
      }
      const chat = traces.find((r) => r.SpanName === 'chat gpt-4o')!;
      expect(chat['Events.Attributes']).toEqual([{ 'k.int': '7', 'k.str': 'v' }]);
      const failed = traces.find((r) => r.SpanName === 'chat gpt-4o-mini')!;
      expect(failed['Events.Name']).toEqual(['exception']);
      expect((failed['Events.Attributes'] as Array<Record<string, string>>)[0]!['exception.message']).toBe('Rate limit reached');
    });

    it('keeps the trace id → time range lookup the Grafana plugin reads first', async () => {
      const traceId = sent[0]!.spanContext().traceId;
      const starts = sent.map((s) => hrToNs(s.startTime) / 1_000_000_000n);
      const [r] = await collector.store.query<{ s: number; e: number }>(
        'SELECT toUnixTimestamp(min(Start)) AS s, toUnixTimestamp(max(End)) AS e FROM llmscope.otel_traces_trace_id_ts WHERE TraceId = {t:String}',
        { t: traceId },
      );
      expect(r).toEqual({ s: Number(starts.reduce((a, b) => (b < a ? b : a))), e: Number(starts.reduce((a, b) => (b > a ? b : a))) });
    });

    it('stores one llm_calls row per GenAI span, typed, priced', () => {
      expect(calls.map((c) => c.span_name)).toEqual([
        'chat gpt-4o',
        'chat claude-sonnet-4-5',
        'embeddings text-embedding-3-small',
        'chat gpt-4o-mini',
      ]);
      const byName = (n: string) => calls.find((c) => c.span_name === n)!;
      const chatSpan = sent.find((s) => s.name === 'chat gpt-4o')!;
      const chat = byName('chat gpt-4o');
      expect(chat).toMatchObject({
        trace_id: chatSpan.spanContext().traceId,
        span_id: chatSpan.spanContext().spanId,
        parent_span_id: chatSpan.parentSpanContext!.spanId,
        environment: 'test',
        operation: 'chat',
        provider: 'openai',
        request_model: 'gpt-4o',
        response_model: 'gpt-4o-2024-08-06',
        response_id: 'chatcmpl-1',
        input_tokens: 1000,
        output_tokens: 500,
        cache_read_tokens: 0,
        status: 'ok',
        error_type: '',
        finish_reasons: ['stop'],
        user_id: 'u-42',
        server_address: 'api.openai.com',
        stream: false,
        ttft_ms: null,
        priced: true,
        input_text: '',
        output_text: '',
        toxicity: null,
        hallucination: null,
        readability: null,
      });
      expect(chat.ts_ns).toBe(hrToNs(chatSpan.startTime).toString());
      expect(chat.duration_ms).toBeCloseTo(1200, 6);
      // gpt-4o list price: $2.50 per 1M input tokens, $10.00 per 1M output tokens.
      expect(chat.cost_usd as number).toBeCloseTo(1000 * 2.5e-6 + 500 * 10e-6, 12);

      const stream = byName('chat claude-sonnet-4-5');
      // llm_calls.input_tokens follows the semconv (all input tokens, cached ones included): the span's
      // 2,000 cannot include 4,000 cache reads, so it is read as Anthropic's uncached count and summed.
      expect(stream).toMatchObject({ provider: 'anthropic', stream: true, input_tokens: 6000, output_tokens: 100, cache_read_tokens: 4000 });
      expect(stream.ttft_ms as number).toBeCloseTo(250, 6);
      // Claude Sonnet 4.5: $3 / 1M input, $15 / 1M output, cache read $0.30 / 1M (input excludes cache reads).
      expect(stream.cost_usd as number).toBeCloseTo(2000 * 3e-6 + 100 * 15e-6 + 4000 * 0.3e-6, 12);

      const emb = byName('embeddings text-embedding-3-small');
      expect(emb).toMatchObject({ operation: 'embeddings', input_tokens: 300, output_tokens: 0 });
      // text-embedding-3-small: $0.02 per 1M tokens.
      expect(emb.cost_usd as number).toBeCloseTo(300 * 0.02e-6, 12);

      const failed = byName('chat gpt-4o-mini');
      expect(failed).toMatchObject({ status: 'error', error_type: '429', input_tokens: 0, output_tokens: 0, cost_usd: 0 });
    });
  });
}
