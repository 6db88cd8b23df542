/**
 * Agent, workflow and tool spans: which operations they are, and the names and ids they carry
 * (mapping.ts AGENT_FIELDS). The ingest stage stores them in agent_spans, not llm_calls.
 */
import { OPERATION } from '@llmscope/semconv';
import type { AttrMap } from '../otlp/types.ts';
import { readString } from './attrs.ts';
import { AGENT_FIELDS, OPENINFERENCE_SPAN_KIND } from './mapping.ts';

export type AgentSpanKind = 'agent' | 'workflow' | 'tool';

/** Operations that are agent, workflow or tool spans, not model calls. */
export const AGENT_SPAN_OPERATIONS: ReadonlyMap<string, AgentSpanKind> = new Map<string, AgentSpanKind>([
  [OPERATION.CREATE_AGENT, 'agent'],
  [OPERATION.INVOKE_AGENT, 'agent'],
  [OPERATION.INVOKE_WORKFLOW, 'workflow'],
  [OPERATION.EXECUTE_TOOL, 'tool'],
  // an agent's planning phase (semconv) and one step of its loop (the Vercel AI SDK's step spans):
  // they wrap model calls and tool runs like the agent span does
  ['plan', 'agent'],
  ['agent_step', 'agent'],
]);

export interface AgentSpanFields {
  agentName: string;
  agentId: string;
  workflowName: string;
  toolName: string;
  toolType: string;
  toolCallId: string;
}

function first(attrs: AttrMap, keys: readonly string[]): string {
  for (const k of keys) {
    const v = readString(attrs[k]);
    if (v !== '') return v;
  }
  return '';
}

/** The part of the span name after "<operation> ", when the span name starts with the operation. */
function nameAfterOperation(spanName: string, operation: string): string {
  return spanName.startsWith(operation + ' ') ? spanName.slice(operation.length + 1).trim() : '';
}

export function readAgentSpan(attrs: AttrMap, spanName: string, operation: string): AgentSpanFields {
  const kind = AGENT_SPAN_OPERATIONS.get(operation);
  // OpenInference names AGENT and TOOL spans after the agent or tool itself.
  const fromName = nameAfterOperation(spanName, operation) || (attrs[OPENINFERENCE_SPAN_KIND] !== undefined ? spanName : '');
  const agentName = first(attrs, AGENT_FIELDS.agentName);
  const workflowName = first(attrs, AGENT_FIELDS.workflowName);
  const toolName = first(attrs, AGENT_FIELDS.toolName);
  return {
    agentName: agentName || (kind === 'agent' ? fromName : ''),
    agentId: first(attrs, AGENT_FIELDS.agentId),
    workflowName: workflowName || (kind === 'workflow' ? fromName : ''),
    toolName: toolName || (kind === 'tool' ? fromName : ''),
    toolType: first(attrs, AGENT_FIELDS.toolType),
    toolCallId: first(attrs, AGENT_FIELDS.toolCallId),
  };
}
