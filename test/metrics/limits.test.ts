import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, applyLimits, newLimitCounters, truncateString, valueJson, type Limits } from '../../src/otlp/limits.ts';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.ts';
import type { AttrMap, ExportTraceRequest, Span } from '../../src/otlp/types.ts';

function attrs(o: Record<string, unknown>): AttrMap {
  return Object.assign(Object.create(null) as AttrMap, o);
}

function span(i: number, a: Record<string, unknown> = {}): Span {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: (i + 1).toString(16).padStart(16, '0'),
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: `s${i}`,
    kind: 1,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_001_000_000_000n,
    attributes: attrs(a),
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
  };
}

function request(...scopes: Span[][]): ExportTraceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: attrs({ 'service.name': 'svc' }), droppedAttributesCount: 0 },
        schemaUrl: '',
        scopeSpans: scopes.map((spans) => ({ scope: { name: 'sc', version: '', attributes: attrs({}), droppedAttributesCount: 0 }, schemaUrl: '', spans })),
      },
    ],
  };
}

const limits = (o: Partial<Limits>): Limits => ({ ...DEFAULT_LIMITS, ...o });
const spanNames = (r: ExportTraceRequest) => r.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));

describe('applyLimits', () => {
  it('leaves a request within limits untouched (same objects, nothing counted)', () => {
    const s = span(0, { a: 'x', n: 1, arr: [1, [2, { k: 'v' }]] });
    const req = request([s]);
    const before = structuredClone(req);
    const counters = newLimitCounters();
    const r = applyLimits(req, DEFAULT_LIMITS, counters);
    expect(r.req).toBe(req);
    expect(r.changed).toBe(false);
    expect(r.req.resourceSpans[0]!.scopeSpans[0]!.spans[0]).toBe(s);
    expect({ ...r.req }).toEqual(before);
    expect(counters).toEqual(newLimitCounters());
    expect(r.errorMessage).toBe('');
  });

  it('rejects spans past maxSpansPerRequest across scopes, via partial-success numbers', () => {
    const req = request([span(0), span(1), span(2)], [span(3), span(4)], [span(5)]);
    const counters = newLimitCounters();
    const r = applyLimits(req, limits({ maxSpansPerRequest: 4 }), counters);
    expect(spanNames(r.req)).toEqual(['s0', 's1', 's2', 's3']);
    expect(r.req.resourceSpans[0]!.scopeSpans).toHaveLength(2); // the emptied third scope is gone
    expect(r.rejectedSpans).toBe(2);
    expect(r.errorMessage).toBe('2 spans rejected: the request has 6 spans, more than the limit of 4 per request');
    expect(counters.rejectedSpans).toBe(2);
    applyLimits(request([span(0), span(1)]), limits({ maxSpansPerRequest: 1 }), counters);
    expect(counters.rejectedSpans).toBe(3);
  });

  it('drops attributes past maxAttributesPerSpan, keeping wire order, and counts them per map', () => {
    const s = span(0, { a: 1, b: 2, c: 3, d: 4, e: 5 });
    s.droppedAttributesCount = 1; // already dropped by the SDK
    s.events = [{ timeUnixNano: 1n, name: 'e', attributes: attrs({ x: 1, y: 2, z: 3 }), droppedAttributesCount: 0 }];
    s.links = [{ traceId: s.traceId, spanId: s.spanId, traceState: '', attributes: attrs({ l1: 1, l2: 2 }), droppedAttributesCount: 0, flags: 0 }];
    const req = request([s]);
    req.resourceSpans[0]!.resource.attributes = attrs({ 'service.name': 'svc', r2: 'x', r3: 'y' });
    const counters = newLimitCounters();
    const r = applyLimits(req, limits({ maxAttributesPerSpan: 2 }), counters);
    expect(Object.keys(s.attributes)).toEqual(['a', 'b']);
    expect(s.droppedAttributesCount).toBe(4);
    expect(Object.keys(s.events[0]!.attributes)).toEqual(['x', 'y']);
    expect(s.events[0]!.droppedAttributesCount).toBe(1);
    expect(s.links[0]!.droppedAttributesCount).toBe(0);
    expect(req.resourceSpans[0]!.resource.droppedAttributesCount).toBe(1);
    expect(r.droppedAttributes).toBe(3 + 1 + 1);
    expect(counters.droppedAttributes).toBe(5);
    expect(r.changed).toBe(true);
  });

  it('truncates long strings and bytes (also inside arrays and kvlists) without splitting surrogate pairs', () => {
    const s = span(0, {
      short: 'abc',
      long: 'abcdefgh',
      emoji: 'ab😀cd', // the cut at 3 would split the pair: keep 'ab'
      bytes: Uint8Array.of(1, 2, 3, 4, 5, 6),
      arr: ['ok', 'too long here'],
      kv: attrs({ inner: 'xxxxxxxxxx' }),
    });
    const r = applyLimits(request([s]), limits({ maxAttributeValueLength: 3 }));
    expect(s.attributes.short).toBe('abc');
    expect(s.attributes.long).toBe('abc');
    expect(s.attributes.emoji).toBe('ab');
    expect(s.attributes.bytes).toEqual(Uint8Array.of(1, 2, 3));
    expect(s.attributes.arr).toEqual(['ok', 'too']);
    expect({ ...(s.attributes.kv as AttrMap) }).toEqual({ inner: 'xxx' });
    expect(r.truncatedValues).toBe(5);
    expect(s.droppedAttributesCount).toBe(0);
  });

  it('replaces values nested deeper than maxAnyValueDepth with their JSON text, then length-limits it', () => {
    const s = span(0, {
      flat: [1, 2],
      deep: [1, [2, [3, [4]]]],
      map: attrs({ a: attrs({ b: attrs({ c: 7n, d: Uint8Array.of(255) }) }) }),
    });
    const r = applyLimits(request([s]), limits({ maxAnyValueDepth: 2 }));
    expect(s.attributes.flat).toEqual([1, 2]);
    expect(s.attributes.deep).toEqual([1, [2, '[3,[4]]']]);
    expect(JSON.parse(JSON.stringify(s.attributes.map))).toEqual({ a: { b: '{"c":7,"d":"/w=="}' } });
    expect(r.cappedValues).toBe(2);

    const t = span(1, { deep: [[['a very long string']]] });
    const r2 = applyLimits(request([t]), limits({ maxAnyValueDepth: 1, maxAttributeValueLength: 8 }));
    expect(t.attributes.deep).toEqual(['[["a ver']);
    expect([r2.cappedValues, r2.truncatedValues]).toEqual([1, 1]);
  });

  it('keeps the first events and links past the per-span limits, counting the rest', () => {
    const s = span(0);
    s.events = [1, 2, 3].map((i) => ({ timeUnixNano: BigInt(i), name: `e${i}`, attributes: attrs({}), droppedAttributesCount: 0 }));
    s.links = [1, 2].map((i) => ({ traceId: s.traceId, spanId: s.spanId, traceState: `${i}`, attributes: attrs({}), droppedAttributesCount: 0, flags: 0 }));
    s.droppedEventsCount = 10;
    const counters = newLimitCounters();
    applyLimits(request([s]), limits({ maxEventsPerSpan: 1, maxLinksPerSpan: 1 }), counters);
    expect(s.events.map((e) => e.name)).toEqual(['e1']);
    expect(s.droppedEventsCount).toBe(12);
    expect(s.links.map((l) => l.traceState)).toEqual(['1']);
    expect(s.droppedLinksCount).toBe(1);
    expect([counters.droppedEvents, counters.droppedLinks]).toEqual([2, 1]);
  });

  it('works on decoder output (null-prototype maps, bigint ints)', () => {
    const json = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'x',
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000001000000000',
                  attributes: [
                    { key: '__proto__', value: { stringValue: 'long value' } },
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'extra', value: { boolValue: true } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const req = decodeTraceRequestJson(json);
    const r = applyLimits(req, limits({ maxAttributesPerSpan: 2, maxAttributeValueLength: 4 }));
    const a = req.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes;
    expect(Object.keys(a)).toEqual(['__proto__', 'big']);
    expect(a['__proto__']).toBe('long');
    expect(a.big).toBe(9007199254740993n);
    expect([r.droppedAttributes, r.truncatedValues]).toEqual([1, 1]);
  });
});

describe('helpers', () => {
  it('truncateString and valueJson', () => {
    expect(truncateString('😀😀', 3)).toBe('😀');
    expect(truncateString('😀', 1)).toBe('');
    expect(truncateString('abc', 0)).toBe('');
    expect(valueJson([null, true, 1.5, -3n, 'q"', Infinity])).toBe('[null,true,1.5,-3,"q\\"","Infinity"]');
  });
});
