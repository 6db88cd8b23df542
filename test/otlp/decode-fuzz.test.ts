/**
 * Hostile protobuf input: every prefix of a real exporter payload, random bytes, and random
 * corruptions of a real payload. The decoder must return a well-formed request or throw
 * DecodeError — never another exception, never hang (each loop here is bounded by input size).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { DecodeError, type AttrValue, type ExportTraceRequest } from '../../src/otlp/types.ts';
import { producePayloads } from './sdk-fixture.ts';
import { mulberry32 } from '../../src/util/prng.ts';

let payload: Uint8Array;

beforeAll(async () => {
  const { protobufBodies } = await producePayloads();
  payload = protobufBodies[0];
}, 30_000);

const prng = mulberry32;

/** A cheap assertion for the hot fuzz loops (expect() per field would dominate the run time). */
function ensure(condition: boolean, what: string): void {
  if (!condition) throw new Error(`malformed decode result: ${what}`);
}

function checkValue(v: AttrValue): void {
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'number') return;
  if (v instanceof Uint8Array) return;
  if (Array.isArray(v)) return v.forEach(checkValue);
  ensure(typeof v === 'object', `attribute value of type ${typeof v}`);
  for (const k of Object.keys(v)) checkValue(v[k]);
}

const HEX_OR_EMPTY = /^(?:[0-9a-f]{2})*$/;

function checkWellFormed(req: ExportTraceRequest): void {
  ensure(Array.isArray(req.resourceSpans), 'resourceSpans');
  for (const rs of req.resourceSpans) {
    Object.values(rs.resource.attributes).forEach(checkValue);
    ensure(typeof rs.schemaUrl === 'string', 'schemaUrl');
    for (const ss of rs.scopeSpans) {
      ensure(typeof ss.scope.name === 'string', 'scope.name');
      for (const s of ss.spans) {
        ensure(HEX_OR_EMPTY.test(s.traceId) && HEX_OR_EMPTY.test(s.spanId) && HEX_OR_EMPTY.test(s.parentSpanId), 'ids');
        ensure(typeof s.startTimeUnixNano === 'bigint' && typeof s.endTimeUnixNano === 'bigint', 'times');
        ensure(Number.isInteger(s.flags) && s.flags >= 0 && s.flags <= 0xffffffff, 'flags');
        ensure(Number.isInteger(s.kind) && s.kind >= 0 && s.kind <= 5, 'kind');
        ensure(Number.isInteger(s.status.code) && s.status.code >= 0 && s.status.code <= 2, 'status.code');
        ensure(typeof s.name === 'string' && typeof s.status.message === 'string', 'strings');
        Object.values(s.attributes).forEach(checkValue);
        for (const e of s.events) ensure(typeof e.timeUnixNano === 'bigint', 'event time');
        for (const l of s.links) ensure(HEX_OR_EMPTY.test(l.traceId) && HEX_OR_EMPTY.test(l.spanId), 'link ids');
      }
    }
  }
}

/** Decodes, and returns 'ok' or 'decode-error'; any other exception fails the test. */
function attempt(buf: Uint8Array): 'ok' | 'decode-error' {
  let result: ExportTraceRequest;
  try {
    result = decodeTraceRequestProtobuf(buf);
  } catch (err) {
    if (err instanceof DecodeError) return 'decode-error';
    throw new Error(`non-DecodeError for input ${Buffer.from(buf).toString('hex').slice(0, 200)}: ${String(err)}`);
  }
  checkWellFormed(result);
  return 'ok';
}

describe('decodeTraceRequestProtobuf on hostile input', () => {
  it('handles the real payload cut at every byte offset', () => {
    expect(payload.length).toBeGreaterThan(1000);
    const outcomes = { ok: 0, 'decode-error': 0 };
    for (let cut = 0; cut < payload.length; cut++) outcomes[attempt(payload.subarray(0, cut))]++;
    // Only the empty prefix is a complete request: the payload is one resource_spans field.
    expect(outcomes.ok).toBe(1);
    expect(outcomes['decode-error']).toBe(payload.length - 1);
    expect(attempt(payload)).toBe('ok');
  });

  it('handles random bytes', () => {
    const rand = prng(1);
    const outcomes = { ok: 0, 'decode-error': 0 };
    for (let i = 0; i < 3000; i++) {
      const buf = new Uint8Array(1 + Math.floor(rand() * 300));
      for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rand() * 256);
      outcomes[attempt(buf)]++;
    }
    expect(outcomes.ok + outcomes['decode-error']).toBe(3000);
    expect(outcomes['decode-error']).toBeGreaterThan(0);
  });

  it('handles random corruptions of the real payload', () => {
    const rand = prng(2);
    const outcomes = { ok: 0, 'decode-error': 0 };
    for (let i = 0; i < 1500; i++) {
      const buf = Uint8Array.from(payload);
      const flips = 1 + Math.floor(rand() * 4);
      for (let f = 0; f < flips; f++) buf[Math.floor(rand() * buf.length)] = Math.floor(rand() * 256);
      outcomes[attempt(buf)]++;
    }
    // Both outcomes occur: some corruptions only change values, others break the structure.
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes['decode-error']).toBeGreaterThan(0);
  });
});
