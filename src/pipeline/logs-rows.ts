/**
 * A decoded, validated OTLP logs request → otel_logs rows (JSONEachRow text), one per record.
 * The resource/scope part of each row is rendered once per scope, not once per record.
 */
import type { ExportLogsRequest } from '../otlp/log-types.ts';
import { serviceNameOf } from '../store/tables/otel_traces.ts';
import { OTEL_LOGS, logRowJson, logScopePrefix } from '../store/tables/otel_logs.ts';

export interface SignalRows {
  /** table name → JSONEachRow lines */
  lines: Record<string, string>;
  counts: Record<string, number>;
  rows: number;
}

export function logsRows(req: ExportLogsRequest, projectId: string, receivedNs: bigint = BigInt(Date.now()) * 1_000_000n): SignalRows {
  let text = '';
  let n = 0;
  for (const rl of req.resourceLogs) {
    const serviceName = serviceNameOf(rl.resource.attributes);
    for (const sl of rl.scopeLogs) {
      if (sl.logRecords.length === 0) continue;
      const prefix = logScopePrefix({
        projectId,
        serviceName,
        resourceSchemaUrl: rl.schemaUrl,
        resourceAttributes: rl.resource.attributes,
        scopeSchemaUrl: sl.schemaUrl,
        scopeName: sl.scope.name,
        scopeVersion: sl.scope.version,
        scopeAttributes: sl.scope.attributes,
      });
      for (const r of sl.logRecords) {
        text += logRowJson(prefix, r, receivedNs);
        n++;
      }
    }
  }
  return { lines: { [OTEL_LOGS.name]: text }, counts: { [OTEL_LOGS.name]: n }, rows: n };
}
