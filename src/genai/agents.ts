/**
 * Agent, workflow, tool and retrieval spans: which operations they are, and the names and ids they
 * carry (mapping.ts AGENT_FIELDS). The ingest stage stores them in agent_spans, not llm_calls: none
 * of them is a model call (the embeddings call a retriever makes is a span of its own).
 */
import { ATTR, EXTRA_OPERATION, OPERATION } from '@llmscope/semconv';
import type { AttrMap } from '../otlp/types.ts';
import { readString } from './attrs.ts';
import { AGENT_FIELDS, OPENINFERENCE_SPAN_KIND } from './mapping.ts';

export type AgentSpanKind = 'agent' | 'workflow' | 'tool' | 'retrieval';

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
  // a vector store or search index query (semconv retrieval, OpenInference RETRIEVER) and a
  // reranking of its documents (OpenInference RERANKER): steps of an agent or RAG pipeline
  [OPERATION.RETRIEVAL, 'retrieval'],
  [EXTRA_OPERATION.RERANK, 'retrieval'],
]);

/**
 * A retrieval step is stored as a datastore tool (semconv gen_ai.tool.type "datastore": a tool that
 * queries external data for retrieval-augmented tasks), named after its data source.
 */
const RETRIEVAL_TOOL_TYPE = 'datastore';
/** Longest stored name (LowCardinality column: an attacker's megabyte data source id must not land there). */
const MAX_NAME_CHARS = 256;

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
  if (kind === 'retrieval') {
    return {
      agentName,
      agentId: first(attrs, AGENT_FIELDS.agentId),
      workflowName,
      toolName: (first(attrs, [ATTR.DATA_SOURCE_ID]) || toolName || fromName).slice(0, MAX_NAME_CHARS),
      toolType: first(attrs, AGENT_FIELDS.toolType) || RETRIEVAL_TOOL_TYPE,
      toolCallId: first(attrs, AGENT_FIELDS.toolCallId),
    };
  }
  return {
    agentName: agentName || (kind === 'agent' ? fromName : ''),
    agentId: first(attrs, AGENT_FIELDS.agentId),
    workflowName: workflowName || (kind === 'workflow' ? fromName : ''),
    toolName: toolName || (kind === 'tool' ? fromName : ''),
    toolType: first(attrs, AGENT_FIELDS.toolType),
    toolCallId: first(attrs, AGENT_FIELDS.toolCallId),
  };
}
