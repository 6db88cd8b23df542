/**
 * OpenTelemetry GenAI semantic-convention attribute names: the one place they are spelled.
 * The instrumentation emits them; the collector (src/genai) reads them.
 */
export const ATTR = {
  OPERATION_NAME: 'gen_ai.operation.name',
  PROVIDER_NAME: 'gen_ai.provider.name',
  REQUEST_MODEL: 'gen_ai.request.model',
  REQUEST_MAX_TOKENS: 'gen_ai.request.max_tokens',
  REQUEST_TEMPERATURE: 'gen_ai.request.temperature',
  REQUEST_TOP_P: 'gen_ai.request.top_p',
  REQUEST_TOP_K: 'gen_ai.request.top_k',
  REQUEST_FREQUENCY_PENALTY: 'gen_ai.request.frequency_penalty',
  REQUEST_PRESENCE_PENALTY: 'gen_ai.request.presence_penalty',
  REQUEST_STOP_SEQUENCES: 'gen_ai.request.stop_sequences',
  REQUEST_SEED: 'gen_ai.request.seed',
  REQUEST_CHOICE_COUNT: 'gen_ai.request.choice.count',
  REQUEST_ENCODING_FORMATS: 'gen_ai.request.encoding_formats',
  REQUEST_STREAM: 'gen_ai.request.stream',
  /** Requested reasoning/thinking effort (low, medium, high, …). */
  REQUEST_REASONING_LEVEL: 'gen_ai.request.reasoning.level',
  OUTPUT_TYPE: 'gen_ai.output.type',
  CONVERSATION_ID: 'gen_ai.conversation.id',
  AGENT_NAME: 'gen_ai.agent.name',
  AGENT_ID: 'gen_ai.agent.id',
  WORKFLOW_NAME: 'gen_ai.workflow.name',
  TOOL_NAME: 'gen_ai.tool.name',
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  TOOL_TYPE: 'gen_ai.tool.type',
  RESPONSE_ID: 'gen_ai.response.id',
  RESPONSE_MODEL: 'gen_ai.response.model',
  RESPONSE_FINISH_REASONS: 'gen_ai.response.finish_reasons',
  RESPONSE_TIME_TO_FIRST_CHUNK: 'gen_ai.response.time_to_first_chunk',
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  USAGE_CACHE_READ_INPUT_TOKENS: 'gen_ai.usage.cache_read.input_tokens',
  USAGE_CACHE_CREATION_INPUT_TOKENS: 'gen_ai.usage.cache_creation.input_tokens',
  /** The newer semconv-genai name for cache creation (read by the collector; we still emit cache_creation). */
  USAGE_CACHE_WRITE_INPUT_TOKENS: 'gen_ai.usage.cache_write.input_tokens',
  USAGE_REASONING_OUTPUT_TOKENS: 'gen_ai.usage.reasoning.output_tokens',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  SYSTEM_INSTRUCTIONS: 'gen_ai.system_instructions',
  TOOL_DEFINITIONS: 'gen_ai.tool.definitions',
  RETRIEVAL_DOCUMENTS: 'gen_ai.retrieval.documents',
  DATA_SOURCE_ID: 'gen_ai.data_source.id',
  EMBEDDINGS_DIMENSION_COUNT: 'gen_ai.embeddings.dimension.count',
  SERVER_ADDRESS: 'server.address',
  SERVER_PORT: 'server.port',
  ERROR_TYPE: 'error.type',
  USER_ID: 'user.id',
  SESSION_ID: 'session.id',
  HTTP_RESPONSE_STATUS_CODE: 'http.response.status_code',
  /** Metric attribute of gen_ai.client.token.usage: 'input' | 'output'. */
  TOKEN_TYPE: 'gen_ai.token.type',
  /** OpenAI's serving tier and backend fingerprint (semconv `openai.*` registry; a change of either means the model behind the API changed). */
  OPENAI_REQUEST_SERVICE_TIER: 'openai.request.service_tier',
  OPENAI_RESPONSE_SERVICE_TIER: 'openai.response.service_tier',
  OPENAI_RESPONSE_SYSTEM_FINGERPRINT: 'openai.response.system_fingerprint',
  /** Deprecated names still emitted by older instrumentations. */
  DEPRECATED_SYSTEM: 'gen_ai.system',
  DEPRECATED_USAGE_PROMPT_TOKENS: 'gen_ai.usage.prompt_tokens',
  DEPRECATED_USAGE_COMPLETION_TOKENS: 'gen_ai.usage.completion_tokens',
  /** semconv ≤ 1.36 spelling of openai.request/response.* (still read by the collector). */
  DEPRECATED_OPENAI_REQUEST_SERVICE_TIER: 'gen_ai.openai.request.service_tier',
  DEPRECATED_OPENAI_RESPONSE_SERVICE_TIER: 'gen_ai.openai.response.service_tier',
  DEPRECATED_OPENAI_RESPONSE_SYSTEM_FINGERPRINT: 'gen_ai.openai.response.system_fingerprint',
} as const;

/** llmscope's own attributes (not in the semconv): prompt versioning, estimated usage. */
export const LLMSCOPE_ATTR = {
  PROMPT_NAME: 'llmscope.prompt.name',
  PROMPT_VERSION: 'llmscope.prompt.version',
  PROMPT_VARIABLES: 'llmscope.prompt.variables',
  FEATURE: 'llmscope.feature',
  /** true when usage token counts were estimated with a tokenizer because the provider sent none. */
  USAGE_ESTIMATED: 'llmscope.usage.estimated',
  /** true when captured content was shortened to the configured size cap. */
  CONTENT_TRUNCATED: 'llmscope.content.truncated',
  /** How a call ended before its response was fully read: 'consumer_break' (the app stopped reading the stream) or 'abandoned' (dropped unread). */
  STREAM_END: 'llmscope.stream.end',
  /**
   * Signs that the provider's API is changing under the app (no semconv names exist): the
   * `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) response headers as sent, the API version the
   * server answered with (`openai-version`, `anthropic-version`), and a deprecation warning the
   * provider's SDK printed for the call (e.g. "The model 'x' is deprecated and will reach end-of-life …").
   */
  API_DEPRECATION: 'llmscope.api.deprecation',
  API_SUNSET: 'llmscope.api.sunset',
  API_VERSION: 'llmscope.api.version',
  SDK_DEPRECATION_WARNING: 'llmscope.sdk.deprecation_warning',
  /** Keyed hash (hex) of the canonical request — model, messages, parameters — for duplicate detection without content. */
  REQUEST_HASH: 'llmscope.request.hash',
  /** The same after the texts were case-folded and their whitespace collapsed ("normalised duplicates"). */
  REQUEST_HASH_NORMALIZED: 'llmscope.request.hash_normalized',
  /** true when a response cache answered the call (no provider request; priced 0). */
  CACHE_HIT: 'llmscope.cache.hit',
} as const;

/** Response headers whose values the instrumentation records (lower case), by the attribute they go to. */
export const API_CHANGE_HEADERS = {
  [LLMSCOPE_ATTR.API_DEPRECATION]: ['deprecation'],
  [LLMSCOPE_ATTR.API_SUNSET]: ['sunset'],
  [LLMSCOPE_ATTR.API_VERSION]: ['openai-version', 'anthropic-version'],
} as const satisfies Record<string, readonly string[]>;

/** gen_ai.token.type values. */
export const TOKEN_TYPE = {
  INPUT: 'input',
  OUTPUT: 'output',
} as const;

/** gen_ai.operation.name values. */
export const OPERATION = {
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  EMBEDDINGS: 'embeddings',
  GENERATE_CONTENT: 'generate_content',
  CREATE_AGENT: 'create_agent',
  INVOKE_AGENT: 'invoke_agent',
  EXECUTE_TOOL: 'execute_tool',
  INVOKE_WORKFLOW: 'invoke_workflow',
  APPLY_GUARDRAIL: 'apply_guardrail',
  /** A query to a vector store or search index (span name "retrieval {gen_ai.data_source.id}"). */
  RETRIEVAL: 'retrieval',
} as const;

/**
 * Operation values the collector uses that the GenAI conventions do not define: OpenInference's
 * RERANKER span kind (a reranking step over retrieved documents).
 */
export const EXTRA_OPERATION = {
  RERANK: 'rerank',
} as const;

/** Well-known gen_ai.provider.name values. */
export const PROVIDER = {
  OPENAI: 'openai',
  ANTHROPIC: 'anthropic',
  AZURE_OPENAI: 'azure.ai.openai',
  AZURE_INFERENCE: 'azure.ai.inference',
  AWS_BEDROCK: 'aws.bedrock',
  GCP_GEMINI: 'gcp.gemini',
  GCP_VERTEX_AI: 'gcp.vertex_ai',
  GCP_GEN_AI: 'gcp.gen_ai',
  MISTRAL: 'mistral_ai',
  COHERE: 'cohere',
  GROQ: 'groq',
  DEEPSEEK: 'deepseek',
  PERPLEXITY: 'perplexity',
  XAI: 'x_ai',
  IBM_WATSONX: 'ibm.watsonx.ai',
  MOONSHOT: 'moonshot_ai',
  /** Not in the semconv list: OpenAI-compatible hosts recognised from the client's baseURL. */
  TOGETHER: 'together_ai',
  OLLAMA: 'ollama',
  VLLM: 'vllm',
  OPENROUTER: 'openrouter',
  FIREWORKS: 'fireworks_ai',
} as const;

/**
 * Metric instrument names and the spec's explicit bucket boundaries (checked against
 * open-telemetry/semantic-conventions-genai docs/gen-ai/gen-ai-metrics.md: time_to_first_chunk
 * uses the same boundaries as operation.duration).
 */
export const METRIC = {
  TOKEN_USAGE: 'gen_ai.client.token.usage',
  OPERATION_DURATION: 'gen_ai.client.operation.duration',
  TIME_TO_FIRST_CHUNK: 'gen_ai.client.operation.time_to_first_chunk',
  /** Time between consecutive output chunks of a streamed response, after the first (seconds). */
  TIME_PER_OUTPUT_CHUNK: 'gen_ai.client.operation.time_per_output_chunk',
} as const;

export const TOKEN_USAGE_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
export const DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

/** GenAI event names (events may also arrive as span events). */
export const GEN_AI_EVENT = {
  /** Carries gen_ai.input.messages / output.messages / system_instructions when content goes on events. */
  INFERENCE_OPERATION_DETAILS: 'gen_ai.client.inference.operation.details',
  /** 1.36-style per-message events (log records whose body is the message), still emitted by
   * @opentelemetry/instrumentation-openai and opentelemetry-instrumentation-openai-v2. */
  SYSTEM_MESSAGE: 'gen_ai.system.message',
  USER_MESSAGE: 'gen_ai.user.message',
  ASSISTANT_MESSAGE: 'gen_ai.assistant.message',
  TOOL_MESSAGE: 'gen_ai.tool.message',
  CHOICE: 'gen_ai.choice',
  /** An evaluation of a GenAI output by the app or a framework (attributes: EVALUATION_ATTR). */
  EVALUATION_RESULT: 'gen_ai.evaluation.result',
  /** A result reported by a guardrail (attributes: GUARDRAIL_ATTR), on its apply_guardrail span or as a log record. */
  GUARDRAIL_RESULT: 'gen_ai.guardrail.result',
} as const;

/**
 * Attributes of apply_guardrail spans and gen_ai.guardrail.result events (checked against
 * open-telemetry/semantic-conventions-genai docs/gen-ai/gen-ai-guardrails.md). Results are the
 * provider's own (result.type names the field, result.value its value): the conventions forbid
 * turning them into a generic allow/deny, so they are stored as reported.
 */
export const GUARDRAIL_ATTR = {
  COMPONENT_NAME: 'gen_ai.guardrail.component.name',
  POLICY_ID: 'gen_ai.guardrail.policy.id',
  POLICY_VERSION: 'gen_ai.guardrail.policy.version',
  POLICY_RULE_ID: 'gen_ai.guardrail.policy.rule.id',
  RESULT_TYPE: 'gen_ai.guardrail.result.type',
  RESULT_VALUE: 'gen_ai.guardrail.result.value',
  RESULT_REASON: 'gen_ai.guardrail.result.reason',
  SOURCE: 'gen_ai.guardrail.source',
  RISK_CATEGORY: 'gen_ai.guardrail.risk.category',
  RISK_SCORE: 'gen_ai.guardrail.risk.score',
} as const;

/** Attributes of gen_ai.evaluation.result events. */
export const EVALUATION_ATTR = {
  NAME: 'gen_ai.evaluation.name',
  SCORE_VALUE: 'gen_ai.evaluation.score.value',
  SCORE_LABEL: 'gen_ai.evaluation.score.label',
  EXPLANATION: 'gen_ai.evaluation.explanation',
} as const;

/** Pre-1.37 events carried their name in this attribute instead of LogRecord.event_name. */
export const EVENT_NAME_ATTR = 'event.name';
