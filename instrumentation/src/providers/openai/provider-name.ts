import { PROVIDER } from '@llmscope/semconv';
import type { ServerAddress } from '../server-address.ts';

/** OpenAI-compatible services recognised from the client's baseURL host. */
const HOST_RULES: ReadonlyArray<[RegExp, string]> = [
  [/(^|\.)openai\.azure\.com$|(^|\.)cognitiveservices\.azure\.com$/, PROVIDER.AZURE_OPENAI],
  [/(^|\.)services\.ai\.azure\.com$|(^|\.)models\.ai\.azure\.com$|(^|\.)inference\.ai\.azure\.com$/, PROVIDER.AZURE_INFERENCE],
  [/(^|\.)groq\.com$/, PROVIDER.GROQ],
  [/(^|\.)together\.(xyz|ai)$/, PROVIDER.TOGETHER],
  [/(^|\.)mistral\.ai$/, PROVIDER.MISTRAL],
  [/(^|\.)deepseek\.com$/, PROVIDER.DEEPSEEK],
  [/(^|\.)openrouter\.ai$/, PROVIDER.OPENROUTER],
  [/(^|\.)x\.ai$/, PROVIDER.XAI],
  [/(^|\.)perplexity\.ai$/, PROVIDER.PERPLEXITY],
  [/(^|\.)fireworks\.ai$/, PROVIDER.FIREWORKS],
  [/(^|\.)moonshot\.(ai|cn)$/, PROVIDER.MOONSHOT],
  [/^generativelanguage\.googleapis\.com$/, PROVIDER.GCP_GEMINI],
  [/(^|\.)aiplatform\.googleapis\.com$/, PROVIDER.GCP_VERTEX_AI],
  [/ollama/, PROVIDER.OLLAMA],
  [/vllm/, PROVIDER.VLLM],
];

/** Ollama's default port; vLLM has no distinctive default, so it is recognised by host name only. */
const OLLAMA_PORT = 11434;

/**
 * gen_ai.provider.name for an `openai` client: Azure when the client is an AzureOpenAI, otherwise
 * from the host (user mappings first, keyed by `host:port` or `host`), defaulting to openai.
 */
export function openaiCompatibleProvider(
  server: ServerAddress | undefined,
  isAzureClient: boolean,
  userMappings: Record<string, string>,
): string {
  if (isAzureClient) return PROVIDER.AZURE_OPENAI;
  if (!server) return PROVIDER.OPENAI;
  const host = server.address.toLowerCase();
  const mapped = userMappings[`${host}:${server.port}`] ?? userMappings[host];
  if (mapped) return mapped;
  for (const [pattern, provider] of HOST_RULES) if (pattern.test(host)) return provider;
  if (server.port === OLLAMA_PORT) return PROVIDER.OLLAMA;
  return PROVIDER.OPENAI;
}
