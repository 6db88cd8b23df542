/**
 * Realistic OTLP protobuf payloads for benchmarks, serialised by the official OpenTelemetry
 * serializer (the bytes the -proto exporter sends): half GenAI client spans (semconv attributes,
 * priced models), half ordinary server/DB spans.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

const MODELS = [
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4o-mini'],
  ['anthropic', 'claude-sonnet-4-5'],
  ['openai', 'text-embedding-3-small'],
] as const;

export interface PayloadOptions {
  requests: number;
  spansPerRequest: [min: number, max: number];
  seed?: number;
  /** Add captured content (prompt/answer) to GenAI spans. */
  withContent?: boolean;
}

function prng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const PROMPT =
  'You are a support assistant for an online shop. Use the order history below to answer. Order 4411 shipped on 12 March 2025 from the Leeds warehouse and was delivered two days later.';
const ANSWER =
  'Your order 4411 left our Leeds warehouse on 12 March 2025 and was delivered two days later. If anything is missing from the parcel, reply here and we will send a replacement straight away.';

export function makePayloads(o: PayloadOptions): { payloads: Uint8Array[]; spans: number; genaiSpans: number } {
  const rnd = prng(o.seed ?? 42);
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-svc', 'deployment.environment.name': 'bench', 'host.name': 'bench-host' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  const payloads: Uint8Array[] = [];
  let spans = 0;
  let genai = 0;
  const t0 = Date.now() - 60_000;
  for (let r = 0; r < o.requests; r++) {
    const n = o.spansPerRequest[0] + Math.floor(rnd() * (o.spansPerRequest[1] - o.spansPerRequest[0] + 1));
    for (let i = 0; i < n; i++) {
      const start = t0 + r * 10 + i;
      if (i % 2 === 0) {
        const [provider_, model] = MODELS[Math.floor(rnd() * MODELS.length)]!;
        const emb = model.startsWith('text-embedding');
        const attrs: Record<string, string | number | boolean | string[]> = {
          'gen_ai.operation.name': emb ? 'embeddings' : 'chat',
          'gen_ai.provider.name': provider_,
          'gen_ai.request.model': model,
          'gen_ai.response.model': model,
          'gen_ai.response.id': `resp-${r}-${i}`,
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.max_tokens': 512,
          'gen_ai.usage.input_tokens': 100 + Math.floor(rnd() * 2000),
          'gen_ai.usage.output_tokens': emb ? 0 : 20 + Math.floor(rnd() * 500),
          'gen_ai.response.finish_reasons': ['stop'],
          'server.address': provider_ === 'openai' ? 'api.openai.com' : 'api.anthropic.com',
          'server.port': 443,
          'user.id': `user-${Math.floor(rnd() * 100)}`,
          'session.id': `sess-${Math.floor(rnd() * 1000)}`,
        };
        if (o.withContent && !emb) {
          attrs['gen_ai.input.messages'] = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]);
          attrs['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }]);
        }
        const s = tracer.startSpan(`${emb ? 'embeddings' : 'chat'} ${model}`, { kind: SpanKind.CLIENT, startTime: start, attributes: attrs });
        if (rnd() < 0.02) s.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
        s.end(start + 50 + rnd() * 2000);
        genai++;
      } else {
        const s = tracer.startSpan(i % 4 === 1 ? 'GET /api/orders/:id' : 'SELECT orders', {
          kind: i % 4 === 1 ? SpanKind.SERVER : SpanKind.CLIENT,
          startTime: start,
          attributes:
            i % 4 === 1
              ? { 'http.request.method': 'GET', 'http.route': '/api/orders/:id', 'http.response.status_code': 200, 'url.path': `/api/orders/${r}` }
              : { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM orders WHERE id = $1', 'db.namespace': 'shop' },
        });
        s.end(start + 5 + rnd() * 20);
      }
      spans++;
    }
    const finished: ReadableSpan[] = memory.getFinishedSpans();
    payloads.push(ProtobufTraceSerializer.serializeRequest(finished)!);
    memory.reset();
  }
  return { payloads, spans, genaiSpans: genai };
}
