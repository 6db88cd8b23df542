/**
 * A realistic 200-span export request for decode benchmarks, recorded by the OpenTelemetry JS SDK
 * and serialised by the official serializers (the exact bytes the -proto and -http exporters send):
 * half GenAI client spans with ~20 semconv attributes (plus a prompt event on some), half ordinary
 * HTTP server / database client spans.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';

const MODELS = [
  ['openai', 'gpt-4o-2024-08-06', 'api.openai.com'],
  ['openai', 'gpt-4o-mini', 'api.openai.com'],
  ['anthropic', 'claude-sonnet-4-5-20250929', 'api.anthropic.com'],
  ['aws.bedrock', 'anthropic.claude-3-haiku-20240307-v1:0', 'bedrock-runtime.us-east-1.amazonaws.com'],
] as const;

export interface BenchPayload {
  protobuf: Uint8Array;
  json: string;
  spans: number;
  genaiSpans: number;
}

export async function makeBenchPayload(spanCount = 200, seed = 7): Promise<BenchPayload> {
  let state = seed;
  const rnd = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'support-bot',
      'service.version': '3.4.1',
      'deployment.environment.name': 'production',
      'host.name': 'ip-10-0-3-17',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '3.1.1',
      'process.pid': 4242,
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const genaiTracer = provider.getTracer('@llmscope/instrumentation', '0.1.0');
  const httpTracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.57.0');
  const t0 = Date.now() - 60_000;
  let genaiSpans = 0;
  for (let i = 0; i < spanCount; i++) {
    const start = t0 + i * 3 + rnd();
    if (i % 2 === 0) {
      const [system, model, host] = MODELS[Math.floor(rnd() * MODELS.length)];
      const input = 50 + Math.floor(rnd() * 4000);
      const span = genaiTracer.startSpan(`chat ${model}`, {
        kind: SpanKind.CLIENT,
        startTime: start,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': system,
          'gen_ai.request.model': model,
          'gen_ai.response.model': model,
          'gen_ai.response.id': `chatcmpl-${Math.floor(rnd() * 1e12).toString(36)}${i}`,
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.top_p': 0.95,
          'gen_ai.request.max_tokens': 1024,
          'gen_ai.request.frequency_penalty': 0,
          'gen_ai.usage.input_tokens': input,
          'gen_ai.usage.output_tokens': 10 + Math.floor(rnd() * 800),
          'gen_ai.usage.cache_read.input_tokens': Math.floor(input / 3),
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.conversation.id': `conv-${Math.floor(rnd() * 500)}`,
          'gen_ai.output.type': 'text',
          'server.address': host,
          'server.port': 443,
          'user.id': `user-${Math.floor(rnd() * 1000)}`,
          'session.id': `sess-${Math.floor(rnd() * 5000)}`,
          'llmscope.prompt.name': 'order-status',
          'llmscope.prompt.version': 'v7',
        },
      });
      if (i % 10 === 0) {
        span.addEvent('gen_ai.client.inference.operation.details', {
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Where is my order 4411? It was due yesterday.' }] }]),
        });
      }
      if (rnd() < 0.03) span.setStatus({ code: SpanStatusCode.ERROR, message: '429 Too Many Requests: rate limit exceeded' });
      span.end(start + 200 + rnd() * 3000);
      genaiSpans++;
    } else if (i % 4 === 1) {
      const span = httpTracer.startSpan('POST /api/chat', {
        kind: SpanKind.SERVER,
        startTime: start,
        attributes: {
          'http.request.method': 'POST',
          'http.route': '/api/chat',
          'http.response.status_code': 200,
          'url.path': '/api/chat',
          'url.scheme': 'https',
          'user_agent.original': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36',
          'client.address': '203.0.113.7',
          'network.protocol.version': '1.1',
        },
      });
      span.end(start + 250 + rnd() * 3000);
    } else {
      const span = httpTracer.startSpan('SELECT shop.orders', {
        kind: SpanKind.CLIENT,
        startTime: start,
        attributes: {
          'db.system.name': 'postgresql',
          'db.namespace': 'shop',
          'db.operation.name': 'SELECT',
          'db.collection.name': 'orders',
          'db.query.text': 'SELECT id, status, shipped_at FROM orders WHERE id = $1 AND customer_id = $2',
          'server.address': 'db.internal',
          'server.port': 5432,
        },
      });
      span.end(start + 1 + rnd() * 20);
    }
  }
  await provider.forceFlush(); // SimpleSpanProcessor exports asynchronously
  const finished = memory.getFinishedSpans();
  const protobuf = ProtobufTraceSerializer.serializeRequest(finished)!;
  const json = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(finished)!);
  return { protobuf, json, spans: finished.length, genaiSpans };
}
