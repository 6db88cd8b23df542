/**
 * Agent, workflow, tool and guardrail spans from the real OpenTelemetry SDK (official OTLP
 * exporters) → the collector → chdb: agent/workflow/tool spans land in agent_spans with their names
 * and ids and never as llm_calls rows (so never priced as model calls), a remote (CLIENT) agent
 * call stays a priced model call too, and apply_guardrail spans and gen_ai.guardrail.result events
 * (span events and log records) land in guardrail_results with the provider's own values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { TracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { startCollector, type RunningCollector } from '../../src/collector.ts';

/** OpenAI's list price for gpt-4o, USD per token (independent of the collector's price table). */
const GPT_4O_PRICE = { input: 2.5e-6, output: 10e-6 };

let collector: RunningCollector;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-agents-'));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), scorers: [], logLevel: 'warn', flushIntervalMs: 50 });
}, 60_000);

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, unknown>;
const q = (sql: string) => collector.store.query<Row>(sql);

function tracerFor(service: string) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }) })],
  });
  return { tracer: provider.getTracer('agents-e2e', '1.0.0'), provider };
}

const t0 = Date.now() - 60_000;
const ids: Record<string, string> = {};

function child(tracer: ReturnType<typeof tracerFor>['tracer'], parent: Span, name: string, kind: SpanKind, start: number, attributes: Record<string, string | number | boolean>) {
  return tracer.startSpan(name, { kind, startTime: start, attributes }, trace.setSpan(ROOT_CONTEXT, parent));
}

describe('agents, tools and workflows', () => {
  beforeAll(async () => {
    const { tracer, provider } = tracerFor('support-bot');
    const root = tracer.startSpan('POST /ask', { kind: SpanKind.SERVER, startTime: t0 });
    const workflow = child(tracer, root, 'invoke_workflow triage', SpanKind.INTERNAL, t0 + 1, { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'triage' });
    const agent = child(tracer, workflow, 'invoke_agent Support', SpanKind.INTERNAL, t0 + 2, {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.agent.name': 'Support',
      'gen_ai.agent.id': 'asst_123',
      'gen_ai.request.model': 'gpt-4o',
      // an agent span that repeats its model calls' usage: must not be counted or priced again
      'gen_ai.usage.input_tokens': 1300,
      'gen_ai.usage.output_tokens': 260,
    });
    ids.agent = agent.spanContext().spanId;
    const chat = child(tracer, agent, 'chat gpt-4o', SpanKind.CLIENT, t0 + 3, {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 200,
    });
    ids.chat = chat.spanContext().spanId;
    chat.end(t0 + 900);
    const tool = child(tracer, agent, 'execute_tool get_weather', SpanKind.INTERNAL, t0 + 901, {
      'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.id': 'call_abc',
    });
    ids.tool = tool.spanContext().spanId;
    tool.end(t0 + 951);
    // a tool span that names its tool only in the span name, and fails
    const failing = child(tracer, agent, 'execute_tool lookup_order', SpanKind.INTERNAL, t0 + 952, { 'gen_ai.operation.name': 'execute_tool', 'error.type': 'TimeoutError' });
    failing.setStatus({ code: SpanStatusCode.ERROR });
    ids.failing = failing.spanContext().spanId;
    failing.end(t0 + 1952);
    const chat2 = child(tracer, agent, 'chat gpt-4o', SpanKind.CLIENT, t0 + 1953, {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 300, 'gen_ai.usage.output_tokens': 60,
    });
    chat2.end(t0 + 2500);
    agent.end(t0 + 2501);
    workflow.end(t0 + 2502);
    root.end(t0 + 2503);
    // A remote agent service (CLIENT): no model spans under it, so its usage is the call's.
    const remote = tracer.startSpan('invoke_agent Billing', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 3000,
      attributes: {
        'gen_ai.operation.name': 'invoke_agent', 'gen_ai.provider.name': 'openai', 'gen_ai.agent.name': 'Billing', 'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 500, 'gen_ai.usage.output_tokens': 100,
      },
    });
    ids.remote = remote.spanContext().spanId;
    remote.end(t0 + 4000);
    await provider.forceFlush();
    await provider.shutdown();
    await collector.flush();
  });

  it('stores agent, workflow and tool spans in agent_spans with their names and ids', async () => {
    const rows = await q("SELECT span_id, operation, agent_name, agent_id, workflow_name, tool_name, tool_type, tool_call_id, request_model, remote, status, error_type, duration_ms FROM llmscope.agent_spans WHERE service_name = 'support-bot' ORDER BY timestamp");
    expect(rows.map((r) => `${r.operation}:${r.agent_name}${r.workflow_name}${r.tool_name}`)).toEqual([
      'invoke_workflow:triage',
      'invoke_agent:Support',
      'execute_tool:get_weather',
      'execute_tool:lookup_order',
      'invoke_agent:Billing',
    ]);
    const bySpan = new Map(rows.map((r) => [r.span_id, r]));
    expect(bySpan.get(ids.agent)).toMatchObject({ agent_id: 'asst_123', request_model: 'gpt-4o', remote: false, status: 'ok' });
    expect(bySpan.get(ids.tool)).toMatchObject({ tool_type: 'function', tool_call_id: 'call_abc', status: 'ok', duration_ms: 50 });
    expect(bySpan.get(ids.failing)).toMatchObject({ tool_name: 'lookup_order', status: 'error', error_type: 'TimeoutError', duration_ms: 1000 });
    expect(bySpan.get(ids.remote)).toMatchObject({ remote: true });
  });

  it('keeps only model calls in llm_calls: no tool or in-process agent rows, no empty model', async () => {
    const rows = await q("SELECT span_id, operation, request_model, input_tokens, output_tokens, cost_usd, cost_source FROM llmscope.llm_calls WHERE service_name = 'support-bot' ORDER BY timestamp");
    expect(rows.map((r) => r.operation)).toEqual(['chat', 'chat', 'invoke_agent']);
    expect(rows.every((r) => r.request_model === 'gpt-4o')).toBe(true);
    expect(rows.map((r) => r.span_id)).not.toContain(ids.tool);
    expect(rows.map((r) => r.span_id)).not.toContain(ids.agent);
    // Each priced at the list price once: the in-process agent's repeated usage is not counted.
    const expected = (i: number, o: number) => i * GPT_4O_PRICE.input + o * GPT_4O_PRICE.output;
    expect(Number(rows[0]!.cost_usd)).toBeCloseTo(expected(1000, 200), 12);
    expect(Number(rows[1]!.cost_usd)).toBeCloseTo(expected(300, 60), 12);
    expect(rows[2]).toMatchObject({ span_id: ids.remote, input_tokens: 500, output_tokens: 100, cost_source: 'table' });
    const total = await q("SELECT sum(input_tokens) AS input FROM llmscope.llm_calls WHERE service_name = 'support-bot'");
    expect(Number(total[0]!.input)).toBe(1800);
  });
});

describe('guardrails', () => {
  beforeAll(async () => {
    const { tracer, provider } = tracerFor('guarded-app');
    const g = tracer.startSpan('apply_guardrail Amazon Bedrock Guardrails', {
      kind: SpanKind.CLIENT,
      startTime: t0 + 10_000,
      attributes: {
        'gen_ai.operation.name': 'apply_guardrail',
        'gen_ai.provider.name': 'aws.bedrock',
        'gen_ai.guardrail.component.name': 'Amazon Bedrock Guardrails',
        'gen_ai.guardrail.policy.id': 'gr-abc123',
        'gen_ai.guardrail.policy.version': '3',
        'gen_ai.guardrail.source': 'INPUT',
        'gen_ai.guardrail.result.type': 'action',
        'gen_ai.guardrail.result.value': 'GUARDRAIL_INTERVENED',
        'gen_ai.guardrail.result.reason': 'Guardrail policy blocked the requested topic',
      },
    });
    // per-category results as span events: they inherit component, policy and source from the span
    g.addEvent('gen_ai.guardrail.result', { 'gen_ai.guardrail.risk.category': 'PROMPT_ATTACK', 'gen_ai.guardrail.risk.score': 0.93, 'gen_ai.guardrail.result.type': 'filter_action', 'gen_ai.guardrail.result.value': 'BLOCKED' }, t0 + 10_010);
    g.addEvent('gen_ai.guardrail.result', { 'gen_ai.guardrail.risk.category': 'EMAIL_ADDRESS', 'gen_ai.guardrail.risk.score': 'not a number', 'gen_ai.guardrail.policy.rule.id': 'x'.repeat(100_000) }, t0 + 10_011);
    ids.guard = g.spanContext().spanId;
    g.end(t0 + 10_250);
    // the earlier draft's verdict spelling, on a run_guardrail span that failed
    const draft = tracer.startSpan('run_guardrail input', {
      kind: SpanKind.INTERNAL,
      startTime: t0 + 11_000,
      attributes: { 'gen_ai.operation.name': 'run_guardrail', 'gen_ai.guardrail.name': 'pii-filter', 'gen_ai.guardrail.target.type': 'input', 'gen_ai.guardrail.verdict.type': 'deny' },
    });
    draft.setStatus({ code: SpanStatusCode.ERROR });
    draft.end(t0 + 11_020);
    await provider.forceFlush();
    await provider.shutdown();
    // A guardrail result sent as a log record (event API), tied to a chat span by trace/span id.
    const logs = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'guarded-app', 'deployment.environment.name': 'test' }),
      processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${collector.url}/v1/logs` }), scheduledDelayMillis: 60_000 })],
    });
    const chatCtx = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'c'.repeat(32), spanId: 'd'.repeat(16), traceFlags: 1 });
    logs.getLogger('openai-agents').emit({
      eventName: 'gen_ai.guardrail.result',
      timestamp: t0 + 12_000,
      context: chatCtx,
      attributes: { 'gen_ai.guardrail.component.name': 'OpenAI Agents', 'gen_ai.guardrail.source': 'output', 'gen_ai.guardrail.result.type': 'tripwire_triggered', 'gen_ai.guardrail.result.value': 'true' },
    });
    await logs.forceFlush();
    await logs.shutdown();
    await collector.flush();
  });

  it('stores the span result, its events and the log-record result as reported', async () => {
    const rows = await q(
      "SELECT origin, span_id, trace_id, guardrail, provider, policy_id, policy_version, rule_id, source, result_type, result_value, reason, risk_category, risk_score, duration_ms, status FROM llmscope.guardrail_results WHERE service_name = 'guarded-app' ORDER BY timestamp",
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({
      origin: 'span', span_id: ids.guard, guardrail: 'Amazon Bedrock Guardrails', provider: 'aws.bedrock', policy_id: 'gr-abc123', policy_version: '3', source: 'INPUT',
      result_type: 'action', result_value: 'GUARDRAIL_INTERVENED', reason: 'Guardrail policy blocked the requested topic', risk_score: null, duration_ms: 250, status: 'ok',
    });
    expect(rows[1]).toMatchObject({ origin: 'span_event', span_id: ids.guard, guardrail: 'Amazon Bedrock Guardrails', policy_id: 'gr-abc123', source: 'INPUT', risk_category: 'PROMPT_ATTACK', risk_score: 0.93, result_type: 'filter_action', result_value: 'BLOCKED', duration_ms: null });
    // a garbage score is no score; a 100 KB rule id is cut to a bounded length
    expect(rows[2]).toMatchObject({ origin: 'span_event', risk_category: 'EMAIL_ADDRESS', risk_score: null, result_type: '' });
    expect(String(rows[2]!.rule_id).length).toBe(256);
    expect(rows[3]).toMatchObject({ origin: 'span', guardrail: 'pii-filter', source: 'input', result_type: 'verdict', result_value: 'deny', status: 'error' });
    expect(rows[4]).toMatchObject({ origin: 'log', trace_id: 'c'.repeat(32), span_id: 'd'.repeat(16), guardrail: 'OpenAI Agents', source: 'output', result_type: 'tripwire_triggered', result_value: 'true' });
  });

  it('never makes a guardrail span an llm_calls row', async () => {
    const rows = await q("SELECT count() AS n FROM llmscope.llm_calls WHERE service_name = 'guarded-app'");
    expect(Number(rows[0]!.n)).toBe(0);
    const spans = await q("SELECT count() AS n FROM llmscope.otel_traces WHERE ServiceName = 'guarded-app'");
    expect(Number(spans[0]!.n)).toBe(2);
  });
});

/** OpenAI's list price for text-embedding-3-small, USD per input token. */
const EMBEDDING_3_SMALL_PRICE = 0.02e-6;

describe('retrieval, rerank and embeddings steps of a RAG pipeline; OpenInference guardrails', () => {
  beforeAll(async () => {
    const { tracer, provider } = tracerFor('rag-app');
    const s = t0 + 20_000;
    const root = tracer.startSpan('POST /ask', { kind: SpanKind.SERVER, startTime: s });
    // OpenInference (LlamaIndex-style): a RETRIEVER span with no model, its query embedding under it
    const retriever = child(tracer, root, 'VectorIndexRetriever.retrieve', SpanKind.INTERNAL, s + 1, {
      'openinference.span.kind': 'RETRIEVER',
      'input.value': 'What is the refund window?',
      'retrieval.documents.0.document.id': 'doc-1',
      'retrieval.documents.0.document.content': 'Refunds are accepted within 30 days.',
      'retrieval.documents.0.document.score': 0.82,
    });
    ids.retriever = retriever.spanContext().spanId;
    const embedding = child(tracer, retriever, 'OpenAIEmbedding', SpanKind.INTERNAL, s + 2, {
      'openinference.span.kind': 'EMBEDDING', 'embedding.model_name': 'text-embedding-3-small', 'llm.token_count.prompt': 8, 'llm.token_count.total': 8,
      'embedding.embeddings.0.embedding.text': 'What is the refund window?',
    });
    ids.oiEmbedding = embedding.spanContext().spanId;
    embedding.end(s + 40);
    retriever.end(s + 60);
    // a RERANKER with a model of its own: a step, not a chat/embeddings model call
    const reranker = child(tracer, root, 'CohereRerank.postprocess_nodes', SpanKind.INTERNAL, s + 61, {
      'openinference.span.kind': 'RERANKER', 'reranker.model_name': 'rerank-english-v3.0', 'reranker.top_k': 1, 'reranker.query': 'What is the refund window?',
    });
    ids.reranker = reranker.spanContext().spanId;
    reranker.end(s + 90);
    // a GUARDRAIL span (guardrails-ai style): named after the guard, failed validation as error status
    const guard = child(tracer, root, 'Guard.validate', SpanKind.INTERNAL, s + 91, { 'openinference.span.kind': 'GUARDRAIL', 'input.value': 'What is the refund window?' });
    guard.setStatus({ code: SpanStatusCode.ERROR });
    ids.oiGuard = guard.spanContext().spanId;
    guard.end(s + 95);
    const llm = child(tracer, root, 'ChatCompletion', SpanKind.INTERNAL, s + 96, {
      'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o', 'llm.system': 'openai', 'llm.token_count.prompt': 400, 'llm.token_count.completion': 40,
    });
    ids.oiLlm = llm.spanContext().spanId;
    llm.end(s + 700);
    // GenAI semconv: a retrieval span against a data source (with the embedding model it used),
    // and an embeddings call
    const retrieval = child(tracer, root, 'retrieval product-docs', SpanKind.CLIENT, s + 701, {
      'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'product-docs', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'text-embedding-3-small',
    });
    ids.retrieval = retrieval.spanContext().spanId;
    retrieval.end(s + 730);
    const embeddings = child(tracer, root, 'embeddings text-embedding-3-small', SpanKind.CLIENT, s + 731, {
      'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 12,
    });
    ids.embeddings = embeddings.spanContext().spanId;
    embeddings.end(s + 760);
    root.end(s + 800);
    await provider.forceFlush();
    await provider.shutdown();
    await collector.flush();
  });

  it('keeps retriever and reranker spans out of llm_calls; embeddings with a model stay priced model calls', async () => {
    const rows = await q("SELECT span_id, operation, request_model, input_tokens, cost_usd, cost_source FROM llmscope.llm_calls WHERE service_name = 'rag-app' ORDER BY timestamp");
    expect(rows.map((r) => `${r.operation}:${r.request_model}`)).toEqual(['embeddings:text-embedding-3-small', 'chat:gpt-4o', 'embeddings:text-embedding-3-small']);
    expect(rows.map((r) => r.span_id)).toEqual([ids.oiEmbedding, ids.oiLlm, ids.embeddings]);
    expect(rows[0]).toMatchObject({ input_tokens: 8, cost_source: 'table' });
    expect(Number(rows[0]!.cost_usd)).toBeCloseTo(8 * EMBEDDING_3_SMALL_PRICE, 14);
    expect(rows[2]).toMatchObject({ input_tokens: 12, cost_source: 'table' });
    expect(Number(rows[2]!.cost_usd)).toBeCloseTo(12 * EMBEDDING_3_SMALL_PRICE, 14);
  });

  it('stores retrieval and rerank spans in agent_spans as datastore steps named after their source', async () => {
    const rows = await q("SELECT span_id, parent_span_id, operation, tool_name, tool_type, request_model, status, duration_ms FROM llmscope.agent_spans WHERE service_name = 'rag-app' ORDER BY timestamp");
    expect(rows.map((r) => `${r.operation}:${r.tool_name}:${r.tool_type}`)).toEqual([
      'retrieval:VectorIndexRetriever.retrieve:datastore',
      'rerank:CohereRerank.postprocess_nodes:datastore',
      'retrieval:product-docs:datastore',
    ]);
    expect(rows.map((r) => r.span_id)).toEqual([ids.retriever, ids.reranker, ids.retrieval]);
    expect(rows[0]).toMatchObject({ request_model: '', status: 'ok', duration_ms: 59 });
    expect(rows[1]).toMatchObject({ request_model: 'rerank-english-v3.0' });
    expect(rows[2]).toMatchObject({ request_model: 'text-embedding-3-small' });
  });

  it('records an OpenInference GUARDRAIL span like apply_guardrail, named after the guard', async () => {
    const rows = await q("SELECT origin, span_id, guardrail, status FROM llmscope.guardrail_results WHERE service_name = 'rag-app'");
    expect(rows).toEqual([{ origin: 'span', span_id: ids.oiGuard, guardrail: 'Guard.validate', status: 'error' }]);
  });

  it('keeps every span in otel_traces', async () => {
    const spans = await q("SELECT count() AS n FROM llmscope.otel_traces WHERE ServiceName = 'rag-app'");
    expect(Number(spans[0]!.n)).toBe(8);
  });
});
