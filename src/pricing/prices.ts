import type { ModelPrice } from './types.ts';

/**
 * Built-in list prices, USD per token (written per million tokens for readability).
 *
 * As of 2025-11 (the providers' public pricing pages as last known to the author; prices change,
 * so users can override any entry with --prices / LLMSCOPE_PRICES):
 * - OpenAI: https://openai.com/api/pricing and https://platform.openai.com/docs/pricing (standard tier)
 * - Anthropic: https://docs.anthropic.com/en/docs/about-claude/pricing (5-minute cache write = 1.25× input,
 *   cache read = 0.1× input; Claude 3 Haiku lists its own cache prices)
 * - Google: https://ai.google.dev/gemini-api/docs/pricing (paid tier, prompts ≤ 200k tokens — longer
 *   prompts cost more and are not modelled; cache storage per hour is not modelled)
 * - Mistral: https://mistral.ai/pricing
 * - AWS Bedrock: https://aws.amazon.com/bedrock/pricing (on-demand, us-east-1; Claude on Bedrock and
 *   Vertex is priced as Anthropic's list price)
 * - DeepSeek: https://api-docs.deepseek.com/quick_start/pricing (V3.2, from 2025-09-29)
 * - Groq: https://groq.com/pricing
 * Keys are canonical model names (see match.ts): lowercase, no date suffix, no provider prefix,
 * except Bedrock-only models, which keep their vendor prefix (meta., amazon., mistral., cohere.).
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

const MTOK = 1_000_000;

function perMTok(input: number, output: number, cache: { read?: number; write?: number } = {}): ModelPrice {
  const price: ModelPrice = { input: input / MTOK, output: output / MTOK };
  if (cache.read !== undefined) price.cacheRead = cache.read / MTOK;
  if (cache.write !== undefined) price.cacheWrite = cache.write / MTOK;
  return price;
}

/** Anthropic: 5-minute cache writes cost 1.25× input, cache reads 0.1× input. */
function claude(input: number, output: number): ModelPrice {
  return perMTok(input, output, { write: input * 1.25, read: input * 0.1 });
}

export const BUILTIN_PRICES: PriceTable = {
  // OpenAI — cached input is billed at the cache-read price; there is no cache-write premium.
  'gpt-5.1': perMTok(1.25, 10, { read: 0.125 }),
  'gpt-5.1-codex-mini': perMTok(0.25, 2, { read: 0.025 }),
  'gpt-5': perMTok(1.25, 10, { read: 0.125 }),
  'gpt-5-mini': perMTok(0.25, 2, { read: 0.025 }),
  'gpt-5-nano': perMTok(0.05, 0.4, { read: 0.005 }),
  'gpt-5-pro': perMTok(15, 120),
  'gpt-4.1': perMTok(2, 8, { read: 0.5 }),
  'gpt-4.1-mini': perMTok(0.4, 1.6, { read: 0.1 }),
  'gpt-4.1-nano': perMTok(0.1, 0.4, { read: 0.025 }),
  'gpt-4.5-preview': perMTok(75, 150, { read: 37.5 }),
  'gpt-4o': perMTok(2.5, 10, { read: 1.25 }),
  'gpt-4o-2024-05-13': perMTok(5, 15),
  'chatgpt-4o-latest': perMTok(5, 15),
  'gpt-4o-realtime-preview': perMTok(5, 20, { read: 2.5 }),
  'gpt-4o-mini': perMTok(0.15, 0.6, { read: 0.075 }),
  'gpt-4o-mini-realtime-preview': perMTok(0.6, 2.4, { read: 0.3 }),
  'gpt-realtime': perMTok(4, 16, { read: 0.4 }),
  o1: perMTok(15, 60, { read: 7.5 }),
  'o1-mini': perMTok(1.1, 4.4, { read: 0.55 }),
  'o1-pro': perMTok(150, 600),
  o3: perMTok(2, 8, { read: 0.5 }),
  'o3-mini': perMTok(1.1, 4.4, { read: 0.55 }),
  'o3-pro': perMTok(20, 80),
  'o3-deep-research': perMTok(10, 40, { read: 2.5 }),
  'o4-mini': perMTok(1.1, 4.4, { read: 0.275 }),
  'o4-mini-deep-research': perMTok(2, 8, { read: 0.5 }),
  'gpt-4-turbo': perMTok(10, 30),
  'gpt-4-1106-preview': perMTok(10, 30),
  'gpt-4-0125-preview': perMTok(10, 30),
  'gpt-4-vision-preview': perMTok(10, 30),
  'gpt-4': perMTok(30, 60),
  'gpt-4-32k': perMTok(60, 120),
  'gpt-3.5-turbo': perMTok(0.5, 1.5),
  'gpt-3.5-turbo-1106': perMTok(1, 2),
  'gpt-3.5-turbo-0613': perMTok(1.5, 2),
  'gpt-3.5-turbo-16k': perMTok(3, 4),
  'gpt-3.5-turbo-instruct': perMTok(1.5, 2),
  'text-embedding-3-small': perMTok(0.02, 0),
  'text-embedding-3-large': perMTok(0.13, 0),
  'text-embedding-ada-002': perMTok(0.1, 0),
  'davinci-002': perMTok(2, 2),
  'babbage-002': perMTok(0.4, 0.4),

  // Anthropic (also Bedrock anthropic.* and Vertex claude-*@date ids after normalisation)
  'claude-opus-4-5': claude(5, 25),
  'claude-opus-4-1': claude(15, 75),
  'claude-opus-4': claude(15, 75),
  'claude-sonnet-4-5': claude(3, 15),
  'claude-sonnet-4': claude(3, 15),
  'claude-haiku-4-5': claude(1, 5),
  'claude-3-7-sonnet': claude(3, 15),
  'claude-3-5-sonnet': claude(3, 15),
  'claude-3-5-haiku': claude(0.8, 4),
  'claude-3-opus': claude(15, 75),
  'claude-3-sonnet': claude(3, 15),
  'claude-3-haiku': perMTok(0.25, 1.25, { write: 0.3, read: 0.03 }),
  'claude-2.1': perMTok(8, 24),
  'claude-2.0': perMTok(8, 24),
  'claude-instant-1.2': perMTok(0.8, 2.4),

  // Google Gemini (≤ 200k-token prompts; cache writes are billed as normal input)
  'gemini-3-pro-preview': perMTok(2, 12, { read: 0.2 }),
  'gemini-2.5-pro': perMTok(1.25, 10, { read: 0.125 }),
  'gemini-2.5-flash': perMTok(0.3, 2.5, { read: 0.03 }),
  'gemini-2.5-flash-lite': perMTok(0.1, 0.4, { read: 0.01 }),
  'gemini-2.0-flash': perMTok(0.1, 0.4, { read: 0.025 }),
  'gemini-2.0-flash-lite': perMTok(0.075, 0.3),
  'gemini-1.5-pro': perMTok(1.25, 5, { read: 0.3125 }),
  'gemini-1.5-flash': perMTok(0.075, 0.3, { read: 0.01875 }),
  'gemini-1.5-flash-8b': perMTok(0.0375, 0.15, { read: 0.01 }),
  'gemini-embedding-001': perMTok(0.15, 0),

  // Mistral (-latest and -YYMM snapshots match by prefix)
  'mistral-large': perMTok(2, 6),
  'mistral-medium': perMTok(0.4, 2),
  'mistral-medium-2312': perMTok(2.7, 8.1),
  'mistral-small': perMTok(0.1, 0.3),
  'mistral-small-2409': perMTok(0.2, 0.6),
  codestral: perMTok(0.3, 0.9),
  'ministral-8b': perMTok(0.1, 0.1),
  'ministral-3b': perMTok(0.04, 0.04),
  'mistral-nemo': perMTok(0.15, 0.15),
  'open-mistral-nemo': perMTok(0.15, 0.15),
  'open-mistral-7b': perMTok(0.25, 0.25),
  'open-mixtral-8x7b': perMTok(0.7, 0.7),
  'open-mixtral-8x22b': perMTok(2, 6),
  'pixtral-large': perMTok(2, 6),
  'pixtral-12b': perMTok(0.15, 0.15),
  'magistral-medium': perMTok(2, 5),
  'magistral-small': perMTok(0.5, 1.5),
  'devstral-medium': perMTok(0.4, 2),
  'devstral-small': perMTok(0.1, 0.3),
  'mistral-embed': perMTok(0.1, 0),

  // AWS Bedrock-only model ids (region prefix and -vN:M suffix are stripped before lookup)
  'amazon.nova-premier': perMTok(2.5, 12.5),
  'amazon.nova-pro': perMTok(0.8, 3.2, { read: 0.2 }),
  'amazon.nova-lite': perMTok(0.06, 0.24, { read: 0.015 }),
  'amazon.nova-micro': perMTok(0.035, 0.14, { read: 0.00875 }),
  'amazon.titan-text-express': perMTok(0.2, 0.6),
  'amazon.titan-text-lite': perMTok(0.15, 0.2),
  'amazon.titan-embed-text-v2:0': perMTok(0.02, 0),
  'meta.llama3-8b-instruct': perMTok(0.3, 0.6),
  'meta.llama3-70b-instruct': perMTok(2.65, 3.5),
  'meta.llama3-1-8b-instruct': perMTok(0.22, 0.22),
  'meta.llama3-1-70b-instruct': perMTok(0.72, 0.72),
  'meta.llama3-1-405b-instruct': perMTok(2.4, 2.4),
  'meta.llama3-2-1b-instruct': perMTok(0.1, 0.1),
  'meta.llama3-2-3b-instruct': perMTok(0.15, 0.15),
  'meta.llama3-2-11b-instruct': perMTok(0.16, 0.16),
  'meta.llama3-2-90b-instruct': perMTok(0.72, 0.72),
  'meta.llama3-3-70b-instruct': perMTok(0.72, 0.72),
  'meta.llama4-scout-17b-instruct': perMTok(0.17, 0.66),
  'meta.llama4-maverick-17b-instruct': perMTok(0.24, 0.97),
  'mistral.mistral-7b-instruct': perMTok(0.15, 0.2),
  'mistral.mixtral-8x7b-instruct': perMTok(0.45, 0.7),
  'mistral.mistral-large-2402': perMTok(4, 12),
  'mistral.mistral-large-2407': perMTok(2, 6),
  'mistral.mistral-small-2402': perMTok(1, 3),
  'mistral.pixtral-large-2502': perMTok(2, 6),
  'cohere.command-r-plus': perMTok(3, 15),
  'cohere.command-r': perMTok(0.5, 1.5),
  'deepseek.r1': perMTok(1.35, 5.4),

  // DeepSeek (cache hit = cache read)
  'deepseek-chat': perMTok(0.28, 0.42, { read: 0.028 }),
  'deepseek-reasoner': perMTok(0.28, 0.42, { read: 0.028 }),

  // Cohere
  'command-a': perMTok(2.5, 10),
  'command-r-plus': perMTok(2.5, 10),
  'command-r': perMTok(0.15, 0.6),
  'command-r7b': perMTok(0.0375, 0.15),

  // Groq-hosted open models
  'llama-3.1-8b-instant': perMTok(0.05, 0.08),
  'llama-3.3-70b-versatile': perMTok(0.59, 0.79),
  'llama-4-scout-17b-16e-instruct': perMTok(0.11, 0.34),
  'llama-4-maverick-17b-128e-instruct': perMTok(0.2, 0.6),
  'gpt-oss-120b': perMTok(0.15, 0.75),
  'gpt-oss-20b': perMTok(0.1, 0.5),
};
