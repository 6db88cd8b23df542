/**
 * The official OpenTelemetry JS exporters (protobuf and JSON) send real spans; both decoders must
 * reproduce every field of the SDK's own copy of those spans.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.ts';
import type { ExportTraceRequest, Span } from '../../src/otlp/types.ts';
import { expectedAttributes, expectedSpan, producePayloads, type SdkPayloads } from './sdk-fixture.ts';

let payloads: SdkPayloads;

beforeAll(async () => {
  payloads = await producePayloads();
}, 30_000);

interface FlatSpan {
  span: Span;
  resourceAttributes: unknown;
  resourceSchemaUrl: string;
  scopeName: string;
  scopeVersion: string;
  scopeSchemaUrl: string;
}

function flatten(requests: ExportTraceRequest[]): FlatSpan[] {
  const out: FlatSpan[] = [];
  for (const req of requests) {
    for (const rs of req.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const span of ss.spans) {
          out.push({
            span,
            resourceAttributes: rs.resource.attributes,
            resourceSchemaUrl: rs.schemaUrl,
            scopeName: ss.scope.name,
            scopeVersion: ss.scope.version,
            scopeSchemaUrl: ss.schemaUrl,
          });
        }
      }
    }
  }
  return out;
}

function checkAgainstSdk(decoded: FlatSpan[]): void {
  const { spans } = payloads;
  expect(decoded).toHaveLength(spans.length);
  const bySpanId = new Map(decoded.map((d) => [d.span.spanId, d]));
  for (const sdkSpan of spans) {
    const got = bySpanId.get(sdkSpan.spanContext().spanId);
    expect(got, `span ${sdkSpan.name}`).toBeDefined();
    expect(got!.span).toEqual(expectedSpan(sdkSpan));
    expect(got!.resourceAttributes).toEqual(expectedAttributes(sdkSpan.resource.attributes as Record<string, unknown>));
    expect(got!.resourceSchemaUrl).toBe('https://opentelemetry.io/schemas/1.37.0');
    expect(got!.scopeName).toBe(sdkSpan.instrumentationScope.name);
    expect(got!.scopeVersion).toBe(sdkSpan.instrumentationScope.version ?? '');
    expect(got!.scopeSchemaUrl).toBe(sdkSpan.instrumentationScope.schemaUrl ?? '');
  }
}

describe('SDK fixture', () => {
  it('covers the cases the decoders are checked on', () => {
    const { spans, protobufBodies, jsonBodies } = payloads;
    expect(spans).toHaveLength(8);
    expect(protobufBodies.length).toBeGreaterThan(0);
    expect(jsonBodies.length).toBeGreaterThan(0);
    expect(new Set(spans.map((s) => s.kind)).size).toBe(5);
    const crowded = spans.find((s) => s.name === 'crowded')!;
    expect([crowded.droppedAttributesCount, crowded.droppedEventsCount, crowded.droppedLinksCount]).toEqual([5, 2, 2]);
    expect(spans.find((s) => s.name === 'chat gpt-4o')!.spanContext().traceState?.serialize()).toBe('vendor=abc,other=x:y');
  });
});

describe('decodeTraceRequestProtobuf on the official protobuf exporter', () => {
  it('reproduces every span, resource and scope field exactly', () => {
    checkAgainstSdk(flatten(payloads.protobufBodies.map((b) => decodeTraceRequestProtobuf(b))));
  });

  it('accepts a Uint8Array that is not a Buffer and sits at a non-zero offset', () => {
    const body = payloads.protobufBodies[0];
    const backing = new Uint8Array(body.length + 7);
    backing.set(body, 7);
    const view = backing.subarray(7);
    expect(decodeTraceRequestProtobuf(view)).toEqual(decodeTraceRequestProtobuf(body));
  });

  it('decodes nanosecond times and values exactly for a known span', () => {
    const root = flatten(payloads.protobufBodies.map((b) => decodeTraceRequestProtobuf(b))).find((d) => d.span.name === 'chat gpt-4o')!.span;
    expect(root.startTimeUnixNano).toBe(1_760_000_000_123_456_789n);
    expect(root.endTimeUnixNano).toBe(1_760_000_009_987_654_321n);
    expect(root.parentSpanId).toBe('b7ad6b7169203331');
    expect(root.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(root.flags).toBe(0x301);
    expect(root.kind).toBe(2);
    expect(root.attributes['test.negative']).toBe(-42);
    expect(root.attributes['test.min_safe']).toBe(-9007199254740991);
    expect(root.attributes['test.bytes']).toEqual(new Uint8Array([0, 1, 2, 254, 255]));
    expect(root.attributes['test.map']).toEqual({ model: 'gpt-4o', tokens: 7, nested: { deep: [true, 'x', 2.5] } });
    expect(root.attributes['test.mixed_array']).toEqual([1, 'two', false, 3.5, null]);
    expect(root.attributes['test.null']).toBeNull();
    expect(root.attributes['test.unicode']).toBe('héllo wörld — 你好 🎉');
  });
});

describe('decodeTraceRequestJson on the official JSON exporter', () => {
  it('reproduces every span, resource and scope field exactly', () => {
    checkAgainstSdk(flatten(payloads.jsonBodies.map((b) => decodeTraceRequestJson(b.toString('utf8')))));
  });

  it('gives the same result as the protobuf decoder for the same spans', () => {
    const fromJson = flatten(payloads.jsonBodies.map((b) => decodeTraceRequestJson(b.toString('utf8'))));
    const fromProto = flatten(payloads.protobufBodies.map((b) => decodeTraceRequestProtobuf(b)));
    const sortById = (a: FlatSpan, b: FlatSpan) => a.span.spanId.localeCompare(b.span.spanId);
    expect(fromJson.sort(sortById)).toEqual(fromProto.sort(sortById));
  });
});
