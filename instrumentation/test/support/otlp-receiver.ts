/**
 * A minimal OTLP/HTTP receiver for tests: captures every POST body. Traces are decoded with the
 * collector's own decoder (src/otlp/decode-protobuf.ts); metrics with protobufjs and the subset of
 * opentelemetry/proto/metrics/v1 that histograms need.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { decodeTraceRequestProtobuf } from '../../../src/otlp/decode-protobuf.ts';
import type { Span } from '../../../src/otlp/types.ts';

export interface ReceivedExport {
  path: string;
  contentType: string;
  body: Buffer;
}

export interface ReceivedSpan {
  resource: Record<string, unknown>;
  scope: string;
  span: Span;
}

export interface ReceivedHistogram {
  name: string;
  unit: string;
  resource: Record<string, unknown>;
  points: Array<{ attributes: Record<string, unknown>; count: number; sum: number; explicitBounds: number[] }>;
}

export interface OtlpReceiver {
  url: string;
  exports: ReceivedExport[];
  spans(): ReceivedSpan[];
  histograms(): ReceivedHistogram[];
  close(): Promise<void>;
}

const METRICS_PROTO = `
syntax = "proto3";
package otlp;
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message InstrumentationScope { string name = 1; string version = 2; }
message HistogramDataPoint { repeated KeyValue attributes = 9; fixed64 count = 4; double sum = 5; repeated fixed64 bucket_counts = 6; repeated double explicit_bounds = 7; }
message Histogram { repeated HistogramDataPoint data_points = 1; int32 aggregation_temporality = 2; }
message Metric { string name = 1; string description = 2; string unit = 3; Histogram histogram = 9; }
message ScopeMetrics { InstrumentationScope scope = 1; repeated Metric metrics = 2; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
`;

const metricsRequestType = protobuf.parse(METRICS_PROTO, { keepCase: true }).root.lookupType('otlp.ExportMetricsServiceRequest');

type KeyValue = { key: string; value?: Record<string, unknown> };

function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { key, value } of list ?? []) {
    const [first] = Object.values(value ?? {});
    result[key] = typeof first === 'object' && first !== null && 'low' in first ? Number(String(first)) : first;
  }
  return result;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const exports: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      exports.push({ path: request.url ?? '', contentType: String(request.headers['content-type']), body: Buffer.concat(chunks) });
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports,
    spans() {
      return exports
        .filter((received) => received.path === '/v1/traces')
        .flatMap((received) =>
          decodeTraceRequestProtobuf(received.body).resourceSpans.flatMap((resourceSpans) =>
            resourceSpans.scopeSpans.flatMap((scopeSpans) =>
              scopeSpans.spans.map((span) => ({ resource: { ...resourceSpans.resource.attributes }, scope: scopeSpans.scope.name, span })),
            ),
          ),
        );
    },
    histograms() {
      return exports
        .filter((received) => received.path === '/v1/metrics')
        .flatMap((received) => {
          const request = metricsRequestType.toObject(metricsRequestType.decode(received.body), { longs: Number, defaults: true }) as {
            resource_metrics: Array<{ resource?: { attributes?: KeyValue[] }; scope_metrics: Array<{ metrics: Array<{ name: string; unit: string; histogram?: { data_points: Array<{ attributes: KeyValue[]; count: number; sum: number; explicit_bounds: number[] }> } }> }> }>;
          };
          return request.resource_metrics.flatMap((resourceMetrics) =>
            resourceMetrics.scope_metrics.flatMap((scopeMetrics) =>
              scopeMetrics.metrics
                .filter((metric) => metric.histogram)
                .map((metric) => ({
                  name: metric.name,
                  unit: metric.unit,
                  resource: attributesOf(resourceMetrics.resource?.attributes),
                  points: (metric.histogram?.data_points ?? []).map((point) => ({
                    attributes: attributesOf(point.attributes),
                    count: point.count,
                    sum: point.sum,
                    explicitBounds: point.explicit_bounds,
                  })),
                })),
            ),
          );
        });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
