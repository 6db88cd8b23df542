/**
 * A decoded, validated OTLP logs request → otel_logs rows (JSONEachRow text), one per record.
 * The resource/scope part of each row is rendered once per scope, not once per record.
 */
import type { ExportLogsRequest } from '../otlp/log-types.ts';
import { serviceNameOf } from '../store/tables/otel_traces.ts';
import { OTEL_LOGS, logRowJson, logScopePrefix } from '../store/tables/otel_logs.ts';
import { SCORES } from '../store/tables/scores.ts';
import { GUARDRAIL_RESULTS, guardrailRowJson } from '../store/tables/guardrail_results.ts';
import { readGuardrail } from '../genai/guardrails.ts';
import { GEN_AI_EVENT } from '@llmscope/semconv';
import { CONTENT_EVENT_NAMES, contentPiece, evaluationOf, eventNameOf } from '../genai/events.ts';
import { evaluationScoreJson } from './evaluation-scores.ts';
import type { EventJoin } from './event-join.ts';
import { countLogRecords } from '../otlp/log-types.ts';
import { boundResourceAttributes, resourceRowBudget } from './resource-budget.ts';

export interface SignalRows {
  /** table name → JSONEachRow lines */
  lines: Record<string, string>;
  counts: Record<string, number>;
  rows: number;
}

/**
 * Every record → otel_logs; gen_ai.evaluation.result records also → scores (source 'external'),
 * and gen_ai.guardrail.result records → guardrail_results, tied to their span by the record's trace
 * and span id.
 */
export function logsRows(req: ExportLogsRequest, projectId: string, receivedNs: bigint = BigInt(Date.now()) * 1_000_000n): SignalRows {
  let text = '';
  let n = 0;
  let scores = '';
  let nScores = 0;
  let guardrails = '';
  let nGuardrails = 0;
  // Resource and scope attributes are copied into every row: each copy is bounded (resource-budget.ts).
  const budget = resourceRowBudget(countLogRecords(req));
  for (const rl of req.resourceLogs) {
    const serviceName = serviceNameOf(rl.resource.attributes);
    const env = rl.resource.attributes['deployment.environment.name'] ?? rl.resource.attributes['deployment.environment'];
    const environment = typeof env === 'string' ? env : '';
    for (const sl of rl.scopeLogs) {
      if (sl.logRecords.length === 0) continue;
      const prefix = logScopePrefix({
        projectId,
        serviceName,
        resourceSchemaUrl: rl.schemaUrl,
        resourceAttributes: boundResourceAttributes(rl.resource.attributes, budget).attributes,
        scopeSchemaUrl: sl.schemaUrl,
        scopeName: sl.scope.name,
        scopeVersion: sl.scope.version,
        scopeAttributes: boundResourceAttributes(sl.scope.attributes, budget).attributes,
      });
      for (const r of sl.logRecords) {
        text += logRowJson(prefix, r, receivedNs);
        n++;
        const eventName = eventNameOf(r.eventName, r.attributes);
        if (eventName === GEN_AI_EVENT.EVALUATION_RESULT) {
          const ev = evaluationOf(r.attributes);
          if (ev) {
            scores += evaluationScoreJson(projectId, r.timeUnixNano || r.observedTimeUnixNano || receivedNs, r.traceId, r.spanId, serviceName, ev);
            nScores++;
          }
        } else if (eventName === GEN_AI_EVENT.GUARDRAIL_RESULT) {
          guardrails += guardrailRowJson({
            projectId,
            timeUnixNano: r.timeUnixNano || r.observedTimeUnixNano || receivedNs,
            traceId: r.traceId,
            spanId: r.spanId,
            serviceName,
            environment,
            origin: 'log',
            result: readGuardrail(r.attributes),
            durationMs: null,
          });
          nGuardrails++;
        }
      }
    }
  }
  return {
    lines: { [OTEL_LOGS.name]: text, [SCORES.name]: scores, [GUARDRAIL_RESULTS.name]: guardrails },
    counts: { [OTEL_LOGS.name]: n, [SCORES.name]: nScores, [GUARDRAIL_RESULTS.name]: nGuardrails },
    rows: n + nScores + nGuardrails,
  };
}

/** Hands the GenAI content events of a logs request (those tied to a span) to the join. */
export function offerContentEvents(req: ExportLogsRequest, projectId: string, join: EventJoin): void {
  for (const rl of req.resourceLogs) {
    const serviceName = serviceNameOf(rl.resource.attributes);
    for (const sl of rl.scopeLogs) {
      for (const r of sl.logRecords) {
        if (r.spanId === '' || r.traceId === '') continue;
        const name = eventNameOf(r.eventName, r.attributes);
        if (!CONTENT_EVENT_NAMES.has(name)) continue;
        const piece = contentPiece(name, r.body, r.attributes, Number(r.timeUnixNano || r.observedTimeUnixNano));
        if (piece) join.offer(projectId, serviceName, r.traceId, r.spanId, piece);
      }
    }
  }
}
