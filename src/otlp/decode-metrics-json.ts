/**
 * Decoder for OTLP/JSON ExportMetricsServiceRequest (OTLP/HTTP `application/json`), with the same
 * mapping rules as the trace decoder (decode-json.ts). uint64 counts are strings or numbers;
 * doubles may be the proto3 JSON strings "NaN", "Infinity", "-Infinity".
 */
import {
  jsonBool,
  jsonDouble,
  jsonEnum,
  jsonId,
  jsonInt32,
  jsonInt64,
  jsonOptionalDouble,
  jsonString,
  jsonUint32,
  jsonUint64,
  jsonUint64Time,
  takeStringRepairs,
} from './json-scalars.ts';
import {
  arrayOf,
  decodeAttributes,
  decodeResource,
  decodeScope,
  objectOrNull,
  parseRequestObject,
  pick,
  within,
  type JsonObject,
} from './decode-json.ts';
import {
  aggregationTemporalityOf,
  type Exemplar,
  type ExponentialBuckets,
  type ExponentialHistogramDataPoint,
  type ExportMetricsRequest,
  type HistogramDataPoint,
  type Metric,
  type MetricData,
  type NumberDataPoint,
  type ResourceMetrics,
  type ScopeMetrics,
  type SummaryDataPoint,
} from './metric-types.ts';

const TEMPORALITY_NAMES: ReadonlyMap<string, number> = new Map([
  ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 0],
  ['AGGREGATION_TEMPORALITY_DELTA', 1],
  ['AGGREGATION_TEMPORALITY_CUMULATIVE', 2],
]);

export function decodeMetricsRequestJson(text: string): ExportMetricsRequest {
  const request = parseRequestObject(text);
  const resourceMetrics = each(pick(request, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics', decodeResourceMetrics);
  const repaired = takeStringRepairs();
  return repaired > 0 ? { resourceMetrics, invalidUtf8: repaired } : { resourceMetrics };
}

/** Decodes every element of a JSON array field, prefixing errors with "field[i]". */
function each<T>(value: unknown, field: string, decode: (o: JsonObject) => T): T[] {
  const list = arrayOf(value, field);
  const out: T[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      out[i] = decode(objectOrNull(list[i], 'element') ?? {});
    } catch (err) {
      throw within(err, `${field}[${i}]`);
    }
  }
  return out;
}

function decodeResourceMetrics(o: JsonObject): ResourceMetrics {
  return {
    resource: decodeResource(objectOrNull(o.resource, 'resource')),
    schemaUrl: jsonString(pick(o, 'schemaUrl', 'schema_url'), 'schemaUrl'),
    scopeMetrics: each(pick(o, 'scopeMetrics', 'scope_metrics'), 'scopeMetrics', decodeScopeMetrics),
  };
}

function decodeScopeMetrics(o: JsonObject): ScopeMetrics {
  return {
    scope: decodeScope(objectOrNull(o.scope, 'scope')),
    schemaUrl: jsonString(pick(o, 'schemaUrl', 'schema_url'), 'schemaUrl'),
    metrics: each(o.metrics, 'metrics', decodeMetric),
  };
}

function decodeMetric(o: JsonObject): Metric {
  let data: MetricData = { type: 'empty', dataPoints: [] };
  // The data oneof: if several are set, the last one in the object wins (as in the protobuf decoder).
  for (const key in o) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    try {
      switch (key) {
        case 'gauge':
          data = { type: 'gauge', dataPoints: numberPoints(objectOrNull(v, 'gauge')!) };
          break;
        case 'sum': {
          const s = objectOrNull(v, 'sum')!;
          data = {
            type: 'sum',
            dataPoints: numberPoints(s),
            aggregationTemporality: temporality(s),
            isMonotonic: optionalBool(pick(s, 'isMonotonic', 'is_monotonic'), 'isMonotonic'),
          };
          break;
        }
        case 'histogram': {
          const h = objectOrNull(v, 'histogram')!;
          data = { type: 'histogram', dataPoints: each(pick(h, 'dataPoints', 'data_points'), 'dataPoints', histogramPoint), aggregationTemporality: temporality(h) };
          break;
        }
        case 'exponentialHistogram':
        case 'exponential_histogram': {
          const h = objectOrNull(v, key)!;
          data = {
            type: 'exponential_histogram',
            dataPoints: each(pick(h, 'dataPoints', 'data_points'), 'dataPoints', exponentialPoint),
            aggregationTemporality: temporality(h),
          };
          break;
        }
        case 'summary':
          data = { type: 'summary', dataPoints: each(pick(objectOrNull(v, 'summary')!, 'dataPoints', 'data_points'), 'dataPoints', summaryPoint) };
          break;
      }
    } catch (err) {
      throw within(err, key);
    }
  }
  return {
    name: jsonString(o.name, 'name'),
    description: jsonString(o.description, 'description'),
    unit: jsonString(o.unit, 'unit'),
    data,
    metadata: decodeAttributes(o.metadata, 'metadata'),
  };
}

function temporality(o: JsonObject): 0 | 1 | 2 {
  return aggregationTemporalityOf(jsonEnum(pick(o, 'aggregationTemporality', 'aggregation_temporality'), 'aggregationTemporality', TEMPORALITY_NAMES));
}

function optionalBool(value: unknown, field: string): boolean {
  return value === undefined || value === null ? false : jsonBool(value, field);
}

function numberPoints(o: JsonObject): NumberDataPoint[] {
  return each(pick(o, 'dataPoints', 'data_points'), 'dataPoints', (p) => ({
    ...pointBase(p),
    value: numberValue(p),
    exemplars: each(p.exemplars, 'exemplars', exemplar),
  }));
}

/** as_double / as_int (the oneof); 0 when neither is set. */
function numberValue(p: JsonObject): number | bigint {
  const d = pick(p, 'asDouble', 'as_double');
  if (d !== undefined && d !== null) return jsonDouble(d, 'asDouble');
  const i = pick(p, 'asInt', 'as_int');
  if (i !== undefined && i !== null) return jsonInt64(i, 'asInt');
  return 0;
}

function pointBase(p: JsonObject): { attributes: NumberDataPoint['attributes']; startTimeUnixNano: bigint; timeUnixNano: bigint; flags: number } {
  return {
    attributes: decodeAttributes(p.attributes, 'attributes'),
    startTimeUnixNano: jsonUint64Time(pick(p, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    timeUnixNano: jsonUint64Time(pick(p, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    flags: jsonUint32(p.flags, 'flags'),
  };
}

function histogramPoint(p: JsonObject): HistogramDataPoint {
  return {
    ...pointBase(p),
    count: jsonUint64(p.count, 'count'),
    sum: jsonOptionalDouble(p.sum, 'sum'),
    bucketCounts: arrayOf(pick(p, 'bucketCounts', 'bucket_counts'), 'bucketCounts').map((v, i) => jsonUint64(v, `bucketCounts[${i}]`)),
    explicitBounds: arrayOf(pick(p, 'explicitBounds', 'explicit_bounds'), 'explicitBounds').map((v, i) => jsonDouble(v, `explicitBounds[${i}]`)),
    exemplars: each(p.exemplars, 'exemplars', exemplar),
    min: jsonOptionalDouble(p.min, 'min'),
    max: jsonOptionalDouble(p.max, 'max'),
  };
}

function buckets(value: unknown, field: string): ExponentialBuckets {
  const o = objectOrNull(value, field);
  if (o === null) return { offset: 0, bucketCounts: [] };
  return {
    offset: jsonInt32(o.offset, `${field}.offset`),
    bucketCounts: arrayOf(pick(o, 'bucketCounts', 'bucket_counts'), `${field}.bucketCounts`).map((v, i) => jsonUint64(v, `${field}.bucketCounts[${i}]`)),
  };
}

function exponentialPoint(p: JsonObject): ExponentialHistogramDataPoint {
  return {
    ...pointBase(p),
    count: jsonUint64(p.count, 'count'),
    sum: jsonOptionalDouble(p.sum, 'sum'),
    scale: jsonInt32(p.scale, 'scale'),
    zeroCount: jsonUint64(pick(p, 'zeroCount', 'zero_count'), 'zeroCount'),
    positive: buckets(p.positive, 'positive'),
    negative: buckets(p.negative, 'negative'),
    exemplars: each(p.exemplars, 'exemplars', exemplar),
    min: jsonOptionalDouble(p.min, 'min'),
    max: jsonOptionalDouble(p.max, 'max'),
    zeroThreshold: jsonOptionalDouble(pick(p, 'zeroThreshold', 'zero_threshold'), 'zeroThreshold') ?? 0,
  };
}

function summaryPoint(p: JsonObject): SummaryDataPoint {
  return {
    ...pointBase(p),
    count: jsonUint64(p.count, 'count'),
    sum: jsonOptionalDouble(p.sum, 'sum') ?? 0,
    quantileValues: each(pick(p, 'quantileValues', 'quantile_values'), 'quantileValues', (q) => ({
      quantile: jsonOptionalDouble(q.quantile, 'quantile') ?? 0,
      value: jsonOptionalDouble(q.value, 'value') ?? 0,
    })),
  };
}

function exemplar(e: JsonObject): Exemplar {
  return {
    filteredAttributes: decodeAttributes(pick(e, 'filteredAttributes', 'filtered_attributes'), 'filteredAttributes'),
    timeUnixNano: jsonUint64Time(pick(e, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    value: numberValue(e),
    spanId: jsonId(pick(e, 'spanId', 'span_id'), 'spanId'),
    traceId: jsonId(pick(e, 'traceId', 'trace_id'), 'traceId'),
  };
}
