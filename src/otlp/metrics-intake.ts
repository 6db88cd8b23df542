/**
 * The metrics signal's part of the intake chain: decode, count, validate, limit.
 *
 * A data point is rejected (first failing rule wins, reported through partial_success as
 * rejected_data_points) when:
 *   - its metric has no name                                   → "missing metric name"
 *   - time_unix_nano is before 2000-01-01 (or absent)          → "time before 2000"
 *   - time_unix_nano is more than 1 day after the clock         → "time more than 1 day in the future"
 *   - a histogram's bucket_counts is neither empty nor one longer than explicit_bounds
 *                                                              → "bucket counts do not match bounds"
 * Limits: points past the per-request item cap (maxSpansPerRequest) are rejected; every attribute
 * map (resource, scope, point, exemplar, metadata) follows the span attribute limits.
 */
import { decodeMetricsRequestJson } from './decode-metrics-json.ts';
import { decodeMetricsRequestProtobuf } from './decode-metrics-protobuf.ts';
import { countDataPoints, type ExportMetricsRequest, type Metric, type MetricData, type ResourceMetrics, type ScopeMetrics } from './metric-types.ts';
import { MAX_FUTURE_SKEW_NS, MIN_SPAN_TIME_NS, utf8Warning } from './validate.ts';
import { ValueLimiter, type LimitCounters, type Limits } from './limits.ts';
import { describeRejections, type WireFormat } from './intake-common.ts';

const REASONS = ['missing metric name', 'time before 2000', 'time more than 1 day in the future', 'bucket counts do not match bounds'] as const;
const VALID = -1;

type Point = MetricData['dataPoints'][number];

function rejectionReason(m: Metric, p: Point, maxTimeNs: bigint): number {
  if (m.name === '') return 0;
  if (p.timeUnixNano < MIN_SPAN_TIME_NS) return 1;
  if (p.timeUnixNano > maxTimeNs) return 2;
  if (m.data.type === 'histogram') {
    const h = p as Extract<MetricData, { type: 'histogram' }>['dataPoints'][number];
    if (h.bucketCounts.length !== 0 && h.bucketCounts.length !== h.explicitBounds.length + 1) return 3;
  }
  return VALID;
}

/** The metric with only the points `keep` accepts (the same object when all are kept). */
function filterPoints(m: Metric, keep: (p: Point) => boolean): Metric {
  const points = (m.data.dataPoints as Point[]).filter(keep);
  if (points.length === m.data.dataPoints.length) return m;
  return { ...m, data: { ...m.data, dataPoints: points } as MetricData };
}

const utf8 = new TextDecoder();

export const METRICS = {
  message: 'ExportMetricsServiceRequest',
  item: 'data point',

  decode(format: WireFormat, body: Uint8Array, limits?: Readonly<Limits>): ExportMetricsRequest {
    // Items past the per-request cap and attributes past the per-map cap are skipped while reading.
    const caps = limits ? { maxSpans: limits.maxSpansPerRequest, maxAttributes: limits.maxAttributesPerSpan } : {};
    return format === 'protobuf' ? decodeMetricsRequestProtobuf(body, caps) : decodeMetricsRequestJson(utf8.decode(body));
  },

  count: countDataPoints,

  validate(req: ExportMetricsRequest, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): { accepted: ExportMetricsRequest; rejected: number; message: string } {
    const maxTimeNs = nowNs + MAX_FUTURE_SKEW_NS;
    const counts = new Array<number>(REASONS.length).fill(0);
    let rejected = 0;
    for (const rm of req.resourceMetrics) {
      for (const sm of rm.scopeMetrics) {
        for (const m of sm.metrics) {
          for (const p of m.data.dataPoints as Point[]) {
            const reason = rejectionReason(m, p, maxTimeNs);
            if (reason !== VALID) {
              counts[reason]!++;
              rejected++;
            }
          }
        }
      }
    }
    if (rejected === 0) return { accepted: req, rejected: 0, message: utf8Warning(req, '') };
    const resourceMetrics: ResourceMetrics[] = [];
    for (const rm of req.resourceMetrics) {
      const scopeMetrics: ScopeMetrics[] = [];
      for (const sm of rm.scopeMetrics) {
        const metrics = sm.metrics.map((m) => filterPoints(m, (p) => rejectionReason(m, p, maxTimeNs) === VALID)).filter((m) => m.data.dataPoints.length > 0);
        if (metrics.length > 0) scopeMetrics.push({ ...sm, metrics });
      }
      if (scopeMetrics.length > 0) resourceMetrics.push({ ...rm, scopeMetrics });
    }
    const accepted: ExportMetricsRequest = { resourceMetrics };
    if (req.invalidUtf8 !== undefined) accepted.invalidUtf8 = req.invalidUtf8;
    if (req.skippedAtDecode !== undefined) accepted.skippedAtDecode = req.skippedAtDecode;
    return { accepted, rejected, message: utf8Warning(req, describeRejections(rejected, 'data point', REASONS, counts)) };
  },

  limit(req: ExportMetricsRequest, limits: Readonly<Limits>, counters?: LimitCounters): { req: ExportMetricsRequest; rejected: number; message: string } {
    // Items the decoder skipped past the cap are over the limit too (they were never decoded).
    const skippedItems = req.skippedAtDecode?.items ?? 0;
    const skippedAttributes = req.skippedAtDecode?.attributes ?? 0;
    req.skippedAtDecode = undefined;
    const total = countDataPoints(req);
    let rejected = 0;
    if (total > limits.maxSpansPerRequest) {
      let room = limits.maxSpansPerRequest;
      for (const rm of req.resourceMetrics) {
        for (const sm of rm.scopeMetrics) {
          sm.metrics = sm.metrics.map((m) => {
            const n = m.data.dataPoints.length;
            if (n <= room) {
              room -= n;
              return m;
            }
            const keep = room;
            room = 0;
            return { ...m, data: { ...m.data, dataPoints: m.data.dataPoints.slice(0, keep) } as MetricData };
          });
          sm.metrics = sm.metrics.filter((m) => m.data.dataPoints.length > 0);
        }
        rm.scopeMetrics = rm.scopeMetrics.filter((sm) => sm.metrics.length > 0);
      }
      req.resourceMetrics = req.resourceMetrics.filter((rm) => rm.scopeMetrics.length > 0);
      rejected = total - limits.maxSpansPerRequest;
    }
    rejected += skippedItems;
    const v = new ValueLimiter(limits);
    for (const rm of req.resourceMetrics) {
      rm.resource.droppedAttributesCount += v.map(rm.resource.attributes);
      for (const sm of rm.scopeMetrics) {
        sm.scope.droppedAttributesCount += v.map(sm.scope.attributes);
        for (const m of sm.metrics) {
          v.map(m.metadata);
          for (const p of m.data.dataPoints as Point[]) {
            v.map(p.attributes);
            if ('exemplars' in p) for (const e of p.exemplars) v.map(e.filteredAttributes);
          }
        }
      }
    }
    v.addTo(counters);
    if (counters) counters.droppedAttributes += skippedAttributes;
    if (counters) counters.rejectedSpans += rejected;
    const message =
      rejected === 0 ? '' : `${rejected} ${rejected === 1 ? 'data point' : 'data points'} rejected: the request has ${total + skippedItems}, more than the limit of ${limits.maxSpansPerRequest} per request`;
    return { req, rejected, message };
  },

  invalidUtf8: (req: ExportMetricsRequest): number => req.invalidUtf8 ?? 0,
};
