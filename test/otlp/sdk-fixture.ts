/**
 * Produces real OTLP payloads: the official OpenTelemetry JS SDK records a fixed set of spans and
 * the official protobuf and JSON exporters send them to a capture server. The SDK's own copies of
 * the spans (InMemorySpanExporter) are returned alongside so tests can compare field by field.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, createTraceState, trace, type HrTime, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { startOtlpCapture } from '../support/otlp-capture.ts';
import type { AttrMap, AttrValue, Span } from '../../src/otlp/types.ts';

export interface SdkPayloads {
  spans: ReadableSpan[];
  protobufBodies: Buffer[];
  jsonBodies: Buffer[];
}

/** A time with non-zero nanoseconds so truncation to µs or ms would show. */
function at(secondsAfterBase: number, nanos: number): HrTime {
  return [1_760_000_000 + secondsAfterBase, nanos];
}

function recordSpans(tracer: Tracer, otherScope: Tracer): void {
  // A remote parent carrying trace state: the local root inherits both.
  const remoteParent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('vendor=abc,other=x:y'),
  });
  const root = tracer.startSpan('chat gpt-4o', { kind: SpanKind.SERVER, startTime: at(0, 123_456_789) }, remoteParent);
  root.setAttributes({
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 1234,
    'gen_ai.request.temperature': 0.7,
    'gen_ai.request.top_p': 1.5,
    'gen_ai.stream': true,
    'gen_ai.cached': false,
    'gen_ai.response.finish_reasons': ['stop', 'length'],
    'test.int_array': [1, 2, 3],
    'test.double_array': [0.5, 1.25],
    'test.bool_array': [true, false],
    'test.negative': -42,
    'test.min_safe': Number.MIN_SAFE_INTEGER,
    'test.max_safe': Number.MAX_SAFE_INTEGER,
    'test.empty_string': '',
    'test.unicode': 'héllo wörld — 你好 🎉',
    'test.bytes': new Uint8Array([0, 1, 2, 254, 255]),
    'test.map': { model: 'gpt-4o', tokens: 7, nested: { deep: [true, 'x', 2.5] } },
    'test.mixed_array': [1, 'two', false, 3.5, null],
    'test.null': null,
  });
  root.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': 'Hi there', index: 0, score: 0.25, ok: true }, at(0, 200_000_001));
  root.addEvent('no attributes', at(0, 300_000_002));

  const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
  const kinds = [SpanKind.INTERNAL, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER] as const;
  for (let i = 0; i < kinds.length; i++) {
    const child = tracer.startSpan(`child ${i}`, { kind: kinds[i], startTime: at(1, 1 + i), attributes: { 'child.index': i } }, rootCtx);
    if (i === 0) child.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream said 429: rate limited' });
    if (i === 1) child.setStatus({ code: SpanStatusCode.OK });
    child.end(at(2, 999_999_999 - i));
  }

  // Links with attributes and trace state, plus one without either.
  const linked = tracer.startSpan('linked', {
    startTime: at(3, 5),
    links: [
      {
        context: {
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
          spanId: '00f067aa0ba902b7',
          traceFlags: TraceFlags.SAMPLED,
          isRemote: true,
          traceState: createTraceState('congo=t61rcWkgMzE'),
        },
        attributes: { 'link.reason': 'retry', 'link.attempt': 2 },
      },
      { context: { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', traceFlags: TraceFlags.NONE } },
    ],
  }, rootCtx);
  linked.end(at(3, 6));

  // Limits below drop attributes, events and links; the counts must survive.
  const crowded = tracer.startSpan('crowded', { startTime: at(4, 0) });
  for (let i = 0; i < 45; i++) crowded.setAttribute(`attr.${i}`, i);
  for (let i = 0; i < 7; i++) crowded.addEvent(`event ${i}`, at(4, i + 1));
  for (let i = 0; i < 6; i++) crowded.addLink({ context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: `00f067aa0ba902b${i}`, traceFlags: 1 } });
  crowded.end(at(4, 10));

  const other = otherScope.startSpan('other scope span', { kind: SpanKind.CLIENT, startTime: at(5, 0) });
  other.end(at(5, 1));

  root.end(at(9, 987_654_321));
}

export async function producePayloads(): Promise<SdkPayloads> {
  const capture = await startOtlpCapture();
  const memory = new InMemorySpanExporter();
  const protoExporter = new ProtoExporter({ url: `${capture.url}/v1/traces` });
  const jsonExporter = new JsonExporter({ url: `${capture.url}/v1/traces` });
  const batch = { maxExportBatchSize: 1000, scheduledDelayMillis: 60_000 };
  const provider = new TracerProvider({
    resource: resourceFromAttributes(
      { 'service.name': 'otlp-decode-test', 'service.version': '1.2.3', 'deployment.environment.name': 'test', 'host.cpu.count': 2 },
      { schemaUrl: 'https://opentelemetry.io/schemas/1.37.0' },
    ),
    spanLimits: { attributeCountLimit: 40, eventCountLimit: 5, linkCountLimit: 4 },
    spanProcessors: [
      new BatchSpanProcessor({ exporter: memory, ...batch }),
      new BatchSpanProcessor({ exporter: protoExporter, ...batch }),
      new BatchSpanProcessor({ exporter: jsonExporter, ...batch }),
    ],
  });
  try {
    recordSpans(
      provider.getTracer('llmscope-test', '0.9.1', { schemaUrl: 'https://opentelemetry.io/schemas/1.36.0' }),
      provider.getTracer('second-scope'),
    );
    await provider.forceFlush();
    const spans = memory.getFinishedSpans().slice();
    await provider.shutdown();
    const bodiesOf = (type: string) =>
      capture.requests.filter((r) => r.path === '/v1/traces' && r.headers['content-type'] === type).map((r) => r.body);
    return { spans, protobufBodies: bodiesOf('application/x-protobuf'), jsonBodies: bodiesOf('application/json') };
  } finally {
    await capture.close();
  }
}

/** Exact nanoseconds of an SDK HrTime. */
export function hrTimeToNanos(t: HrTime): bigint {
  return BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
}

/**
 * OTLP span flags as the spec defines them: the W3C trace flags in bits 0–7, bit 8 "has is_remote",
 * bit 9 "is remote" (of the parent for a span, of the linked context for a link).
 */
function otlpFlags(traceFlags: number, isRemote: boolean | undefined): number {
  return (traceFlags & 0xff) | 0x100 | (isRemote ? 0x200 : 0);
}

/** AnyValue as the decoders must return it for what the SDK recorded (plain objects for maps). */
function expectedValue(value: unknown): AttrValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(expectedValue);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'object') return expectedAttributes(value as Record<string, unknown>);
  return value as AttrValue;
}

export function expectedAttributes(attributes: Record<string, unknown> | undefined): AttrMap {
  const out: AttrMap = {};
  for (const [k, v] of Object.entries(attributes ?? {})) out[k] = expectedValue(v);
  return out;
}

/** The decoded form of one SDK span, built from the SDK's own record of it. */
export function expectedSpan(s: ReadableSpan): Span {
  const ctx = s.spanContext();
  return {
    traceId: ctx.traceId,
    spanId: ctx.spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? '',
    traceState: ctx.traceState?.serialize() ?? '',
    flags: otlpFlags(ctx.traceFlags, s.parentSpanContext?.isRemote),
    name: s.name,
    kind: (s.kind + 1) as Span['kind'],
    startTimeUnixNano: hrTimeToNanos(s.startTime),
    endTimeUnixNano: hrTimeToNanos(s.endTime),
    attributes: expectedAttributes(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: hrTimeToNanos(e.time),
      name: e.name,
      attributes: expectedAttributes(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: l.context.traceId,
      spanId: l.context.spanId,
      traceState: l.context.traceState?.serialize() ?? '',
      attributes: expectedAttributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
      flags: otlpFlags(l.context.traceFlags, l.context.isRemote),
    })),
    droppedLinksCount: s.droppedLinksCount,
    status: { code: s.status.code as Span['status']['code'], message: s.status.message ?? '' },
  };
}
