/**
 * Response bodies, read back by independent decoders: protobufjs (from the test .proto) and the
 * official exporter's own response deserializers in @opentelemetry/otlp-transformer.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_TYPE,
  RpcCode,
  encodeExportResponse,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatus,
  encodeStatusJson,
  encodeStatusProtobuf,
  rpcCodeForHttpStatus,
} from '../../src/otlp/response.ts';

const root = protobuf.parse(readFileSync(new URL('./fixtures/otlp-trace.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const ResponseType = root.lookupType('otlp.ExportTraceServiceResponse');
const StatusType = root.lookupType('otlp.RpcStatus');

const toObject = (type: protobuf.Type, bytes: Uint8Array) => type.toObject(type.decode(bytes), { longs: String, defaults: false });

describe('ExportTraceServiceResponse', () => {
  it('is empty when nothing was rejected', () => {
    expect(encodeExportResponseProtobuf()).toEqual(new Uint8Array(0));
    expect(encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: '' })).toEqual(new Uint8Array(0));
    expect(encodeExportResponseJson()).toBe('{}');
    expect(encodeExportResponseJson({ rejectedSpans: 0, errorMessage: '' })).toBe('{}');
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProtobuf())).toEqual({});
  });

  it('carries partial_success in protobuf, readable by protobufjs and the OTel exporter', () => {
    const partial = { rejectedSpans: 300, errorMessage: '2 spans rejected: invalid trace_id (1), end before start (1) — ü' };
    const bytes = encodeExportResponseProtobuf(partial);
    expect(toObject(ResponseType, bytes)).toEqual({ partial_success: { rejected_spans: '300', error_message: partial.errorMessage } });
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual({ partialSuccess: partial });
  });

  it('carries a warning with zero rejected spans', () => {
    const bytes = encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: 'warning' });
    expect(toObject(ResponseType, bytes)).toEqual({ partial_success: { error_message: 'warning' } });
    expect(encodeExportResponseJson({ rejectedSpans: 0, errorMessage: 'warning' })).toBe('{"partialSuccess":{"errorMessage":"warning"}}');
  });

  it('carries partial_success in JSON with int64 as a decimal string', () => {
    const json = encodeExportResponseJson({ rejectedSpans: 2, errorMessage: 'bad "ids"' });
    expect(json).toBe('{"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad \\"ids\\""}}');
    expect(JsonTraceSerializer.deserializeResponse(new TextEncoder().encode(json))).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad "ids"' },
    });
  });

  it('encodes counts beyond 2^32 exactly', () => {
    expect(toObject(ResponseType, encodeExportResponseProtobuf({ rejectedSpans: 2 ** 40 + 1, errorMessage: '' }))).toEqual({
      partial_success: { rejected_spans: '1099511627777' },
    });
  });

  it('dispatches by format', () => {
    expect(encodeExportResponse('json', { rejectedSpans: 1, errorMessage: 'x' })).toBe('{"partialSuccess":{"rejectedSpans":"1","errorMessage":"x"}}');
    expect(encodeExportResponse('protobuf', { rejectedSpans: 1, errorMessage: 'x' })).toEqual(Uint8Array.from([0x0a, 0x05, 0x08, 0x01, 0x12, 0x01, 0x78]));
    expect(CONTENT_TYPE).toEqual({ protobuf: 'application/x-protobuf', json: 'application/json' });
  });
});

describe('google.rpc.Status error body', () => {
  it('encodes code and message in protobuf', () => {
    const bytes = encodeStatusProtobuf(RpcCode.INVALID_ARGUMENT, 'malformed protobuf: truncated input');
    expect(toObject(StatusType, bytes)).toEqual({ code: 3, message: 'malformed protobuf: truncated input' });
    expect(bytes.subarray(0, 2)).toEqual(Uint8Array.from([0x08, 0x03]));
    expect(encodeStatus('protobuf', RpcCode.UNAVAILABLE, 'busy')).toEqual(Uint8Array.from([0x08, 14, 0x12, 4, 0x62, 0x75, 0x73, 0x79]));
  });

  it('encodes code and message in JSON', () => {
    expect(encodeStatusJson(RpcCode.RESOURCE_EXHAUSTED, 'slow down')).toBe('{"code":8,"message":"slow down"}');
    expect(encodeStatus('json', 0, '')).toBe('{}');
  });

  it('maps HTTP error statuses to gRPC codes', () => {
    expect([400, 401, 403, 404, 408, 413, 415, 429, 500, 503].map(rpcCodeForHttpStatus)).toEqual([3, 16, 7, 12, 4, 8, 12, 8, 13, 14]);
  });

  it('refuses codes that are not unsigned integers', () => {
    expect(() => encodeStatusProtobuf(-1, 'x')).toThrow(RangeError);
    expect(() => encodeStatusProtobuf(1.5, 'x')).toThrow(RangeError);
  });
});
