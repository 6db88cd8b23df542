/**
 * Agent runs and guardrail results added to the dashboard seed (test/support/seed.ts), from their
 * own random stream so every other seeded value stays as it was. Each run is a trace:
 *   POST /agent (server) → invoke_agent <agent> → chat, execute_tool <tool>,
 *     retrieval kb-docs (a datastore step) → chat (a model call two levels down),
 *     and in every fifth run invoke_agent math-helper → chat (a nested run: its call is its own run's).
 * Model calls go to `calls` (llm_calls), agent and tool spans to `agentSpans` (agent_spans), every
 * span to `spans` (otel_traces); guardrail results (apply_guardrail spans and their events) to
 * `guardrails`.
 */
import { MODELS, RANGE_FROM_MS, SERVICES, prng, type Seed, type SeedCall, type SeedSpan } from './seed.ts';

export interface SeedAgentSpan {
  tsMs: number;
  tsNs: bigint;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  span_name: string;
  service_name: string;
  environment: string;
  operation: string;
  agent_name: string;
  agent_id: string;
  workflow_name: string;
  tool_name: string;
  tool_type: string;
  tool_call_id: string;
  provider: string;
  request_model: string;
  remote: boolean;
  duration_ms: number;
  status: 'ok' | 'error';
  error_type: string;
  user_id: string;
  session_id: string;
  convention: string;
}

export interface SeedGuardrail {
  tsMs: number;
  tsNs: bigint;
  trace_id: string;
  span_id: string;
  service_name: string;
  environment: string;
  origin: 'span' | 'span_event' | 'log';
  guardrail: string;
  provider: string;
  policy_id: string;
  policy_version: string;
  rule_id: string;
  source: string;
  result_type: string;
  result_value: string;
  reason: string;
  risk_category: string;
  risk_score: number | null;
  duration_ms: number | null;
  status: 'ok' | 'error';
  error_type: string;
}

export interface AgentSeed extends Seed {
  agentSpans: SeedAgentSpan[];
  guardrails: SeedGuardrail[];
}

const AGENTS = ['support-agent', 'research-agent'] as const;
const TOOLS = [
  { name: 'get_order_status', type: 'function' },
  { name: 'web_search', type: 'extension' },
  { name: 'vector_lookup', type: 'datastore' },
] as const;
/** The data source of each run's retrieval step (stored as a datastore tool, src/genai/agents.ts). */
const RETRIEVER = { name: 'kb-docs', type: 'datastore' } as const;

function hex(rand: () => number, chars: number): string {
  let s = '';
  for (let i = 0; i < chars; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

/** The base seed plus agent runs and guardrail results (a new seed; the base is not changed). */
export function withAgentRuns(base: Seed, seed = 0xa6e7): AgentSeed {
  const rand = prng(seed);
  const calls: SeedCall[] = [...base.calls];
  const spans: SeedSpan[] = [...base.spans];
  const agentSpans: SeedAgentSpan[] = [];
  const guardrails: SeedGuardrail[] = [];
  // 16 runs in the 48 h range and one the hour before it (outside every panel).
  const starts = [RANGE_FROM_MS - 3600_000, ...Array.from({ length: 16 }, (_, i) => RANGE_FROM_MS + 1800_000 + i * 10_500_000 + Math.floor(rand() * 600_000))];
  starts.forEach((t0, i) => {
    const service = SERVICES[i % SERVICES.length]!;
    const environment = i % 4 === 3 ? 'staging' : 'prod';
    const resource = { 'service.name': service, 'deployment.environment.name': environment };
    const trace = hex(rand, 32);
    const agentName = AGENTS[i % 2]!;
    const user = `u-agent-${i % 3}`;
    const session = `s-agent-${i}`;
    const ns = (ms: number) => BigInt(ms) * 1_000_000n;
    const span = (p: { id: string; parent: string; name: string; kind: string; start: number; end: number; error?: string; attributes?: Record<string, string> }): void => {
      spans.push({
        tsMs: p.start, tsNs: ns(p.start), TraceId: trace, SpanId: p.id, ParentSpanId: p.parent, SpanName: p.name, SpanKind: p.kind, ServiceName: service,
        DurationNs: ns(p.end - p.start), StatusCode: p.error ? 'STATUS_CODE_ERROR' : 'STATUS_CODE_UNSET', StatusMessage: p.error ?? '',
        SpanAttributes: p.attributes ?? {}, ResourceAttributes: resource, ScopeName: 'agents-sdk', ScopeVersion: '1.0.0', events: [], links: [],
      });
    };
    const agentSpan = (p: { id: string; parent: string; operation: string; name: string; start: number; end: number; agent?: string; tool?: (typeof TOOLS)[number] | typeof RETRIEVER; error?: string }): void => {
      const spanName = p.operation === 'invoke_agent' ? `invoke_agent ${p.agent}` : `${p.operation} ${p.tool!.name}`;
      agentSpans.push({
        tsMs: p.start, tsNs: ns(p.start), trace_id: trace, span_id: p.id, parent_span_id: p.parent, span_name: spanName, service_name: service, environment,
        operation: p.operation, agent_name: p.agent ?? '', agent_id: p.agent ? `${p.agent}-v1` : '', workflow_name: '',
        tool_name: p.tool?.name ?? '', tool_type: p.tool?.type ?? '', tool_call_id: p.operation === 'execute_tool' ? `call_${hex(rand, 8)}` : '',
        provider: p.agent ? 'openai' : '', request_model: '', remote: false, duration_ms: p.end - p.start,
        status: p.error ? 'error' : 'ok', error_type: p.error ?? '', user_id: user, session_id: session, convention: 'semconv',
      });
      span({ id: p.id, parent: p.parent, name: spanName, kind: 'SPAN_KIND_INTERNAL', start: p.start, end: p.end, error: p.error, attributes: { 'gen_ai.operation.name': p.operation } });
    };
    const chat = (id: string, parent: string, start: number, k: number): number => {
      const m = MODELS[(i + k) % 4]!;
      const input = 300 + Math.floor(rand() * 2000);
      const output = 20 + Math.floor(rand() * 400);
      const duration = 200 + Math.floor(rand() * 3000);
      calls.push({
        tsMs: start, tsNs: ns(start), trace_id: trace, span_id: id, parent_span_id: parent, span_name: `chat ${m.model}`, service_name: service, environment,
        operation: 'chat', provider: m.provider, request_model: m.model, response_model: m.model, input_tokens: input, output_tokens: output,
        cache_read_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0, cost_usd: input * m.input! + output * m.output!, cost_source: 'table', priced: true,
        duration_ms: duration, ttft_ms: null, stream: false, status: 'ok', error_type: '', user_id: user, session_id: session,
        toxicity: null, hallucination: null, readability: null, pii_count: null, prompt_injection: null, relevance: null, prompt_name: '', prompt_version: '',
      });
      span({ id, parent, name: `chat ${m.model}`, kind: 'SPAN_KIND_CLIENT', start, end: start + duration, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': m.model } });
      return start + duration;
    };
    const root = hex(rand, 16);
    const agent = hex(rand, 16);
    let t = t0 + 5;
    t = chat(hex(rand, 16), agent, t, 0) + 1;
    const tool = TOOLS[i % 3]!;
    const toolError = i % 4 === 1 ? 'TimeoutError' : undefined;
    const toolEnd = t + 20 + Math.floor(rand() * 900);
    agentSpan({ id: hex(rand, 16), parent: agent, operation: 'execute_tool', name: '', start: t, end: toolEnd, tool, error: toolError });
    t = toolEnd + 1;
    const retrieve = hex(rand, 16);
    const retrieveStart = t;
    t = chat(hex(rand, 16), retrieve, t + 2, 1) + 1;
    agentSpan({ id: retrieve, parent: agent, operation: 'retrieval', name: '', start: retrieveStart, end: t, tool: RETRIEVER });
    if (i % 5 === 0) {
      const sub = hex(rand, 16);
      const subStart = t;
      t = chat(hex(rand, 16), sub, t + 1, 2) + 1;
      // the nested agent calls a tool too: it counts for the tool panel and the nested run
      const subToolEnd = t + 30;
      agentSpan({ id: hex(rand, 16), parent: sub, operation: 'execute_tool', name: '', start: t, end: subToolEnd, tool: TOOLS[0] });
      t = subToolEnd + 1;
      agentSpan({ id: sub, parent: agent, operation: 'invoke_agent', name: '', start: subStart, end: t, agent: 'math-helper' });
    }
    const agentError = i % 7 === 2 ? 'MaxTurnsExceeded' : undefined;
    agentSpan({ id: agent, parent: root, operation: 'invoke_agent', name: '', start: t0 + 2, end: t + 1, agent: agentName, error: agentError });
    span({ id: root, parent: '', name: 'POST /agent', kind: 'SPAN_KIND_SERVER', start: t0, end: t + 3, error: agentError });

    // A guardrail checks the input of every run (its span and a per-category event), and the
    // output of every third run (span only).
    const guard = hex(rand, 16);
    const intervened = i % 4 === 1;
    const gStart = t0 + 1;
    const g = {
      trace_id: trace, span_id: guard, service_name: service, environment, provider: 'aws.bedrock', guardrail: 'Amazon Bedrock Guardrails', policy_id: 'gr-abc123',
      policy_version: String(1 + (i % 2)), rule_id: '', reason: intervened ? 'Guardrail policy blocked the requested topic' : '', status: 'ok' as const, error_type: '',
    };
    guardrails.push({ ...g, tsMs: gStart, tsNs: ns(gStart), origin: 'span', source: 'INPUT', result_type: 'action', result_value: intervened ? 'GUARDRAIL_INTERVENED' : 'NONE', risk_category: '', risk_score: null, duration_ms: 40 + (i % 5) * 10 });
    guardrails.push({ ...g, tsMs: gStart, tsNs: ns(gStart) + 1000n, origin: 'span_event', source: 'INPUT', result_type: 'filter_action', result_value: intervened ? 'BLOCKED' : 'NONE', risk_category: intervened ? 'PROMPT_ATTACK' : 'HATE', risk_score: intervened ? 0.9 : 0.1, duration_ms: null, reason: '' });
    if (i % 3 === 0) {
      const out = t + 2;
      guardrails.push({ ...g, span_id: hex(rand, 16), tsMs: out, tsNs: ns(out), origin: 'log', guardrail: 'OpenAI Agents', provider: 'openai', policy_id: '', policy_version: '', source: 'output', result_type: 'tripwire_triggered', result_value: i % 2 === 0 ? 'true' : 'false', reason: '', risk_category: '', risk_score: null, duration_ms: null });
    }
  });
  return { ...base, calls, spans, agentSpans, guardrails };
}
