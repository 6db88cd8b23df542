/**
 * `llmscope demo` through the real OTel SDK and OTLP exporter into a real collector on chdb: every
 * kind of traffic the dashboards need arrives (3 services, 3 providers, streams, tool calls, each
 * error kind, prompt versions, users, sessions, content, flagged answers), back-dated in the window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector, type RunningCollector } from '../../src/collector.ts';
import { parseDemoArgs, runDemo } from '../../src/demo/send.ts';

let collector: RunningCollector;
let dir: string;
const now = Date.now();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-demo-'));
  collector = await startCollector({ port: 0, dataDir: join(dir, 'data'), logLevel: 'warn' });
});

afterAll(async () => {
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('llmscope demo', () => {
  it('parses its flags and refuses bad ones', () => {
    expect(parseDemoArgs(['--url', 'http://h:1/', '--minutes', '30', '--key', 'k', '--seed', '7'])).toEqual({ url: 'http://h:1', minutes: 30, rate: 8, key: 'k', seed: 7 });
    expect(() => parseDemoArgs(['--minutes', 'x'])).toThrow(/--minutes/);
    expect(() => parseDemoArgs(['--nope'])).toThrow();
  });

  it('sends realistic GenAI traffic that lands in llm_calls, scores and otel_traces', async () => {
    const r = await runDemo({ url: collector.url, minutes: 60, rate: 4, seed: 11, now });
    expect(r.traces).toBe(240);
    await collector.flush();
    const [c] = await collector.store.query<Record<string, number | string[]>>(
      `SELECT count() AS calls, uniq(service_name) AS services, groupUniqArray(provider) AS providers,
         countIf(ttft_ms IS NOT NULL) AS streams, groupUniqArray(error_type) AS errors,
         uniqIf((prompt_name, prompt_version), prompt_name != '') AS prompt_versions, uniq(user_id) AS users, uniq(session_id) AS sessions,
         countIf(output_text != '') AS with_content, countIf(has(finish_reasons, 'tool_call')) AS tool_calls,
         countIf(toxicity >= 0.5) AS toxic, countIf(prompt_injection >= 0.5) AS injections, countIf(pii_count > 0) AS pii, countIf(reasoning_tokens > 0) AS reasoning,
         countIf(cache_read_tokens > 0) AS cached, sum(cost_usd) > 0 AS priced,
         toUnixTimestamp64Milli(min(timestamp)) AS first_ms, toUnixTimestamp64Milli(max(timestamp)) AS last_ms
       FROM llmscope.llm_calls`,
    );
    expect(Number(c!.calls)).toBe(r.calls);
    expect(Number(c!.services)).toBe(3);
    expect([...(c!.providers as string[])].sort()).toEqual(expect.arrayContaining(['anthropic', 'gcp.gemini', 'openai']));
    expect(c!.errors).toEqual(expect.arrayContaining(['429', '500', 'timeout']));
    for (const k of ['streams', 'with_content', 'tool_calls', 'toxic', 'injections', 'pii', 'reasoning', 'cached']) expect(Number(c![k]), k).toBeGreaterThan(0);
    expect(Number(c!.prompt_versions)).toBeGreaterThanOrEqual(6);
    expect(Number(c!.users)).toBeGreaterThanOrEqual(6);
    expect(Number(c!.sessions)).toBeGreaterThan(20);
    expect(Number(c!.priced)).toBe(1);
    expect(Number(c!.first_ms)).toBeGreaterThanOrEqual(now - 60 * 60_000);
    expect(Number(c!.last_ms)).toBeLessThan(now);
    expect(Number(c!.last_ms) - Number(c!.first_ms)).toBeGreaterThan(45 * 60_000);
    const [t] = await collector.store.query<{ spans: string; errors: string }>(
      `SELECT count() AS spans, countIf(StatusCode IN ('STATUS_CODE_ERROR', 'Error')) AS errors FROM llmscope.otel_traces`,
    );
    expect(Number(t!.spans)).toBe(r.spans);
    // the support traces run inside an agent: its tool runs and the agent span are agent_spans rows, not llm_calls
    const [a] = await collector.store.query<Record<string, string>>(
      `SELECT count() AS n, countIf(operation = 'invoke_agent' AND agent_name = 'support-assistant') AS agents, countIf(operation = 'execute_tool' AND tool_name = 'get_order_status') AS tools FROM llmscope.agent_spans`,
    );
    expect(Number(a!.n)).toBe(r.agentSpans);
    expect(Number(a!.agents)).toBeGreaterThan(0);
    expect(Number(a!.tools)).toBeGreaterThan(0);
    expect(Number(a!.agents) + Number(a!.tools)).toBe(r.agentSpans);
    const [n] = await collector.store.query<{ n: string }>(`SELECT count() AS n FROM llmscope.llm_calls WHERE operation IN ('execute_tool', 'invoke_agent') OR request_model = ''`);
    expect(Number(n!.n)).toBe(0);
    // support traces pass a guardrail first; it intervenes on the injection attempts
    const [g] = await collector.store.query<Record<string, string>>(
      `SELECT countIf(origin = 'span') AS spans, countIf(origin = 'span' AND result_value = 'GUARDRAIL_INTERVENED') AS intervened, countIf(origin = 'span_event' AND risk_category = 'PROMPT_ATTACK') AS attacks FROM llmscope.guardrail_results`,
    );
    expect(Number(g!.spans)).toBe(r.guardrailSpans);
    expect(Number(g!.intervened)).toBeGreaterThan(0);
    expect(Number(g!.attacks)).toBe(Number(g!.intervened));
    expect(Number(t!.errors)).toBeGreaterThan(0);
    // API-change monitoring: the Anthropic SDK's deprecation warning for claude-sonnet-4-5 is a change on its own
    // (the collector's own run may have found it first: read the table, not this run's news)
    await collector.changes!.detectOnce(now);
    const found = await collector.store.query<Record<string, string>>(`SELECT provider, request_model, kind FROM llmscope.api_changes FINAL`);
    expect(found.map((x) => [x.provider, x.request_model, x.kind])).toEqual([['anthropic', 'claude-sonnet-4-5', 'sdk_warning']]);
    const [f] = await collector.store.query<Record<string, string>>(
      `SELECT countIf(system_fingerprint != '') AS fingerprints, countIf(api_version = '2020-10-01') AS versions FROM llmscope.llm_calls WHERE provider = 'openai' AND status = 'ok'`,
    );
    expect(Number(f!.fingerprints)).toBeGreaterThan(0);
    expect(Number(f!.versions)).toBe(Number(f!.fingerprints));
  });

  it('reports a collector that refuses the traffic', async () => {
    await expect(runDemo({ url: 'http://127.0.0.1:9', minutes: 1, rate: 1, seed: 1 })).rejects.toThrow(/refused/);
  });
});
