/**
 * Spans produced by the real OpenLLMetry instrumentation (@traceloop/instrumentation-openai, installed
 * as a devDependency) around the real `openai` client, which talks to a local replay of recorded
 * OpenAI responses (test/fixtures/llm-api-recordings, from traceloop/openllmetry-js test
 * recordings, Apache-2.0). What understandSpan reads must match what the recorded API returned.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fixturePath } from '../support/fixtures.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import type { AttrMap } from '../../src/otlp/types.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { pricerFromBook } from '../../src/pricing/pricer.ts';
import { buildPriceBook } from '../../src/pricing/overrides.ts';

interface Exchange {
  id: string;
  endpoint: string;
  request_body: Record<string, unknown>;
  response_body: Record<string, unknown>;
}

const exchanges: Exchange[] = JSON.parse(readFileSync(fixturePath('llm-api-recordings', 'llm_api_exchanges.json'), 'utf8'));
const chatExchange = exchanges.find((e) => e.id === 'should-set-attributes-in-span-for-chat_1427850401')!;
const responsesExchange = exchanges.find((e) => e.id.startsWith('should-set-cache-read-input-tokens-in-span-for-responses'))!;

let server: http.Server;
let client: OpenAI;
const exporter = new InMemorySpanExporter();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = req.url?.endsWith('/responses') ? responsesExchange.response_body : chatExchange.response_body;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const instrumentation = new OpenAIInstrumentation({ traceContent: true });
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(OpenAI as never);
  const { port } = server.address() as AddressInfo;
  client = new OpenAI({ apiKey: 'test-key', baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
});

afterAll(() => {
  server?.close();
});

function understand(span: ReadableSpan) {
  return understandSpan({
    resourceAttributes: span.resource.attributes as AttrMap,
    spanAttributes: span.attributes as AttrMap,
    spanName: span.name,
    scopeName: span.instrumentationScope.name,
    statusCode: span.status.code,
    spanKind: span.kind,
    events: span.events.map((e) => ({ name: e.name, attributes: (e.attributes ?? {}) as AttrMap })),
  });
}

async function onlySpanOf(call: () => Promise<unknown>): Promise<ReadableSpan> {
  exporter.reset();
  await call();
  const spans = exporter.getFinishedSpans();
  expect(spans.length).toBe(1);
  return spans[0]!;
}

describe('OpenLLMetry openai instrumentation, real spans', () => {
  it('reads a chat completion span', async () => {
    const span = await onlySpanOf(() => client.chat.completions.create(chatExchange.request_body as never));
    const call = understand(span)!;
    expect(call.operation).toBe('chat');
    expect(call.provider).toBe('openai');
    expect(call.requestModel).toBe('gpt-3.5-turbo');
    expect(call.responseModel).toBe('gpt-3.5-turbo-0125');
    expect(call.responseId).toBe('chatcmpl-C4TUZMARo4XM8eqL685o7Un8pCHDX');
    expect([call.inputTokens, call.outputTokens]).toEqual([15, 20]);
    expect(call.finishReasons).toEqual(['stop']);
    expect(call.inputText).toBe('Tell me a joke about OpenTelemetry');
    expect(call.outputText).toBe('Why did the OpenTelemetry developer go broke? \n\nBecause they kept trying to trace their expenses!');
    const cost = pricerFromBook(buildPriceBook())(call);
    // gpt-3.5-turbo list price: $0.50 input / $1.50 output per 1M tokens.
    expect(cost.costUsd).toBeCloseTo((15 * 0.5 + 20 * 1.5) / 1e6, 12);
    expect(cost.matchedModel).toBe('gpt-3.5-turbo');
  });

  it('reads a Responses API span', async () => {
    const span = await onlySpanOf(() => client.responses.create(responsesExchange.request_body as never));
    const call = understand(span)!;
    expect(call.operation).toBe('chat');
    expect(call.requestModel).toBe('gpt-4o-mini');
    expect(call.responseModel).toBe('gpt-4o-mini-2024-07-18');
    expect([call.inputTokens, call.outputTokens]).toEqual([14, 26]);
    expect(call.inputText).toBe('Tell me a joke about OpenTelemetry');
    expect(call.outputText).toBe(
      'Why did the OpenTelemetry developer break up with their application?\n\nBecause it just couldn\'t handle the "trace" of their love!',
    );
  });
});
