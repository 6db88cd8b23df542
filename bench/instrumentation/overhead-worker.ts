/**
 * One benchmark child: sets up one variant (none, llmscope, openllmetry), then times sequential
 * chat calls with the real `openai` client and prints the per-call durations (µs) as JSON.
 * Run by overhead.bench.ts; not meant to be run alone.
 *
 * Transport: `http` calls the replay server; `inprocess` gives the client a fetch that returns the
 * recorded response from memory, which removes network noise from the measurement.
 */
import { readFileSync } from 'node:fs';
import { fixturePath } from '../../test/support/fixtures.ts';
import { parseArgs } from 'node:util';
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI, * as openaiModule from 'openai';
import { init } from '../../instrumentation/src/index.ts';
import { ensureContextManager } from '../../instrumentation/src/telemetry/context-manager.ts';

const { values } = parseArgs({
  options: {
    variant: { type: 'string' },
    mode: { type: 'string' },
    transport: { type: 'string' },
    iterations: { type: 'string' },
    warmup: { type: 'string' },
  },
});
const variant = values.variant as 'none' | 'llmscope' | 'openllmetry';
const streaming = values.mode === 'stream';
const iterations = Number(values.iterations ?? 1000);
const warmup = Number(values.warmup ?? 200);

/** Both instrumented variants export through the same SDK pipeline into an exporter that drops everything. */
const droppingSpanExporter: SpanExporter = {
  export: (_spans: ReadableSpan[], done) => done({ code: 0 }),
  shutdown: async () => {},
};
const droppingMetricExporter: PushMetricExporter = {
  export: (_metrics, done) => done({ code: 0 }),
  selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
  forceFlush: async () => {},
  shutdown: async () => {},
};

const tracerProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: droppingSpanExporter })] });
if (variant === 'llmscope') {
  const meterProvider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: droppingMetricExporter, exportIntervalMillis: 3_600_000 })] });
  init({ tracerProvider, meterProvider, instrumentModules: { openai: openaiModule } });
} else if (variant === 'openllmetry') {
  ensureContextManager();
  // Content capture off, like llmscope's default, so both record the same kind of data.
  const instrumentation = new OpenAIInstrumentation({ traceContent: false });
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.manuallyInstrument(openaiModule.OpenAI);
}

const exchanges = JSON.parse(readFileSync(fixturePath('llm-api-recordings', 'llm_api_exchanges.json'), 'utf8')) as Array<{ id: string; response_body?: unknown; response_sse_raw?: string }>;
const replayId = streaming ? 'should-set-attributes-in-span-for-streaming-chat_72904453' : 'should-set-attributes-in-span-for-chat_1427850401';
const recorded = exchanges.find((exchange) => exchange.id === replayId)!;

/** A fetch that answers from memory with the recorded body (for the `inprocess` transport). */
const recordedFetch: typeof fetch = async () =>
  streaming
    ? new Response(recorded.response_sse_raw, { status: 200, headers: { 'content-type': 'text/event-stream' } })
    : new Response(JSON.stringify(recorded.response_body), { status: 200, headers: { 'content-type': 'application/json' } });

const client = new OpenAI({
  baseURL: `${process.env.REPLAY_URL ?? 'http://127.0.0.1:1'}/v1`,
  apiKey: 'bench-key',
  maxRetries: 0,
  ...(values.transport === 'inprocess' ? { fetch: recordedFetch } : {}),
});
const messages = [{ role: 'user' as const, content: 'Tell me a joke about OpenTelemetry' }];
const options = { headers: { 'x-replay-id': replayId } };

async function oneCall(): Promise<void> {
  if (!streaming) {
    await client.chat.completions.create({ model: 'gpt-3.5-turbo', messages }, options);
    return;
  }
  const stream = await client.chat.completions.create({ model: 'gpt-3.5-turbo', messages, stream: true }, options);
  for await (const _chunk of stream) {
    // consume every chunk
  }
}

for (let index = 0; index < warmup; index++) await oneCall();
const durations: number[] = [];
const cpuBefore = process.cpuUsage();
for (let index = 0; index < iterations; index++) {
  const started = performance.now();
  await oneCall();
  durations.push((performance.now() - started) * 1000);
}
// CPU includes work done off the call path (span/metric bookkeeping batched after the response).
await new Promise((resolve) => setImmediate(resolve));
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({ durations, cpuMicrosPerCall: (cpu.user + cpu.system) / iterations }));
await tracerProvider.shutdown();
