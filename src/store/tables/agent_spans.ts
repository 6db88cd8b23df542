/**
 * agent_spans: one row per agent, workflow, tool or retrieval step span (create_agent, invoke_agent,
 * invoke_workflow, execute_tool, retrieval, rerank: genai/agents.ts). They are not model calls — their usage, if reported, is their model calls' usage —
 * so they live here, not in llm_calls, and are never priced. An agent run's model calls and tools are
 * its descendants (parent_span_id chains, through otel_traces for spans in between).
 */
import type { TableDef } from '../schema.ts';
import { PROJECT, ZSTD } from './columns.ts';

export const AGENT_SPANS: TableDef = {
  name: 'agent_spans',
  columns: [
    PROJECT,
    { name: 'timestamp', type: 'DateTime64(9)', codec: 'Delta, ZSTD(1)' },
    { name: 'trace_id', type: 'String', codec: ZSTD },
    { name: 'span_id', type: 'String', codec: ZSTD },
    { name: 'parent_span_id', type: 'String', codec: ZSTD },
    { name: 'span_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'service_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'environment', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'operation', type: 'LowCardinality(String)', codec: ZSTD, comment: 'create_agent | invoke_agent | invoke_workflow | execute_tool' },
    { name: 'agent_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'agent_id', type: 'String', codec: ZSTD },
    { name: 'workflow_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'tool_name', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'tool_type', type: 'LowCardinality(String)', codec: ZSTD, comment: 'function | extension | datastore | …' },
    { name: 'tool_call_id', type: 'String', codec: ZSTD },
    { name: 'provider', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'request_model', type: 'LowCardinality(String)', codec: ZSTD, comment: "the agent's model when the span names one" },
    { name: 'remote', type: 'Bool', codec: ZSTD, comment: 'CLIENT span: a call to a remote agent service (its usage is an llm_calls row of the same span)' },
    { name: 'duration_ms', type: 'Float64', codec: 'Gorilla, ZSTD(1)' },
    { name: 'status', type: 'LowCardinality(String)', codec: ZSTD, comment: 'ok | error' },
    { name: 'error_type', type: 'LowCardinality(String)', codec: ZSTD },
    { name: 'user_id', type: 'String', codec: ZSTD },
    { name: 'session_id', type: 'String', codec: ZSTD },
    { name: 'convention', type: 'LowCardinality(String)', codec: ZSTD },
  ],
  indexes: ['INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1'],
  engine: 'MergeTree',
  partitionBy: 'toYYYYMM(timestamp)',
  orderBy: '(project_id, operation, service_name, toDateTime(timestamp))',
  ttlFrom: 'toDateTime(timestamp)',
  settings: ['index_granularity = 8192', 'ttl_only_drop_parts = 1'],
  shardingKey: 'cityHash64(trace_id)',
};

export interface AgentSpanRow {
  projectId: string;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  spanName: string;
  serviceName: string;
  environment: string;
  operation: string;
  agentName: string;
  agentId: string;
  workflowName: string;
  toolName: string;
  toolType: string;
  toolCallId: string;
  provider: string;
  requestModel: string;
  remote: boolean;
  errorType: string;
  userId: string;
  sessionId: string;
  convention: string;
}

/** One agent_spans row as a JSONEachRow line. */
export function agentSpanRowJson(r: AgentSpanRow): string {
  const durationNs = r.endTimeUnixNano - r.startTimeUnixNano;
  return (
    `{"project_id":${JSON.stringify(r.projectId)},"timestamp":${r.startTimeUnixNano.toString()},` +
    JSON.stringify({
      trace_id: r.traceId,
      span_id: r.spanId,
      parent_span_id: r.parentSpanId,
      span_name: r.spanName,
      service_name: r.serviceName,
      environment: r.environment,
      operation: r.operation,
      agent_name: r.agentName,
      agent_id: r.agentId,
      workflow_name: r.workflowName,
      tool_name: r.toolName,
      tool_type: r.toolType,
      tool_call_id: r.toolCallId,
      provider: r.provider,
      request_model: r.requestModel,
      remote: r.remote,
      duration_ms: durationNs > 0n ? Number(durationNs) / 1e6 : 0,
      status: r.errorType ? 'error' : 'ok',
      error_type: r.errorType,
      user_id: r.userId,
      session_id: r.sessionId,
      convention: r.convention,
    }).slice(1) +
    '\n'
  );
}
