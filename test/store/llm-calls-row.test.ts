/**
 * llm_calls lines leave out fields that hold their column's default: stored in real chdb, a line
 * with every field set and one with every field at its default read back as the full values and
 * the defaults (0, '', false, NULL, []), and the default one is much shorter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { llmCallRowJson, NO_SCORES, type LlmCallRowInput } from '../../src/store/tables/llm_calls.ts';
import type { LlmCall } from '../../src/genai/types.ts';

let dir: string;
let store: EmbeddedStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-llm-row-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const EMPTY_CALL: LlmCall = {
  operation: '', provider: '', requestModel: '', responseModel: '', responseId: '',
  inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, tokensEstimated: false,
  providedCostUsd: null, ttftMs: null, stream: false, finishReasons: [], errorType: '', userId: '', sessionId: '',
  promptName: '', promptVersion: '', serverAddress: '', inputText: '', outputText: '', contextText: '', convention: '',
  requestHash: '', requestHashNormalized: '', maxTokens: 0, cacheHit: false,
  systemFingerprint: '', serviceTier: '', httpStatus: 0, apiVersion: '', apiDeprecation: '', apiSunset: '', sdkDeprecationWarning: '',
};
const FULL_CALL: LlmCall = {
  operation: 'chat', provider: 'openai', requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024', responseId: 'r-1',
  inputTokens: 1200, outputTokens: 300, cacheReadTokens: 100, cacheWriteTokens: 50, reasoningTokens: 7, tokensEstimated: true,
  providedCostUsd: null, ttftMs: 12.5, stream: true, finishReasons: ['stop', 'length'], errorType: 'rate_limit', userId: 'u "1"', sessionId: 's\n2',
  promptName: 'p', promptVersion: 'v2', serverAddress: 'api.openai.com', inputText: 'héllo \u{1F600}', outputText: 'out', contextText: '', convention: 'semconv',
  requestHash: 'h1', requestHashNormalized: 'h2', maxTokens: 512, cacheHit: true,
  systemFingerprint: 'fp_1', serviceTier: 'default', httpStatus: 429, apiVersion: '2024-06-01', apiDeprecation: '@1735689600', apiSunset: 'Wed, 01 Jan 2025 00:00:00 GMT', sdkDeprecationWarning: 'old',
};
const row = (spanId: string, call: LlmCall, scores = NO_SCORES, costUsd = 0, priced = false): LlmCallRowInput => ({
  projectId: 'p1', startTimeUnixNano: 1_700_000_000_000_000_000n, endTimeUnixNano: 1_700_000_000_250_000_000n,
  traceId: '0123456789abcdef0123456789abcdef', spanId, parentSpanId: spanId === 'aaaaaaaaaaaaaaaa' ? '' : 'cccccccccccccccc',
  spanName: 'chat', serviceName: 'svc', environment: '', call, cost: { costUsd, priced, source: priced ? 'table' : 'unpriced', matchedModel: priced ? 'gpt-4o' : '' }, scores: { ...scores },
});

describe('llm_calls lines', () => {
  it('store every value, and the defaults for the fields left out', async () => {
    const empty = llmCallRowJson(row('aaaaaaaaaaaaaaaa', EMPTY_CALL));
    const full = llmCallRowJson(row('bbbbbbbbbbbbbbbb', FULL_CALL, { toxicity: 0.25, hallucination: 0, readability: 61.5, pii_count: 2, prompt_injection: 0.5, relevance: 1 }, 0.0125, true));
    expect(empty.length).toBeLessThan(full.length / 2);
    expect(empty).not.toContain('input_tokens');
    await store.insertJsonEachRow('llmscope.llm_calls', [empty, full]);
    const got = await store.query<Record<string, unknown>>(
      `SELECT span_id, parent_span_id, environment, operation, input_tokens, cache_write_tokens, reasoning_tokens, tokens_estimated, cost_usd, cost_source, priced,
              duration_ms, ttft_ms, stream, status, error_type, finish_reasons, user_id, session_id, input_text, toxicity, hallucination, readability, pii_count,
              prompt_injection, relevance, request_hash, max_tokens, cache_hit, system_fingerprint, http_status, api_sunset, sdk_deprecation_warning
       FROM llmscope.llm_calls ORDER BY span_id`,
    );
    expect(got[0]).toEqual({
      span_id: 'aaaaaaaaaaaaaaaa', parent_span_id: '', environment: '', operation: '', input_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0,
      tokens_estimated: false, cost_usd: 0, cost_source: 'unpriced', priced: false, duration_ms: 250, ttft_ms: null, stream: false, status: 'ok', error_type: '',
      finish_reasons: [], user_id: '', session_id: '', input_text: '', toxicity: null, hallucination: null, readability: null, pii_count: null,
      prompt_injection: null, relevance: null, request_hash: '', max_tokens: 0, cache_hit: false, system_fingerprint: '', http_status: 0, api_sunset: '', sdk_deprecation_warning: '',
    });
    expect(got[1]).toEqual({
      span_id: 'bbbbbbbbbbbbbbbb', parent_span_id: 'cccccccccccccccc', environment: '', operation: 'chat', input_tokens: 1200, cache_write_tokens: 50, reasoning_tokens: 7,
      tokens_estimated: true, cost_usd: 0.0125, cost_source: 'table', priced: true, duration_ms: 250, ttft_ms: 12.5, stream: true, status: 'error', error_type: 'rate_limit',
      finish_reasons: ['stop', 'length'], user_id: 'u "1"', session_id: 's\n2', input_text: 'héllo \u{1F600}', toxicity: 0.25, hallucination: 0, readability: 61.5, pii_count: 2,
      prompt_injection: 0.5, relevance: 1, request_hash: 'h1', max_tokens: 512, cache_hit: true, system_fingerprint: 'fp_1', http_status: 429, api_sunset: 'Wed, 01 Jan 2025 00:00:00 GMT', sdk_deprecation_warning: 'old',
    });
  });
});
