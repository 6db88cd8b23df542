/**
 * OTLP logs and metrics requests for the benchmarks, encoded by protobufjs (an independent
 * encoder) from test/otlp/fixtures/otlp-logs-metrics.proto: log records with realistic bodies
 * (a third carry a 2 KB message) and attributes; histogram/sum/gauge points with GenAI attributes.
 */
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';

const root = protobuf.parse(readFileSync(new URL('../../test/otlp/fixtures/otlp-logs-metrics.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const LogsType = root.lookupType('otlplm.ExportLogsServiceRequest');
const MetricsType = root.lookupType('otlplm.ExportMetricsServiceRequest');
const kv = (key: string, v: string | number) => ({ key, value: typeof v === 'string' ? { string_value: v } : { int_value: String(v) } });
const LONG = 'The quick brown fox jumps over the lazy dog while the collector keeps every record exactly once. '.repeat(20);

export function logsPayloads(requests: number, perRequest: number): { payloads: Uint8Array[]; items: number } {
  const base = BigInt(Date.now() - 600_000) * 1_000_000n;
  const payloads: Uint8Array[] = [];
  for (let r = 0; r < requests; r++) {
    const records = Array.from({ length: perRequest }, (_, i) => ({
      time_unix_nano: (base + BigInt(r * perRequest + i) * 1000n).toString(),
      observed_time_unix_nano: (base + BigInt(r * perRequest + i) * 1000n + 5n).toString(),
      severity_number: 9 + (i % 8),
      severity_text: 'INFO',
      body: { string_value: i % 3 === 0 ? `${LONG} #${r}-${i}` : `request ${r}-${i} handled in ${i % 97} ms` },
      attributes: [kv('http.route', `/api/v${i % 4}/items`), kv('user.id', `u-${i % 50}`), kv('attempt', i % 3)],
      trace_id: Buffer.from((r * perRequest + i + 1).toString(16).padStart(32, '0'), 'hex'),
      span_id: Buffer.from((i + 1).toString(16).padStart(16, '0'), 'hex'),
      flags: 1,
    }));
    const req = { resource_logs: [{ resource: { attributes: [kv('service.name', 'bench-logs'), kv('host.name', 'h1')] }, scope_logs: [{ scope: { name: 'bench' }, log_records: records }] }] };
    payloads.push(LogsType.encode(LogsType.fromObject(req)).finish());
  }
  return { payloads, items: requests * perRequest };
}

export function metricsPayloads(requests: number, perRequest: number): { payloads: Uint8Array[]; items: number } {
  const base = BigInt(Date.now() - 600_000) * 1_000_000n;
  const payloads: Uint8Array[] = [];
  const third = Math.floor(perRequest / 3);
  for (let r = 0; r < requests; r++) {
    const t = (base + BigInt(r) * 1_000_000_000n).toString();
    const attrs = (i: number) => [kv('gen_ai.request.model', `model-${i % 7}`), kv('gen_ai.operation.name', 'chat'), kv('gen_ai.token.type', i % 2 ? 'input' : 'output'), kv('series', i)];
    const req = {
      resource_metrics: [
        {
          resource: { attributes: [kv('service.name', 'bench-metrics')] },
          scope_metrics: [
            {
              scope: { name: 'bench' },
              metrics: [
                {
                  name: 'gen_ai.client.token.usage',
                  unit: '{token}',
                  histogram: {
                    aggregation_temporality: 1,
                    data_points: Array.from({ length: perRequest - 2 * third }, (_, i) => ({
                      attributes: attrs(i),
                      start_time_unix_nano: t,
                      time_unix_nano: t,
                      count: '10',
                      sum: 1234.5,
                      bucket_counts: ['0', '1', '2', '3', '4', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'],
                      explicit_bounds: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864],
                      min: 1,
                      max: 200,
                    })),
                  },
                },
                { name: 'requests', sum: { aggregation_temporality: 2, is_monotonic: true, data_points: Array.from({ length: third }, (_, i) => ({ attributes: attrs(i), time_unix_nano: t, as_int: String(i * 10) })) } },
                { name: 'queue.depth', gauge: { data_points: Array.from({ length: third }, (_, i) => ({ attributes: attrs(i), time_unix_nano: t, as_double: i / 3 })) } },
              ],
            },
          ],
        },
      ],
    };
    payloads.push(MetricsType.encode(MetricsType.fromObject(req)).finish());
  }
  return { payloads, items: requests * perRequest };
}
