import { describe, expect, it } from 'vitest';
import type { AttrMap } from '../../src/otlp/types.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { spanContext, SPAN_KIND_INTERNAL } from './span-context.ts';

const httpServerSpan: AttrMap = {
  'http.request.method': 'POST',
  'url.path': '/v1/chat',
  'http.route': '/v1/chat',
  'http.response.status_code': 200,
  'server.address': 'api.example.com',
  'user_agent.original': 'curl/8.5.0',
};

const dbSpan: AttrMap = {
  'db.system.name': 'postgresql',
  'db.namespace': 'shop',
  'db.query.text': 'SELECT * FROM orders WHERE id = $1',
  'db.operation.name': 'SELECT',
  'server.address': 'db.internal',
};

describe('spans that are not GenAI operations', () => {
  it('returns null for HTTP and database spans', () => {
    expect(understandSpan(spanContext(httpServerSpan, { spanName: 'POST /v1/chat', spanKind: 2 }))).toBeNull();
    expect(understandSpan(spanContext(dbSpan, { spanName: 'SELECT shop.orders' }))).toBeNull();
  });

  it('returns null for OpenLLMetry workflow spans and vector-DB spans', () => {
    const workflow = {
      'traceloop.span.kind': 'workflow',
      'traceloop.workflow.name': 'answer_question',
      'traceloop.entity.name': 'answer_question',
      'traceloop.association.properties.user_id': 'u-1',
    };
    expect(understandSpan(spanContext(workflow, { spanName: 'answer_question.workflow', spanKind: SPAN_KIND_INTERNAL }))).toBeNull();
    expect(understandSpan(spanContext({ 'db.system': 'pinecone', 'db.vector.query.top_k': 5 }, { spanName: 'pinecone.query' }))).toBeNull();
  });

  it('returns null for an empty span even when the resource carries user ids', () => {
    expect(understandSpan(spanContext({}, { resourceAttributes: { 'user.id': 'u', 'service.name': 'web' } }))).toBeNull();
  });

  it('rejects a non-GenAI span with a handful of attribute lookups', () => {
    const reads: string[] = [];
    const watched = new Proxy(httpServerSpan, {
      get(target, key, receiver) {
        if (typeof key === 'string') reads.push(key);
        return Reflect.get(target, key, receiver);
      },
      ownKeys(target) {
        reads.push('<ownKeys>');
        return Reflect.ownKeys(target);
      },
    });
    expect(understandSpan(spanContext(watched))).toBeNull();
    expect(reads).not.toContain('<ownKeys>');
    expect(reads.length).toBeLessThanOrEqual(8);
  });
});

describe('hostile content', () => {
  it('survives deeply nested message JSON without throwing', () => {
    const depth = 50_000;
    const nested = '{"messages":'.repeat(depth) + '"deep"' + '}'.repeat(depth);
    const call = understandSpan(
      spanContext({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': nested, 'gen_ai.output.messages': '['.repeat(depth) + ']'.repeat(depth) }),
    )!;
    expect(call.operation).toBe('chat');
    expect(call.outputText).toBe('');
  });
});
