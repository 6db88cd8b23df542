import { describe, expect, it } from 'vitest';
import { normalizeOperation, normalizeProvider } from '../../src/genai/normalize.ts';

describe('provider normalisation to gen_ai.provider.name values', () => {
  it.each([
    ['openai', 'openai'],
    ['OpenAI', 'openai'],
    ['Anthropic', 'anthropic'],
    ['az.ai.openai', 'azure.ai.openai'],
    ['azure.ai.openai', 'azure.ai.openai'],
    ['az.ai.inference', 'azure.ai.inference'],
    ['aws_bedrock', 'aws.bedrock'],
    ['bedrock', 'aws.bedrock'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['vertex_ai', 'gcp.vertex_ai'],
    ['gemini', 'gcp.gemini'],
    ['google.generative-ai', 'gcp.gemini'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['vertex.anthropic.messages', 'gcp.vertex_ai'],
    ['mistralai', 'mistral_ai'],
    ['mistral.chat', 'mistral_ai'],
    ['cohere', 'cohere'],
    ['groq', 'groq'],
    ['groq.chat', 'groq'],
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['anthropic.messages', 'anthropic'],
    ['azure-openai.chat', 'azure.ai.openai'],
    ['xai', 'x_ai'],
    ['ibm.watson.ai', 'ibm.watsonx.ai'],
    ['my-gateway', 'my-gateway'],
    ['', ''],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeProvider(raw)).toBe(expected);
  });
});

describe('operation normalisation to gen_ai.operation.name values', () => {
  it.each([
    ['chat', 'chat'],
    ['completion', 'text_completion'],
    ['embedding', 'embeddings'],
    ['embeddings', 'embeddings'],
    ['generate_content', 'generate_content'],
    ['invoke_agent', 'invoke_agent'],
    ['rerank', 'rerank'],
    ['reranker', 'rerank'],
    ['retrieval', 'retrieval'],
    ['Retriever', 'retrieval'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeOperation(raw)).toBe(expected);
  });
});
