import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import type { InsertOptions, Store } from '../../src/store/store.ts';
import { LlmJudge, type JudgeItem, type LlmJudgeOptions } from '../../src/judge/judge.ts';
import { LlmJudgeStandin } from '../support/llm-judge-standin.ts';

let dir: string;
let store: EmbeddedStore;
let judgeServer: LlmJudgeStandin;
const judges: LlmJudge[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-judge-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
  judgeServer = await new LlmJudgeStandin().start();
});
afterAll(async () => {
  for (const j of judges) await j.close();
  await judgeServer.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => judgeServer.reset());

const T0 = 1_750_000_000_000_000_000n;

function newJudge(o: Partial<LlmJudgeOptions> = {}): LlmJudge {
  const j = new LlmJudge({
    url: judgeServer.url,
    model: 'judge-model-1',
    apiKey: 'sk-test-123',
    store,
    database: 'llmscope',
    ratePerSecond: 0,
    retryBaseMs: 10,
    ...o,
  });
  judges.push(j);
  return j;
}

function call(project: string, n: number, over: Partial<JudgeItem> = {}): JudgeItem {
  return {
    projectId: project,
    traceId: `trace-${n}`,
    spanId: `${project}-span-${n}`,
    timestampNs: T0 + BigInt(n),
    serviceName: 'svc',
    requestModel: 'gpt-4o',
    inputText: 'What is the height of the tower?',
    outputText: 'The tower height is 330 metres.',
    contextText: '',
    ...over,
  };
}

interface Row {
  span_id: string;
  name: string;
  value: number;
  label: string;
  source: string;
  explanation: string;
}

const rows = (project: string) =>
  store.query<Row>(
    'SELECT span_id, name, value, label, source, explanation FROM llmscope.scores WHERE project_id = {p:String} ORDER BY span_id, name',
    { p: project },
  );

describe('LlmJudge', () => {
  it('judges calls through the chat endpoint and writes the verdicts to scores', async () => {
    const j = newJudge({ concurrency: 2 });
    j.offer(call('write', 1, { contextText: 'The tower is 330 metres tall and opened in 1889.' }));
    j.offer(call('write', 2, { inputText: 'you stupid bot, what is the height of the tower?', outputText: 'The tower is 300 metres, built in 1875.', contextText: 'The tower is 330 metres tall.' }));
    j.offer(call('write', 3, { inputText: 'What is the height of the tower?', outputText: 'I like turtles.' }));
    j.offer(call('write', 4, { inputText: '', outputText: '' })); // nothing to judge
    await j.flush();

    expect(await rows('write')).toEqual([
      { span_id: 'write-span-1', name: 'judge.hallucination', value: 0, label: 'grounded', source: 'llm_judge', explanation: 'every number in the answer appears in the context' },
      { span_id: 'write-span-1', name: 'judge.relevance', value: 0.67, label: 'relevant', source: 'llm_judge', explanation: 'word overlap 0.67' },
      { span_id: 'write-span-1', name: 'judge.toxicity.input', value: 0.05, label: 'ok', source: 'llm_judge', explanation: 'no toxic words' },
      { span_id: 'write-span-1', name: 'judge.toxicity.output', value: 0.05, label: 'ok', source: 'llm_judge', explanation: 'no toxic words' },
      { span_id: 'write-span-2', name: 'judge.hallucination', value: 1, label: 'hallucinated', source: 'llm_judge', explanation: 'numbers not in the context: 300, 1875' },
      { span_id: 'write-span-2', name: 'judge.relevance', value: 0.25, label: 'irrelevant', source: 'llm_judge', explanation: 'word overlap 0.25' },
      { span_id: 'write-span-2', name: 'judge.toxicity.input', value: 0.9, label: 'toxic', source: 'llm_judge', explanation: 'contains "stupid"' },
      { span_id: 'write-span-2', name: 'judge.toxicity.output', value: 0.05, label: 'ok', source: 'llm_judge', explanation: 'no toxic words' },
      { span_id: 'write-span-3', name: 'judge.relevance', value: 0, label: 'irrelevant', source: 'llm_judge', explanation: 'word overlap 0' },
      { span_id: 'write-span-3', name: 'judge.toxicity.input', value: 0.05, label: 'ok', source: 'llm_judge', explanation: 'no toxic words' },
      { span_id: 'write-span-3', name: 'judge.toxicity.output', value: 0.05, label: 'ok', source: 'llm_judge', explanation: 'no toxic words' },
    ]);
    const [meta] = await store.query<{ trace_id: string; t: string; service_name: string; request_model: string }>(
      "SELECT trace_id, toString(toUnixTimestamp64Nano(timestamp)) AS t, service_name, request_model FROM llmscope.scores WHERE project_id = 'write' AND span_id = 'write-span-2' LIMIT 1",
    );
    expect(meta).toEqual({ trace_id: 'trace-2', t: (T0 + 2n).toString(), service_name: 'svc', request_model: 'gpt-4o' });

    expect(judgeServer.requests).toHaveLength(11);
    for (const r of judgeServer.requests) {
      expect(r.path).toBe('/v1/chat/completions');
      expect(r.headers.authorization).toBe('Bearer sk-test-123');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body.model).toBe('judge-model-1');
      expect(r.body.temperature).toBe(0);
      expect(r.body.response_format).toEqual({ type: 'json_object' });
    }
    const s = j.stats;
    expect(s).toMatchObject({ offered: 4, sampled: 4, skipped: 1, dropped: 0, judged: 11, failed: 0, requests: 11, retries: 0, rowsWritten: 11, rowsLost: 0 });
    expect(s.promptTokens).toBe(1100);
    expect(s.completionTokens).toBe(220);
    expect(s.latency.count).toBe(11);
    expect(s.latency.p95Ms).toBeGreaterThan(0);
    expect(s.latency.maxMs).toBeGreaterThanOrEqual(s.latency.p50Ms);
  });

  it('sends no Authorization header without an API key and judges only the chosen criteria', async () => {
    const j = newJudge({ apiKey: undefined, criteria: ['relevance'] });
    j.offer(call('nokey', 1, { contextText: 'ctx 330' }));
    await j.flush();
    expect(judgeServer.requests).toHaveLength(1);
    expect(judgeServer.requests[0]!.headers.authorization).toBeUndefined();
    expect((await rows('nokey')).map((r) => r.name)).toEqual(['judge.relevance']);
  });

  it('truncates the explanation to 1,000 characters', async () => {
    const j = newJudge({ criteria: ['toxicity'] });
    judgeServer.script.push({ kind: 'content', content: JSON.stringify({ score: 0.7, label: 'toxic', reason: 'r'.repeat(5000) }) });
    j.offer(call('long', 1, { inputText: '' }));
    await j.flush();
    const [r] = await rows('long');
    expect(r!.value).toBe(0.7);
    expect(r!.explanation.length).toBe(1000);
    expect(r!.explanation.endsWith('r…')).toBe(true);
  });

  it('samples about half the spans at 0.5, the same spans on a replay', async () => {
    const a = newJudge({ sampleRate: 0.5, criteria: ['relevance'], concurrency: 8 });
    const b = newJudge({ sampleRate: 0.5, criteria: ['relevance'], concurrency: 8 });
    for (let n = 0; n < 200; n++) a.offer(call('sample', n));
    for (let n = 0; n < 200; n++) b.offer(call('sample', n, { projectId: 'sample-replay' }));
    await Promise.all([a.flush(), b.flush()]);
    expect(a.stats.offered).toBe(200);
    expect(a.stats.sampled).toBeGreaterThan(70);
    expect(a.stats.sampled).toBeLessThan(130);
    expect(a.stats.judged).toBe(a.stats.sampled);
    const first = (await rows('sample')).map((r) => r.span_id);
    const replay = (await rows('sample-replay')).map((r) => r.span_id);
    expect(first).toHaveLength(a.stats.sampled);
    expect(replay).toEqual(first);
    expect(judgeServer.requests).toHaveLength(2 * a.stats.sampled);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const j = newJudge({ concurrency: 3, criteria: ['toxicity'] });
    judgeServer.delayMs = 60;
    for (let n = 0; n < 6; n++) j.offer(call('conc', n)); // 12 judgements
    expect(judgeServer.maxInFlight).toBeLessThanOrEqual(3);
    await j.flush();
    expect(judgeServer.requests).toHaveLength(12);
    expect(judgeServer.maxInFlight).toBe(3);
    expect(j.stats.judged).toBe(12);
  });

  it('keeps to the rate limit', async () => {
    const rps = 20;
    const j = newJudge({ concurrency: 8, ratePerSecond: rps, criteria: ['toxicity'] });
    for (let n = 0; n < 12; n++) j.offer(call('rate', n)); // 24 requests
    await j.flush();
    const at = judgeServer.requests.map((r) => r.at).sort((x, y) => x - y);
    expect(at).toHaveLength(24);
    // Burst 1: 24 requests need at least 23 intervals of 1/rps.
    expect(at[23]! - at[0]!).toBeGreaterThanOrEqual((23 / rps) * 1000 - 30);
    // No window of 250 ms holds more than burst + rps * 0.25 (+1 for timer jitter).
    for (let i = 0; i < at.length; i++) {
      const inWindow = at.filter((t) => t >= at[i]! && t < at[i]! + 250).length;
      expect(inWindow).toBeLessThanOrEqual(1 + rps * 0.25 + 1);
    }
    expect(j.stats.judged).toBe(24);
  });

  it('retries 429 (honouring Retry-After) and 500, then succeeds', async () => {
    const j = newJudge({ concurrency: 1, criteria: ['toxicity'], maxRetries: 3 });
    judgeServer.script.push({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'status', status: 500 }, { kind: 'status', status: 503, retryAfterMs: '50' });
    j.offer(call('retry', 1, { inputText: '' }));
    await j.flush();
    const at = judgeServer.requests.map((r) => r.at);
    expect(at).toHaveLength(4);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(990); // Retry-After: 1
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(45); // retry-after-ms: 50
    expect(j.stats).toMatchObject({ judged: 1, failed: 0, retries: 3, requests: 4 });
    expect((await rows('retry')).map((r) => [r.name, r.value])).toEqual([['judge.toxicity.output', 0.05]]);
  });

  it('gives up after maxRetries, does not retry a 400, and retries a timeout', async () => {
    const j = newJudge({ concurrency: 1, criteria: ['toxicity'], maxRetries: 2, timeoutMs: 150 });
    judgeServer.script.push(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 500 }, // call 1: three attempts, all fail
      { kind: 'status', status: 400 }, // call 2: not retried
      { kind: 'hang' }, // call 3: times out, then succeeds
    );
    j.offer(call('giveup', 1, { inputText: '' }));
    j.offer(call('giveup', 2, { inputText: '' }));
    j.offer(call('giveup', 3, { inputText: '' }));
    await j.flush();
    expect(judgeServer.requests).toHaveLength(6);
    expect(j.stats).toMatchObject({ judged: 1, failed: 2, failures: { http: 2, timeout: 0, malformed: 0, network: 0 }, retries: 3 });
    expect((await rows('giveup')).map((r) => r.span_id)).toEqual(['giveup-span-3']);
  });

  it('counts a judge that never answers in time as a timeout failure', async () => {
    const j = newJudge({ concurrency: 1, criteria: ['toxicity'], maxRetries: 1, timeoutMs: 100 });
    judgeServer.script.push({ kind: 'hang' }, { kind: 'delay', ms: 400 });
    j.offer(call('timeout', 1, { inputText: '' }));
    await j.flush();
    expect(j.stats).toMatchObject({ judged: 0, failed: 1, failures: { timeout: 1 }, requests: 2 });
    expect(await rows('timeout')).toEqual([]);
  });

  it('counts malformed replies as failed and writes no score for them', async () => {
    const j = newJudge({ concurrency: 1, criteria: ['toxicity'] });
    judgeServer.script.push(
      { kind: 'content', content: 'The text is not toxic.' },
      { kind: 'content', content: '{"score": "high", "label": "toxic"}' },
      { kind: 'content', content: '{"label": "ok", "reason": "no score"}' },
      { kind: 'content', content: '{"score": 7, "label": "toxic"}' },
      { kind: 'body', body: '<html>gateway</html>' },
      { kind: 'body', body: '{"choices":[]}' },
      { kind: 'content', content: '```json\n{"score": 0.2, "label": "ok", "reason": "fenced"}\n```' },
    );
    for (let n = 0; n < 7; n++) j.offer(call('malformed', n, { inputText: '' }));
    await j.flush();
    expect(judgeServer.requests).toHaveLength(7); // malformed replies are not retried
    expect(j.stats).toMatchObject({ judged: 1, failed: 6, failures: { malformed: 6, http: 0 } });
    expect(await rows('malformed')).toEqual([
      { span_id: 'malformed-span-6', name: 'judge.toxicity.output', value: 0.2, label: 'ok', source: 'llm_judge', explanation: 'fenced' },
    ]);
  });

  it('drops and counts calls beyond the queue limit, without blocking offer()', async () => {
    const j = newJudge({ concurrency: 1, queueLimit: 2, criteria: ['toxicity'] });
    judgeServer.delayMs = 30;
    const t = performance.now();
    for (let n = 0; n < 6; n++) j.offer(call('queue', n, { inputText: '' }));
    expect(performance.now() - t).toBeLessThan(50);
    // The first call is in flight, two wait, three are dropped.
    expect(j.queued).toBe(2);
    expect(j.stats).toMatchObject({ offered: 6, sampled: 6, dropped: 3 });
    await j.flush();
    expect(j.stats).toMatchObject({ judged: 3, dropped: 3 });
    expect((await rows('queue')).map((r) => r.span_id)).toEqual(['queue-span-0', 'queue-span-1', 'queue-span-2']);
  });

  it('retries a failed insert with the same dedup token, so an insert whose ack was lost is not doubled', async () => {
    const tokens: Array<string | undefined> = [];
    let lose = 1;
    // Wraps the real store; the first insert goes through but reports a failure (a lost acknowledgement).
    const lossyAck: Store = Object.assign(Object.create(store) as Store, {
      insert: async (table: string, r: readonly object[], o?: InsertOptions) => {
        tokens.push(o?.dedupToken);
        await store.insert(table, r, o);
        if (lose-- > 0) throw new Error('connection reset after insert');
      },
    });
    const j = newJudge({ store: lossyAck, criteria: ['toxicity'] });
    j.offer(call('dedup', 1));
    j.offer(call('dedup', 2));
    await j.flush();
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[0]).toMatch(/^llm_judge:/);
    expect(await rows('dedup')).toHaveLength(4);
    expect(j.stats).toMatchObject({ rowsWritten: 4, insertErrors: 1, rowsLost: 0 });
  });

  it('close() abandons pending work, writes what it has and leaves no timers behind', async () => {
    const { pending, restore } = trackJudgeTimers();
    try {
      const j = newJudge({ concurrency: 1, ratePerSecond: 2, criteria: ['toxicity'], timeoutMs: 10_000, batchDelayMs: 60_000 });
      j.offer(call('close', 1, { inputText: '' })); // answered → its row waits for the batch timer
      await until(() => j.stats.judged === 1);
      judgeServer.script.push({ kind: 'hang' });
      j.offer(call('close', 2, { inputText: '' })); // waits for a rate token, then hangs (request timeout timer)
      j.offer(call('close', 3, { inputText: '' })); // queued
      await until(() => judgeServer.requests.length === 2);
      expect(pending.size).toBe(2); // the batch timer and the request timeout
      const t = performance.now();
      await j.close();
      expect(performance.now() - t).toBeLessThan(300); // nothing waits out its timer
      expect(pending.size).toBe(0);
      expect(j.stats).toMatchObject({ judged: 1, abandoned: 2, rowsWritten: 1 });
      expect((await rows('close')).map((r) => r.span_id)).toEqual(['close-span-1']);
      j.offer(call('close', 4, { inputText: '' }));
      expect(j.stats.dropped).toBe(1);
      await j.flush(); // resolves at once after close
      expect(pending.size).toBe(0);
    } finally {
      restore();
    }
  });

  it('close() while waiting for a rate token or a retry backoff clears those timers too', async () => {
    const { pending, restore } = trackJudgeTimers();
    try {
      const j = newJudge({ concurrency: 2, ratePerSecond: 0.5, criteria: ['toxicity'], retryBaseMs: 30_000 });
      judgeServer.script.push({ kind: 'status', status: 500 });
      j.offer(call('close2', 1, { inputText: '' })); // 500 → waits 15–30 s to retry
      j.offer(call('close2', 2, { inputText: '' })); // waits ~2 s for a rate token
      await until(() => judgeServer.requests.length === 1 && j.stats.requests === 1 && judgeServer.inFlight === 0);
      await new Promise((r) => setTimeout(r, 20));
      expect(pending.size).toBe(2); // backoff sleep + rate-bucket wake-up
      const t = performance.now();
      await j.close();
      expect(performance.now() - t).toBeLessThan(300); // nothing waits out its timer
      expect(pending.size).toBe(0);
      expect(j.stats).toMatchObject({ judged: 0, failed: 0, abandoned: 2, requests: 1 });
    } finally {
      restore();
    }
  });
});

/**
 * Tracks the timers the judge itself sets (the global setTimeout called from src/judge/):
 * pending = set − fired − cleared. fetch's own (unref'd) connection timers are not the judge's.
 */
function trackJudgeTimers(): { pending: Set<unknown>; restore: () => void } {
  const pending = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const h = realSet(
      (...a: unknown[]) => {
        pending.delete(h);
        fn(...a);
      },
      ms,
      ...args,
    );
    const caller = new Error().stack?.split('\n')[2] ?? '';
    if (caller.includes('/src/judge/')) pending.add(h);
    return h;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((h: Parameters<typeof clearTimeout>[0]) => {
    pending.delete(h);
    realClear(h);
  }) as typeof clearTimeout;
  return {
    pending,
    restore: () => {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
