import { EXTRA_OPERATION, OPERATION, PROVIDER } from '@llmscope/semconv';

/**
 * Spellings of providers and operations seen in the wild, mapped to the semconv values
 * (gen_ai.provider.name / gen_ai.operation.name). Keys are lowercase.
 * Sources: semconv registry (provider members), deprecated gen_ai.system values, OpenLLMetry
 * ("Anthropic", llm.request.type), OpenLIT semcov (az.ai.openai, vertex_ai, gemini, …),
 * OpenInference LLMProvider/LLMSystem enums, Vercel AI SDK provider ids ("openai.chat", …).
 */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  openai: PROVIDER.OPENAI,
  anthropic: PROVIDER.ANTHROPIC,
  'azure.ai.openai': PROVIDER.AZURE_OPENAI,
  'az.ai.openai': PROVIDER.AZURE_OPENAI,
  azure_openai: PROVIDER.AZURE_OPENAI,
  'azure-openai': PROVIDER.AZURE_OPENAI,
  'azure.openai': PROVIDER.AZURE_OPENAI,
  azure: PROVIDER.AZURE_OPENAI,
  'azure.ai.inference': PROVIDER.AZURE_INFERENCE,
  'az.ai.inference': PROVIDER.AZURE_INFERENCE,
  azure_ai_inference: PROVIDER.AZURE_INFERENCE,
  'aws.bedrock': PROVIDER.AWS_BEDROCK,
  aws_bedrock: PROVIDER.AWS_BEDROCK,
  bedrock: PROVIDER.AWS_BEDROCK,
  'amazon-bedrock': PROVIDER.AWS_BEDROCK,
  aws: PROVIDER.AWS_BEDROCK,
  amazon: PROVIDER.AWS_BEDROCK,
  'gcp.vertex_ai': PROVIDER.GCP_VERTEX_AI,
  vertex_ai: PROVIDER.GCP_VERTEX_AI,
  vertexai: PROVIDER.GCP_VERTEX_AI,
  vertex: PROVIDER.GCP_VERTEX_AI,
  'google.vertex': PROVIDER.GCP_VERTEX_AI,
  'gcp.gemini': PROVIDER.GCP_GEMINI,
  gemini: PROVIDER.GCP_GEMINI,
  google: PROVIDER.GCP_GEMINI,
  'google.generative-ai': PROVIDER.GCP_GEMINI,
  'google.ai.studio': PROVIDER.GCP_GEMINI,
  google_genai: PROVIDER.GCP_GEMINI,
  'gcp.gen_ai': PROVIDER.GCP_GEN_AI,
  mistral_ai: PROVIDER.MISTRAL,
  mistralai: PROVIDER.MISTRAL,
  mistral: PROVIDER.MISTRAL,
  cohere: PROVIDER.COHERE,
  groq: PROVIDER.GROQ,
  deepseek: PROVIDER.DEEPSEEK,
  perplexity: PROVIDER.PERPLEXITY,
  x_ai: PROVIDER.XAI,
  xai: PROVIDER.XAI,
  'ibm.watsonx.ai': PROVIDER.IBM_WATSONX,
  'ibm.watson.ai': PROVIDER.IBM_WATSONX,
  watsonx: PROVIDER.IBM_WATSONX,
};

/** Vercel AI SDK provider ids are "<provider>.<api>" ("openai.chat", "google.vertex.chat", "vertex.anthropic.messages"). */
export function normalizeProvider(raw: string): string {
  const lower = raw.trim().toLowerCase();
  if (lower === '') return '';
  const direct = PROVIDER_ALIASES[lower];
  if (direct !== undefined) return direct;
  if (lower.startsWith('google.vertex') || lower.startsWith('vertex.')) return PROVIDER.GCP_VERTEX_AI;
  if (lower.startsWith('azure')) return PROVIDER.AZURE_OPENAI;
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const head = PROVIDER_ALIASES[lower.slice(0, dot)];
    if (head !== undefined) return head;
  }
  return lower;
}

/**
 * OpenInference splits the host (llm.provider: azure, aws, google, …) from the model family
 * (llm.system: openai, anthropic, vertexai, …); semconv names the endpoint, which is the host
 * when there is one.
 */
export function providerFromOpenInference(provider: string, system: string): string {
  const host = provider.trim().toLowerCase();
  if (host === 'azure') return PROVIDER.AZURE_OPENAI;
  if (host === 'aws') return PROVIDER.AWS_BEDROCK;
  if (host === 'google') return system.trim().toLowerCase() === 'vertexai' ? PROVIDER.GCP_VERTEX_AI : PROVIDER.GCP_GEMINI;
  return normalizeProvider(host !== '' ? host : system);
}

const OPERATION_ALIASES: Readonly<Record<string, string>> = {
  chat: OPERATION.CHAT,
  chat_completion: OPERATION.CHAT,
  chat_completions: OPERATION.CHAT,
  'chat.completions': OPERATION.CHAT,
  responses: OPERATION.CHAT,
  completion: OPERATION.TEXT_COMPLETION,
  completions: OPERATION.TEXT_COMPLETION,
  text_completion: OPERATION.TEXT_COMPLETION,
  embedding: OPERATION.EMBEDDINGS,
  embeddings: OPERATION.EMBEDDINGS,
  embed: OPERATION.EMBEDDINGS,
  generate_content: OPERATION.GENERATE_CONTENT,
  create_agent: OPERATION.CREATE_AGENT,
  invoke_agent: OPERATION.INVOKE_AGENT,
  agent: OPERATION.INVOKE_AGENT,
  execute_tool: OPERATION.EXECUTE_TOOL,
  tool: OPERATION.EXECUTE_TOOL,
  invoke_workflow: OPERATION.INVOKE_WORKFLOW,
  workflow: OPERATION.INVOKE_WORKFLOW,
  apply_guardrail: OPERATION.APPLY_GUARDRAIL,
  // the earlier security-guardrail draft's name for the same operation
  run_guardrail: OPERATION.APPLY_GUARDRAIL,
  retrieval: OPERATION.RETRIEVAL,
  retriever: OPERATION.RETRIEVAL,
  retrieve: OPERATION.RETRIEVAL,
  rerank: EXTRA_OPERATION.RERANK,
  reranker: EXTRA_OPERATION.RERANK,
};

export function normalizeOperation(raw: string): string {
  const lower = raw.trim().toLowerCase();
  return OPERATION_ALIASES[lower] ?? lower;
}

/**
 * openinference.span.kind → operation; kinds that are not a GenAI operation (CHAIN, EVALUATOR,
 * PROMPT, …) map to null. RETRIEVER and RERANKER are steps, not model calls (agents.ts); GUARDRAIL
 * is a guardrail check like semconv's apply_guardrail.
 */
const OPENINFERENCE_KIND_OPERATIONS: Readonly<Record<string, string>> = {
  LLM: OPERATION.CHAT,
  EMBEDDING: OPERATION.EMBEDDINGS,
  RETRIEVER: OPERATION.RETRIEVAL,
  RERANKER: EXTRA_OPERATION.RERANK,
  TOOL: OPERATION.EXECUTE_TOOL,
  AGENT: OPERATION.INVOKE_AGENT,
  GUARDRAIL: OPERATION.APPLY_GUARDRAIL,
};

export function operationFromOpenInferenceKind(kind: string): string | null {
  return OPENINFERENCE_KIND_OPERATIONS[kind.trim().toUpperCase()] ?? null;
}

/**
 * Operations that wrap other GenAI spans. Their usage, when present, is the sum of their children's,
 * so it is not counted again (see understand.ts for the remote-agent exception).
 */
export const WRAPPER_OPERATIONS: ReadonlySet<string> = new Set<string>([
  OPERATION.INVOKE_AGENT,
  OPERATION.CREATE_AGENT,
  OPERATION.EXECUTE_TOOL,
  OPERATION.INVOKE_WORKFLOW,
  'plan',
  'agent_step',
  // a retriever or reranker that embeds its query has an embeddings span of its own under it
  OPERATION.RETRIEVAL,
  EXTRA_OPERATION.RERANK,
]);
