/**
 * decodeTraceRequestProtobuf on bytes the JS SDK cannot produce: int64 beyond 2^53, extreme
 * fixed64/fixed32 values, odd id lengths, unknown fields and groups, malformed UTF-8, and
 * malformed wire data. Requests are encoded by protobufjs from test/otlp/fixtures/otlp-trace.proto
 * (an independent encoder) or, for what no encoder emits, by the raw writer in raw-proto.ts.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { DecodeError } from '../../src/otlp/types.ts';
import {
  WT,
  concat,
  doubleField,
  fixed32Field,
  fixed64Field,
  groupField,
  hexBytes,
  lenField,
  message,
  tag,
  unknownFieldsOfEveryType,
  varint,
  varintField,
} from './raw-proto.ts';

const root = protobuf.parse(readFileSync(new URL('./fixtures/otlp-trace.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const RequestType = root.lookupType('otlp.ExportTraceServiceRequest');

function encodeWithProtobufjs(obj: Record<string, unknown>): Uint8Array {
  return RequestType.encode(RequestType.fromObject(obj)).finish();
}

/** A request holding one span built from raw fields (resource_spans → scope_spans → spans). */
function rawRequestWithSpan(...spanFields: Uint8Array[]): Uint8Array {
  return message(1, message(2, message(2, ...spanFields)));
}

/** A raw KeyValue field (`field`) with the given AnyValue fields. */
function rawKeyValue(field: number, key: string, ...anyValueFields: Uint8Array[]): Uint8Array {
  return message(field, lenField(1, key), message(2, ...anyValueFields));
}

function onlySpan(buf: Uint8Array) {
  return decodeTraceRequestProtobuf(buf).resourceSpans[0].scopeSpans[0].spans[0];
}

function expectDecodeError(buf: Uint8Array, message: RegExp): void {
  let thrown: unknown;
  try {
    decodeTraceRequestProtobuf(buf);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as Error).message).toMatch(message);
}

describe('every field, encoded by protobufjs', () => {
  const kv = (key: string, value: Record<string, unknown>) => ({ key, value });
  const request = {
    resource_spans: [
      {
        resource: { attributes: [kv('service.name', { string_value: 'svc' })], dropped_attributes_count: 3 },
        schema_url: 'https://example.com/resource-schema',
        scope_spans: [
          {
            scope: { name: 'scope-a', version: '2.0.0', attributes: [kv('scope.attr', { bool_value: true })], dropped_attributes_count: 1 },
            schema_url: 'https://example.com/scope-schema',
            spans: [
              {
                trace_id: hexBytes('5b8efff798038103d269b633813fc60c'),
                span_id: hexBytes('eee19b7ec3c1b174'),
                trace_state: 'k1=v1,k2=v2',
                parent_span_id: hexBytes('eee19b7ec3c1b173'),
                flags: 0xffffffff,
                name: 'span one',
                kind: 5,
                start_time_unix_nano: '1544712660000000001',
                end_time_unix_nano: '18446744073709551615',
                attributes: [
                  kv('int.max', { int_value: '9223372036854775807' }),
                  kv('int.min', { int_value: '-9223372036854775808' }),
                  kv('int.2^53', { int_value: '9007199254740992' }),
                  kv('int.-2^53', { int_value: '-9007199254740992' }),
                  kv('int.max_safe', { int_value: '9007199254740991' }),
                  kv('int.min_safe', { int_value: '-9007199254740991' }),
                  kv('int.-1', { int_value: '-1' }),
                  kv('int.2^32', { int_value: '4294967296' }),
                  kv('int.zero', { int_value: '0' }),
                  kv('double.neg_zero', { double_value: -0 }),
                  kv('double.inf', { double_value: Infinity }),
                  kv('double.tiny', { double_value: 5e-324 }),
                  kv('bytes', { bytes_value: Uint8Array.from([0, 0xff, 0x80, 0x7f]) }),
                  kv('bytes.empty', { bytes_value: new Uint8Array(0) }),
                  kv('empty', {}),
                  kv('nested.array', {
                    array_value: {
                      values: [
                        { int_value: '1' },
                        { array_value: { values: [{ string_value: 'a' }, { array_value: { values: [] } }, {}] } },
                        { kvlist_value: { values: [kv('x', { double_value: 1.5 })] } },
                      ],
                    },
                  }),
                  kv('kvlist', {
                    kvlist_value: {
                      values: [
                        kv('model', { string_value: 'gpt-4o' }),
                        kv('inner', { kvlist_value: { values: [kv('deep', { bool_value: false }), kv('big', { int_value: '-9223372036854775807' })] } }),
                        kv('__proto__', { string_value: 'just data' }),
                      ],
                    },
                  }),
                  kv('constructor', { int_value: '7' }),
                ],
                dropped_attributes_count: 4294967295,
                events: [
                  { time_unix_nano: '1544712660500000000', name: 'ev', attributes: [kv('e', { string_value: 'v' })], dropped_attributes_count: 2 },
                  {},
                ],
                dropped_events_count: 5,
                links: [
                  {
                    trace_id: hexBytes('4bf92f3577b34da6a3ce929d0e0e4736'),
                    span_id: hexBytes('00f067aa0ba902b7'),
                    trace_state: 'congo=t61rcWkgMzE',
                    attributes: [kv('l', { int_value: '3' })],
                    dropped_attributes_count: 6,
                    flags: 0x301,
                  },
                ],
                dropped_links_count: 7,
                status: { message: 'boom', code: 2 },
              },
              { trace_id: hexBytes('0102'), span_id: hexBytes('0a0b0c'), kind: 9, status: { code: 7 } },
            ],
          },
        ],
      },
      {},
    ],
  };

  const decoded = decodeTraceRequestProtobuf(encodeWithProtobufjs(request));

  it('decodes resource, scope and schema urls', () => {
    expect(decoded.resourceSpans).toHaveLength(2);
    const [rs, emptyRs] = decoded.resourceSpans;
    expect(rs.resource).toEqual({ attributes: { 'service.name': 'svc' }, droppedAttributesCount: 3 });
    expect(rs.schemaUrl).toBe('https://example.com/resource-schema');
    expect(rs.scopeSpans[0].scope).toEqual({ name: 'scope-a', version: '2.0.0', attributes: { 'scope.attr': true }, droppedAttributesCount: 1 });
    expect(rs.scopeSpans[0].schemaUrl).toBe('https://example.com/scope-schema');
    expect(emptyRs).toEqual({ resource: { attributes: {}, droppedAttributesCount: 0 }, schemaUrl: '', scopeSpans: [] });
    expect(decoded.invalidUtf8).toBeUndefined();
  });

  it('decodes every span field exactly', () => {
    const span = decoded.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(span.spanId).toBe('eee19b7ec3c1b174');
    expect(span.parentSpanId).toBe('eee19b7ec3c1b173');
    expect(span.traceState).toBe('k1=v1,k2=v2');
    expect(span.flags).toBe(4294967295);
    expect(span.name).toBe('span one');
    expect(span.kind).toBe(5);
    expect(span.startTimeUnixNano).toBe(1544712660000000001n);
    expect(span.endTimeUnixNano).toBe(18446744073709551615n);
    expect(span.droppedAttributesCount).toBe(4294967295);
    expect(span.events).toEqual([
      { timeUnixNano: 1544712660500000000n, name: 'ev', attributes: { e: 'v' }, droppedAttributesCount: 2 },
      { timeUnixNano: 0n, name: '', attributes: {}, droppedAttributesCount: 0 },
    ]);
    expect(span.droppedEventsCount).toBe(5);
    expect(span.links).toEqual([
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b7',
        traceState: 'congo=t61rcWkgMzE',
        attributes: { l: 3 },
        droppedAttributesCount: 6,
        flags: 0x301,
      },
    ]);
    expect(span.droppedLinksCount).toBe(7);
    expect(span.status).toEqual({ code: 2, message: 'boom' });
  });

  it('decodes int64 as number within ±(2^53 − 1) and as bigint beyond', () => {
    const a = decoded.resourceSpans[0].scopeSpans[0].spans[0].attributes;
    expect(a['int.max']).toBe(9223372036854775807n);
    expect(a['int.min']).toBe(-9223372036854775808n);
    expect(a['int.2^53']).toBe(9007199254740992n);
    expect(a['int.-2^53']).toBe(-9007199254740992n);
    expect(a['int.max_safe']).toBe(9007199254740991);
    expect(a['int.min_safe']).toBe(-9007199254740991);
    expect(a['int.-1']).toBe(-1);
    expect(a['int.2^32']).toBe(4294967296);
    expect(a['int.zero']).toBe(0);
  });

  it('decodes doubles, bytes, empty values, nested arrays and kvlists', () => {
    const a = decoded.resourceSpans[0].scopeSpans[0].spans[0].attributes;
    expect(Object.is(a['double.neg_zero'], -0)).toBe(true);
    expect(a['double.inf']).toBe(Infinity);
    expect(a['double.tiny']).toBe(5e-324);
    expect(a['bytes']).toEqual(Uint8Array.from([0, 0xff, 0x80, 0x7f]));
    expect(a['bytes']).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(a['bytes'])).toBe(false);
    expect(a['bytes.empty']).toEqual(new Uint8Array(0));
    expect(a['empty']).toBeNull();
    expect(a['nested.array']).toEqual([1, ['a', [], null], { x: 1.5 }]);
    expect(a['kvlist']).toEqual({ model: 'gpt-4o', inner: { deep: false, big: -9223372036854775807n }, ['__proto__']: 'just data' });
    expect(Object.getPrototypeOf(a['kvlist'])).toBeNull();
    expect(Object.hasOwn(a['kvlist'] as object, '__proto__')).toBe(true);
    expect(a['constructor']).toBe(7);
  });

  it('keeps ids of unusual length as hex and maps unknown enum values to 0', () => {
    const span = decoded.resourceSpans[0].scopeSpans[0].spans[1];
    expect(span.traceId).toBe('0102');
    expect(span.spanId).toBe('0a0b0c');
    expect(span.parentSpanId).toBe('');
    expect(span.kind).toBe(0);
    expect(span.status).toEqual({ code: 0, message: '' });
  });
});

describe('raw wire cases', () => {
  it('decodes an empty buffer as an empty request', () => {
    expect(decodeTraceRequestProtobuf(new Uint8Array(0))).toEqual({ resourceSpans: [] });
  });

  it('skips unknown fields of every wire type, including nested groups, in every message', () => {
    const u = unknownFieldsOfEveryType();
    const buf = concat(
      u,
      message(
        1,
        u,
        message(1, u, rawKeyValue(1, 'r', u, lenField(1, 'rv'), u), u, varintField(2, 9)),
        message(
          2,
          u,
          message(1, u, lenField(1, 'scope'), u, rawKeyValue(3, 's', varintField(2, 1))),
          message(
            2,
            u,
            lenField(1, hexBytes('5b8efff798038103d269b633813fc60c')),
            u,
            lenField(5, 'with unknowns'),
            fixed64Field(7, 1_700_000_000_000_000_000n),
            rawKeyValue(9, 'a', u, message(5, u, message(1, u, varintField(3, 5)), u), u),
            message(11, u, lenField(2, 'event'), u),
            message(13, u, lenField(3, 'ts'), u),
            message(15, u, lenField(2, 'msg'), u, varintField(3, 1), varintField(1, 99)),
            u,
          ),
        ),
        lenField(3, 'schema'),
      ),
    );
    const req = decodeTraceRequestProtobuf(buf);
    const rs = req.resourceSpans[0];
    expect(rs.resource).toEqual({ attributes: { r: 'rv' }, droppedAttributesCount: 9 });
    expect(rs.schemaUrl).toBe('schema');
    expect(rs.scopeSpans[0].scope).toEqual({ name: 'scope', version: '', attributes: { s: true }, droppedAttributesCount: 0 });
    const span = rs.scopeSpans[0].spans[0];
    expect(span.traceId).toBe('5b8efff798038103d269b633813fc60c');
    expect(span.name).toBe('with unknowns');
    expect(span.startTimeUnixNano).toBe(1_700_000_000_000_000_000n);
    expect(span.attributes).toEqual({ a: [5] });
    expect(span.events).toEqual([{ timeUnixNano: 0n, name: 'event', attributes: {}, droppedAttributesCount: 0 }]);
    expect(span.links).toEqual([{ traceId: '', spanId: '', traceState: 'ts', attributes: {}, droppedAttributesCount: 0, flags: 0 }]);
    expect(span.status).toEqual({ code: 1, message: 'msg' });
  });

  it('skips a known field number that arrives with the wrong wire type', () => {
    const span = onlySpan(rawRequestWithSpan(varintField(5, 3), fixed32Field(7, 1), lenField(6, 'x'), lenField(2, hexBytes('0102030405060708'))));
    expect(span.name).toBe('');
    expect(span.startTimeUnixNano).toBe(0n);
    expect(span.kind).toBe(0);
    expect(span.spanId).toBe('0102030405060708');
  });

  it('keeps the last of repeated singular fields and of AnyValue oneof members', () => {
    const span = onlySpan(
      rawRequestWithSpan(
        lenField(5, 'first'),
        lenField(5, 'second'),
        rawKeyValue(9, 'v', lenField(1, 'text'), varintField(3, 12)),
        rawKeyValue(9, 'dup', varintField(2, 1)),
        rawKeyValue(9, 'dup', doubleField(4, 2.5)),
      ),
    );
    expect(span.name).toBe('second');
    expect(span.attributes).toEqual({ v: 12, dup: 2.5 });
  });

  it('reads a 10-byte negative enum as its low 32 bits and a bool from any non-zero varint', () => {
    const span = onlySpan(rawRequestWithSpan(varintField(6, -1), rawKeyValue(9, 'b', varintField(2, 2n ** 40n))));
    expect(span.kind).toBe(0); // 0xffffffff is not a defined kind
    expect(span.attributes).toEqual({ b: true });
  });

  it('decodes an int64 encoded in 10 bytes and one padded with redundant continuation bytes', () => {
    const padded = Uint8Array.from([0x85, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]); // 5
    const span = onlySpan(rawRequestWithSpan(rawKeyValue(9, 'neg', varintField(3, -5)), rawKeyValue(9, 'pad', tag(3, WT.VARINT), padded)));
    expect(span.attributes).toEqual({ neg: -5, pad: 5 });
  });

  it('decodes the same attributes whichever way AnyValue ints are sized', () => {
    const values = [0n, 127n, 128n, 2n ** 28n - 1n, 2n ** 28n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 35n, 2n ** 49n, 2n ** 53n - 1n, 2n ** 56n, 2n ** 63n - 1n];
    const fields = values.flatMap((v, i) => [rawKeyValue(9, `p${i}`, varintField(3, v)), rawKeyValue(9, `n${i}`, varintField(3, -v))]);
    const attrs = onlySpan(rawRequestWithSpan(...fields)).attributes;
    values.forEach((v, i) => {
      const safe = v <= 2n ** 53n - 1n;
      expect(attrs[`p${i}`]).toBe(safe ? Number(v) : v);
      expect(attrs[`n${i}`]).toBe(safe ? (v === 0n ? 0 : -Number(v)) : -v);
    });
  });
});

describe('UTF-8', () => {
  const reference = new TextDecoder('utf-8', { fatal: false });

  it('replaces invalid sequences with U+FFFD like TextDecoder and counts them', () => {
    const cases: number[][] = [
      [0x61, 0xff, 0x62], // invalid byte
      [0xc3], // truncated 2-byte sequence
      [0xe2, 0x82], // truncated 3-byte sequence
      [0xed, 0xa0, 0x80], // UTF-16 surrogate encoded in UTF-8
      [0xc0, 0xaf], // overlong '/'
      [0xf4, 0x90, 0x80, 0x80], // beyond U+10FFFF
    ];
    const long = [...new TextEncoder().encode('a string longer than the thirty-two byte cache '), 0xfe, 0x21];
    const all = [...cases, long];
    const req = decodeTraceRequestProtobuf(rawRequestWithSpan(...all.map((bytes, i) => rawKeyValue(9, `k${i}`, lenField(1, Uint8Array.from(bytes))))));
    const span = req.resourceSpans[0].scopeSpans[0].spans[0];
    let expectedReplacements = 0;
    all.forEach((bytes, i) => {
      const expected = reference.decode(Uint8Array.from(bytes));
      expect(span.attributes[`k${i}`]).toBe(expected);
      expectedReplacements += expected.split('\ufffd').length - 1;
    });
    expect(expectedReplacements).toBe(1 + 1 + 1 + 3 + 2 + 4 + 1);
    expect(req.invalidUtf8).toBe(expectedReplacements);
  });

  it('does not count a U+FFFD that was sent as valid UTF-8', () => {
    const req = decodeTraceRequestProtobuf(rawRequestWithSpan(lenField(5, 'ok \ufffd here')));
    expect(req.resourceSpans[0].scopeSpans[0].spans[0].name).toBe('ok \ufffd here');
    expect(req.invalidUtf8).toBeUndefined();
  });

  it('returns the same text for cached and uncached strings', () => {
    const names = ['gen_ai.request.model', 'gen_ai.request.model', 'x'.repeat(32), 'x'.repeat(33), 'ünïcödé', 'ünïcödé'];
    const req = decodeTraceRequestProtobuf(
      concat(...names.map((n) => message(1, message(2, message(2, lenField(5, n)))))),
    );
    expect(req.resourceSpans.map((rs) => rs.scopeSpans[0].spans[0].name)).toEqual(names);
  });
});

describe('malformed input throws DecodeError', () => {
  const span = (...f: Uint8Array[]) => rawRequestWithSpan(...f);

  it('on truncation inside a varint, a fixed64 and a length-delimited field', () => {
    expectDecodeError(Uint8Array.from([0x0a, 0x80]), /truncated/);
    const withTime = span(fixed64Field(7, 1n));
    expectDecodeError(concat(tag(1, WT.LEN), varint(10), Uint8Array.from([1, 2, 3])), /exceeds/);
    // Cut the fixed64 short but keep every declared length consistent with the buffer.
    const cut = withTime.subarray(0, withTime.length - 3);
    expectDecodeError(cut, /truncated|exceeds/);
  });

  it('on a length prefix far beyond the buffer', () => {
    expectDecodeError(Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), /length 4294967295 .* exceeds/);
    expectDecodeError(concat(tag(1, WT.LEN), varint(2n ** 62n)), /exceeds/);
    expectDecodeError(concat(tag(1, WT.LEN), varint(-1)), /exceeds/);
  });

  it('on a sub-message whose length runs past its parent', () => {
    // resource_spans declares 3 bytes, but its scope_spans field holds a 10-byte schema_url that follows.
    const scopeSpans = lenField(3, 'schema!!');
    expect(scopeSpans).toHaveLength(10);
    const buf = concat(tag(1, WT.LEN), varint(3), tag(2, WT.LEN), varint(10), scopeSpans);
    expectDecodeError(buf, /overruns/);
  });

  it('on a varint longer than 10 bytes', () => {
    expectDecodeError(concat(tag(1, WT.VARINT), new Uint8Array(11).fill(0x80), Uint8Array.from([0])), /longer than 10 bytes/);
    expectDecodeError(rawRequestWithSpan(rawKeyValue(9, 'x', tag(3, WT.VARINT), new Uint8Array(10).fill(0xff), Uint8Array.from([1]))), /longer than 10 bytes/);
  });

  it('on invalid wire types, field number 0 and stray or mismatched end-group tags', () => {
    expectDecodeError(Uint8Array.from([(1 << 3) | 6]), /invalid wire type 6/);
    expectDecodeError(Uint8Array.from([(1 << 3) | 7]), /invalid wire type 7/);
    expectDecodeError(span(Uint8Array.from([(99 << 3) | 7])), /invalid wire type 7/);
    expectDecodeError(Uint8Array.from([0x00, 0x00]), /field number 0/);
    expectDecodeError(tag(5, WT.EGROUP), /unexpected end-group/);
    expectDecodeError(concat(tag(5, WT.SGROUP), varintField(1, 1), tag(6, WT.EGROUP)), /closes group 5/);
    expectDecodeError(concat(tag(5, WT.SGROUP), varintField(1, 1)), /not closed/);
  });

  it('on groups nested deeper than 32 (and accepts 32)', () => {
    const nest = (n: number): Uint8Array => (n === 0 ? varintField(1, 1) : groupField(7, nest(n - 1)));
    expect(decodeTraceRequestProtobuf(nest(32))).toEqual({ resourceSpans: [] });
    expectDecodeError(nest(33), /groups nested deeper than 32/);
  });

  it('on attribute values nested deeper than 32 levels (and accepts 32)', () => {
    const nestedArray = (n: number): Uint8Array => (n === 0 ? varintField(3, 1) : message(5, message(1, nestedArray(n - 1))));
    const nestedKvlist = (n: number): Uint8Array => (n === 0 ? lenField(1, 'leaf') : message(6, rawKeyValue(1, 'k', nestedKvlist(n - 1))));
    const ok = onlySpan(span(rawKeyValue(9, 'a', nestedArray(32)), rawKeyValue(9, 'k', nestedKvlist(32))));
    let v: unknown = ok.attributes['a'];
    for (let i = 0; i < 32; i++) v = (v as unknown[])[0];
    expect(v).toBe(1);
    let m: unknown = ok.attributes['k'];
    for (let i = 0; i < 32; i++) m = (m as Record<string, unknown>)['k'];
    expect(m).toBe('leaf');
    expectDecodeError(span(rawKeyValue(9, 'a', nestedArray(33))), /nested deeper than 32/);
    expectDecodeError(span(rawKeyValue(9, 'k', nestedKvlist(33))), /nested deeper than 32/);
    expectDecodeError(span(rawKeyValue(9, 'a', nestedArray(300))), /nested deeper than 32/);
  });
});
