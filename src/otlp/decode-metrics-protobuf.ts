/**
 * Hand-written decoder for opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
 * (OTLP/HTTP `application/x-protobuf`, and the OTLP/gRPC message). Same rules as the trace
 * decoder (decode-protobuf.ts), whose AnyValue, KeyValue, resource and scope readers it shares.
 * Repeated scalars (bucket counts, explicit bounds) are read packed or unpacked, as protobuf
 * parsers must accept both. A metric whose data oneof is set more than once keeps the last one.
 * Limits while reading, as for spans (DecodeLimits): data points past maxSpans (the per-request
 * item cap) and attributes of one map past maxAttributes are skipped over without being decoded,
 * and counted in `skippedAtDecode`.
 */
import { ProtoReader } from './proto-reader.ts';
import { AttrSink, Budget, newAttrMap, type DecodeLimits, decodeResourceEnvelope, decodeScopeEnvelope } from './decode-protobuf.ts';
import {
  aggregationTemporalityOf,
  type Exemplar,
  type ExponentialBuckets,
  type ExponentialHistogramDataPoint,
  type ExportMetricsRequest,
  type HistogramDataPoint,
  type Int64,
  type Metric,
  type MetricData,
  type NumberDataPoint,
  type ResourceMetrics,
  type ScopeMetrics,
  type SummaryDataPoint,
  type ValueAtQuantile,
} from './metric-types.ts';

export function decodeMetricsRequestProtobuf(buf: Uint8Array, limits: DecodeLimits = {}): ExportMetricsRequest {
  const r = new ProtoReader(buf);
  const budget = new Budget(limits);
  const resourceMetrics: ResourceMetrics[] = [];
  while (r.pos < r.length) {
    const tag = r.readVarint32();
    if (tag === 10) {
      // 1 resource_metrics
      const len = r.readLength();
      resourceMetrics.push(decodeResourceMetrics(r, r.pos + len, budget));
    } else {
      r.skipField(tag);
    }
  }
  const request: ExportMetricsRequest = { resourceMetrics };
  if (r.invalidUtf8 > 0) request.invalidUtf8 = r.invalidUtf8;
  if (budget.skippedSpans > 0 || budget.skippedAttributes > 0) request.skippedAtDecode = { items: budget.skippedSpans, attributes: budget.skippedAttributes };
  return request;
}

function decodeResourceMetrics(r: ProtoReader, end: number, budget: Budget): ResourceMetrics {
  const e = decodeResourceEnvelope(r, end, budget, decodeScopeMetrics, 'resource_metrics');
  return { resource: e.resource, schemaUrl: e.schemaUrl, scopeMetrics: e.scopes };
}

function decodeScopeMetrics(r: ProtoReader, end: number, budget: Budget): ScopeMetrics {
  // metrics are not capped here: their data points are
  const e = decodeScopeEnvelope(r, end, budget, decodeMetric, 'scope_metrics', false);
  return { scope: e.scope, schemaUrl: e.schemaUrl, metrics: e.items };
}

const EMPTY_DATA: MetricData = { type: 'empty', dataPoints: [] };

/** The end offset of the length-delimited field whose tag was just read (the length is read first). */
function subEnd(r: ProtoReader): number {
  const len = r.readLength();
  return r.pos + len;
}

function decodeMetric(r: ProtoReader, end: number, budget: Budget): Metric {
  let name = '';
  let description = '';
  let unit = '';
  let data: MetricData = EMPTY_DATA;
  const metadata = new AttrSink(newAttrMap());
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: // 1 name
        name = r.readString();
        break;
      case 18: // 2 description
        description = r.readString();
        break;
      case 26: // 3 unit
        unit = r.readString();
        break;
      case 42: // 5 gauge
        data = decodeNumberMetric(r, subEnd(r), 'gauge', budget);
        break;
      case 58: // 7 sum
        data = decodeNumberMetric(r, subEnd(r), 'sum', budget);
        break;
      case 74: // 9 histogram
        data = decodeHistogram(r, subEnd(r), budget);
        break;
      case 82: // 10 exponential_histogram
        data = decodeExponentialHistogram(r, subEnd(r), budget);
        break;
      case 90: // 11 summary
        data = decodeSummary(r, subEnd(r), budget);
        break;
      case 98: // 12 metadata
        metadata.read(r, 0, budget);
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'metric');
  return { name, description, unit, data, metadata: metadata.map };
}

/** Whether the next data point fits the item cap; a point past it is skipped over and counted. */
function admitPoint(r: ProtoReader, tag: number, budget: Budget): boolean {
  if (budget.spans >= budget.maxSpans) {
    r.skipField(tag);
    budget.skippedSpans++;
    return false;
  }
  budget.spans++;
  return true;
}

/** Gauge { 1 data_points } and Sum { 1 data_points, 2 aggregation_temporality, 3 is_monotonic }. */
function decodeNumberMetric(r: ProtoReader, end: number, type: 'gauge' | 'sum', budget: Budget): MetricData {
  const dataPoints: NumberDataPoint[] = [];
  let temporality = 0;
  let isMonotonic = false;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) {
      if (admitPoint(r, tag, budget)) dataPoints.push(decodeNumberDataPoint(r, subEnd(r), budget));
    }
    else if (tag === 16 && type === 'sum') temporality = r.readVarint32();
    else if (tag === 24 && type === 'sum') isMonotonic = r.readBool();
    else r.skipField(tag);
  }
  r.expectEnd(end, type);
  if (type === 'gauge') return { type, dataPoints };
  return { type, dataPoints, aggregationTemporality: aggregationTemporalityOf(temporality), isMonotonic };
}

function decodeHistogram(r: ProtoReader, end: number, budget: Budget): MetricData {
  const dataPoints: HistogramDataPoint[] = [];
  let temporality = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) {
      if (admitPoint(r, tag, budget)) dataPoints.push(decodeHistogramDataPoint(r, subEnd(r), budget));
    }
    else if (tag === 16) temporality = r.readVarint32();
    else r.skipField(tag);
  }
  r.expectEnd(end, 'histogram');
  return { type: 'histogram', dataPoints, aggregationTemporality: aggregationTemporalityOf(temporality) };
}

function decodeExponentialHistogram(r: ProtoReader, end: number, budget: Budget): MetricData {
  const dataPoints: ExponentialHistogramDataPoint[] = [];
  let temporality = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) {
      if (admitPoint(r, tag, budget)) dataPoints.push(decodeExponentialHistogramDataPoint(r, subEnd(r), budget));
    }
    else if (tag === 16) temporality = r.readVarint32();
    else r.skipField(tag);
  }
  r.expectEnd(end, 'exponential_histogram');
  return { type: 'exponential_histogram', dataPoints, aggregationTemporality: aggregationTemporalityOf(temporality) };
}

function decodeSummary(r: ProtoReader, end: number, budget: Budget): MetricData {
  const dataPoints: SummaryDataPoint[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 10) {
      if (admitPoint(r, tag, budget)) dataPoints.push(decodeSummaryDataPoint(r, subEnd(r), budget));
    }
    else r.skipField(tag);
  }
  r.expectEnd(end, 'summary');
  return { type: 'summary', dataPoints };
}

function decodeNumberDataPoint(r: ProtoReader, end: number, budget: Budget): NumberDataPoint {
  const attributes = new AttrSink(newAttrMap());
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let value: number | bigint = 0;
  const exemplars: Exemplar[] = [];
  let flags = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 17: // 2 start_time_unix_nano (fixed64)
        startTimeUnixNano = r.readFixed64();
        break;
      case 25: // 3 time_unix_nano (fixed64)
        timeUnixNano = r.readFixed64();
        break;
      case 33: // 4 as_double
        value = r.readDouble();
        break;
      case 42: // 5 exemplars
        exemplars.push(decodeExemplar(r, subEnd(r), budget));
        break;
      case 49: // 6 as_int (sfixed64)
        value = r.readSfixed64();
        break;
      case 58: // 7 attributes
        attributes.read(r, 0, budget);
        break;
      case 64: // 8 flags
        flags = r.readVarint32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'number_data_point');
  return { attributes: attributes.map, startTimeUnixNano, timeUnixNano, flags, value, exemplars };
}

function decodeHistogramDataPoint(r: ProtoReader, end: number, budget: Budget): HistogramDataPoint {
  const attributes = new AttrSink(newAttrMap());
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count: Int64 = 0;
  let sum: number | null = null;
  const bucketCounts: Int64[] = [];
  const explicitBounds: number[] = [];
  const exemplars: Exemplar[] = [];
  let flags = 0;
  let min: number | null = null;
  let max: number | null = null;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 17: // 2 start_time_unix_nano
        startTimeUnixNano = r.readFixed64();
        break;
      case 25: // 3 time_unix_nano
        timeUnixNano = r.readFixed64();
        break;
      case 33: // 4 count (fixed64)
        count = r.readFixed64Count();
        break;
      case 41: // 5 sum (optional double)
        sum = r.readDouble();
        break;
      case 50: {
        // 6 bucket_counts, packed fixed64
        const e = subEnd(r);
        while (r.pos < e) bucketCounts.push(r.readFixed64Count());
        r.expectEnd(e, 'bucket_counts');
        break;
      }
      case 49: // 6 bucket_counts, one unpacked fixed64
        bucketCounts.push(r.readFixed64Count());
        break;
      case 58: {
        // 7 explicit_bounds, packed double
        const e = subEnd(r);
        while (r.pos < e) explicitBounds.push(r.readDouble());
        r.expectEnd(e, 'explicit_bounds');
        break;
      }
      case 57: // 7 explicit_bounds, one unpacked double
        explicitBounds.push(r.readDouble());
        break;
      case 66: // 8 exemplars
        exemplars.push(decodeExemplar(r, subEnd(r), budget));
        break;
      case 74: // 9 attributes
        attributes.read(r, 0, budget);
        break;
      case 80: // 10 flags
        flags = r.readVarint32();
        break;
      case 89: // 11 min
        min = r.readDouble();
        break;
      case 97: // 12 max
        max = r.readDouble();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'histogram_data_point');
  return { attributes: attributes.map, startTimeUnixNano, timeUnixNano, flags, count, sum, bucketCounts, explicitBounds, exemplars, min, max };
}

function decodeExponentialHistogramDataPoint(r: ProtoReader, end: number, budget: Budget): ExponentialHistogramDataPoint {
  const attributes = new AttrSink(newAttrMap());
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count: Int64 = 0;
  let sum: number | null = null;
  let scale = 0;
  let zeroCount: Int64 = 0;
  let positive: ExponentialBuckets = { offset: 0, bucketCounts: [] };
  let negative: ExponentialBuckets = { offset: 0, bucketCounts: [] };
  let flags = 0;
  const exemplars: Exemplar[] = [];
  let min: number | null = null;
  let max: number | null = null;
  let zeroThreshold = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 10: // 1 attributes
        attributes.read(r, 0, budget);
        break;
      case 17: // 2 start_time_unix_nano
        startTimeUnixNano = r.readFixed64();
        break;
      case 25: // 3 time_unix_nano
        timeUnixNano = r.readFixed64();
        break;
      case 33: // 4 count (fixed64)
        count = r.readFixed64Count();
        break;
      case 41: // 5 sum
        sum = r.readDouble();
        break;
      case 48: // 6 scale (sint32)
        scale = r.readSint32();
        break;
      case 57: // 7 zero_count (fixed64)
        zeroCount = r.readFixed64Count();
        break;
      case 66: // 8 positive
        positive = decodeBuckets(r, subEnd(r));
        break;
      case 74: // 9 negative
        negative = decodeBuckets(r, subEnd(r));
        break;
      case 80: // 10 flags
        flags = r.readVarint32();
        break;
      case 90: // 11 exemplars
        exemplars.push(decodeExemplar(r, subEnd(r), budget));
        break;
      case 97: // 12 min
        min = r.readDouble();
        break;
      case 105: // 13 max
        max = r.readDouble();
        break;
      case 113: // 14 zero_threshold
        zeroThreshold = r.readDouble();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'exponential_histogram_data_point');
  return { attributes: attributes.map, startTimeUnixNano, timeUnixNano, flags, count, sum, scale, zeroCount, positive, negative, exemplars, min, max, zeroThreshold };
}

/** Buckets { 1 offset (sint32), 2 bucket_counts (repeated uint64) }. */
function decodeBuckets(r: ProtoReader, end: number): ExponentialBuckets {
  let offset = 0;
  const bucketCounts: Int64[] = [];
  while (r.pos < end) {
    const tag = r.readVarint32();
    if (tag === 8) offset = r.readSint32();
    else if (tag === 18) {
      const e = subEnd(r);
      while (r.pos < e) bucketCounts.push(r.readUint64());
      r.expectEnd(e, 'bucket_counts');
    } else if (tag === 16) bucketCounts.push(r.readUint64());
    else r.skipField(tag);
  }
  r.expectEnd(end, 'buckets');
  return { offset, bucketCounts };
}

function decodeSummaryDataPoint(r: ProtoReader, end: number, budget: Budget): SummaryDataPoint {
  const attributes = new AttrSink(newAttrMap());
  let startTimeUnixNano = 0n;
  let timeUnixNano = 0n;
  let count: Int64 = 0;
  let sum = 0;
  const quantileValues: ValueAtQuantile[] = [];
  let flags = 0;
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 17: // 2 start_time_unix_nano
        startTimeUnixNano = r.readFixed64();
        break;
      case 25: // 3 time_unix_nano
        timeUnixNano = r.readFixed64();
        break;
      case 33: // 4 count (fixed64)
        count = r.readFixed64Count();
        break;
      case 41: // 5 sum
        sum = r.readDouble();
        break;
      case 50: {
        // 6 quantile_values { 1 quantile, 2 value }
        const e = subEnd(r);
        let quantile = 0;
        let value = 0;
        while (r.pos < e) {
          const t = r.readVarint32();
          if (t === 9) quantile = r.readDouble();
          else if (t === 17) value = r.readDouble();
          else r.skipField(t);
        }
        r.expectEnd(e, 'value_at_quantile');
        quantileValues.push({ quantile, value });
        break;
      }
      case 58: // 7 attributes
        attributes.read(r, 0, budget);
        break;
      case 64: // 8 flags
        flags = r.readVarint32();
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'summary_data_point');
  return { attributes: attributes.map, startTimeUnixNano, timeUnixNano, flags, count, sum, quantileValues };
}

/** Exemplar { 7 filtered_attributes, 2 time_unix_nano, 3 as_double, 6 as_int, 4 span_id, 5 trace_id }. */
function decodeExemplar(r: ProtoReader, end: number, budget: Budget): Exemplar {
  const filteredAttributes = new AttrSink(newAttrMap());
  let timeUnixNano = 0n;
  let value: number | bigint = 0;
  let spanId = '';
  let traceId = '';
  while (r.pos < end) {
    const tag = r.readVarint32();
    switch (tag) {
      case 17: // 2 time_unix_nano
        timeUnixNano = r.readFixed64();
        break;
      case 25: // 3 as_double
        value = r.readDouble();
        break;
      case 34: // 4 span_id
        spanId = r.readIdHex();
        break;
      case 42: // 5 trace_id
        traceId = r.readIdHex();
        break;
      case 49: // 6 as_int (sfixed64)
        value = r.readSfixed64();
        break;
      case 58: // 7 filtered_attributes
        filteredAttributes.read(r, 0, budget);
        break;
      default:
        r.skipField(tag);
    }
  }
  r.expectEnd(end, 'exemplar');
  return { filteredAttributes: filteredAttributes.map, timeUnixNano, value, spanId, traceId };
}
