import type { AttrMap } from '../otlp/types.ts';

/** What the GenAI understanding stage extracts from one span (before pricing and scoring). */
export interface LlmCall {
  operation: string; // gen_ai.operation.name: chat | text_completion | embeddings | generate_content | execute_tool | invoke_agent | …
  provider: string; // gen_ai.provider.name (openai, anthropic, aws.bedrock, gcp.gemini, …), '' when unknown
  requestModel: string;
  responseModel: string;
  responseId: string;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** true when the token counts were estimated (no usage from the provider). */
  tokensEstimated: boolean;
  /** A cost already present on the span (OpenLIT gen_ai.usage.cost …); null when none. */
  providedCostUsd: number | null;
  ttftMs: number | null;
  stream: boolean;
  finishReasons: string[];
  errorType: string; // '' when ok
  userId: string;
  sessionId: string;
  promptName: string;
  promptVersion: string;
  serverAddress: string;
  /** The API behind the call, as the provider described it ('' / 0 when not reported); see src/changes/. */
  systemFingerprint: string;
  serviceTier: string;
  /** HTTP status of the provider's answer (http.response.status_code); 0 when not reported. */
  httpStatus: number;
  apiVersion: string;
  /** `Deprecation` and `Sunset` response headers as sent, and an SDK deprecation warning. */
  apiDeprecation: string;
  apiSunset: string;
  sdkDeprecationWarning: string;
  /** Captured content, flattened to text ('' when content capture was off). */
  inputText: string;
  outputText: string;
  /** Context documents the answer should be grounded in (retrieval documents, system/context parts); '' when none. */
  contextText: string;
  /** The convention the span was read with: semconv | semconv-deprecated | openllmetry | openinference | openlit | vercel-ai */
  convention: string;
  /** llmscope.request.hash / .hash_normalized from the instrumentation ('' when absent): duplicate detection without content. */
  requestHash: string;
  requestHashNormalized: string;
  /** gen_ai.request.max_tokens; 0 when not set. */
  maxTokens: number;
  /** llmscope.cache.hit: a response cache answered (priced 0). */
  cacheHit: boolean;
}

/** A span event as the understanding stage reads it (exception.type, content events). */
export interface SpanEventLike {
  name: string;
  attributes: AttrMap;
}

/** A span together with the resource and scope it came from, as the understanding stage sees it. */
export interface SpanContext {
  resourceAttributes: AttrMap;
  spanAttributes: AttrMap;
  spanName: string;
  scopeName: string;
  /** OTLP Status.code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** OTLP SpanKind number (3 = client): a client agent span is a remote call that carries its own usage. */
  spanKind: number;
  events: readonly SpanEventLike[];
}
