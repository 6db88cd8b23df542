import type { LlmCall } from '../genai/types.ts';
import type { CostResult } from '../pricing/types.ts';

/** Score columns of llm_calls, filled by enrichment (null = not scored). */
export interface CallScores {
  toxicity: number | null;
  hallucination: number | null;
  readability: number | null;
  pii_count: number | null;
}

export interface LlmCallRowInput {
  projectId: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  spanName: string;
  serviceName: string;
  environment: string;
  call: LlmCall;
  cost: CostResult;
  scores: CallScores;
}

export const NO_SCORES: Readonly<CallScores> = Object.freeze({ toxicity: null, hallucination: null, readability: null, pii_count: null });

/** One llm_calls row as a JSONEachRow line. */
export function llmCallRowJson(r: LlmCallRowInput): string {
  const c = r.call;
  const durationNs = r.endTimeUnixNano - r.startTimeUnixNano;
  const rest = {
    trace_id: r.traceId,
    span_id: r.spanId,
    parent_span_id: r.parentSpanId,
    span_name: r.spanName,
    service_name: r.serviceName,
    environment: r.environment,
    operation: c.operation,
    provider: c.provider,
    request_model: c.requestModel,
    response_model: c.responseModel,
    response_id: c.responseId,
    input_tokens: c.inputTokens,
    output_tokens: c.outputTokens,
    cache_read_tokens: c.cacheReadTokens,
    cache_write_tokens: c.cacheWriteTokens,
    reasoning_tokens: c.reasoningTokens,
    tokens_estimated: c.tokensEstimated,
    cost_usd: r.cost.costUsd,
    cost_source: r.cost.source,
    priced: r.cost.priced,
    duration_ms: durationNs > 0n ? Number(durationNs) / 1e6 : 0,
    ttft_ms: c.ttftMs,
    stream: c.stream,
    status: c.errorType ? 'error' : 'ok',
    error_type: c.errorType,
    finish_reasons: c.finishReasons,
    user_id: c.userId,
    session_id: c.sessionId,
    prompt_name: c.promptName,
    prompt_version: c.promptVersion,
    server_address: c.serverAddress,
    convention: c.convention,
    input_text: c.inputText,
    output_text: c.outputText,
    toxicity: r.scores.toxicity,
    hallucination: r.scores.hallucination,
    readability: r.scores.readability,
    pii_count: r.scores.pii_count,
  };
  return `{"project_id":${JSON.stringify(r.projectId)},"timestamp":${r.startTimeUnixNano.toString()},` + JSON.stringify(rest).slice(1) + '\n';
}
