/**
 * Spans as each library emits them. Attribute sets follow the libraries' sources:
 * - OpenLLMetry-JS: traceloop/openllmetry-js packages/instrumentation-anthropic/src/instrumentation.ts
 *   (span "anthropic.chat", gen_ai.system "Anthropic", gen_ai.prompt.N.*, completion content as JSON blocks)
 *   and packages/ai-semantic-conventions/src/SemanticAttributes.ts
 * - OpenLLMetry (Python): traceloop/openllmetry packages/opentelemetry-semantic-conventions-ai/opentelemetry/semconv_ai/__init__.py
 *   (llm.is_streaming, llm.usage.total_tokens, traceloop.prompt.*, traceloop.association.properties.*)
 * - OpenInference: Arize-ai/openinference js/packages/openinference-semantic-conventions/src/trace/SemanticConventions.ts
 *   and js/packages/openinference-instrumentation-anthropic/src/instrumentation.ts (span "Anthropic Messages")
 * - OpenLIT: openlit/openlit sdk/python/src/openlit/semcov/__init__.py (gen_ai.usage.cost, gen_ai.server.ttft,
 *   gen_ai.content.prompt / gen_ai.content.completion events carrying gen_ai.prompt / gen_ai.completion)
 * - Vercel AI SDK: vercel/ai content/docs/03-ai-sdk-core/60-telemetry.mdx and
 *   packages/ai/src/telemetry/__snapshots__/open-telemetry-integration.test.ts.snap (v6 shapes)
 */
import { describe, expect, it } from 'vitest';
import { understandSpan } from '../../src/genai/understand.ts';
import { spanContext, SPAN_KIND_INTERNAL } from './span-context.ts';

describe('deprecated semconv names', () => {
  it('reads gen_ai.system and prompt/completion token counts', () => {
    const call = understandSpan(
      spanContext(
        {
          'gen_ai.system': 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.prompt_tokens': 100,
          'gen_ai.usage.completion_tokens': 20,
        },
        { spanName: 'chat gpt-4o-mini' },
      ),
    )!;
    expect(call.convention).toBe('semconv-deprecated');
    expect(call.provider).toBe('openai');
    expect([call.inputTokens, call.outputTokens]).toEqual([100, 20]);
  });
});

describe('newer semconv-genai names', () => {
  it('reads gen_ai.usage.cache_write.input_tokens as cache creation', () => {
    const call = understandSpan(
      spanContext({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 50,
        'gen_ai.usage.cache_write.input_tokens': 1000,
      }),
    )!;
    expect([call.inputTokens, call.cacheWriteTokens, call.outputTokens]).toEqual([1200, 1000, 50]);
  });
});

describe('OpenLLMetry', () => {
  it('reads the JS Anthropic instrumentation (indexed prompts, JSON content blocks)', () => {
    const call = understandSpan(
      spanContext(
        {
          'gen_ai.system': 'Anthropic',
          'llm.request.type': 'chat',
          'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
          'gen_ai.request.temperature': 0.7,
          'gen_ai.request.max_tokens': 1024,
          'gen_ai.prompt.0.role': 'user',
          'gen_ai.prompt.0.content': 'Tell me a joke about OpenTelemetry',
          'gen_ai.response.model': 'claude-3-5-sonnet-20241022',
          'llm.usage.total_tokens': 35,
          'gen_ai.usage.completion_tokens': 18,
          'gen_ai.usage.prompt_tokens': 17,
          'gen_ai.completion.0.finish_reason': 'end_turn',
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': JSON.stringify([{ type: 'text', text: 'Why do spans never get lost? They always know their parent.' }]),
        },
        { spanName: 'anthropic.chat', scopeName: '@traceloop/instrumentation-anthropic' },
      ),
    )!;
    expect(call.convention).toBe('openllmetry');
    expect(call.provider).toBe('anthropic');
    expect(call.operation).toBe('chat');
    expect([call.inputTokens, call.outputTokens]).toEqual([17, 18]);
    expect(call.finishReasons).toEqual(['end_turn']);
    expect(call.inputText).toBe('Tell me a joke about OpenTelemetry');
    expect(call.outputText).toBe('Why do spans never get lost? They always know their parent.');
  });

  it('reads the Python OpenAI instrumentation with streaming, cache reads, association properties and prompt version', () => {
    const call = understandSpan(
      spanContext(
        {
          'gen_ai.system': 'openai',
          'llm.request.type': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'llm.is_streaming': true,
          'gen_ai.prompt.0.role': 'system',
          'gen_ai.prompt.0.content': 'Answer from the context: Paris is the capital of France.',
          'gen_ai.prompt.1.role': 'user',
          'gen_ai.prompt.1.content': 'What is the capital of France?',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.usage.prompt_tokens': 2048,
          'gen_ai.usage.completion_tokens': 12,
          'llm.usage.total_tokens': 2060,
          'gen_ai.usage.cache_read_input_tokens': 1024,
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': 'Paris.',
          'gen_ai.completion.0.finish_reason': 'stop',
          'traceloop.association.properties.user_id': 'u-42',
          'traceloop.association.properties.session_id': 's-7',
          'traceloop.prompt.key': 'capital-qa',
          'traceloop.prompt.version': 3,
        },
        { spanName: 'openai.chat', scopeName: 'opentelemetry.instrumentation.openai.v1' },
      ),
    )!;
    expect(call.convention).toBe('openllmetry');
    expect(call.stream).toBe(true);
    expect([call.inputTokens, call.cacheReadTokens, call.outputTokens]).toEqual([2048, 1024, 12]);
    expect(call.contextText).toBe('Answer from the context: Paris is the capital of France.');
    expect(call.inputText).toBe('What is the capital of France?');
    expect(call.outputText).toBe('Paris.');
    expect([call.userId, call.sessionId, call.promptName, call.promptVersion]).toEqual(['u-42', 's-7', 'capital-qa', '3']);
  });

  it('maps llm.request.type embedding and completion to semconv operations', () => {
    const embedding = understandSpan(
      spanContext({ 'gen_ai.system': 'openai', 'llm.request.type': 'embedding', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.prompt_tokens': 8 }),
    )!;
    expect(embedding.operation).toBe('embeddings');
    expect(embedding.inputTokens).toBe(8);
    const completion = understandSpan(spanContext({ 'gen_ai.system': 'openai', 'llm.request.type': 'completion', 'gen_ai.request.model': 'gpt-3.5-turbo-instruct' }))!;
    expect(completion.operation).toBe('text_completion');
  });
});

describe('OpenInference', () => {
  it('reads an OpenAI LLM span with cache reads, streaming and prompt template version', () => {
    const call = understandSpan(
      spanContext(
        {
          'openinference.span.kind': 'LLM',
          'llm.system': 'openai',
          'llm.provider': 'openai',
          'llm.model_name': 'gpt-4o-mini-2024-07-18',
          'llm.invocation_parameters': JSON.stringify({ model: 'gpt-4o-mini', stream: true }),
          'input.mime_type': 'application/json',
          'input.value': JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ignored: messages win' }] }),
          'llm.input_messages.0.message.role': 'system',
          'llm.input_messages.0.message.content': 'Use the documents.',
          'llm.input_messages.1.message.role': 'user',
          'llm.input_messages.1.message.content': 'Summarise the report.',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.content': 'Revenue grew 12%.',
          'llm.token_count.prompt': 1200,
          'llm.token_count.completion': 50,
          'llm.token_count.total': 1250,
          'llm.token_count.prompt_details.cache_read': 1024,
          'llm.token_count.completion_details.reasoning': 0,
          'user.id': 'user-9',
          'session.id': 'sess-1',
          'llm.prompt_template.version': 'v2',
        },
        { spanName: 'ChatCompletion', spanKind: SPAN_KIND_INTERNAL },
      ),
    )!;
    expect(call.convention).toBe('openinference');
    expect(call.operation).toBe('chat');
    expect(call.provider).toBe('openai');
    // the requested model is in the invocation parameters; llm.model_name is the one that served it
    expect([call.requestModel, call.responseModel]).toEqual(['gpt-4o-mini', 'gpt-4o-mini-2024-07-18']);
    expect([call.inputTokens, call.cacheReadTokens, call.outputTokens]).toEqual([1200, 1024, 50]);
    expect(call.stream).toBe(true);
    expect(call.inputText).toBe('Summarise the report.');
    expect(call.contextText).toBe('Use the documents.');
    expect(call.outputText).toBe('Revenue grew 12%.');
    expect([call.userId, call.sessionId, call.promptVersion]).toEqual(['user-9', 'sess-1', 'v2']);
  });

  it('reads the JS Anthropic instrumentation (message contents, INTERNAL kind)', () => {
    const call = understandSpan(
      spanContext(
        {
          'openinference.span.kind': 'LLM',
          'llm.model_name': 'claude-3-5-haiku-20241022',
          'input.value': JSON.stringify({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: 'What is 2+2?' }] }),
          'input.mime_type': 'application/json',
          'llm.invocation_parameters': JSON.stringify({ model: 'claude-3-5-haiku-latest', max_tokens: 64 }),
          'llm.system': 'anthropic',
          'llm.provider': 'anthropic',
          'llm.input_messages.0.message.role': 'user',
          'llm.input_messages.0.message.content': 'What is 2+2?',
          'output.mime_type': 'application/json',
          'llm.output_messages.0.message.role': 'assistant',
          'llm.output_messages.0.message.contents.0.message_content.type': 'text',
          'llm.output_messages.0.message.contents.0.message_content.text': '4',
          'llm.token_count.prompt': 14,
          'llm.token_count.completion': 5,
          'llm.token_count.total': 19,
        },
        { spanName: 'Anthropic Messages', spanKind: SPAN_KIND_INTERNAL },
      ),
    )!;
    expect(call.provider).toBe('anthropic');
    expect([call.inputTokens, call.outputTokens]).toEqual([14, 5]);
    expect(call.inputText).toBe('What is 2+2?');
    expect(call.outputText).toBe('4');
    expect(call.stream).toBe(false);
  });

  it('falls back to input.value / output.value bodies when there are no indexed messages', () => {
    const call = understandSpan(
      spanContext({
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'claude-3-5-haiku-20241022',
        'llm.provider': 'anthropic',
        'input.value': JSON.stringify({ system: 'Be terse.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Capital of Italy?' }] }] }),
        'output.value': JSON.stringify({ role: 'assistant', content: [{ type: 'text', text: 'Rome.' }] }),
      }),
    )!;
    expect([call.inputText, call.contextText, call.outputText]).toEqual(['Capital of Italy?', 'Be terse.', 'Rome.']);
  });

  it('maps the host in llm.provider to the semconv endpoint provider', () => {
    const azure = understandSpan(spanContext({ 'openinference.span.kind': 'LLM', 'llm.provider': 'azure', 'llm.system': 'openai', 'llm.model_name': 'gpt-4o' }))!;
    expect(azure.provider).toBe('azure.ai.openai');
    const bedrock = understandSpan(spanContext({ 'openinference.span.kind': 'LLM', 'llm.provider': 'aws', 'llm.system': 'anthropic', 'llm.model_name': 'x' }))!;
    expect(bedrock.provider).toBe('aws.bedrock');
    const vertex = understandSpan(spanContext({ 'openinference.span.kind': 'LLM', 'llm.provider': 'google', 'llm.system': 'vertexai', 'llm.model_name': 'x' }))!;
    expect(vertex.provider).toBe('gcp.vertex_ai');
  });

  it('reads embedding and retriever spans', () => {
    const embedding = understandSpan(
      spanContext({
        'openinference.span.kind': 'EMBEDDING',
        'embedding.model_name': 'text-embedding-3-small',
        'embedding.embeddings.0.embedding.text': 'hello world',
        'llm.token_count.prompt': 2,
      }),
    )!;
    expect([embedding.operation, embedding.requestModel, embedding.inputText, embedding.inputTokens]).toEqual([
      'embeddings',
      'text-embedding-3-small',
      'hello world',
      2,
    ]);
    const retriever = understandSpan(
      spanContext(
        {
          'openinference.span.kind': 'RETRIEVER',
          'input.value': 'capital of France',
          'retrieval.documents.0.document.id': 'a',
          'retrieval.documents.0.document.content': 'Paris is the capital of France.',
          'retrieval.documents.1.document.content': 'France is in Europe.',
        },
        { spanKind: SPAN_KIND_INTERNAL },
      ),
    )!;
    expect(retriever.operation).toBe('retrieval');
    expect(retriever.contextText).toBe('Paris is the capital of France.\nFrance is in Europe.');
  });

  it('ignores CHAIN spans and zeroes the usage of in-process AGENT spans', () => {
    expect(understandSpan(spanContext({ 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'gpt-4o' }))).toBeNull();
    const agent = understandSpan(
      spanContext({ 'openinference.span.kind': 'AGENT', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 900, 'llm.token_count.completion': 90 }, { spanKind: SPAN_KIND_INTERNAL }),
    )!;
    expect(agent.operation).toBe('invoke_agent');
    expect([agent.inputTokens, agent.outputTokens]).toEqual([0, 0]);
  });
});

describe('OpenLIT', () => {
  it('reads a chat span with provided cost, TTFT in seconds, and content events', () => {
    const call = understandSpan(
      spanContext(
        {
          'gen_ai.system': 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.endpoint': 'openai.chat.completions',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.request.is_stream': true,
          'gen_ai.request.user': 'alice',
          'gen_ai.usage.input_tokens': 120,
          'gen_ai.usage.output_tokens': 30,
          'gen_ai.usage.total_tokens': 150,
          'gen_ai.usage.cost': 0.0006,
          'gen_ai.server.ttft': 0.35,
          'gen_ai.response.finish_reasons': ['stop'],
          'server.address': 'api.openai.com',
        },
        {
          spanName: 'chat gpt-4o',
          scopeName: 'openlit.otel.tracing',
          resourceAttributes: { 'telemetry.sdk.name': 'openlit', 'service.name': 'app' },
          events: [
            { name: 'gen_ai.content.prompt', attributes: { 'gen_ai.prompt': 'user: Hi there' } },
            { name: 'gen_ai.content.completion', attributes: { 'gen_ai.completion': 'Hello! How can I help?' } },
          ],
        },
      ),
    )!;
    expect(call.convention).toBe('openlit');
    expect(call.providedCostUsd).toBe(0.0006);
    expect(call.ttftMs).toBeCloseTo(350, 9);
    expect(call.stream).toBe(true);
    expect(call.userId).toBe('alice');
    expect(call.serverAddress).toBe('api.openai.com');
    expect(call.inputText).toBe('user: Hi there');
    expect(call.outputText).toBe('Hello! How can I help?');
  });

  it('normalises OpenLIT system names', () => {
    const of = (system: string) => understandSpan(spanContext({ 'gen_ai.system': system, 'gen_ai.operation.name': 'chat', 'gen_ai.usage.cost': 0 }))!.provider;
    expect(of('az.ai.openai')).toBe('azure.ai.openai');
    expect(of('vertex_ai')).toBe('gcp.vertex_ai');
    expect(of('gemini')).toBe('gcp.gemini');
    expect(of('mistral_ai')).toBe('mistral_ai');
  });
});

describe('Vercel AI SDK', () => {
  const outerGenerateText = {
    'ai.operationId': 'ai.generateText',
    'operation.name': 'ai.generateText support-bot',
    'ai.model.id': 'gpt-4o-mini',
    'ai.model.provider': 'openai.chat',
    'ai.prompt': JSON.stringify({ prompt: 'Where is my order?' }),
    'ai.response.text': 'It ships tomorrow.',
    'ai.usage.promptTokens': 40,
    'ai.usage.completionTokens': 8,
  };
  const innerDoGenerate = {
    'ai.operationId': 'ai.generateText.doGenerate',
    'operation.name': 'ai.generateText.doGenerate support-bot',
    'ai.model.id': 'gpt-4o-mini',
    'ai.model.provider': 'openai.chat',
    'ai.prompt.format': 'prompt',
    'ai.prompt.messages': JSON.stringify([
      { role: 'system', content: 'You are a support bot. Orders ship in 1 day.' },
      { role: 'user', content: [{ type: 'text', text: 'Where is my order?' }] },
    ]),
    'ai.response.text': 'It ships tomorrow.',
    'ai.response.finishReason': 'stop',
    'ai.response.id': 'chatcmpl-123',
    'ai.response.model': 'gpt-4o-mini-2024-07-18',
    'ai.usage.promptTokens': 40,
    'ai.usage.completionTokens': 8,
    'ai.telemetry.functionId': 'support-bot',
    'ai.telemetry.metadata.userId': 'cust-1',
    'ai.telemetry.metadata.sessionId': 'chat-9',
    'gen_ai.system': 'openai.chat',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.id': 'chatcmpl-123',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 40,
    'gen_ai.usage.output_tokens': 8,
  };

  it('counts the provider call once and the wrapper span not at all', () => {
    expect(understandSpan(spanContext(outerGenerateText, { spanName: 'ai.generateText', spanKind: SPAN_KIND_INTERNAL }))).toBeNull();
    const call = understandSpan(spanContext(innerDoGenerate, { spanName: 'ai.generateText.doGenerate' }))!;
    expect(call.convention).toBe('vercel-ai');
    expect(call.operation).toBe('chat');
    expect(call.provider).toBe('openai');
    expect([call.requestModel, call.responseModel, call.responseId]).toEqual(['gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'chatcmpl-123']);
    expect([call.inputTokens, call.outputTokens]).toEqual([40, 8]);
    expect(call.finishReasons).toEqual(['stop']);
    expect(call.stream).toBe(false);
    expect([call.inputText, call.contextText, call.outputText]).toEqual(['Where is my order?', 'You are a support bot. Orders ship in 1 day.', 'It ships tomorrow.']);
    expect([call.userId, call.sessionId]).toEqual(['cust-1', 'chat-9']);
  });

  it('adds Anthropic cache tokens reported outside input (SDK before v6) and reads TTFT in ms', () => {
    const call = understandSpan(
      spanContext({
        'ai.operationId': 'ai.streamText.doStream',
        'operation.name': 'ai.streamText.doStream',
        'ai.model.id': 'claude-sonnet-4-5-20250929',
        'ai.model.provider': 'anthropic.messages',
        'ai.usage.inputTokens': 20,
        'ai.usage.outputTokens': 100,
        'ai.usage.totalTokens': 120,
        'ai.usage.cachedInputTokens': 3000,
        'ai.response.providerMetadata': JSON.stringify({ anthropic: { cacheCreationInputTokens: 500, stopSequence: null } }),
        'ai.response.msToFirstChunk': 412.5,
        'ai.response.finishReason': 'stop',
      }),
    )!;
    expect(call.provider).toBe('anthropic');
    expect([call.inputTokens, call.cacheReadTokens, call.cacheWriteTokens, call.outputTokens]).toEqual([3520, 3000, 500, 100]);
    expect(call.ttftMs).toBe(412.5);
    expect(call.stream).toBe(true);
  });

  it('keeps v6 input totals, which already include cache reads and writes', () => {
    // Shape of a v6 doStream span; values from a real Claude session as published in a third-party fixture.
    const call = understandSpan(
      spanContext({
        'ai.operationId': 'ai.streamText.doStream',
        'ai.model.id': 'claude-sonnet-4-5',
        'ai.model.provider': 'anthropic.messages',
        'ai.usage.inputTokens': '650361',
        'ai.usage.outputTokens': '369',
        'ai.usage.cachedInputTokens': '649452',
        'ai.usage.inputTokenDetails.cacheReadTokens': '649452',
        'ai.usage.inputTokenDetails.cacheWriteTokens': '907',
        'ai.usage.inputTokenDetails.noCacheTokens': '2',
        'ai.usage.totalTokens': '650730',
        'gen_ai.system': 'anthropic.messages',
        'gen_ai.usage.input_tokens': '650361',
        'gen_ai.usage.output_tokens': '369',
      }),
    )!;
    expect([call.inputTokens, call.cacheReadTokens, call.cacheWriteTokens, call.outputTokens]).toEqual([650361, 649452, 907, 369]);
  });

  it('adds Gemini thinking tokens that the SDK reports outside output', () => {
    const call = understandSpan(
      spanContext({
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.id': 'gemini-2.5-flash',
        'ai.model.provider': 'google.generative-ai',
        'ai.usage.inputTokens': 20,
        'ai.usage.outputTokens': 300,
        'ai.usage.reasoningTokens': 200,
        'ai.usage.totalTokens': 520,
      }),
    )!;
    expect(call.provider).toBe('gcp.gemini');
    expect([call.outputTokens, call.reasoningTokens]).toEqual([500, 200]);
  });

  it('reads doEmbed spans and skips the embed wrapper', () => {
    const attrs = {
      'ai.model.id': 'text-embedding-3-small',
      'ai.model.provider': 'openai.embedding',
      'ai.usage.tokens': 10,
    };
    expect(understandSpan(spanContext({ ...attrs, 'ai.operationId': 'ai.embed', 'ai.value': '"sunny day at the beach"' }))).toBeNull();
    const call = understandSpan(spanContext({ ...attrs, 'ai.operationId': 'ai.embed.doEmbed', 'ai.values': ['"sunny day at the beach"'] }))!;
    expect([call.operation, call.inputTokens, call.inputText]).toEqual(['embeddings', 10, 'sunny day at the beach']);
  });

  it('keeps ai.toolCall spans as execute_tool with no usage', () => {
    const call = understandSpan(
      spanContext({ 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'lookupOrder', 'ai.toolCall.id': 'call-1' }, { spanKind: SPAN_KIND_INTERNAL }),
    )!;
    expect(call.operation).toBe('execute_tool');
    expect(call.inputTokens + call.outputTokens).toBe(0);
  });
});

describe('wrapper spans, errors, and resource attributes', () => {
  const agentAttrs = {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.provider.name': 'openai',
    'gen_ai.agent.name': 'Math Tutor',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': 500,
    'gen_ai.usage.output_tokens': 60,
  };

  it('zeroes the usage of in-process agent spans (their model calls carry it)', () => {
    const call = understandSpan(spanContext(agentAttrs, { spanName: 'invoke_agent Math Tutor', spanKind: SPAN_KIND_INTERNAL }))!;
    expect(call.operation).toBe('invoke_agent');
    expect([call.inputTokens, call.outputTokens, call.providedCostUsd]).toEqual([0, 0, null]);
  });

  it('keeps the usage of a remote (CLIENT) agent call, which has no child model spans', () => {
    const call = understandSpan(spanContext(agentAttrs, { spanName: 'invoke_agent Math Tutor' }))!;
    expect([call.inputTokens, call.outputTokens]).toEqual([500, 60]);
  });

  it('takes the error type from error.type, else the exception event, else _OTHER', () => {
    const attrs = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o' };
    expect(understandSpan(spanContext({ ...attrs, 'error.type': '429' }, { statusCode: 2 }))!.errorType).toBe('429');
    const withEvent = spanContext(attrs, {
      statusCode: 2,
      events: [{ name: 'exception', attributes: { 'exception.type': 'RateLimitError', 'exception.message': 'slow down' } }],
    });
    expect(understandSpan(withEvent)!.errorType).toBe('RateLimitError');
    expect(understandSpan(spanContext(attrs, { statusCode: 2 }))!.errorType).toBe('_OTHER');
    expect(understandSpan(spanContext(attrs, { statusCode: 1 }))!.errorType).toBe('');
  });

  it('falls back to resource-level user, session and prompt attributes', () => {
    const call = understandSpan(
      spanContext(
        { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-haiku-4-5', 'llmscope.prompt.name': 'triage' },
        { resourceAttributes: { 'user.id': 'res-user', 'session.id': 'res-session', 'llmscope.prompt.version': '7', 'llmscope.prompt.name': 'ignored' } },
      ),
    )!;
    expect([call.userId, call.sessionId, call.promptName, call.promptVersion]).toEqual(['res-user', 'res-session', 'triage', '7']);
  });

  it('converts time_to_first_chunk from seconds to ms and infers the provider from server.address', () => {
    const call = understandSpan(
      spanContext({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.time_to_first_chunk': 0.25,
        'server.address': 'my-resource.openai.azure.com',
        'llmscope.usage.estimated': true,
      }),
    )!;
    expect(call.ttftMs).toBe(250);
    expect(call.stream).toBe(true);
    expect(call.provider).toBe('azure.ai.openai');
    expect(call.tokensEstimated).toBe(true);
  });
});
