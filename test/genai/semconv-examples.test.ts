/**
 * The GenAI semconv's own example spans (open-telemetry/semantic-conventions@953276ff
 * docs/gen-ai/non-normative/examples-llm-calls.md, extracted to
 * test/fixtures/otel-otlp-genai/genai-semconv/examples-llm-calls.extracted.json, Apache-2.0).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AttrMap } from '../../src/otlp/types.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { spanContext, SPAN_KIND_INTERNAL } from './span-context.ts';
import { fixturePath } from '../support/fixtures.ts';

interface ExampleRecord {
  section: string;
  subsection: string | null;
  label: string | null;
  kind: 'span' | 'event';
  span: { name: string | null };
  attributes: AttrMap;
}

const examples: ExampleRecord[] = JSON.parse(
  readFileSync(fixturePath('otel-otlp-genai/genai-semconv/examples-llm-calls.extracted.json'), 'utf8'),
).spans_and_events;

function example(section: string, predicate: (r: ExampleRecord) => boolean = () => true): ExampleRecord {
  const found = examples.find((r) => r.section === section && predicate(r));
  if (!found) throw new Error(`no example in section ${section}`);
  return found;
}

function read(r: ExampleRecord) {
  return understandSpan(spanContext(r.attributes, { spanName: r.span.name ?? '' }));
}

describe('semconv example spans', () => {
  it('reads every chat span with the provider, models and usage the example states', () => {
    const chats = examples.filter((r) => r.kind === 'span' && r.span.name === 'chat gpt-4');
    expect(chats.length).toBe(11);
    for (const r of chats) {
      const call = read(r)!;
      expect(call.operation).toBe('chat');
      expect(call.provider).toBe('openai');
      expect(call.requestModel).toBe('gpt-4');
      expect(call.responseModel).toBe('gpt-4-0613');
      expect(call.inputTokens).toBe(r.attributes['gen_ai.usage.input_tokens']);
      expect(call.outputTokens).toBe(r.attributes['gen_ai.usage.output_tokens']);
      expect(call.finishReasons).toEqual(r.attributes['gen_ai.response.finish_reasons']);
      expect(call.responseId).toBe(r.attributes['gen_ai.response.id']);
      expect(call.convention).toBe('semconv');
      expect(call.errorType).toBe('');
    }
  });

  it('leaves the texts empty when content capture is off', () => {
    const call = read(example('Simple chat completion', (r) => r.subsection!.includes('disabled')))!;
    expect([call.inputText, call.outputText, call.contextText]).toEqual(['', '', '']);
    expect(call.stream).toBe(false);
    expect(call.ttftMs).toBeNull();
  });

  it('splits captured messages into user input, answer, and system context', () => {
    const call = read(example('Simple chat completion', (r) => r.subsection!.includes('enabled on span')))!;
    expect(call.inputText).toBe('Tell me a joke about OpenTelemetry');
    expect(call.outputText).toBe(' Why did the developer bring OpenTelemetry to the party? Because it always knows how to trace the fun!');
    expect(call.contextText).toBe('You are a helpful bot');
  });

  it('counts system instructions as context', () => {
    const call = read(example('System instructions along with chat history (content enabled)'))!;
    expect(call.contextText).toBe('You are a helpful bot\nYou must never tell jokes');
    expect(call.outputText).toBe("I'm sorry, but I can't assist with that");
  });

  it('keeps reasoning out of the answer text', () => {
    const call = read(example('Chat completion with reasoning (content enabled)'))!;
    expect(call.outputText).toBe(' Why did the developer bring OpenTelemetry to the party? Because it always knows how to trace the fun!');
  });

  it('joins multiple choices', () => {
    const call = read(example('Chat completion with multiple choices'))!;
    expect(call.outputText).toBe(
      ' Why did the developer bring OpenTelemetry to the party? Because it always knows how to trace the fun!\n' +
        ' Why did OpenTelemetry get promoted? It had great span of control!',
    );
  });

  it('treats tool results in the history as context and skips tool calls', () => {
    const second = read(example('Tool calls (functions)', (r) => r.subsection!.includes('enabled') && r.label === 'GenAI client span 2'))!;
    expect(second.inputText).toBe('Weather in Paris?');
    expect(second.contextText).toBe('rainy, 57°F');
    expect(second.outputText).toBe('The weather in Paris is currently rainy with a temperature of 57°F.');
    const first = read(example('Tool calls (functions)', (r) => r.subsection!.includes('enabled') && r.label === 'GenAI client span 1'))!;
    expect(first.outputText).toBe('');
  });

  it('takes the operation from the span name when the attribute is missing', () => {
    const r = example('Tool calls (functions)', (x) => x.label === 'GenAI client span 2');
    expect(r.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(read(r)!.operation).toBe('chat');
  });

  it('keeps execute_tool spans as zero-token calls', () => {
    const r = example('Tool calls (functions)', (x) => x.label === 'Tool call');
    const call = understandSpan(spanContext(r.attributes, { spanName: r.span.name!, spanKind: SPAN_KIND_INTERNAL }))!;
    expect(call.operation).toBe('execute_tool');
    expect(call.provider).toBe('');
    expect(call.inputTokens + call.outputTokens).toBe(0);
  });

  it('reads content recorded on the inference-details event', () => {
    const span = example('Simple chat completion', (r) => r.kind === 'span' && r.label === 'Span');
    const event = example('Simple chat completion', (r) => r.kind === 'event');
    const call = understandSpan(
      spanContext(span.attributes, {
        spanName: 'chat gpt-4',
        events: [{ name: 'gen_ai.client.inference.operation.details', attributes: event.attributes }],
      }),
    )!;
    expect(call.inputText).toBe('Tell me a joke about OpenTelemetry');
    expect(call.contextText).toBe('You are a helpful bot');
    expect(call.outputText).toBe(' Why did the developer bring OpenTelemetry to the party? Because it always knows how to trace the fun!');
  });

  it('accepts the messages as a JSON string as well as structured values', () => {
    const r = example('Simple chat completion', (x) => x.subsection!.includes('enabled on span'));
    const asJson: AttrMap = { ...r.attributes };
    asJson['gen_ai.input.messages'] = JSON.stringify(r.attributes['gen_ai.input.messages']);
    asJson['gen_ai.output.messages'] = JSON.stringify(r.attributes['gen_ai.output.messages']);
    const structured = read(r)!;
    const fromJson = understandSpan(spanContext(asJson, { spanName: 'chat gpt-4' }))!;
    expect(fromJson.inputText).toBe(structured.inputText);
    expect(fromJson.outputText).toBe(structured.outputText);
    expect(fromJson.contextText).toBe(structured.contextText);
  });
});
