/** gen_ai.evaluation.result (an app's or framework's own evaluation) → a scores row with source 'external'. */
import type { Evaluation } from '../genai/events.ts';
import { scoreRowJson } from '../store/tables/scores.ts';

export const EXTERNAL_SCORE_SOURCE = 'external';

export function evaluationScoreJson(projectId: string, timeNs: bigint, traceId: string, spanId: string, serviceName: string, e: Evaluation, requestModel = ''): string {
  return scoreRowJson({
    project_id: projectId,
    timestamp: timeNs,
    trace_id: traceId,
    span_id: spanId,
    name: e.name,
    value: e.value,
    label: e.label,
    source: EXTERNAL_SCORE_SOURCE,
    explanation: e.explanation,
    service_name: serviceName,
    request_model: requestModel,
  });
}
