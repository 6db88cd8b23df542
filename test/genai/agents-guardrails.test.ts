/** Agent/tool span fields and guardrail results read from each convention's attribute names. */
import { describe, expect, it } from 'vitest';
import { readAgentSpan, AGENT_SPAN_OPERATIONS } from '../../src/genai/agents.ts';
import { guardrailNameFromSpan, readGuardrail } from '../../src/genai/guardrails.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import type { AttrMap } from '../../src/otlp/types.ts';

const ctx = (spanAttributes: AttrMap, spanName: string, spanKind = 1) => ({ resourceAttributes: {}, spanAttributes, spanName, scopeName: 'x', statusCode: 0, spanKind, events: [] });

describe('agent, workflow and tool spans', () => {
  it('reads semconv names, and the name from the span name when the attribute is missing', () => {
    expect(readAgentSpan({ 'gen_ai.agent.name': 'Math Tutor', 'gen_ai.agent.id': 'asst_1' }, 'invoke_agent Math Tutor', 'invoke_agent')).toMatchObject({ agentName: 'Math Tutor', agentId: 'asst_1', toolName: '' });
    expect(readAgentSpan({}, 'invoke_agent Planner', 'invoke_agent').agentName).toBe('Planner');
    expect(readAgentSpan({}, 'invoke_workflow nightly-report', 'invoke_workflow').workflowName).toBe('nightly-report');
    expect(readAgentSpan({ 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.id': 'call_9' }, 'execute_tool get_weather', 'execute_tool')).toMatchObject({ toolName: 'get_weather', toolType: 'function', toolCallId: 'call_9', agentName: '' });
  });

  it('reads OpenInference tool spans and Vercel AI SDK ai.toolCall spans', () => {
    const oi = understandSpan(ctx({ 'openinference.span.kind': 'TOOL', 'tool.name': 'search_docs', 'tool_call.id': 'tc_1' }, 'search_docs'))!;
    expect(oi.operation).toBe('execute_tool');
    expect(AGENT_SPAN_OPERATIONS.get(oi.operation)).toBe('tool');
    expect(readAgentSpan({ 'tool.name': 'search_docs', 'tool_call.id': 'tc_1' }, 'search_docs', oi.operation)).toMatchObject({ toolName: 'search_docs', toolCallId: 'tc_1' });
    // without tool.name / agent.name, OpenInference's span name is the tool's or agent's name
    expect(readAgentSpan({ 'openinference.span.kind': 'TOOL' }, 'lookup_invoice', 'execute_tool').toolName).toBe('lookup_invoice');
    expect(readAgentSpan({ 'openinference.span.kind': 'AGENT' }, 'Billing agent', 'invoke_agent').agentName).toBe('Billing agent');
    // a semconv span named just after its operation has no name to give
    expect(readAgentSpan({}, 'execute_tool', 'execute_tool').toolName).toBe('');
    const attrs = { 'ai.operationId': 'ai.toolCall', 'ai.toolCall.name': 'weather', 'ai.toolCall.id': 'call_v' };
    const vercel = understandSpan(ctx(attrs, 'ai.toolCall'))!;
    expect(vercel.operation).toBe('execute_tool');
    expect(readAgentSpan(attrs, 'ai.toolCall', vercel.operation)).toMatchObject({ toolName: 'weather', toolCallId: 'call_v' });
  });

  it('understands invoke_workflow and apply_guardrail (also by span name and the draft name run_guardrail)', () => {
    expect(understandSpan(ctx({ 'gen_ai.operation.name': 'invoke_workflow' }, 'invoke_workflow triage'))!.operation).toBe('invoke_workflow');
    expect(understandSpan(ctx({ 'gen_ai.provider.name': 'aws.bedrock' }, 'apply_guardrail Amazon Bedrock Guardrails'))!.operation).toBe('apply_guardrail');
    expect(understandSpan(ctx({ 'gen_ai.operation.name': 'run_guardrail' }, 'run_guardrail input'))!.operation).toBe('apply_guardrail');
  });
});

describe('retrieval and rerank steps', () => {
  it('reads OpenInference RETRIEVER / RERANKER and semconv retrieval spans as steps, not model calls', () => {
    const retriever = understandSpan(ctx({ 'openinference.span.kind': 'RETRIEVER', 'input.value': 'refund window' }, 'VectorIndexRetriever.retrieve'))!;
    expect(retriever.operation).toBe('retrieval');
    expect(AGENT_SPAN_OPERATIONS.get(retriever.operation)).toBe('retrieval');
    const reranker = understandSpan(ctx({ 'openinference.span.kind': 'RERANKER', 'reranker.model_name': 'rerank-english-v3.0' }, 'CohereRerank.postprocess_nodes'))!;
    expect([reranker.operation, reranker.requestModel]).toEqual(['rerank', 'rerank-english-v3.0']);
    expect(AGENT_SPAN_OPERATIONS.get(reranker.operation)).toBe('retrieval');
    // an in-process retrieval span's usage (if any) is its embeddings span's: not counted on the step
    const semconv = understandSpan(ctx({ 'gen_ai.operation.name': 'retrieval', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 12 }, 'retrieval docs'))!;
    expect([semconv.operation, semconv.inputTokens]).toEqual(['retrieval', 0]);
    expect(understandSpan(ctx({ 'gen_ai.provider.name': 'openai' }, 'retrieval product-docs'))!.operation).toBe('retrieval');
  });

  it('names a retrieval step after its data source, else its span; tool type datastore unless declared', () => {
    expect(readAgentSpan({ 'gen_ai.data_source.id': 'product-docs' }, 'retrieval product-docs', 'retrieval')).toMatchObject({ toolName: 'product-docs', toolType: 'datastore', agentName: '' });
    expect(readAgentSpan({}, 'retrieval kb', 'retrieval').toolName).toBe('kb');
    expect(readAgentSpan({ 'openinference.span.kind': 'RERANKER' }, 'CohereRerank.postprocess_nodes', 'rerank')).toMatchObject({ toolName: 'CohereRerank.postprocess_nodes', toolType: 'datastore' });
    expect(readAgentSpan({ 'gen_ai.data_source.id': 'kb', 'gen_ai.tool.type': 'extension' }, 'retrieval kb', 'retrieval').toolType).toBe('extension');
    // a megabyte data source id from a hostile sender is cut before the LowCardinality column
    expect(readAgentSpan({ 'gen_ai.data_source.id': 'x'.repeat(1_000_000) }, 'retrieval', 'retrieval').toolName).toHaveLength(256);
  });
});

describe('guardrail results', () => {
  it('reads OpenInference GUARDRAIL spans as apply_guardrail, named after the guard', () => {
    const call = understandSpan(ctx({ 'openinference.span.kind': 'GUARDRAIL', 'input.value': 'hi' }, 'Guard.validate'))!;
    expect(call.operation).toBe('apply_guardrail');
    expect(guardrailNameFromSpan('Guard.validate', call.operation)).toBe('Guard.validate');
    expect(guardrailNameFromSpan('apply_guardrail Llama Guard', 'apply_guardrail')).toBe('Llama Guard');
    expect(guardrailNameFromSpan('apply_guardrail', 'apply_guardrail')).toBe('');
    expect(guardrailNameFromSpan('g'.repeat(10_000), 'apply_guardrail')).toHaveLength(256);
  });

  it('keeps the provider-native result; events inherit the span’s component, policy and source', () => {
    const span = readGuardrail({
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.guardrail.component.name': 'Amazon Bedrock Guardrails',
      'gen_ai.guardrail.policy.id': 'gr-1',
      'gen_ai.guardrail.source': 'OUTPUT',
      'gen_ai.guardrail.result.type': 'action',
      'gen_ai.guardrail.result.value': 'GUARDRAIL_INTERVENED',
    });
    expect(span).toMatchObject({ guardrail: 'Amazon Bedrock Guardrails', provider: 'aws.bedrock', policyId: 'gr-1', source: 'OUTPUT', resultType: 'action', resultValue: 'GUARDRAIL_INTERVENED', riskScore: null });
    const event = readGuardrail({ 'gen_ai.guardrail.risk.category': 'Violence', 'gen_ai.guardrail.risk.score': 6, 'gen_ai.guardrail.result.type': 'severity', 'gen_ai.guardrail.result.value': 6 }, span);
    expect(event).toMatchObject({ guardrail: 'Amazon Bedrock Guardrails', policyId: 'gr-1', source: 'OUTPUT', riskCategory: 'Violence', riskScore: 6, resultType: 'severity', resultValue: '6' });
  });

  it('reads the draft verdict as result type "verdict"; a current result wins over it', () => {
    expect(readGuardrail({ 'gen_ai.guardrail.verdict.type': 'deny', 'gen_ai.guardrail.target.type': 'input' })).toMatchObject({ resultType: 'verdict', resultValue: 'deny', source: 'input' });
    expect(readGuardrail({ 'gen_ai.guardrail.verdict.type': 'deny', 'gen_ai.guardrail.result.type': 'action', 'gen_ai.guardrail.result.value': 'NONE' })).toMatchObject({ resultType: 'action', resultValue: 'NONE' });
  });

  it('bounds what an attacker sends: megabyte names cut, non-numeric scores dropped, structured values ignored', () => {
    const huge = 'A'.repeat(1_000_000);
    const g = readGuardrail({
      'gen_ai.guardrail.component.name': huge,
      'gen_ai.guardrail.result.reason': huge,
      'gen_ai.guardrail.risk.score': 'NaN',
      'gen_ai.guardrail.result.value': { nested: 'x' } as never,
      'gen_ai.guardrail.policy.id': ['a', 'b'] as never,
    });
    expect(g.guardrail.length).toBe(256);
    expect(g.reason.length).toBe(1024);
    expect(g.riskScore).toBeNull();
    expect(g.resultValue).toBe('');
    expect(g.policyId).toBe('');
  });
});
