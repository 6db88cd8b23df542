/**
 * The logs and metrics decoders on what the JS SDK never sends: summaries, exemplars, negative
 * exponential buckets, metric metadata, flags, zero thresholds, int64 extremes, unpacked repeated
 * scalars, unknown fields, and malformed input. Protobuf requests are encoded by protobufjs from
 * test/otlp/fixtures/otlp-logs-metrics.proto (an independent encoder) or, for bytes no encoder
 * emits, by the raw writer in raw-proto.ts; the JSON requests are the same data in OTLP/JSON.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeLogsRequestProtobuf } from '../../src/otlp/decode-logs-protobuf.ts';
import { decodeLogsRequestJson } from '../../src/otlp/decode-logs-json.ts';
import { decodeMetricsRequestProtobuf } from '../../src/otlp/decode-metrics-protobuf.ts';
import { decodeMetricsRequestJson } from '../../src/otlp/decode-metrics-json.ts';
import { DecodeError } from '../../src/otlp/types.ts';
import { parseSignal } from '../../src/otlp/parse.ts';
import { DEFAULT_LIMITS, newLimitCounters } from '../../src/otlp/limits.ts';
import { concat, doubleField, fixed64Field, hexBytes, lenField, message, tag, unknownFieldsOfEveryType, varint, varintField, WT } from './raw-proto.ts';

const root = protobuf.parse(readFileSync(new URL('./fixtures/otlp-logs-metrics.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const LogsType = root.lookupType('otlplm.ExportLogsServiceRequest');
const MetricsType = root.lookupType('otlplm.ExportMetricsServiceRequest');
const encode = (t: protobuf.Type, o: Record<string, unknown>) => t.encode(t.fromObject(o)).finish();
const kv = (key: string, value: Record<string, unknown>) => ({ key, value });

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

const metricsRequest = {
  resource_metrics: [
    {
      resource: { attributes: [kv('service.name', { string_value: 'svc' })], dropped_attributes_count: 2 },
      schema_url: 'https://example.com/r',
      scope_metrics: [
        {
          scope: { name: 'm-scope', version: '1.0', attributes: [kv('s', { int_value: '1' })] },
          schema_url: 'https://example.com/s',
          metrics: [
            {
              name: 'g.int',
              description: 'an int gauge',
              unit: 'By',
              metadata: [kv('meta', { string_value: 'x' })],
              gauge: {
                data_points: [
                  {
                    attributes: [kv('a', { string_value: 'b' })],
                    start_time_unix_nano: '1',
                    time_unix_nano: '18446744073709551615',
                    as_int: '-9223372036854775808',
                    flags: 1,
                    exemplars: [
                      {
                        filtered_attributes: [kv('user', { string_value: 'u1' })],
                        time_unix_nano: '1700000000000000001',
                        as_int: '9223372036854775807',
                        span_id: hexBytes(SPAN),
                        trace_id: hexBytes(TRACE),
                      },
                      { time_unix_nano: '5', as_double: 0.25 },
                    ],
                  },
                  { time_unix_nano: '7', as_double: -0 },
                ],
              },
            },
            { name: 's.delta', sum: { aggregation_temporality: 1, is_monotonic: true, data_points: [{ as_double: 1.5, time_unix_nano: '9' }] } },
            {
              name: 'h',
              histogram: {
                aggregation_temporality: 2,
                data_points: [
                  {
                    count: '18446744073709551615',
                    sum: 12.5,
                    bucket_counts: ['1', '9007199254740993'],
                    explicit_bounds: [0.5],
                    min: -1,
                    max: 1e300,
                    flags: 1,
                    exemplars: [{ as_double: 3.5, span_id: hexBytes(SPAN), trace_id: hexBytes(TRACE), time_unix_nano: '11' }],
                  },
                  { count: '0' },
                ],
              },
            },
            {
              name: 'e',
              exponential_histogram: {
                aggregation_temporality: 1,
                data_points: [
                  {
                    attributes: [kv('k', { bool_value: true })],
                    count: '10',
                    sum: -3.5,
                    scale: -3,
                    zero_count: '2',
                    zero_threshold: 1e-9,
                    positive: { offset: -2, bucket_counts: ['1', '2', '0', '18446744073709551615'] },
                    negative: { offset: 5, bucket_counts: ['3'] },
                    flags: 0,
                    min: -8,
                    max: 9,
                    exemplars: [{ as_int: '4', time_unix_nano: '12' }],
                  },
                ],
              },
            },
            {
              name: 'q',
              summary: {
                data_points: [
                  {
                    count: '4',
                    sum: 10,
                    quantile_values: [
                      { quantile: 0, value: 1 },
                      { quantile: 0.5, value: 2.5 },
                      { quantile: 1, value: 4 },
                    ],
                    flags: 1,
                    start_time_unix_nano: '3',
                    time_unix_nano: '4',
                    attributes: [kv('q', { double_value: 0.5 })],
                  },
                ],
              },
            },
            { name: 'no-data' },
          ],
        },
      ],
    },
  ],
};

const metricsJson = {
  resourceMetrics: [
    {
      resource: { attributes: [kv('service.name', { stringValue: 'svc' })], droppedAttributesCount: 2 },
      schemaUrl: 'https://example.com/r',
      scopeMetrics: [
        {
          scope: { name: 'm-scope', version: '1.0', attributes: [kv('s', { intValue: '1' })] },
          schemaUrl: 'https://example.com/s',
          metrics: [
            {
              name: 'g.int',
              description: 'an int gauge',
              unit: 'By',
              metadata: [kv('meta', { stringValue: 'x' })],
              gauge: {
                dataPoints: [
                  {
                    attributes: [kv('a', { stringValue: 'b' })],
                    startTimeUnixNano: '1',
                    timeUnixNano: '18446744073709551615',
                    asInt: '-9223372036854775808',
                    flags: 1,
                    exemplars: [
                      { filteredAttributes: [kv('user', { stringValue: 'u1' })], timeUnixNano: '1700000000000000001', asInt: '9223372036854775807', spanId: SPAN.toUpperCase(), traceId: TRACE },
                      { timeUnixNano: 5, asDouble: 0.25 },
                    ],
                  },
                  { timeUnixNano: '7', asDouble: '-0' },
                ],
              },
            },
            { name: 's.delta', sum: { aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA', isMonotonic: true, dataPoints: [{ asDouble: '1.5', timeUnixNano: '9' }] } },
            {
              name: 'h',
              histogram: {
                aggregationTemporality: 2,
                dataPoints: [
                  {
                    count: '18446744073709551615',
                    sum: 12.5,
                    bucketCounts: [1, '9007199254740993'],
                    explicitBounds: [0.5],
                    min: -1,
                    max: 1e300,
                    flags: 1,
                    exemplars: [{ asDouble: 3.5, spanId: SPAN, traceId: TRACE, timeUnixNano: '11' }],
                  },
                  { count: 0 },
                ],
              },
            },
            {
              name: 'e',
              exponentialHistogram: {
                aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                dataPoints: [
                  {
                    attributes: [kv('k', { boolValue: true })],
                    count: '10',
                    sum: -3.5,
                    scale: -3,
                    zeroCount: '2',
                    zeroThreshold: 1e-9,
                    positive: { offset: -2, bucketCounts: ['1', '2', '0', '18446744073709551615'] },
                    negative: { offset: 5, bucketCounts: [3] },
                    min: -8,
                    max: 9,
                    exemplars: [{ asInt: 4, timeUnixNano: '12' }],
                  },
                ],
              },
            },
            {
              name: 'q',
              summary: {
                dataPoints: [
                  {
                    count: '4',
                    sum: 10,
                    quantileValues: [{ quantile: 0, value: 1 }, { quantile: 0.5, value: 2.5 }, { quantile: 1, value: 4 }],
                    flags: 1,
                    startTimeUnixNano: '3',
                    timeUnixNano: '4',
                    attributes: [kv('q', { doubleValue: 0.5 })],
                  },
                ],
              },
            },
            { name: 'no-data' },
          ],
        },
      ],
    },
  ],
};

function checkMetricFields(req: ReturnType<typeof decodeMetricsRequestProtobuf>): void {
  const rm = req.resourceMetrics[0]!;
  expect(rm.resource).toEqual({ attributes: { 'service.name': 'svc' }, droppedAttributesCount: 2 });
  expect(rm.schemaUrl).toBe('https://example.com/r');
  const sm = rm.scopeMetrics[0]!;
  expect(sm.scope).toEqual({ name: 'm-scope', version: '1.0', attributes: { s: 1 }, droppedAttributesCount: 0 });
  expect(sm.schemaUrl).toBe('https://example.com/s');
  const [g, s, h, e, q, none] = sm.metrics;
  expect(g).toEqual({
    name: 'g.int',
    description: 'an int gauge',
    unit: 'By',
    metadata: { meta: 'x' },
    data: {
      type: 'gauge',
      dataPoints: [
        {
          attributes: { a: 'b' },
          startTimeUnixNano: 1n,
          timeUnixNano: 18446744073709551615n,
          value: -9223372036854775808n,
          flags: 1,
          exemplars: [
            { filteredAttributes: { user: 'u1' }, timeUnixNano: 1700000000000000001n, value: 9223372036854775807n, spanId: SPAN, traceId: TRACE },
            { filteredAttributes: {}, timeUnixNano: 5n, value: 0.25, spanId: '', traceId: '' },
          ],
        },
        { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 7n, value: -0, flags: 0, exemplars: [] },
      ],
    },
  });
  expect(Object.is((g!.data.dataPoints[1] as { value: number }).value, -0)).toBe(true);
  expect(s!.data).toEqual({
    type: 'sum',
    aggregationTemporality: 1,
    isMonotonic: true,
    dataPoints: [{ attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 9n, value: 1.5, flags: 0, exemplars: [] }],
  });
  expect(h!.data).toEqual({
    type: 'histogram',
    aggregationTemporality: 2,
    dataPoints: [
      {
        attributes: {},
        startTimeUnixNano: 0n,
        timeUnixNano: 0n,
        flags: 1,
        count: 18446744073709551615n,
        sum: 12.5,
        bucketCounts: [1, 9007199254740993n],
        explicitBounds: [0.5],
        min: -1,
        max: 1e300,
        exemplars: [{ filteredAttributes: {}, timeUnixNano: 11n, value: 3.5, spanId: SPAN, traceId: TRACE }],
      },
      { attributes: {}, startTimeUnixNano: 0n, timeUnixNano: 0n, flags: 0, count: 0, sum: null, bucketCounts: [], explicitBounds: [], min: null, max: null, exemplars: [] },
    ],
  });
  expect(e!.data).toEqual({
    type: 'exponential_histogram',
    aggregationTemporality: 1,
    dataPoints: [
      {
        attributes: { k: true },
        startTimeUnixNano: 0n,
        timeUnixNano: 0n,
        flags: 0,
        count: 10,
        sum: -3.5,
        scale: -3,
        zeroCount: 2,
        zeroThreshold: 1e-9,
        positive: { offset: -2, bucketCounts: [1, 2, 0, 18446744073709551615n] },
        negative: { offset: 5, bucketCounts: [3] },
        min: -8,
        max: 9,
        exemplars: [{ filteredAttributes: {}, timeUnixNano: 12n, value: 4, spanId: '', traceId: '' }],
      },
    ],
  });
  expect(q!.data).toEqual({
    type: 'summary',
    dataPoints: [
      {
        attributes: { q: 0.5 },
        startTimeUnixNano: 3n,
        timeUnixNano: 4n,
        flags: 1,
        count: 4,
        sum: 10,
        quantileValues: [
          { quantile: 0, value: 1 },
          { quantile: 0.5, value: 2.5 },
          { quantile: 1, value: 4 },
        ],
      },
    ],
  });
  expect(none).toEqual({ name: 'no-data', description: '', unit: '', metadata: {}, data: { type: 'empty', dataPoints: [] } });
}

describe('metrics: every field', () => {
  it('protobuf (protobufjs-encoded)', () => {
    checkMetricFields(decodeMetricsRequestProtobuf(encode(MetricsType, metricsRequest)));
  });

  it('JSON (camelCase, enum names, numbers or strings for 64-bit values, upper-case hex ids)', () => {
    checkMetricFields(decodeMetricsRequestJson(JSON.stringify(metricsJson)));
  });

  it('JSON accepts the proto snake_case names and the proto3 JSON strings for non-finite doubles', () => {
    const req = decodeMetricsRequestJson(
      JSON.stringify({
        resource_metrics: [{ scope_metrics: [{ metrics: [{ name: 'x', gauge: { data_points: [{ as_double: 'NaN' }, { as_double: '-Infinity' }] } }] }] }],
      }),
    );
    const values = req.resourceMetrics[0]!.scopeMetrics[0]!.metrics[0]!.data.dataPoints.map((p) => (p as { value: number }).value);
    expect(values).toEqual([NaN, -Infinity]);
  });

  it('protobuf: unpacked repeated scalars and unknown fields of every wire type are read', () => {
    const point = concat(
      fixed64Field(4, 3n), // count
      fixed64Field(6, 1n), // bucket_counts, unpacked
      fixed64Field(6, 2n),
      doubleField(7, 10), // explicit_bounds, unpacked
      unknownFieldsOfEveryType(),
    );
    const expoPoint = concat(message(8, varintField(1, 3 /* zigzag -2 */), varintField(2, 4), varintField(2, 5)), unknownFieldsOfEveryType());
    const buf = message(
      1,
      message(2, message(2, lenField(1, 'h'), message(9, message(1, point), varintField(2, 2))), message(2, lenField(1, 'e'), message(10, message(1, expoPoint)))),
      unknownFieldsOfEveryType(),
    );
    const metrics = decodeMetricsRequestProtobuf(buf).resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    expect(metrics[0]!.data).toMatchObject({ type: 'histogram', aggregationTemporality: 2, dataPoints: [{ count: 3, bucketCounts: [1, 2], explicitBounds: [10] }] });
    expect(metrics[1]!.data).toMatchObject({ type: 'exponential_histogram', dataPoints: [{ positive: { offset: -2, bucketCounts: [4, 5] } }] });
  });
});

const logsRequest = {
  resource_logs: [
    {
      resource: { attributes: [kv('service.name', { string_value: 'svc' })] },
      schema_url: 'https://example.com/r',
      scope_logs: [
        {
          scope: { name: 'l-scope', version: '2' },
          schema_url: 'https://example.com/s',
          log_records: [
            {
              time_unix_nano: '1700000000000000001',
              observed_time_unix_nano: '18446744073709551615',
              severity_number: 17,
              severity_text: 'ERROR',
              body: { kvlist_value: { values: [kv('content', { string_value: 'hi' }), kv('n', { int_value: '-9223372036854775808' })] } },
              attributes: [kv('gen_ai.system', { string_value: 'openai' })],
              dropped_attributes_count: 4294967295,
              flags: 0xffffffff,
              trace_id: hexBytes(TRACE),
              span_id: hexBytes(SPAN),
              event_name: 'gen_ai.choice',
            },
            { body: { bytes_value: Uint8Array.from([1, 2]) }, severity_number: 99 },
            {},
          ],
        },
      ],
    },
  ],
};

const logsJson = {
  resourceLogs: [
    {
      resource: { attributes: [kv('service.name', { stringValue: 'svc' })] },
      schemaUrl: 'https://example.com/r',
      scopeLogs: [
        {
          scope: { name: 'l-scope', version: '2' },
          schemaUrl: 'https://example.com/s',
          logRecords: [
            {
              timeUnixNano: '1700000000000000001',
              observedTimeUnixNano: '18446744073709551615',
              severityNumber: 'SEVERITY_NUMBER_ERROR',
              severityText: 'ERROR',
              body: { kvlistValue: { values: [kv('content', { stringValue: 'hi' }), kv('n', { intValue: '-9223372036854775808' })] } },
              attributes: [kv('gen_ai.system', { stringValue: 'openai' })],
              droppedAttributesCount: 4294967295,
              flags: 4294967295,
              traceId: TRACE,
              spanId: SPAN,
              eventName: 'gen_ai.choice',
            },
            { body: { bytesValue: 'AQI=' }, severityNumber: 99 },
            {},
          ],
        },
      ],
    },
  ],
};

function checkLogFields(req: ReturnType<typeof decodeLogsRequestProtobuf>): void {
  const rl = req.resourceLogs[0]!;
  expect(rl.resource.attributes).toEqual({ 'service.name': 'svc' });
  expect(rl.schemaUrl).toBe('https://example.com/r');
  expect(rl.scopeLogs[0]!.scope).toEqual({ name: 'l-scope', version: '2', attributes: {}, droppedAttributesCount: 0 });
  expect(rl.scopeLogs[0]!.schemaUrl).toBe('https://example.com/s');
  expect(rl.scopeLogs[0]!.logRecords).toEqual([
    {
      timeUnixNano: 1700000000000000001n,
      observedTimeUnixNano: 18446744073709551615n,
      severityNumber: 17,
      severityText: 'ERROR',
      body: { content: 'hi', n: -9223372036854775808n },
      attributes: { 'gen_ai.system': 'openai' },
      droppedAttributesCount: 4294967295,
      flags: 0xffffffff,
      traceId: TRACE,
      spanId: SPAN,
      eventName: 'gen_ai.choice',
    },
    // An unknown severity number reads as unspecified, as unknown span kinds do.
    { timeUnixNano: 0n, observedTimeUnixNano: 0n, severityNumber: 0, severityText: '', body: Uint8Array.from([1, 2]), attributes: {}, droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '' },
    { timeUnixNano: 0n, observedTimeUnixNano: 0n, severityNumber: 0, severityText: '', body: null, attributes: {}, droppedAttributesCount: 0, flags: 0, traceId: '', spanId: '', eventName: '' },
  ]);
}

describe('logs: every field', () => {
  it('protobuf (protobufjs-encoded)', () => {
    checkLogFields(decodeLogsRequestProtobuf(encode(LogsType, logsRequest)));
  });

  it('JSON (severity by name or number, base64 bytes)', () => {
    checkLogFields(decodeLogsRequestJson(JSON.stringify(logsJson)));
  });

  it('protobuf: invalid UTF-8 in a body is replaced and counted', () => {
    const buf = message(1, message(2, message(2, message(5, lenField(1, Uint8Array.from([0x68, 0xff, 0x69]))))));
    const req = decodeLogsRequestProtobuf(buf);
    expect(req.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.body).toBe('h\ufffdi');
    expect(req.invalidUtf8).toBe(1);
  });
});

function expectError(fn: () => unknown, msg: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(DecodeError);
  expect((thrown as Error).message).toMatch(msg);
}

describe('malformed input is a DecodeError, never a crash or a wrong value', () => {
  const good = encode(MetricsType, metricsRequest);
  const goodLogs = encode(LogsType, logsRequest);

  it('every truncation of a valid request either decodes a prefix-consistent message or throws DecodeError', () => {
    for (const [buf, decode] of [
      [good, decodeMetricsRequestProtobuf],
      [goodLogs, decodeLogsRequestProtobuf],
    ] as const) {
      for (let n = 1; n < buf.length; n++) {
        try {
          (decode as (b: Uint8Array) => unknown)(buf.subarray(0, n));
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
        }
      }
    }
  });

  it('a sub-message length past the end', () => {
    expectError(() => decodeMetricsRequestProtobuf(concat(tag(1, WT.LEN), varint(100), Uint8Array.of(1, 2))), /exceeds/);
    expectError(() => decodeLogsRequestProtobuf(concat(tag(1, WT.LEN), varint(100))), /exceeds/);
  });

  it('packed bucket counts that do not fill their length', () => {
    const point = concat(tag(6, WT.LEN), varint(5), Uint8Array.of(1, 2, 3, 4, 5));
    expectError(() => decodeMetricsRequestProtobuf(message(1, message(2, message(2, message(9, message(1, point)))))), /truncated|overruns/);
  });

  it('body AnyValue nested past the depth limit', () => {
    let v: Uint8Array = lenField(1, 'leaf');
    for (let i = 0; i < 40; i++) v = message(5, message(1, v)); // array_value { values { … } }
    expectError(() => decodeLogsRequestProtobuf(message(1, message(2, message(2, lenField(5, v))))), /deeper/);
    let j: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) j = { arrayValue: { values: [j] } };
    expectError(() => decodeLogsRequestJson(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: j }] }] }] })), /deeper/);
  });

  it('JSON type errors name the path', () => {
    expectError(() => decodeLogsRequestJson('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{},{"severityText":5}]}]}]}'), /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[1\]\.severityText/);
    expectError(
      () => decodeMetricsRequestJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["x"]}]}}]}]}]}'),
      /resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[0\]\.histogram\.dataPoints\[0\]\.bucketCounts\[0\]/,
    );
    expectError(() => decodeMetricsRequestJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"sum":{"isMonotonic":"yes"}}]}]}]}'), /isMonotonic/);
    expectError(() => decodeMetricsRequestJson('{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"exponentialHistogram":{"dataPoints":[{"scale":1e12}]}}]}]}]}'), /scale/);
    expectError(() => decodeMetricsRequestJson('[1]'), /expected a JSON object/);
    expectError(() => decodeLogsRequestJson('{"resourceLogs": 5}'), /resourceLogs/);
    expectError(() => decodeLogsRequestJson('{not json'), /invalid JSON/);
  });
});

describe('limits while reading', () => {
  const limits = { ...DEFAULT_LIMITS, maxSpansPerRequest: 10, maxAttributesPerSpan: 5 };
  const attrs = (n: number) => Array.from({ length: n }, (_, i) => kv(`k${i}`, { int_value: String(i) }));

  it('logs: records past the item cap and attributes past the map cap are skipped, counted and reported', () => {
    const t = (BigInt(Date.now()) * 1_000_000n).toString();
    const body = encode(LogsType, {
      resource_logs: [{ resource: { attributes: attrs(8) }, scope_logs: [{ log_records: Array.from({ length: 25 }, (_, i) => ({ time_unix_nano: t, body: { string_value: `r${i}` }, attributes: attrs(i === 0 ? 9 : 1) })) }] }],
    });
    const decoded = decodeLogsRequestProtobuf(body, { maxSpans: 10, maxAttributes: 5 });
    const records = decoded.resourceLogs[0]!.scopeLogs[0]!.logRecords;
    expect(records).toHaveLength(10);
    expect(Object.keys(records[0]!.attributes)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(records[0]!.droppedAttributesCount).toBe(4);
    expect(decoded.resourceLogs[0]!.resource.droppedAttributesCount).toBe(3);
    expect(decoded.skippedAtDecode).toEqual({ items: 15, attributes: 7 });
    const counters = newLimitCounters();
    const p = parseSignal('logs', 'protobuf', body, limits, counters);
    expect([p.received, p.kept, p.overLimit]).toEqual([25, 10, 15]);
    expect(p.message).toMatch(/15 log records rejected: the request has 25, more than the limit of 10/);
    expect(counters.droppedAttributes).toBe(7);
  });

  it('metrics: points past the item cap (across metrics) and attributes past the map cap are skipped and counted', () => {
    const t = (BigInt(Date.now()) * 1_000_000n).toString();
    const points = (n: number) => Array.from({ length: n }, (_, i) => ({ time_unix_nano: t, as_double: i, attributes: attrs(i === 0 ? 7 : 1) }));
    const body = encode(MetricsType, {
      resource_metrics: [{ scope_metrics: [{ metrics: [{ name: 'a', gauge: { data_points: points(6) } }, { name: 'b', sum: { data_points: points(6) } }, { name: 'c', histogram: { data_points: [{ time_unix_nano: t, count: '1' }] } }] }] }],
    });
    const decoded = decodeMetricsRequestProtobuf(body, { maxSpans: 10, maxAttributes: 5 });
    const metrics = decoded.resourceMetrics[0]!.scopeMetrics[0]!.metrics;
    expect(metrics.map((m) => m.data.dataPoints.length)).toEqual([6, 4, 0]);
    expect(Object.keys(metrics[0]!.data.dataPoints[0]!.attributes)).toHaveLength(5);
    expect(decoded.skippedAtDecode).toEqual({ items: 3, attributes: 4 });
    const p = parseSignal('metrics', 'protobuf', body, limits);
    expect([p.received, p.kept, p.overLimit]).toEqual([13, 10, 3]);
  });
});
