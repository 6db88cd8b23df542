/** Agent/tool span fields and guardrail results read from each convention's attribute names. */
import { describe, expect, it } from 'vitest';
import { readAgentSpan, AGENT_SPAN_OPERATIONS } from '../../src/genai/agents.ts';
import { readGuardrail } from '../../src/genai/guardrails.ts';
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

describe('guardrail results', () => {
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
