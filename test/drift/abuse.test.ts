/**
 * Drift on production-shaped and hostile input (real chdb): 200 KB RAG contexts, garbage text
 * (NUL bytes, replacement characters, emoji, right-to-left marks, a 50 000-letter "word", SQL
 * quotes), and a store that fails — the run completes with bounded per-call work, or fails alone
 * and the next run succeeds; a failing webhook is retried at the next run and delivered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import type { Store } from '../../src/store/store.ts';
import { computeDrift, windowAt, type DriftSettings } from '../../src/drift/compute.ts';
import { TOPIC_WORDS_PER_CALL } from '../../src/drift/features.ts';
import { DriftJob } from '../../src/drift/job.ts';
import { parseBudgetFile } from '../../src/alerts/budget-file.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { BASELINE, SHIFTED, calls, rng } from './traffic.ts';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 21, 9, 10);
const SETTINGS: DriftSettings = { recentMs: HOUR, referenceMs: 24 * HOUR, psiThreshold: 0.2, ksThreshold: 0.1, minCalls: 30, maxGroups: 50 };
const W = windowAt(NOW, SETTINGS);

let dir: string;
let store: EmbeddedStore;
let hook: HttpReceiver;

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
/** A 200 000-character RAG context of distinct words. */
const RAG = Array.from({ length: 20_000 }, (_, k) => `context${(k * 7919) % 100_000}`).join(' ').slice(0, 200_000);
function hostile(i: number, ms: number): string {
  const texts = [
    `${i} ${RAG}`,
    `\u0000\u0000 nul ${'\uFFFD'.repeat(1000)} 😀😀 \u202Eevil\u202C '; DROP TABLE llmscope.drift; --`,
    'a'.repeat(50_000),
    '',
    'Привет, как дела? Это текст на русском языке.',
  ];
  return JSON.stringify({
    project_id: 'default',
    timestamp: (BigInt(ms) * 1_000_000n).toString(),
    trace_id: hex(900_000 + i, 32),
    span_id: hex(900_000 + i, 16),
    service_name: 'rag',
    request_model: 'gpt-4o',
    status: 'ok',
    input_tokens: 50_000 + i,
    output_tokens: 100,
    finish_reasons: ['stop'],
    input_text: texts[i % texts.length],
    output_text: texts[(i + 1) % texts.length]!.slice(0, 10_000),
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-drift-abuse-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: 'llmscope' });
  hook = await startHttpReceiver();
  const lines: string[] = [];
  for (let i = 0; i < 150; i++) lines.push(hostile(i, W.referenceStart + i * 60_000));
  for (let i = 150; i < 250; i++) lines.push(hostile(i, W.start + (i - 150) * 30_000));
  await store.insertJsonEachRow('llmscope.llm_calls', lines.join('\n') + '\n');
  const r = rng(3);
  await store.insertJsonEachRow(
    'llmscope.llm_calls',
    calls({ service: 'svc' }, BASELINE, 400, W.referenceStart, W.start, r) + calls({ service: 'svc' }, SHIFTED, 150, W.start, W.end, r),
  );
}, 120_000);

afterAll(async () => {
  await hook?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile and huge inputs', () => {
  it('compute finite statistics with a bounded sketch per call', async () => {
    const run = await computeDrift(store, 'llmscope', SETTINGS, W, NOW);
    const rag = new Map(run.rows.filter((r) => r.service_name === 'rag').map((r) => [r.feature, r]));
    expect([...rag.keys()].sort()).toEqual(['input_length', 'input_tokens', 'language', 'output_length', 'output_tokens', 'refusal', 'tool_calls', 'topic']);
    for (const r of rag.values()) {
      expect(Number.isFinite(r.value), r.feature).toBe(true);
      expect(r.value).toBeGreaterThanOrEqual(0);
    }
    // the topic sketch reads at most TOPIC_WORDS_PER_CALL words of a call, however long its input
    expect(rag.get('topic')!.recent_count).toBeLessThanOrEqual(100 * TOPIC_WORDS_PER_CALL);
    expect(rag.get('topic')!.recent_count).toBeGreaterThan(20 * 50);
    // lengths are of the whole text: a 200 000-character input counts fully
    expect(rag.get('input_length')!.recent_summary).toBeGreaterThan(40_000);
    expect(JSON.parse(rag.get('language')!.detail).moved.map((m: { category: string }) => m.category).sort()).toEqual(['other', 'ru']);
    // the SQL-looking text is data, never SQL
    expect(Number((await store.query<{ n: string }>('SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = {t:String}', { db: 'llmscope', t: 'drift' }))[0]!.n)).toBe(1);
  });
});

describe('failures', () => {
  it('a store error fails that run only; the next run computes the window', async () => {
    let fail = true;
    const flaky: Store = {
      kind: 'embedded',
      insert: (t, rows, o) => store.insert(t, rows, o),
      insertJsonEachRow: (t, text, o) => store.insertJsonEachRow(t, text, o),
      query: ((sql: string, params?: Record<string, unknown>) => (fail ? Promise.reject(new Error('connection reset')) : store.query(sql, params))) as Store['query'],
      command: (sql, params) => store.command(sql, params),
      ping: () => store.ping(),
      close: async () => {},
    };
    const job = new DriftJob({ store: flaky, database: 'llmscope', settings: SETTINGS, intervalMs: 60_000 });
    await expect(job.runOnce(NOW)).rejects.toThrow('connection reset');
    expect(job.stats.errors).toBe(1);
    fail = false;
    const run = await job.runOnce(NOW + 1000);
    expect(run!.rows.length).toBeGreaterThan(10);
    expect(job.stats.windowsComputed).toBe(1);
  });

  it('a webhook that fails is retried at the next run and delivered once per feature', async () => {
    const file = parseBudgetFile(`drift:\n  - { name: svc, match: { service_name: svc }, notify: [ops] }\nchannels:\n  ops: { type: webhook, url: "${hook.url}/d" }\n`);
    const rules = file.drift.map((rule) => ({ rule, channels: [file.channels.ops!] }));
    hook.failNext('/d', 2, 503);
    const job = new DriftJob({ store, database: 'llmscope', settings: SETTINGS, intervalMs: 60_000, rules });
    await job.runOnce(NOW);
    expect(job.stats.notificationsFailed).toBe(2);
    await job.runOnce(NOW + 60_000);
    await job.runOnce(NOW + 120_000);
    const ok = hook.ok('/d').map((r) => r.body.feature);
    expect(new Set(ok).size).toBe(ok.length);
    expect(ok.sort()).toEqual(['input_length', 'input_tokens', 'language', 'tool_calls', 'topic']);
    const states = await store.query<{ status: string; attempts: string }>(
      `SELECT status, attempts FROM llmscope.budget_notifications FINAL WHERE budget LIKE 'drift/svc/%' ORDER BY budget`,
    );
    expect(states.map((s) => s.status)).toEqual(Array(5).fill('delivered'));
    expect(states.map((s) => Number(s.attempts)).sort()).toEqual([1, 1, 1, 2, 2]);
  });
});
