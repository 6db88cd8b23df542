/**
 * Per-span cost of understandSpan + computeCost, for GenAI spans and for ordinary spans, against a
 * baseline measured in the same run: one Object.keys(attributes).length pass over the same spans.
 * Run: npx node bench/genai/understand.bench.ts
 */
import { readFileSync } from 'node:fs';
import type { AttrMap } from '../../src/otlp/types.ts';
import type { SpanContext } from '../../src/genai/types.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { pricerFromBook } from '../../src/pricing/pricer.ts';
import { buildPriceBook } from '../../src/pricing/overrides.ts';
import { fixturePath } from '../../test/support/fixtures.ts';

const SPANS_PER_KIND = 2000;
const ROUNDS = 31;

const semconvExamples: Array<{ kind: string; span: { name: string | null }; attributes: AttrMap }> = JSON.parse(
  readFileSync(fixturePath('otel-otlp-genai/genai-semconv/examples-llm-calls.extracted.json'), 'utf8'),
).spans_and_events.filter((r: { kind: string }) => r.kind === 'span');

const genAiTemplates: Array<{ name: string; attrs: AttrMap }> = [
  ...semconvExamples.map((r) => ({ name: r.span.name ?? '', attrs: r.attributes })),
  {
    name: 'openai.chat',
    attrs: {
      'gen_ai.system': 'openai',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'llm.is_streaming': true,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'Answer from the context: Paris is the capital of France.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'What is the capital of France?',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.prompt_tokens': 2048,
      'gen_ai.usage.completion_tokens': 12,
      'llm.usage.total_tokens': 2060,
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': 'Paris.',
      'traceloop.association.properties.user_id': 'u-42',
    },
  },
  {
    name: 'ai.generateText.doGenerate',
    attrs: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'claude-sonnet-4-5-20250929',
      'ai.model.provider': 'anthropic.messages',
      'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'Where is my order?' }] }]),
      'ai.response.text': 'It ships tomorrow.',
      'ai.usage.inputTokens': 20,
      'ai.usage.outputTokens': 100,
      'ai.usage.cachedInputTokens': 3000,
      'gen_ai.system': 'anthropic.messages',
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 100,
    },
  },
  {
    name: 'ChatCompletion',
    attrs: {
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'Summarise the report.',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Revenue grew 12%.',
      'llm.token_count.prompt': 1200,
      'llm.token_count.completion': 50,
    },
  },
];

const otherTemplates: Array<{ name: string; attrs: AttrMap }> = [
  {
    name: 'POST /v1/orders',
    attrs: {
      'http.request.method': 'POST',
      'url.path': '/v1/orders',
      'url.scheme': 'https',
      'http.route': '/v1/orders',
      'http.response.status_code': 201,
      'server.address': 'api.example.com',
      'server.port': 443,
      'user_agent.original': 'Mozilla/5.0',
      'network.protocol.version': '1.1',
    },
  },
  {
    name: 'SELECT shop.orders',
    attrs: {
      'db.system.name': 'postgresql',
      'db.namespace': 'shop',
      'db.collection.name': 'orders',
      'db.operation.name': 'SELECT',
      'db.query.text': 'SELECT * FROM orders WHERE id = $1',
      'server.address': 'db.internal',
      'server.port': 5432,
    },
  },
];

const resource: AttrMap = { 'service.name': 'bench', 'service.version': '1.0.0', 'deployment.environment.name': 'prod', 'host.name': 'web-1' };

function spans(templates: Array<{ name: string; attrs: AttrMap }>): SpanContext[] {
  const out: SpanContext[] = [];
  for (let i = 0; i < SPANS_PER_KIND; i++) {
    const t = templates[i % templates.length]!;
    // Distinct objects per span, as the decoder produces them.
    out.push({
      resourceAttributes: resource,
      spanAttributes: structuredClone(t.attrs),
      spanName: t.name,
      scopeName: 'bench',
      statusCode: 0,
      spanKind: 3,
      events: [],
    });
  }
  return out;
}

const price = pricerFromBook(buildPriceBook());
let sink = 0;

function baseline(batch: SpanContext[]): void {
  for (const s of batch) sink += Object.keys(s.spanAttributes).length;
}

function understandAndPrice(batch: SpanContext[]): void {
  for (const s of batch) {
    const call = understandSpan(s);
    if (call) sink += price(call).costUsd > 0 ? 1 : 0;
    else sink++;
  }
}

function medianNsPerSpan(fn: (batch: SpanContext[]) => void, batch: SpanContext[]): number {
  for (let i = 0; i < 3; i++) fn(batch); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    fn(batch);
    samples.push(Number(process.hrtime.bigint() - t0) / batch.length);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

const genAi = spans(genAiTemplates);
const other = spans(otherTemplates);

const rows = [
  ['GenAI spans', medianNsPerSpan(baseline, genAi), medianNsPerSpan(understandAndPrice, genAi)],
  ['non-GenAI spans', medianNsPerSpan(baseline, other), medianNsPerSpan(understandAndPrice, other)],
] as const;

console.log(`understandSpan + computeCost, median of ${ROUNDS} rounds × ${SPANS_PER_KIND} spans (Node ${process.version})`);
console.log('kind              baseline ns/span   understand+price ns/span   ratio   spans/s/core');
for (const [kind, base, measured] of rows) {
  console.log(
    `${kind.padEnd(18)}${base.toFixed(1).padStart(16)}${measured.toFixed(1).padStart(27)}${(measured / base).toFixed(1).padStart(8)}x${Math.round(1e9 / measured)
      .toLocaleString('en-US')
      .padStart(15)}`,
  );
}
if (sink === -1) console.log(sink);
