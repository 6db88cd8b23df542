/**
 * The forwarder writes accepted requests back as OTLP protobuf: what the official SDK serializers
 * produced, decoded by the collector, encoded by src/forward, decoded again must be the same
 * request (every field of every signal), and protobufjs (an independent decoder, from the
 * fixture .proto files) must read the same values.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { parseSignal, type Signal } from '../../src/otlp/parse.ts';
import { encodeRequest } from '../../src/forward/encode-otlp.ts';
import { producePayloads } from '../otlp/sdk-fixture.ts';
import { produceLogs, produceMetrics } from '../otlp/logs-metrics-fixture.ts';
import type { ExportTraceRequest } from '../../src/otlp/types.ts';

const traceRoot = protobuf.parse(readFileSync(new URL('../otlp/fixtures/otlp-trace.proto', import.meta.url), 'utf8'), { keepCase: true }).root;

function roundTrip(signal: Signal, body: Uint8Array) {
  const first = parseSignal(signal, 'protobuf', body).req;
  const encoded = encodeRequest(signal, first);
  const second = parseSignal(signal, 'protobuf', encoded).req;
  return { first, second, encoded };
}

describe('encodeRequest (OTLP protobuf out of decoded requests)', () => {
  it('traces from the OTel SDK survive decode → encode → decode, field by field', async () => {
    const { protobufBodies } = await producePayloads();
    expect(protobufBodies.length).toBeGreaterThan(0);
    for (const body of protobufBodies) {
      const { first, second, encoded } = roundTrip('traces', body);
      expect((first as ExportTraceRequest).resourceSpans[0]!.scopeSpans[0]!.spans.length).toBeGreaterThan(0);
      expect(second).toEqual(first);
      // An independent decoder reads the same ids, names and times.
      const T = traceRoot.lookupType('otlp.ExportTraceServiceRequest');
      const a = T.toObject(T.decode(body), { longs: String, bytes: String }) as { resource_spans: Array<{ scope_spans: Array<{ spans: Array<Record<string, unknown>> }> }> };
      const b = T.toObject(T.decode(encoded), { longs: String, bytes: String }) as typeof a;
      const pick = (x: typeof a) => x.resource_spans.flatMap((r) => r.scope_spans.flatMap((s) => s.spans.map((sp) => [sp.trace_id, sp.span_id, sp.parent_span_id, sp.name, sp.start_time_unix_nano, sp.end_time_unix_nano, sp.kind])));
      expect(pick(b)).toEqual(pick(a));
    }
  }, 30_000);

  it('logs (every body type, ids, severities, event names) survive the round trip', async () => {
    const { protobuf: body } = await produceLogs();
    const { first, second } = roundTrip('logs', body);
    expect(second).toEqual(first);
  });

  it('metrics of every type (gauge, sum, histogram, exponential histogram, exemplars) survive the round trip', async () => {
    for (const t of ['cumulative', 'delta'] as const) {
      const { protobuf: body } = await produceMetrics(t);
      const { first, second } = roundTrip('metrics', body);
      expect(second).toEqual(first);
    }
  });

  it('writes large values (200 KB strings, int64 extremes, negative ints, nested AnyValues) exactly', () => {
    const big = 'ä'.repeat(100_000) + 'x';
    const req: ExportTraceRequest = {
      resourceSpans: [
        {
          resource: { attributes: { 'service.name': 'svc' }, droppedAttributesCount: 0 },
          schemaUrl: '',
          scopeSpans: [
            {
              scope: { name: 's', version: '', attributes: {}, droppedAttributesCount: 0 },
              schemaUrl: '',
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  parentSpanId: '',
                  traceState: '',
                  flags: 1,
                  name: 'chat gpt-4o',
                  kind: 3,
                  startTimeUnixNano: 1_760_000_000_123_456_789n,
                  endTimeUnixNano: 1_760_000_001_123_456_789n,
                  attributes: {
                    'gen_ai.input.messages': big,
                    neg: -5,
                    max: 9223372036854775807n,
                    min: -9223372036854775808n,
                    dbl: 0.25,
                    yes: true,
                    raw: new Uint8Array([0, 1, 255]),
                    list: ['a', 1, [true, null], { k: 'v' }],
                  },
                  droppedAttributesCount: 0,
                  events: [],
                  droppedEventsCount: 0,
                  links: [],
                  droppedLinksCount: 0,
                  status: { code: 2, message: 'boom' },
                },
              ],
            },
          ],
        },
      ],
    };
    const back = parseSignal('traces', 'protobuf', encodeRequest('traces', req)).req as ExportTraceRequest;
    const span = back.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(span.attributes['gen_ai.input.messages']).toBe(big);
    expect(span.attributes).toEqual(req.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes);
    expect(span.status).toEqual({ code: 2, message: 'boom' });
    expect(span.startTimeUnixNano).toBe(1_760_000_000_123_456_789n);
  });
});
