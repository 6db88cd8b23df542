/**
 * ChangeDetector on real embedded ClickHouse (chdb) with recorded-style call sequences (a week of
 * traffic, then the change) and a real local webhook receiver: a floating alias that moved (with
 * the latency and output-token steps that came with it), a new error type and HTTP status,
 * deprecation/sunset headers and an SDK warning, steady traffic (nothing), once-only across runs,
 * restarts and a second replica, calls_since growing, garbage bounded, notification retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import { ChangeDetector, ksStep, type ChangeDetectorOptions } from '../../src/changes/detector.ts';
import { isDatedModel } from '../../src/changes/advice.ts';
import type { Channel } from '../../src/alerts/budget-file.ts';
import { createLogger } from '../../src/log.ts';
import { Lease } from '../../src/lease/lease.ts';
import { startHttpReceiver, type HttpReceiver } from '../alerts/helpers.ts';
import { sequence, type CallShape } from './sequences.ts';

const DB = 'changes_t';
const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** The moment the provider changed something; detection runs two hours later. */
const T = Date.UTC(2026, 10, 20, 12, 0, 0);
const NOW = T + 2 * HOUR;
const quiet = createLogger('error', () => {});

let dir: string;
let store: EmbeddedStore;
let http: HttpReceiver;
let hook: Channel;

async function insert(rows: Array<Record<string, unknown>>): Promise<void> {
  await store.insert(`${DB}.llm_calls`, rows);
}

/** A week before T in one shape, then `after` until `to`. */
function beforeAfter(project: string, provider: string, model: string, seed: number, before: CallShape, after: CallShape, perHour = 6) {
  return sequence({ project, provider, model, fromMs: T - 8 * DAY, toMs: NOW, perHour, seed, shape: (t) => (t < T ? before : after) });
}

function detector(o: Partial<ChangeDetectorOptions> = {}): ChangeDetector {
  return new ChangeDetector({ store, database: DB, logger: quiet, channels: [hook], timeoutMs: 2000, ...o });
}

interface Stored {
  project_id: string;
  kind: string;
  provider: string;
  request_model: string;
  before: string;
  after: string;
  calls_since: string | number;
  first_ms: string | number;
  advice: string;
  detail: string;
  notify_status: string;
  notified_channels: string[];
  notify_attempts: number | string;
}

async function stored(project: string): Promise<Stored[]> {
  return store.query<Stored>(
    `SELECT project_id, kind, provider, request_model, before, after, calls_since, toUnixTimestamp64Milli(first_seen) AS first_ms, advice, detail,
            notify_status, notified_channels, notify_attempts
     FROM ${DB}.api_changes FINAL WHERE project_id = {p:String} ORDER BY kind, after`,
    { p: project },
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-changes-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: DB });
  http = await startHttpReceiver();
  hook = { type: 'webhook', name: 'ops', url: `${http.url}/changes`, headers: {} };
}, 60_000);

afterAll(async () => {
  await store?.close();
  await http?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a floating alias that moved', () => {
  const old: CallShape = { response_model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_a1b2c3', service_tier: 'default', latencyMs: 800, outputTokens: 200 };
  const moved: CallShape = { response_model: 'gpt-4o-2024-11-20', system_fingerprint: 'fp_d4e5f6', service_tier: 'default', latencyMs: 1600, outputTokens: 420 };
  let rows: Array<Record<string, unknown>>;

  beforeAll(async () => {
    // One call a minute: the step test needs 30 calls in its one-hour window.
    rows = beforeAfter('alias', 'openai', 'gpt-4o', 1, old, moved, 60);
    await insert(rows);
  });

  it('records the new response model with the pin-the-dated-version advice, the new fingerprint, and the latency and output-token steps', async () => {
    const r = await detector().detectOnce(NOW);
    const after = rows.filter((x) => x.response_model === 'gpt-4o-2024-11-20');
    const firstAfter = Math.min(...after.map((x) => Number(BigInt(x.timestamp as string) / 1_000_000n)));

    const kinds = r.new_changes.filter((c) => c.project_id === 'alias').map((c) => c.kind).sort();
    expect(kinds).toEqual(['latency_step', 'output_tokens_step', 'response_model', 'system_fingerprint']);

    const s = await stored('alias');
    const model = s.find((c) => c.kind === 'response_model')!;
    expect(model).toMatchObject({ provider: 'openai', request_model: 'gpt-4o', before: 'gpt-4o-2024-08-06', after: 'gpt-4o-2024-11-20' });
    expect(Number(model.calls_since)).toBe(after.length);
    expect(Number(model.first_ms)).toBe(firstAfter);
    expect(model.advice).toContain('pin the dated version: request "gpt-4o-2024-08-06" instead of "gpt-4o"');
    // The steps that came with it, side by side in the change's detail.
    const detail = JSON.parse(model.detail);
    // Compared over the detector's look-back: the new-value day plus the 7-day reference.
    const ms = (x: Record<string, unknown>) => Number(BigInt(x.timestamp as string) / 1_000_000n);
    expect(detail.before.calls).toBe(rows.filter((x) => x.response_model === 'gpt-4o-2024-08-06' && ms(x) >= NOW - 8 * DAY).length);
    expect(detail.after.calls).toBe(after.length);
    expect(detail.after.latency_p50_ms / detail.before.latency_p50_ms).toBeGreaterThan(1.6);
    expect(detail.after.output_tokens_p50 / detail.before.output_tokens_p50).toBeGreaterThan(1.6);

    expect(s.find((c) => c.kind === 'system_fingerprint')).toMatchObject({ before: 'fp_a1b2c3', after: 'fp_d4e5f6' });
    const lat = s.find((c) => c.kind === 'latency_step')!;
    const latDetail = JSON.parse(lat.detail);
    // Medians from 8-per-doubling buckets, interpolated inside the bucket: within 3 % of the
    // sample medians of the recent hour and of the week before it.
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
    };
    const durations = (from: number, to: number) => rows.filter((x) => ms(x) >= from && ms(x) < to).map((x) => x.duration_ms as number);
    const trueAfter = median(durations(NOW - HOUR, NOW));
    const trueBefore = median(durations(NOW - HOUR - 7 * DAY, NOW - HOUR));
    expect(Math.abs(latDetail.median_after / trueAfter - 1)).toBeLessThan(0.03);
    expect(Math.abs(latDetail.median_before / trueBefore - 1)).toBeLessThan(0.03);
    expect(latDetail.calls_before).toBe(durations(NOW - HOUR - 7 * DAY, NOW - HOUR).length);
    expect(latDetail.ks_d).toBeGreaterThan(latDetail.ks_critical);
    expect(latDetail.calls_after).toBe(60);
    expect(s.find((c) => c.kind === 'output_tokens_step')!.after).toMatch(/ tokens$/);
    // service_tier stayed 'default': no change.
    expect(s.some((c) => c.kind === 'service_tier')).toBe(false);
  });

  it('notifies each change once through the channel, with the change id as Idempotency-Key', async () => {
    const got = http.ok('/changes').filter((x) => x.body.project_id === 'alias');
    expect(got.map((x) => x.body.kind).sort()).toEqual(['latency_step', 'output_tokens_step', 'response_model', 'system_fingerprint']);
    const model = got.find((x) => x.body.kind === 'response_model')!;
    expect(model.headers['idempotency-key']).toBe(model.body.id);
    expect(model.body).toMatchObject({ type: 'api_change', request_model: 'gpt-4o', before: 'gpt-4o-2024-08-06', after: 'gpt-4o-2024-11-20' });
    expect(model.body.advice).toContain('pin the dated version');
    for (const c of await stored('alias')) expect(c).toMatchObject({ notify_status: 'delivered', notified_channels: ['ops'] });
  });

  it('stores and sends nothing again: a second run, a restarted process, another replica', async () => {
    const sent = http.requests.length;
    for (const d of [detector(), detector(), detector()]) {
      const r = await d.detectOnce(NOW + 5 * 60_000);
      expect(r.new_changes.filter((c) => c.project_id === 'alias')).toEqual([]);
    }
    expect(http.requests.length).toBe(sent);
    const [{ n }] = await store.query<{ n: string }>(`SELECT count() AS n FROM ${DB}.api_changes FINAL WHERE project_id = 'alias'`);
    expect(Number(n)).toBe(4);
  });

  it('keeps calls_since current as more calls arrive on the new model', async () => {
    const more = sequence({ project: 'alias', provider: 'openai', model: 'gpt-4o', fromMs: NOW, toMs: NOW + HOUR, perHour: 60, seed: 99, shape: () => moved });
    await insert(more);
    await detector().detectOnce(NOW + HOUR);
    const model = (await stored('alias')).find((c) => c.kind === 'response_model')!;
    const total = rows.filter((x) => x.response_model === 'gpt-4o-2024-11-20').length + more.length;
    expect(Number(model.calls_since)).toBe(total);
    expect(model.before).toBe('gpt-4o-2024-08-06');
  });
});

describe('new error type and HTTP status', () => {
  it('records a 404 that never happened before, next to the 429s that did', async () => {
    const rows = sequence({
      project: 'errors',
      provider: 'anthropic',
      model: 'claude-3-5-sonnet-latest',
      fromMs: T - 8 * DAY,
      toMs: NOW,
      perHour: 6,
      seed: 2,
      shape: (t, i) =>
        i % 40 === 7 ? { error_type: '429', http_status: 429 } : t >= T && i % 3 === 0 ? { error_type: '404', http_status: 404 } : { response_model: 'claude-3-5-sonnet-20241022' },
    });
    await insert(rows);
    await detector().detectOnce(NOW);
    const s = await stored('errors');
    expect(s.map((c) => `${c.kind}:${c.before}→${c.after}`)).toEqual(['error_type:429→404', 'http_status:429→404']);
    const n404 = rows.filter((x) => x.error_type === '404').length;
    expect(n404).toBeGreaterThan(0);
    for (const c of s) expect(Number(c.calls_since)).toBe(n404);
    expect(s[1]!.advice).toContain('404 often means a retired model');
  });
});

describe('deprecation and sunset headers, SDK deprecation warnings', () => {
  it('records each announcement once, with no baseline needed', async () => {
    const warning = "The model 'claude-3-sonnet-20240229' is deprecated and will reach end-of-life on July 21st, 2025";
    await insert(
      beforeAfter(
        'deprecations',
        'anthropic',
        'claude-3-sonnet-20240229',
        3,
        { response_model: 'claude-3-sonnet-20240229' },
        { response_model: 'claude-3-sonnet-20240229', api_deprecation: '@1767225600', api_sunset: 'Fri, 01 Jan 2027 00:00:00 GMT', sdk_deprecation_warning: warning },
      ),
    );
    await detector().detectOnce(NOW);
    const s = await stored('deprecations');
    expect(s.map((c) => [c.kind, c.after])).toEqual([
      ['deprecation', '@1767225600'],
      ['sdk_warning', warning],
      ['sunset', 'Fri, 01 Jan 2027 00:00:00 GMT'],
    ]);
    expect(s.find((c) => c.kind === 'sunset')!.advice).toContain('stops working at Fri, 01 Jan 2027 00:00:00 GMT');
  });
});

describe('no change', () => {
  it('finds nothing in a steady week, even with two fingerprints and two tiers alternating, the usual errors and newly cancelled calls', async () => {
    await insert(
      sequence({
        project: 'steady',
        provider: 'openai',
        model: 'gpt-4o-mini',
        fromMs: T - 8 * DAY,
        toMs: NOW,
        perHour: 60,
        seed: 4,
        shape: (t, i) =>
          i % 50 === 3
            ? { error_type: '500', http_status: 500 }
            : t >= T && i % 50 === 9
              ? { error_type: 'cancelled' } // the app aborting its own calls is not an API change
            : { response_model: 'gpt-4o-mini-2024-07-18', system_fingerprint: i % 2 ? 'fp_x' : 'fp_y', service_tier: i % 3 ? 'default' : 'flex', api_version: '2020-10-01' },
      }),
    );
    const r = await detector().detectOnce(NOW);
    expect(r.new_changes.filter((c) => c.project_id === 'steady')).toEqual([]);
    expect(await stored('steady')).toEqual([]);
  });

  it('needs history: a model first used this morning has no "change"', async () => {
    await insert(sequence({ project: 'newcomer', provider: 'openai', model: 'gpt-4.1', fromMs: NOW - 3 * HOUR, toMs: NOW, perHour: 30, seed: 5, shape: (_t, i) => ({ response_model: i % 2 ? 'gpt-4.1-2025-04-14' : 'gpt-4.1-2025-04-15', error_type: i % 7 ? undefined : '429' }) }));
    await detector().detectOnce(NOW);
    expect(await stored('newcomer')).toEqual([]);
  });
});

describe('bounded under garbage', () => {
  it('a tenant sending a new fingerprint with every call gets at most 5 fingerprint changes per run', async () => {
    await insert(
      sequence({
        project: 'garbage',
        provider: 'openai',
        model: 'gpt-4o',
        fromMs: T - 8 * DAY,
        toMs: NOW,
        perHour: 6,
        seed: 6,
        shape: (t, i) => ({ response_model: 'gpt-4o-2024-08-06', system_fingerprint: t < T ? 'fp_stable' : `fp_${'z'.repeat(100)}${i}` }),
      }),
    );
    await detector({ channels: [] }).detectOnce(NOW);
    const s = await stored('garbage');
    expect(s.filter((c) => c.kind === 'system_fingerprint')).toHaveLength(5);
    expect(s.every((c) => c.notify_status === 'none')).toBe(true);
  });
});

describe('notification retries', () => {
  it('a failed delivery is recorded and retried on the next run; a delivered one is not sent again', async () => {
    await insert(beforeAfter('retry', 'openai', 'o3', 7, { response_model: 'o3-2025-04-16' }, { response_model: 'o3-2025-06-10' }));
    const path = '/retry-hook';
    const ch: Channel = { type: 'webhook', name: 'retry', url: `${http.url}${path}`, headers: {} };
    http.failNext(path, 1, 503);
    await detector({ channels: [ch] }).detectOnce(NOW);
    let [c] = await stored('retry');
    expect(c).toMatchObject({ kind: 'response_model', notify_status: 'failed', notified_channels: [] });
    expect(Number(c!.notify_attempts)).toBe(1);
    await detector({ channels: [ch] }).detectOnce(NOW + 60_000);
    [c] = await stored('retry');
    expect(c).toMatchObject({ notify_status: 'delivered', notified_channels: ['retry'] });
    expect(Number(c!.notify_attempts)).toBe(2);
    await detector({ channels: [ch] }).detectOnce(NOW + 120_000);
    expect(http.requests.filter((x) => x.path === path).map((x) => x.status)).toEqual([503, 200]);
  });
});

describe('under the lease', () => {
  it('a replica that does not hold the lease finds changes but writes and sends nothing; the holder does', async () => {
    await insert(beforeAfter('fenced', 'openai', 'gpt-4.1', 8, { response_model: 'gpt-4.1-2025-04-14' }, { response_model: 'gpt-4.1-2025-09-01' }));
    const holder = new Lease({ store, database: DB, name: 'periodic-fenced', ttlMs: 30_000 });
    const follower = new Lease({ store, database: DB, name: 'periodic-fenced', ttlMs: 30_000 });
    expect(await holder.tick()).not.toBeNull();
    expect(await follower.tick()).toBeNull();
    const sent = http.requests.length;
    const r = await detector({ fence: follower }).detectOnce(NOW);
    expect(r.new_changes).toEqual([]);
    expect(await stored('fenced')).toEqual([]);
    expect(http.requests.length).toBe(sent);
    const led = await detector({ fence: holder }).detectOnce(NOW);
    expect(led.new_changes.map((c) => [c.kind, c.after, c.fencing_token])).toEqual([['response_model', 'gpt-4.1-2025-09-01', holder.held()]]);
    expect(http.requests.length).toBe(sent + 1);
    expect(http.requests.at(-1)!.headers['x-llmscope-fencing-token']).toBe(String(holder.held()));
  });
});

describe('hostile values', () => {
  it('quotes, newlines and SQL in a value are stored verbatim, never run', async () => {
    const evil = "fp_'); DROP TABLE llm_calls; --\n\u2028\"x";
    await insert(beforeAfter('hostile', "open'ai", "gpt-4o'--", 9, { response_model: 'gpt-4o-2024-08-06', system_fingerprint: 'fp_ok' }, { response_model: 'gpt-4o-2024-08-06', system_fingerprint: evil }));
    await detector({ channels: [] }).detectOnce(NOW);
    expect((await stored('hostile')).map((c) => [c.provider, c.request_model, c.kind, c.after])).toEqual([["open'ai", "gpt-4o'--", 'system_fingerprint', evil]]);
    const [{ n }] = await store.query<{ n: string }>(`SELECT count() AS n FROM ${DB}.llm_calls`);
    expect(Number(n)).toBeGreaterThan(0);
  });
});

describe('pieces', () => {
  it('tells dated model versions from floating aliases', () => {
    for (const m of ['gpt-4o-2024-08-06', 'claude-3-5-sonnet-20241022', 'gpt-4-0613', 'gpt-3.5-turbo-0125', 'gemini-1.5-pro-002', 'anthropic.claude-3-sonnet-20240229-v1:0', 'claude-3-5-sonnet@20240620']) {
      expect(isDatedModel(m), m).toBe(true);
    }
    for (const m of ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet-latest', 'gemini-1.5-pro', 'o3', 'gpt-4-turbo', 'gpt-3.5-turbo-16k']) expect(isDatedModel(m), m).toBe(false);
  });

  it('the binned KS test: identical distributions are no step; a doubled median is', () => {
    const same = new Map<number, [number, number]>([[60, [20, 200]], [61, [20, 200]], [62, [20, 200]]]);
    expect(ksStep(same, 30)).toBeNull();
    const shifted = new Map<number, [number, number]>([[60, [0, 300]], [61, [0, 300]], [68, [30, 0]], [69, [30, 0]]]);
    const s = ksStep(shifted, 30)!;
    expect(s.d).toBe(1);
    expect(s.medianRecent / s.medianRef).toBeGreaterThan(1.8);
    // Too few calls: no verdict.
    expect(ksStep(new Map([[60, [5, 300]], [70, [5, 0]]]), 30)).toBeNull();
  });
});
