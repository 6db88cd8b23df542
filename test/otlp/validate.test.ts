import { describe, expect, it } from 'vitest';
import { MAX_FUTURE_SKEW_NS, MIN_SPAN_TIME_NS, validateTraceRequest } from '../../src/otlp/validate.ts';
import type { ExportTraceRequest, Span } from '../../src/otlp/types.ts';

const NOW = 1_760_000_000_000_000_000n; // 2025-10-09T08:53:20Z

function span(overrides: Partial<Span> = {}): Span {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: 'ok',
    kind: 1,
    startTimeUnixNano: NOW - 2_000_000_000n,
    endTimeUnixNano: NOW - 1_000_000_000n,
    attributes: {},
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: 0, message: '' },
    ...overrides,
  };
}

function request(...groups: Span[][][]): ExportTraceRequest {
  return {
    resourceSpans: groups.map((scopes, r) => ({
      resource: { attributes: { 'service.name': `svc${r}` }, droppedAttributesCount: 0 },
      schemaUrl: '',
      scopeSpans: scopes.map((spans, s) => ({ scope: { name: `scope${s}`, version: '', attributes: {}, droppedAttributesCount: 0 }, schemaUrl: '', spans })),
    })),
  };
}

describe('validateTraceRequest', () => {
  it('returns the same request object when every span is valid', () => {
    const req = request([[span(), span({ parentSpanId: '00f067aa0ba902b7', spanId: '00f067aa0ba902b8' })]]);
    const result = validateTraceRequest(req, NOW);
    expect(result.accepted).toBe(req);
    expect(result.rejectedSpans).toBe(0);
    expect(result.errorMessage).toBe('');
  });

  it('rejects spans with bad ids or times and summarises the reasons', () => {
    const bad = [
      span({ traceId: '' }),
      span({ traceId: '0'.repeat(32) }),
      span({ traceId: '0af7651916cd43dd8448eb211c8031' }), // 15 bytes
      span({ traceId: 'not-hex-not-hex-not-hex-not-hexx' }),
      span({ spanId: '' }),
      span({ spanId: '0000000000000000' }),
      span({ spanId: 'b7ad6b71692033' }),
      span({ parentSpanId: 'abc' }),
      span({ startTimeUnixNano: 0n, endTimeUnixNano: 0n }),
      span({ startTimeUnixNano: MIN_SPAN_TIME_NS - 1n, endTimeUnixNano: NOW }),
      span({ startTimeUnixNano: NOW, endTimeUnixNano: NOW - 1n }),
      span({ startTimeUnixNano: NOW, endTimeUnixNano: NOW + MAX_FUTURE_SKEW_NS + 1n }),
    ];
    const good = [span({ spanId: '1111111111111111' }), span({ spanId: '2222222222222222', startTimeUnixNano: MIN_SPAN_TIME_NS, endTimeUnixNano: NOW + MAX_FUTURE_SKEW_NS })];
    const req = request([[bad[0], good[0], bad[1]], bad.slice(2, 6)], [bad.slice(6)], [[good[1]]]);
    const result = validateTraceRequest(req, NOW);
    expect(result.rejectedSpans).toBe(12);
    expect(result.errorMessage).toBe(
      '12 spans rejected: invalid trace_id (4), invalid span_id (3), invalid parent_span_id (1), start time before 2000 (2), end before start (1), time more than 1 day in the future (1)',
    );
    // Only accepted spans remain; emptied scopes and resources are dropped; resources keep their identity.
    expect(result.accepted.resourceSpans).toHaveLength(2);
    expect(result.accepted.resourceSpans[0].resource).toBe(req.resourceSpans[0].resource);
    expect(result.accepted.resourceSpans[0].scopeSpans).toHaveLength(1);
    expect(result.accepted.resourceSpans[0].scopeSpans[0].spans).toEqual([good[0]]);
    expect(result.accepted.resourceSpans[1].resource.attributes).toEqual({ 'service.name': 'svc2' });
    expect(result.accepted.resourceSpans[1].scopeSpans[0].spans[0]).toBe(good[1]);
    // The input is left untouched.
    expect(req.resourceSpans[0].scopeSpans[1].spans).toHaveLength(4);
  });

  it('uses the singular for one span and reports invalid UTF-8 as a warning', () => {
    const one = validateTraceRequest(request([[span({ traceId: '' })]]), NOW);
    expect(one.errorMessage).toBe('1 span rejected: invalid trace_id (1)');
    expect(one.accepted.resourceSpans).toEqual([]);

    const warned: ExportTraceRequest = { ...request([[span()]]), invalidUtf8: 3 };
    const w = validateTraceRequest(warned, NOW);
    expect(w.accepted).toBe(warned);
    expect(w.rejectedSpans).toBe(0);
    expect(w.errorMessage).toBe('3 invalid UTF-8 sequences replaced with U+FFFD');

    const both = validateTraceRequest({ ...request([[span(), span({ spanId: '' })]]), invalidUtf8: 1 }, NOW);
    expect(both.errorMessage).toBe('1 span rejected: invalid span_id (1); 1 invalid UTF-8 sequence replaced with U+FFFD');
    expect(both.accepted.invalidUtf8).toBe(1);
  });

  it('uses the current clock by default', () => {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const farFuture = nowNs + 2n * MAX_FUTURE_SKEW_NS;
    expect(validateTraceRequest(request([[span({ startTimeUnixNano: nowNs, endTimeUnixNano: farFuture })]])).rejectedSpans).toBe(1);
    expect(validateTraceRequest(request([[span({ startTimeUnixNano: nowNs - 10n, endTimeUnixNano: nowNs })]])).rejectedSpans).toBe(0);
  });
});
