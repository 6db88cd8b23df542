/**
 * decodeTraceRequestJson beyond what the JS exporter emits: the OTLP example request from
 * opentelemetry-proto (uppercase hex ids), snake_case names, enum names, string/number int64,
 * base64 bytes and ids, and malformed input.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.ts';
import { DecodeError } from '../../src/otlp/types.ts';
import { fixturePath } from '../support/fixtures.ts';

// opentelemetry-proto examples/trace.json (Apache-2.0), see test/fixtures/otel-otlp-genai/SOURCE.txt
const EXAMPLE_TRACE_JSON = fixturePath('otel-otlp-genai/otlp-proto-examples/trace.json');

function spanJson(span: Record<string, unknown>): string {
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
}

function onlySpan(span: Record<string, unknown>) {
  return decodeTraceRequestJson(spanJson(span)).resourceSpans[0].scopeSpans[0].spans[0];
}

function attrs(...kvs: [string, unknown][]) {
  return onlySpan({ attributes: kvs.map(([key, value]) => ({ key, value })) }).attributes;
}

function expectDecodeError(text: string, message: RegExp): void {
  let thrown: unknown;
  try {
    decodeTraceRequestJson(text);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as Error).message).toMatch(message);
}

describe('the opentelemetry-proto example request', () => {
  it('decodes every value, with the uppercase hex ids lowercased', () => {
    const req = decodeTraceRequestJson(readFileSync(EXAMPLE_TRACE_JSON, 'utf8'));
    expect(req).toEqual({
      resourceSpans: [
        {
          resource: { attributes: { 'service.name': 'my.service' }, droppedAttributesCount: 0 },
          schemaUrl: '',
          scopeSpans: [
            {
              scope: { name: 'my.library', version: '1.0.0', attributes: { 'my.scope.attribute': 'some scope attribute' }, droppedAttributesCount: 0 },
              schemaUrl: '',
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  parentSpanId: 'eee19b7ec3c1b173',
                  traceState: '',
                  flags: 0,
                  name: "I'm a server span",
                  kind: 2,
                  startTimeUnixNano: 1544712660000000000n,
                  endTimeUnixNano: 1544712661000000000n,
                  attributes: { 'my.span.attr': 'some value' },
                  droppedAttributesCount: 0,
                  events: [],
                  droppedEventsCount: 0,
                  links: [],
                  droppedLinksCount: 0,
                  status: { code: 0, message: '' },
                },
              ],
            },
          ],
        },
      ],
    });
  });
});

describe('OTLP/JSON mapping', () => {
  it('accepts the proto snake_case field names', () => {
    const req = decodeTraceRequestJson(
      JSON.stringify({
        resource_spans: [
          {
            resource: { attributes: [{ key: 'a', value: { string_value: 'x' } }], dropped_attributes_count: 2 },
            schema_url: 'r',
            scope_spans: [
              {
                scope: { name: 's', dropped_attributes_count: 1 },
                schema_url: 'ss',
                spans: [
                  {
                    trace_id: '0af7651916cd43dd8448eb211c80319c',
                    span_id: 'b7ad6b7169203331',
                    parent_span_id: '00f067aa0ba902b7',
                    trace_state: 'a=b',
                    start_time_unix_nano: '1',
                    end_time_unix_nano: 2,
                    dropped_attributes_count: 3,
                    dropped_events_count: 4,
                    dropped_links_count: 5,
                    events: [{ time_unix_nano: '7', name: 'e', dropped_attributes_count: 6 }],
                    links: [{ trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7', trace_state: 'x=y', dropped_attributes_count: 8, flags: 256 }],
                    attributes: [
                      { key: 'i', value: { int_value: '5' } },
                      { key: 'd', value: { double_value: 0.5 } },
                      { key: 'b', value: { bool_value: true } },
                      { key: 'arr', value: { array_value: { values: [{ string_value: 'q' }] } } },
                      { key: 'kv', value: { kvlist_value: { values: [{ key: 'z', value: { bytes_value: 'AQI=' } }] } } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const rs = req.resourceSpans[0];
    expect(rs.resource).toEqual({ attributes: { a: 'x' }, droppedAttributesCount: 2 });
    expect(rs.schemaUrl).toBe('r');
    expect(rs.scopeSpans[0].schemaUrl).toBe('ss');
    expect(rs.scopeSpans[0].scope.droppedAttributesCount).toBe(1);
    const s = rs.scopeSpans[0].spans[0];
    expect([s.traceId, s.spanId, s.parentSpanId, s.traceState]).toEqual(['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', '00f067aa0ba902b7', 'a=b']);
    expect([s.startTimeUnixNano, s.endTimeUnixNano]).toEqual([1n, 2n]);
    expect([s.droppedAttributesCount, s.droppedEventsCount, s.droppedLinksCount]).toEqual([3, 4, 5]);
    expect(s.events).toEqual([{ timeUnixNano: 7n, name: 'e', attributes: {}, droppedAttributesCount: 6 }]);
    expect(s.links).toEqual([
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceState: 'x=y', attributes: {}, droppedAttributesCount: 8, flags: 256 },
    ]);
    expect(s.attributes).toEqual({ i: 5, d: 0.5, b: true, arr: ['q'], kv: { z: Uint8Array.from([1, 2]) } });
  });

  it('accepts enum names and integers for kind and status code', () => {
    expect(onlySpan({ kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_ERROR', message: 'm' } })).toMatchObject({
      kind: 5,
      status: { code: 2, message: 'm' },
    });
    expect(onlySpan({ kind: 3, status: { code: 1 } })).toMatchObject({ kind: 3, status: { code: 1, message: '' } });
    expect(onlySpan({ kind: 'SPAN_KIND_UNSPECIFIED' }).kind).toBe(0);
    expect(onlySpan({ kind: 42, status: { code: 9 } })).toMatchObject({ kind: 0, status: { code: 0 } });
  });

  it('reads int64 from strings and numbers, keeping precision beyond 2^53 as bigint', () => {
    expect(
      attrs(
        ['s', { intValue: '9223372036854775807' }],
        ['neg', { intValue: '-9223372036854775808' }],
        ['safe', { intValue: '-9007199254740991' }],
        ['edge', { intValue: '9007199254740992' }],
        ['n', { intValue: 42 }],
        ['nn', { intValue: -7 }],
        ['big', { intValue: 1e18 }],
      ),
    ).toEqual({
      s: 9223372036854775807n,
      neg: -9223372036854775808n,
      safe: -9007199254740991,
      edge: 9007199254740992n,
      n: 42,
      nn: -7,
      big: 1000000000000000000n,
    });
    expect(onlySpan({ startTimeUnixNano: '18446744073709551615', endTimeUnixNano: 1544712661000000000 })).toMatchObject({
      startTimeUnixNano: 18446744073709551615n,
      endTimeUnixNano: 1544712661000000000n,
    });
  });

  it('reads doubles including the proto3 JSON strings for non-finite values', () => {
    const a = attrs(['nan', { doubleValue: 'NaN' }], ['inf', { doubleValue: 'Infinity' }], ['ninf', { doubleValue: '-Infinity' }], ['str', { doubleValue: '2.5' }], ['n', { doubleValue: 3 }]);
    expect(a['nan']).toBeNaN();
    expect([a['inf'], a['ninf'], a['str'], a['n']]).toEqual([Infinity, -Infinity, 2.5, 3]);
  });

  it('reads bytes from standard and URL-safe base64, and {} / missing values as null', () => {
    expect(attrs(['std', { bytesValue: '+/8=' }], ['url', { bytesValue: '-_8' }], ['empty', {}], ['missing', undefined], ['nul', { stringValue: null }])).toEqual({
      std: Uint8Array.from([0xfb, 0xff]),
      url: Uint8Array.from([0xfb, 0xff]),
      empty: null,
      missing: null,
      nul: null,
    });
  });

  it('converts base64 ids (protobuf generic JSON mapping) to hex and keeps other non-hex ids for the validator', () => {
    const s = onlySpan({ traceId: 'W47/95gDgQPSabYzgT/GDA==', spanId: '7uGbfsPBsXQ=', parentSpanId: 'not-an-id' });
    expect(s.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(s.spanId).toBe('eee19b7ec3c1b174');
    expect(s.parentSpanId).toBe('not-an-id');
  });

  it('ignores unknown fields and keeps "__proto__" as an ordinary attribute key', () => {
    const s = onlySpan({
      name: 'n',
      somethingNew: { deep: [1, 2] },
      attributes: [
        { key: '__proto__', value: { stringValue: 'data' }, extra: true },
        { key: 'x', value: { stringValue: 'y', futureValue: 1 } },
      ],
    });
    expect(s.name).toBe('n');
    expect(Object.hasOwn(s.attributes, '__proto__')).toBe(true);
    expect(s.attributes['__proto__']).toBe('data');
    expect(s.attributes['x']).toBe('y');
  });

  it('decodes an empty object as an empty request', () => {
    expect(decodeTraceRequestJson('{}')).toEqual({ resourceSpans: [] });
  });
});

describe('malformed JSON throws DecodeError', () => {
  it('on invalid JSON text and non-object roots', () => {
    expectDecodeError('{"resourceSpans": [', /invalid JSON/);
    expectDecodeError('', /invalid JSON/);
    expectDecodeError('[]', /request: expected a JSON object/);
    expectDecodeError('null', /request: expected a JSON object/);
    expectDecodeError('"x"', /request: expected a JSON object/);
  });

  it('on wrong types, naming the path', () => {
    expectDecodeError('{"resourceSpans": {}}', /^resourceSpans: expected an array/);
    expectDecodeError(spanJson({ name: 5 }), /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.name: expected a string, got number/);
    expectDecodeError(spanJson({ traceId: 12 }), /spans\[0\]\.traceId: expected a hex string/);
    expectDecodeError(spanJson({ startTimeUnixNano: '-5' }), /startTimeUnixNano: expected an unsigned 64-bit integer/);
    expectDecodeError(spanJson({ startTimeUnixNano: '18446744073709551616' }), /startTimeUnixNano/);
    expectDecodeError(spanJson({ endTimeUnixNano: 1.5 }), /endTimeUnixNano/);
    expectDecodeError(spanJson({ kind: 'SERVER' }), /kind: expected an enum number or one of SPAN_KIND_UNSPECIFIED/);
    expectDecodeError(spanJson({ droppedEventsCount: -1 }), /droppedEventsCount: expected an unsigned 32-bit integer/);
    expectDecodeError(spanJson({ attributes: { key: 'a' } }), /attributes: expected an array/);
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: 'plain' }] }), /attributes\[0\]\.value: expected an AnyValue object/);
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: { intValue: '12abc' } }] }), /attributes\[0\]\.value\.intValue: expected a 64-bit integer/);
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: { intValue: '9223372036854775808' } }] }), /intValue/);
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: { boolValue: 'true' } }] }), /boolValue: expected a boolean/);
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: { bytesValue: 'not base64!' } }] }), /bytesValue: expected a base64 string/);
    expectDecodeError(spanJson({ attributes: [{ key: 7, value: {} }] }), /attributes\[0\]\.key: expected a string/);
    expectDecodeError(spanJson({ events: [{ name: ['x'] }] }), /spans\[0\]\.events\[0\]\.name: expected a string, got array/);
    expectDecodeError(spanJson({ links: [{ flags: 'x' }] }), /links\[0\]\.flags/);
    expectDecodeError(spanJson({ status: [] }), /status: expected an object/);
  });

  it('on attribute values nested deeper than 32 levels (and accepts 32)', () => {
    const nested = (n: number): unknown => (n === 0 ? { intValue: 1 } : { arrayValue: { values: [nested(n - 1)] } });
    let v: unknown = attrs(['a', nested(32)])['a'];
    for (let i = 0; i < 32; i++) v = (v as unknown[])[0];
    expect(v).toBe(1);
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: nested(33) }] }), /nested deeper than 32/);
    const kv = (n: number): unknown => (n === 0 ? { stringValue: 'leaf' } : { kvlistValue: { values: [{ key: 'k', value: kv(n - 1) }] } });
    expectDecodeError(spanJson({ attributes: [{ key: 'a', value: kv(33) }] }), /nested deeper than 32/);
  });
});
