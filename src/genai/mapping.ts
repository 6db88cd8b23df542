import { ATTR, GEN_AI_EVENT, GUARDRAIL_ATTR, LLMSCOPE_ATTR } from '@llmscope/semconv';

/**
 * THE mapping from span attributes to LlmCall fields, for every convention we read.
 * Each field lists its sources in precedence order; the first one present on the span wins.
 * Current semconv names come first, then deprecated semconv, then the other libraries.
 *
 * Attribute names were checked against the libraries' sources:
 * - semconv: open-telemetry/semantic-conventions-genai model/gen-ai/registry.yaml
 * - OpenLLMetry: traceloop/openllmetry-js packages/ai-semantic-conventions/src/SemanticAttributes.ts,
 *   packages/instrumentation-anthropic/src/instrumentation.ts, @traceloop/instrumentation-openai 0.27 dist
 * - OpenInference: Arize-ai/openinference js/packages/openinference-semantic-conventions/src/trace/SemanticConventions.ts
 * - OpenLIT: openlit/openlit sdk/python/src/openlit/semcov/__init__.py
 * - Vercel AI SDK: vercel/ai content/docs/03-ai-sdk-core/60-telemetry.mdx and
 *   packages/ai/src/telemetry/__snapshots__/open-telemetry-integration.test.ts.snap
 */

/** A span attribute key; or a numeric key with a unit factor; or a path inside a JSON-valued attribute. */
export type AttrSource =
  | string
  | { readonly key: string; readonly scale: number }
  | { readonly key: string; readonly path: readonly string[] };

export type Convention = 'semconv' | 'semconv-deprecated' | 'openllmetry' | 'openinference' | 'openlit' | 'vercel-ai';

/** Keys whose presence makes a span worth reading; anything without one is rejected with these lookups only. */
export const GENAI_MARKER_KEYS: readonly string[] = [
  ATTR.OPERATION_NAME,
  ATTR.PROVIDER_NAME,
  ATTR.DEPRECATED_SYSTEM,
  ATTR.REQUEST_MODEL,
  'openinference.span.kind',
  'llm.request.type',
  'ai.operationId',
  'llm.model_name',
];

export const VERCEL_OPERATION_ID = 'ai.operationId';
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
export const OPENLLMETRY_REQUEST_TYPE = 'llm.request.type';
export const OPENINFERENCE_PROVIDER = 'llm.provider';
export const OPENINFERENCE_SYSTEM = 'llm.system';

/** Evidence of a convention beyond the marker keys (checked in understand.ts, in this order). */
export const CONVENTION_HINTS = {
  openlitCostKey: 'gen_ai.usage.cost',
  openlitScopePrefix: 'openlit',
  openlitSdkName: 'openlit', // resource telemetry.sdk.name
  openllmetryKeys: ['llm.request.type', 'gen_ai.prompt.0.role', 'gen_ai.prompt.0.content', 'gen_ai.completion.0.content', 'llm.usage.total_tokens', 'llm.is_streaming'],
  openllmetryScopePrefix: '@traceloop/',
} as const;

/** Provider sources other than OpenInference's llm.provider/llm.system pair (handled together). */
export const PROVIDER_SOURCES: readonly AttrSource[] = [ATTR.PROVIDER_NAME, ATTR.DEPRECATED_SYSTEM, 'ai.model.provider'];

/** Operation sources other than ai.operationId and openinference.span.kind (which need their own tables). */
export const OPERATION_SOURCES: readonly AttrSource[] = [ATTR.OPERATION_NAME, OPENLLMETRY_REQUEST_TYPE];

export const STRING_FIELDS = {
  // OpenInference: llm.model_name is the served model; the requested one is in the invocation parameters.
  requestModel: [ATTR.REQUEST_MODEL, 'llm.request.model_name', 'ai.model.id', { key: 'llm.invocation_parameters', path: ['model'] }, 'llm.model_name', 'embedding.model_name', 'reranker.model_name'],
  // OpenInference overwrites llm.model_name with the model the server reported.
  responseModel: [ATTR.RESPONSE_MODEL, 'ai.response.model', 'llm.response.model_name', 'llm.model_name'],
  responseId: [ATTR.RESPONSE_ID, 'ai.response.id'],
  errorType: [ATTR.ERROR_TYPE],
  serverAddress: [ATTR.SERVER_ADDRESS],
  // What the provider says about the API behind the call (api_changes, src/changes/).
  systemFingerprint: [ATTR.OPENAI_RESPONSE_SYSTEM_FINGERPRINT, ATTR.DEPRECATED_OPENAI_RESPONSE_SYSTEM_FINGERPRINT],
  serviceTier: [ATTR.OPENAI_RESPONSE_SERVICE_TIER, ATTR.DEPRECATED_OPENAI_RESPONSE_SERVICE_TIER],
  apiVersion: [LLMSCOPE_ATTR.API_VERSION],
  apiDeprecation: [LLMSCOPE_ATTR.API_DEPRECATION],
  apiSunset: [LLMSCOPE_ATTR.API_SUNSET],
  sdkDeprecationWarning: [LLMSCOPE_ATTR.SDK_DEPRECATION_WARNING],
  userId: [
    ATTR.USER_ID,
    'enduser.id',
    'gen_ai.request.user',
    'traceloop.association.properties.user_id',
    'traceloop.association.properties.userId',
    'ai.telemetry.metadata.userId',
    'ai.telemetry.metadata.user_id',
    'llm.user', // OpenLLMetry
    'langfuse.user.id',
  ],
  sessionId: [
    ATTR.SESSION_ID,
    'traceloop.association.properties.session_id',
    'traceloop.association.properties.sessionId',
    'ai.telemetry.metadata.sessionId',
    'ai.telemetry.metadata.session_id',
    'langfuse.session.id',
    ATTR.CONVERSATION_ID,
  ],
  promptName: [
    LLMSCOPE_ATTR.PROMPT_NAME,
    'gen_ai.prompt.name',
    'traceloop.prompt.key',
    'traceloop.association.properties.prompt_name',
    'ai.telemetry.metadata.promptName',
    'ai.telemetry.metadata.prompt_name',
    'langfuse.prompt.name',
    'prompt.id',
  ],
  promptVersion: [
    LLMSCOPE_ATTR.PROMPT_VERSION,
    'gen_ai.prompt.version',
    'traceloop.prompt.version',
    'traceloop.association.properties.prompt_version',
    'llm.prompt_template.version',
    'ai.telemetry.metadata.promptVersion',
    'ai.telemetry.metadata.prompt_version',
    'langfuse.prompt.version',
  ],
} as const satisfies Record<string, readonly AttrSource[]>;

/** Fields that fall back to resource attributes (apps often set user/session/prompt on the resource). */
export const RESOURCE_FALLBACK_FIELDS = ['userId', 'sessionId', 'promptName', 'promptVersion'] as const;

export const NUMBER_FIELDS = {
  httpStatus: [ATTR.HTTP_RESPONSE_STATUS_CODE, 'http.status_code'],
  inputTokens: [
    ATTR.USAGE_INPUT_TOKENS,
    ATTR.DEPRECATED_USAGE_PROMPT_TOKENS,
    'ai.usage.inputTokens',
    'ai.usage.promptTokens',
    'ai.usage.tokens', // embeddings
    'llm.token_count.prompt',
  ],
  outputTokens: [
    ATTR.USAGE_OUTPUT_TOKENS,
    ATTR.DEPRECATED_USAGE_COMPLETION_TOKENS,
    'ai.usage.outputTokens',
    'ai.usage.completionTokens',
    'llm.token_count.completion',
  ],
  cacheReadTokens: [
    ATTR.USAGE_CACHE_READ_INPUT_TOKENS,
    'gen_ai.usage.cache_read_input_tokens',
    'ai.usage.inputTokenDetails.cacheReadTokens',
    'ai.usage.cachedInputTokens',
    'llm.token_count.prompt_details.cache_read',
    { key: 'ai.response.providerMetadata', path: ['anthropic', 'cacheReadInputTokens'] },
    { key: 'ai.response.providerMetadata', path: ['bedrock', 'usage', 'cacheReadInputTokens'] },
  ],
  cacheWriteTokens: [
    ATTR.USAGE_CACHE_CREATION_INPUT_TOKENS,
    ATTR.USAGE_CACHE_WRITE_INPUT_TOKENS,
    'gen_ai.usage.cache_creation_input_tokens',
    'ai.usage.inputTokenDetails.cacheWriteTokens',
    'llm.token_count.prompt_details.cache_write',
    { key: 'ai.response.providerMetadata', path: ['anthropic', 'cacheCreationInputTokens'] },
    { key: 'ai.response.providerMetadata', path: ['bedrock', 'usage', 'cacheWriteInputTokens'] },
  ],
  reasoningTokens: [
    ATTR.USAGE_REASONING_OUTPUT_TOKENS,
    'gen_ai.usage.reasoning_tokens',
    'ai.usage.outputTokenDetails.reasoningTokens',
    'ai.usage.reasoningTokens',
    'llm.token_count.completion_details.reasoning',
  ],
  /** Only used to tell whether cache/reasoning counts are inside input/output (see tokens.ts). */
  totalTokens: ['gen_ai.usage.total_tokens', 'llm.usage.total_tokens', 'ai.usage.totalTokens', 'llm.token_count.total'],
  providedCostUsd: ['gen_ai.usage.cost', 'llm.cost.total'],
  maxTokens: [ATTR.REQUEST_MAX_TOKENS, 'llm.request.max_tokens', { key: 'llm.invocation_parameters', path: ['max_tokens'] }],
  ttftMs: [
    { key: ATTR.RESPONSE_TIME_TO_FIRST_CHUNK, scale: 1000 }, // seconds
    { key: 'ai.response.msToFirstChunk', scale: 1 },
    { key: 'ai.stream.msToFirstChunk', scale: 1 },
    { key: 'gen_ai.server.ttft', scale: 1000 }, // OpenLIT, seconds
    { key: 'gen_ai.server.time_to_first_token', scale: 1000 },
  ],
} as const satisfies Record<string, readonly AttrSource[]>;

export const BOOLEAN_FIELDS = {
  stream: [ATTR.REQUEST_STREAM, 'llm.is_streaming', 'gen_ai.request.is_stream', { key: 'llm.invocation_parameters', path: ['stream'] }],
  tokensEstimated: [LLMSCOPE_ATTR.USAGE_ESTIMATED],
  cacheHit: [LLMSCOPE_ATTR.CACHE_HIT],
} as const satisfies Record<string, readonly AttrSource[]>;

export const LIST_FIELDS = {
  finishReasons: [ATTR.RESPONSE_FINISH_REASONS, 'ai.response.finishReason', 'ai.finishReason', 'llm.finish_reason', 'llm.response.finish_reason', 'gen_ai.completion.0.finish_reason'],
} as const satisfies Record<string, readonly AttrSource[]>;

/** How a content attribute is laid out; content.ts has one flattener per format. */
export type ContentFormat =
  | 'messages' // semconv parts messages, OpenAI/Vercel-style messages (JSON string or structured)
  | 'request-body' // a request-like object: {system, messages, prompt, input}
  | 'response-body' // a response-like object: {choices}, {content}, or plain text
  | 'text' // plain text (or a list of texts)
  | 'json-text-list' // Vercel ai.values: array of JSON-encoded strings
  | 'parts' // semconv system instructions: parts array or string
  | 'documents' // semconv retrieval documents: [{id, score, content, …}]
  | 'indexed-openllmetry' // gen_ai.prompt.N.role/content
  | 'indexed-openinference' // llm.input_messages.N.message.role/content/contents.M.message_content.text
  | 'indexed-documents' // retrieval.documents.N.document.content
  | 'indexed-embeddings'; // embedding.embeddings.N.embedding.text

export interface ContentSource {
  /** Attribute key, or the prefix of indexed keys. */
  readonly key: string;
  readonly format: ContentFormat;
  /** Read from the attributes of span events with this name instead of the span's own attributes. */
  readonly event?: string;
  /** Only for spans read with this convention (saves walking indexed keys that cannot be there). */
  readonly only?: Convention;
}

/**
 * Content sources. For input and output the FIRST source present wins (libraries that emit two
 * spellings of the same content must not have it counted twice); context sources are all combined,
 * together with the system/tool parts found in the input messages.
 */
export const CONTENT_SOURCES = {
  input: [
    { key: ATTR.INPUT_MESSAGES, format: 'messages' },
    { key: 'ai.prompt.messages', format: 'messages', only: 'vercel-ai' },
    { key: 'ai.prompt', format: 'request-body', only: 'vercel-ai' },
    { key: 'gen_ai.prompt', format: 'indexed-openllmetry', only: 'openllmetry' },
    { key: 'llm.input_messages', format: 'indexed-openinference', only: 'openinference' },
    { key: 'gen_ai.content.prompt', format: 'messages' },
    { key: 'gen_ai.prompt', format: 'messages', event: 'gen_ai.content.prompt' }, // OpenLIT event
    { key: 'gen_ai.prompt', format: 'messages' }, // OpenLIT versions that set it on the span
    { key: ATTR.INPUT_MESSAGES, format: 'messages', event: GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS },
    { key: 'ai.values', format: 'json-text-list', only: 'vercel-ai' },
    { key: 'ai.value', format: 'json-text-list', only: 'vercel-ai' },
    { key: 'embedding.embeddings', format: 'indexed-embeddings', only: 'openinference' },
    { key: 'input.value', format: 'request-body' },
  ],
  output: [
    { key: ATTR.OUTPUT_MESSAGES, format: 'messages' },
    { key: 'ai.response.text', format: 'text', only: 'vercel-ai' },
    { key: 'ai.response.object', format: 'text', only: 'vercel-ai' },
    { key: 'ai.result.text', format: 'text', only: 'vercel-ai' },
    { key: 'gen_ai.completion', format: 'indexed-openllmetry', only: 'openllmetry' },
    { key: 'llm.output_messages', format: 'indexed-openinference', only: 'openinference' },
    { key: 'gen_ai.content.completion', format: 'response-body' },
    { key: 'gen_ai.completion', format: 'response-body', event: 'gen_ai.content.completion' }, // OpenLIT event
    { key: 'gen_ai.completion', format: 'response-body' },
    { key: ATTR.OUTPUT_MESSAGES, format: 'messages', event: GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS },
    { key: 'output.value', format: 'response-body' },
  ],
  context: [
    { key: ATTR.SYSTEM_INSTRUCTIONS, format: 'parts' },
    { key: ATTR.SYSTEM_INSTRUCTIONS, format: 'parts', event: GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS },
    { key: ATTR.RETRIEVAL_DOCUMENTS, format: 'documents' },
    { key: 'retrieval.documents', format: 'indexed-documents', only: 'openinference' },
  ],
} as const satisfies Record<string, readonly ContentSource[]>;

/** Message roles whose text is context (instructions, tool results) rather than the user's input. */
export const CONTEXT_ROLES: ReadonlySet<string> = new Set(['system', 'developer', 'tool', 'function', 'ipython']);

/** Exception events carry the error type when error.type is absent. */
export const EXCEPTION_EVENT = 'exception';
export const EXCEPTION_TYPE_KEY = 'exception.type';

/**
 * Instrumentation scopes that put prompts and completions on events (log records) rather than span
 * attributes when content capture is on: a call span of theirs without content waits for its events
 * (pipeline/event-join.ts). Checked against open-telemetry/opentelemetry-js-contrib
 * packages/instrumentation-openai and opentelemetry-python-contrib instrumentation-genai.
 */
export const EVENT_CONTENT_SCOPE_PREFIXES: readonly string[] = ['@opentelemetry/instrumentation-openai', 'opentelemetry.instrumentation.'];

/**
 * Agent, workflow and tool spans (agents.ts): semconv first, then OpenInference (agent.name,
 * tool.name, tool_call.id) and the Vercel AI SDK's ai.toolCall spans. A name missing from the
 * attributes is taken from the span name ("invoke_agent {gen_ai.agent.name}", "execute_tool
 * {gen_ai.tool.name}", "invoke_workflow {gen_ai.workflow.name}").
 */
export const AGENT_FIELDS = {
  agentName: [ATTR.AGENT_NAME, 'agent.name'],
  agentId: [ATTR.AGENT_ID],
  workflowName: [ATTR.WORKFLOW_NAME, 'traceloop.workflow.name'],
  toolName: [ATTR.TOOL_NAME, 'tool.name', 'ai.toolCall.name'],
  toolType: [ATTR.TOOL_TYPE],
  toolCallId: [ATTR.TOOL_CALL_ID, 'tool_call.id', 'ai.toolCall.id'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Guardrail spans and gen_ai.guardrail.result events (guardrails.ts). Current semconv-genai names
 * first; then the names of the earlier security-guardrail draft (gen_ai.guardrail.verdict.*,
 * gen_ai.guardrail.target.type, gen_ai.guardrail.security.*), which instrumentations shipped.
 */
export const GUARDRAIL_FIELDS = {
  guardrail: [GUARDRAIL_ATTR.COMPONENT_NAME, 'gen_ai.guardrail.name'],
  policyId: [GUARDRAIL_ATTR.POLICY_ID, 'gen_ai.guardrail.security.policy.id', 'gen_ai.guardrail.id'],
  policyVersion: [GUARDRAIL_ATTR.POLICY_VERSION],
  ruleId: [GUARDRAIL_ATTR.POLICY_RULE_ID, 'gen_ai.guardrail.security.policy.rule.id'],
  source: [GUARDRAIL_ATTR.SOURCE, 'gen_ai.guardrail.target.type', 'gen_ai.security.target.type'],
  resultType: [GUARDRAIL_ATTR.RESULT_TYPE],
  resultValue: [GUARDRAIL_ATTR.RESULT_VALUE],
  reason: [GUARDRAIL_ATTR.RESULT_REASON, 'gen_ai.guardrail.verdict.reason'],
  riskCategory: [GUARDRAIL_ATTR.RISK_CATEGORY, 'gen_ai.guardrail.security.risk.category'],
  riskScore: [GUARDRAIL_ATTR.RISK_SCORE, 'gen_ai.guardrail.security.risk.score'],
} as const satisfies Record<string, readonly string[]>;

/** The draft's verdict (result type 'verdict'), read when no result.type/value is present. */
export const GUARDRAIL_VERDICT_KEYS: readonly string[] = ['gen_ai.guardrail.verdict.type', 'gen_ai.security.decision.type'];
export const GUARDRAIL_VERDICT_RESULT_TYPE = 'verdict';
