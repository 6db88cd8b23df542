/**
 * `llmscope demo`: sends the planned demo traffic (scenarios.ts) to a collector through the real
 * OpenTelemetry SDK and its OTLP/HTTP protobuf exporter — what an instrumented app would send.
 * One tracer provider per service (the service name is a resource attribute). Like an instrumented
 * app, each service also exports its gen_ai.client.token.usage histogram as OTLP metrics (recorded
 * at send time: metric points cannot be back-dated).
 */
import { parseArgs } from 'node:util';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { ATTR, DURATION_BUCKETS, METRIC, OPERATION, TOKEN_TYPE, TOKEN_USAGE_BUCKETS } from '@llmscope/semconv';
import type { Histogram } from '@opentelemetry/api';
import { planTraffic, type PlannedSpan, type PlannedTrace } from './scenarios.ts';
import { AGENT_SPAN_OPERATIONS } from '../genai/agents.ts';

export const DEMO_USAGE = `Usage: llmscope demo [--url http://127.0.0.1:4318] [--minutes 60] [--rate 8] [--key KEY] [--seed N]
Sends realistic GenAI traffic (3 services; OpenAI, Anthropic and Gemini models; streams, tool calls,
errors, prompt versions, users and sessions, captured content) to a collector through the
OpenTelemetry SDK and OTLP/HTTP exporter, back-dated over the last --minutes.

  --url URL       collector base URL (default http://127.0.0.1:4318)
  --minutes N     spread the traffic over the last N minutes (default 60)
  --rate N        traces per minute, all services together (default 8)
  --key KEY       API key, when the collector runs with --api-keys
  --seed N        random seed (default: the current time; the same seed sends the same traffic)`;

export interface DemoOptions {
  url: string;
  minutes: number;
  rate: number;
  key?: string;
  seed: number;
  now?: number;
}

export interface DemoResult {
  traces: number;
  spans: number;
  /** model-call spans (one llm_calls row each) */
  calls: number;
  /** agent and tool spans (one agent_spans row each) */
  agentSpans: number;
  /** apply_guardrail spans (one guardrail_results row each, plus one per result event) */
  guardrailSpans: number;
}

const KIND = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;

export function parseDemoArgs(argv: string[]): DemoOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:4318' },
      minutes: { type: 'string', default: '60' },
      rate: { type: 'string', default: '8' },
      key: { type: 'string' },
      seed: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length) throw new Error(`demo takes no arguments (got "${positionals.join(' ')}")`);
  const num = (name: string, s: string, max: number) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name}: "${s}" is not a number between 0 and ${max}`);
    return n;
  };
  return {
    url: values.url.replace(/\/+$/, ''),
    minutes: num('minutes', values.minutes, 60 * 24 * 30),
    rate: num('rate', values.rate, 10_000),
    seed: values.seed === undefined ? Date.now() % 2 ** 31 : num('seed', values.seed, 2 ** 31),
    ...(values.key ? { key: values.key } : {}),
  };
}

interface DemoInstruments {
  tokens: Histogram;
  duration: Histogram;
  timeToFirstChunk: Histogram;
  timePerOutputChunk: Histogram;
}

function emit(tracer: Tracer, s: PlannedSpan, parent: Context, counts: { spans: number; calls: number; agentSpans: number; guardrailSpans: number }, metrics?: DemoInstruments): void {
  const span = tracer.startSpan(s.name, { kind: KIND[s.kind], startTime: s.start, attributes: s.attributes }, parent);
  counts.spans++;
  const operation = s.attributes[ATTR.OPERATION_NAME];
  if (typeof operation === 'string') {
    if (AGENT_SPAN_OPERATIONS.has(operation)) counts.agentSpans++;
    else if (operation === OPERATION.APPLY_GUARDRAIL) counts.guardrailSpans++;
    else counts.calls++;
  }
  if (metrics && s.attributes[ATTR.REQUEST_MODEL] !== undefined && !(typeof operation === 'string' && (AGENT_SPAN_OPERATIONS.has(operation) || operation === OPERATION.APPLY_GUARDRAIL))) {
    const { tokens, duration } = metrics;
    const attrs = {
      [ATTR.OPERATION_NAME]: s.attributes[ATTR.OPERATION_NAME] as string,
      [ATTR.PROVIDER_NAME]: s.attributes[ATTR.PROVIDER_NAME] as string,
      [ATTR.REQUEST_MODEL]: s.attributes[ATTR.REQUEST_MODEL] as string,
    };
    const input = s.attributes[ATTR.USAGE_INPUT_TOKENS];
    const output = s.attributes[ATTR.USAGE_OUTPUT_TOKENS];
    if (typeof input === 'number') tokens.record(input, { ...attrs, [ATTR.TOKEN_TYPE]: TOKEN_TYPE.INPUT });
    if (typeof output === 'number') tokens.record(output, { ...attrs, [ATTR.TOKEN_TYPE]: TOKEN_TYPE.OUTPUT });
    duration.record((s.end - s.start) / 1000, attrs);
    // streams: time to the first chunk, and the mean time per output chunk after it (a token a chunk)
    const ttfc = s.attributes[ATTR.RESPONSE_TIME_TO_FIRST_CHUNK];
    if (typeof ttfc === 'number') {
      metrics.timeToFirstChunk.record(ttfc, attrs);
      if (typeof output === 'number' && output > 0) metrics.timePerOutputChunk.record(Math.max(0, (s.end - s.start) / 1000 - ttfc) / output, attrs);
    }
  }
  for (const e of s.events ?? []) span.addEvent(e.name, e.attributes ?? {}, e.time);
  if (s.error) span.setStatus({ code: SpanStatusCode.ERROR, message: s.error });
  const ctx = trace.setSpan(parent, span);
  for (const c of s.children) emit(tracer, c, ctx, counts, metrics);
  span.end(s.end);
}

/** Sends the demo traffic and waits until every span was exported (throws when the collector refused). */
export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const plan = planTraffic({ minutes: o.minutes, rate: o.rate, now: o.now ?? Date.now(), seed: o.seed });
  const byService = new Map<string, PlannedTrace[]>();
  for (const t of plan) byService.set(`${t.service}\u0000${t.environment}`, [...(byService.get(`${t.service}\u0000${t.environment}`) ?? []), t]);
  const counts = { spans: 0, calls: 0, agentSpans: 0, guardrailSpans: 0 };
  const failures: string[] = [];
  for (const [key, traces] of byService) {
    const [service, environment] = key.split('\u0000') as [string, string];
    const exporter = new OTLPTraceExporter({ url: `${o.url}/v1/traces`, headers: o.key ? { authorization: `Bearer ${o.key}` } : {} });
    // Exporter failures are reported through the processor's export callback: count them.
    const exportOrig = exporter.export.bind(exporter);
    exporter.export = (spans, done) =>
      exportOrig(spans, (r) => {
        if (r.code !== 0) failures.push(r.error?.message || String(r.error ?? '') || 'export failed');
        done(r);
      });
    const resource = resourceFromAttributes({ 'service.name': service, 'service.version': '1.4.2', 'deployment.environment.name': environment });
    const provider = new TracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor({ exporter, maxExportBatchSize: 256, maxQueueSize: 100_000, scheduledDelayMillis: 200 })],
    });
    const metricExporter = new OTLPMetricExporter({ url: `${o.url}/v1/metrics`, headers: o.key ? { authorization: `Bearer ${o.key}` } : {} });
    const meters = new MeterProvider({ resource, readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 })] });
    const meter = meters.getMeter('llmscope-demo', '0.1.0');
    const instruments: DemoInstruments = {
      tokens: meter.createHistogram(METRIC.TOKEN_USAGE, { unit: '{token}', description: 'Measures number of input and output tokens used', advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS } }),
      duration: meter.createHistogram(METRIC.OPERATION_DURATION, { unit: 's', description: 'GenAI operation duration', advice: { explicitBucketBoundaries: DURATION_BUCKETS } }),
      timeToFirstChunk: meter.createHistogram(METRIC.TIME_TO_FIRST_CHUNK, { unit: 's', description: 'Time to receive the first chunk of a streamed response', advice: { explicitBucketBoundaries: DURATION_BUCKETS } }),
      timePerOutputChunk: meter.createHistogram(METRIC.TIME_PER_OUTPUT_CHUNK, { unit: 's', description: 'Time per output chunk after the first', advice: { explicitBucketBoundaries: DURATION_BUCKETS } }),
    };
    const tracer = provider.getTracer('llmscope-demo', '0.1.0');
    for (const t of traces) emit(tracer, t.root, ROOT_CONTEXT, counts, instruments);
    try {
      await provider.forceFlush();
      await provider.shutdown();
      await meters.shutdown(); // one final collection and export
    } catch (e) {
      failures.push(e instanceof Error && e.message ? e.message : String(e) || 'export failed');
    }
  }
  if (failures.length) throw new Error(`the collector at ${o.url} refused the demo traffic (${failures.length} failed exports): ${failures[0]}`);
  return { traces: plan.length, ...counts };
}
