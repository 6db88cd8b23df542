/**
 * API-change monitoring: every interval, per (project, provider, request model), what the provider's
 * API answered recently is compared with what it answered before, from llm_calls:
 *
 *  - a value never seen in the reference period appears — a new `response_model` behind the same
 *    request model (a floating alias moved), a new `system_fingerprint`, `service_tier` or API
 *    version (these need a different value before), a new `error_type` or HTTP status (these need
 *    calls before), a `Deprecation` or `Sunset` header or an SDK deprecation warning (news on their own);
 *  - a step in the distribution of latency or output tokens of successful calls: a two-sample
 *    Kolmogorov–Smirnov test on log-scale histograms (recent window vs the reference period) that is
 *    both significant (α = 0.001) and large (D ≥ 0.25, median moved ≥ 25 %).
 *
 * Each change is stored once in api_changes under an id made of what it is (project, provider,
 * request model, kind, new value; a step: its window), so replicas and restarts agree, and notified
 * once through the budgets file's channels (state in the same row, at-least-once like budgets, the
 * id as Idempotency-Key). Runs on the replica holding the "periodic" lease; with a fence, nothing is
 * written or sent unless the lease is still held.
 *
 * Cost per run: three grouped scans of llm_calls over the look-back (new-value window + reference),
 * bounded result sizes (LIMIT), one read of recent api_changes, a few inserts.
 */
import type { Store } from '../store/store.ts';
import { API_CHANGES, changeId, type ApiChangeRow, type ChangeKind, type NotifyStatus } from '../store/tables/api_changes.ts';
import type { Channel } from '../alerts/budget-file.ts';
import { sendMessage } from '../alerts/channels.ts';
import type { Fence } from '../lease/lease.ts';
import { createLogger, type Logger } from '../log.ts';
import { adviceFor } from './advice.ts';
import { changeMessage } from './message.ts';
import { PeriodicRunner } from '../util/periodic.ts';

/** llm_calls columns compared value by value, and the kind of change a new value is. */
const VALUE_DIMENSIONS: ReadonlyArray<{ kind: ChangeKind; expr: string; rule: 'replaces' | 'after-traffic' | 'news' }> = [
  { kind: 'response_model', expr: 'response_model', rule: 'replaces' },
  { kind: 'system_fingerprint', expr: 'system_fingerprint', rule: 'replaces' },
  { kind: 'service_tier', expr: 'service_tier', rule: 'replaces' },
  { kind: 'api_version', expr: 'api_version', rule: 'replaces' },
  // 'cancelled' is the app aborting its own call, not the provider changing.
  { kind: 'error_type', expr: "if(error_type = 'cancelled', '', error_type)", rule: 'after-traffic' },
  { kind: 'http_status', expr: "if(http_status = 0, '', toString(http_status))", rule: 'after-traffic' },
  { kind: 'deprecation', expr: 'api_deprecation', rule: 'news' },
  { kind: 'sunset', expr: 'api_sunset', rule: 'news' },
  { kind: 'sdk_warning', expr: 'sdk_deprecation_warning', rule: 'news' },
];
const RULE_OF = new Map(VALUE_DIMENSIONS.map((d) => [d.kind, d.rule]));

/** Log-scale histogram resolution of the step test: 8 buckets per doubling (≈ 9 % wide). */
const BUCKETS_PER_DOUBLING = 8;
const STEP_METRICS = [
  { kind: 'latency_step' as const, metric: 'latency', expr: 'duration_ms', unit: 'ms' },
  { kind: 'output_tokens_step' as const, metric: 'output_tokens', expr: 'output_tokens', unit: 'tokens' },
];
/** KS critical-value coefficient for α = 0.001: D > c·sqrt((n+m)/(n·m)). */
const KS_C_ALPHA = 1.949;
const MIN_STEP_D = 0.25;
const MIN_MEDIAN_RATIO = 1.25;

/** New values are looked for over at least this long, so a leader down for less than a day misses none. */
const MIN_NEW_VALUE_WINDOW_MS = 24 * 3600_000;
/** Bounds per run: a tenant sending a new garbage fingerprint per call cannot flood the table or the channels. */
const MAX_NEW_PER_DIMENSION = 5;
const MAX_NEW_PER_RUN = 200;
const MAX_VALUE_ROWS = 50_000;
const MAX_BUCKET_ROWS = 200_000;
/** A notification is retried on later runs this many times in total. */
const MAX_NOTIFY_ATTEMPTS = 10;
/** Notifications attempted per run; the rest stay pending for the next run (a slow channel cannot stall the detector). */
const MAX_NOTIFY_PER_RUN = 50;
const MIN_ATTEMPT_MS = 250;

export type MessageSender = typeof sendMessage;

export interface ChangeDetectorOptions {
  store: Store;
  database?: string;
  /** Time between runs (the first at start()). Default 5 min. */
  intervalMs?: number;
  /** Recent window of the step test. Default 1 h. */
  windowMs?: number;
  /** What the recent window is compared with: the period before it. Default 7 days. */
  referenceMs?: number;
  /** Calls needed in each window before a step is tested. Default 30. */
  minCalls?: number;
  /** Channels notified of every change (from the budgets file); none = stored only. */
  channels?: readonly Channel[];
  send?: MessageSender;
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
  fence?: Fence;
}

export interface DetectionResult {
  detected_at: string;
  /** Changes stored for the first time in this run. */
  new_changes: ApiChangeRow[];
  /** Notifications attempted in this run. */
  notifications: Array<{ change_id: string; channel: string; ok: boolean; error?: string }>;
}

interface KeyRow {
  project_id: string;
  provider: string;
  request_model: string;
  base_calls: number | string;
}

interface ValueRow extends KeyRow {
  dim: ChangeKind;
  value: string;
  first_ms: number | string;
  last_ms: number | string;
  calls: number | string;
}

interface BucketRow {
  project_id: string;
  provider: string;
  request_model: string;
  metric: string;
  bucket: number | string;
  recent: number | string;
  ref: number | string;
}

/** An api_changes row as #queryStored reads it: times as Unix ms, UInt64 counts possibly as strings. */
type StoredRow = Pick<ApiChangeRow, 'project_id' | 'provider' | 'request_model' | 'kind' | 'change_id' | 'before' | 'after' | 'advice' | 'detail' | 'notify_status' | 'notified_channels' | 'notify_error'> & {
  first_ms: number | string;
  last_ms: number | string;
  calls_since: number | string;
  detected_ms: number | string;
  notify_attempts: number | string;
};

const keyOf = (r: { project_id: string; provider: string; request_model: string }) => JSON.stringify([r.project_id, r.provider, r.request_model]);
const sideKey = (r: { project_id: string; provider: string; request_model: string }, served: string) => `${keyOf(r)}\u0000${served}`;

/** One served model's calls in a moved alias's detail. */
interface ModelSide {
  calls: number;
  latency_p50_ms: number;
  output_tokens_p50: number;
}

export class ChangeDetector {
  readonly #store: Store;
  readonly #db: string;
  readonly #intervalMs: number;
  readonly #windowMs: number;
  readonly #referenceMs: number;
  readonly #minCalls: number;
  readonly #channels: readonly Channel[];
  readonly #send: MessageSender;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #fence: Fence | undefined;
  readonly #runner = new PeriodicRunner();
  #lastUpdatedAt = 0;
  #last: DetectionResult | null = null;

  constructor(o: ChangeDetectorOptions) {
    this.#store = o.store;
    this.#db = o.database ?? 'llmscope';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.#db)) throw new Error(`invalid database name: ${this.#db}`);
    this.#intervalMs = o.intervalMs ?? 300_000;
    this.#windowMs = o.windowMs ?? 3600_000;
    this.#referenceMs = o.referenceMs ?? 7 * 24 * 3600_000;
    if (!(this.#windowMs > 0) || !(this.#referenceMs > 0)) throw new Error('the change window and reference period must be positive');
    this.#minCalls = Math.max(2, o.minCalls ?? 30);
    this.#channels = o.channels ?? [];
    this.#send = o.send ?? sendMessage;
    this.#timeoutMs = o.timeoutMs ?? 10_000;
    this.#log = o.logger ?? createLogger('warn');
    this.#now = o.now ?? Date.now;
    this.#fence = o.fence;
  }

  get lastDetection(): DetectionResult | null {
    return this.#last;
  }

  /** Runs now, then every interval, until stop() (a PeriodicJob of src/lease/). */
  start(): void {
    this.#runner.start(() => this.detectOnce(), this.#intervalMs, (e) => this.#log.warn('API change detection failed', { error: String(e) }));
  }

  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /** One run (serialised with any other). */
  detectOnce(nowMs: number = this.#now()): Promise<DetectionResult> {
    return this.#runner.serialise(() => this.#detect(nowMs));
  }

  async #detect(now: number): Promise<DetectionResult> {
    const newValueStart = now - Math.max(this.#windowMs, MIN_NEW_VALUE_WINDOW_MS);
    const scanStart = newValueStart - this.#referenceMs;
    const stepStart = now - this.#windowMs;
    const stepRefStart = stepStart - this.#referenceMs;

    const [keys, values, buckets, stored] = await Promise.all([
      this.#queryKeys(scanStart, newValueStart, now),
      this.#queryValues(scanStart, newValueStart, now),
      this.#queryBuckets(stepRefStart, stepStart, now),
      this.#queryStored(Math.min(scanStart, stepRefStart)),
    ]);
    if (values.length >= MAX_VALUE_ROWS || buckets.length >= MAX_BUCKET_ROWS) {
      this.#log.warn('API change detection read a capped result: some (model, value) pairs were not compared this run', { values: values.length, buckets: buckets.length });
    }
    const baseCalls = new Map(keys.map((k) => [keyOf(k), Number(k.base_calls)]));
    const existing = new Map(stored.map((s) => [s.change_id, s]));

    const found = [...this.#newValueChanges(values, baseCalls, newValueStart, now), ...this.#stepChanges(buckets, stored, stepStart, now)];
    const fresh = found.filter((c) => !existing.has(c.change_id)).slice(0, MAX_NEW_PER_RUN);
    const moved = fresh.filter((c) => c.kind === 'response_model');
    if (moved.length) {
      const sides = await this.#modelSides(moved, scanStart, now).catch((e: unknown) => {
        this.#log.warn('API change detection: could not compare the served models', { error: String(e) });
        return new Map<string, ModelSide>();
      });
      for (const c of moved) c.detail = JSON.stringify({ before: sides.get(sideKey(c, c.before)) ?? null, after: sides.get(sideKey(c, c.after)) ?? null });
    }

    // Calls since first seen, for changes already stored whose value is still within the look-back.
    const updates: ApiChangeRow[] = [];
    const seen = new Map<string, ValueRow>();
    for (const v of values) seen.set(changeId({ project_id: v.project_id, provider: v.provider, request_model: v.request_model, kind: v.dim, before: '', after: v.value }), v);
    for (const s of stored) {
      if (s.kind === 'latency_step' || s.kind === 'output_tokens_step') continue;
      const v = seen.get(s.change_id);
      if (!v) continue;
      const calls = Number(v.calls);
      const last = Number(v.last_ms);
      if (calls > Number(s.calls_since) || last > Number(s.last_ms)) updates.push({ ...storedToRow(s), calls_since: Math.max(calls, Number(s.calls_since)), last_seen: Math.max(last, Number(s.last_ms)) });
    }

    const token = this.#fence ? this.#fence.held() : 0;
    const result: DetectionResult = { detected_at: new Date(now).toISOString(), new_changes: [], notifications: [] };
    if (token === null) {
      this.#last = result;
      return result;
    }
    const status: NotifyStatus = this.#channels.length ? 'pending' : 'none';
    const newRows = fresh.map((c) => ({ ...c, detected_at: now, notify_status: status, fencing_token: token, updated_at: this.#version() }));
    const updateRows = updates.map((u) => ({ ...u, fencing_token: token, updated_at: this.#version() }));
    if (newRows.length || updateRows.length) {
      if (!(await this.#stillLeading(token))) {
        this.#last = result;
        return result;
      }
      await this.#store.insert(`${this.#db}.${API_CHANGES.name}`, [...newRows, ...updateRows]);
    }
    result.new_changes = newRows;
    for (const r of newRows) {
      this.#log.info('API change detected', { project: r.project_id, provider: r.provider, request_model: r.request_model, kind: r.kind, before: r.before, after: r.after });
    }

    // Notifications: the new ones, and earlier ones not yet delivered everywhere.
    if (this.#channels.length) {
      const latest = new Map(updateRows.map((u) => [u.change_id, u]));
      const retry = stored
        .filter((s) => (s.notify_status === 'pending' || s.notify_status === 'failed') && Number(s.notify_attempts) < MAX_NOTIFY_ATTEMPTS)
        .map((s) => latest.get(s.change_id) ?? { ...storedToRow(s), fencing_token: token, updated_at: 0 });
      for (const row of [...newRows, ...retry].slice(0, MAX_NOTIFY_PER_RUN)) {
        if (this.#runner.signal.aborted) break;
        result.notifications.push(...(await this.#notify(row, token)));
      }
    }
    this.#last = result;
    return result;
  }

  /** Values first seen after newValueStart that count as a change under their dimension's rule. */
  #newValueChanges(values: readonly ValueRow[], baseCalls: ReadonlyMap<string, number>, newValueStart: number, now: number): ApiChangeRow[] {
    const groups = new Map<string, ValueRow[]>();
    for (const v of values) {
      const g = `${keyOf(v)}\u0000${v.dim}`;
      let list = groups.get(g);
      if (!list) groups.set(g, (list = []));
      list.push(v);
    }
    const out: ApiChangeRow[] = [];
    for (const list of groups.values()) {
      const dim = list[0]!.dim;
      const rule = RULE_OF.get(dim);
      if (!rule) continue;
      const before = list.filter((v) => Number(v.base_calls) > 0).sort((a, b) => Number(b.base_calls) - Number(a.base_calls));
      const fresh = list.filter((v) => Number(v.base_calls) === 0 && Number(v.first_ms) >= newValueStart).sort((a, b) => Number(a.first_ms) - Number(b.first_ms));
      if (fresh.length === 0) continue;
      if (rule === 'replaces' && before.length === 0) continue;
      if (rule === 'after-traffic' && (baseCalls.get(keyOf(list[0]!)) ?? 0) === 0) continue;
      const beforeText = rule === 'after-traffic' ? before.slice(0, 3).map((v) => v.value).join(', ') : (before[0]?.value ?? '');
      for (const v of fresh.slice(0, MAX_NEW_PER_DIMENSION)) {
        const base = { project_id: v.project_id, provider: v.provider, request_model: v.request_model, kind: dim };
        out.push(
          newRow({
            ...base,
            change_id: changeId({ ...base, before: '', after: v.value }),
            before: beforeText,
            after: v.value,
            first_seen: Number(v.first_ms),
            last_seen: Number(v.last_ms),
            calls_since: Number(v.calls),
            detected_at: now,
            advice: adviceFor({ kind: dim, provider: v.provider, requestModel: v.request_model, before: beforeText, after: v.value }),
            detail: '{}',
          }),
        );
      }
    }
    return out;
  }

  /** Latency / output-token steps: KS on the log-scale histograms, once per (key, metric) per reference period. */
  #stepChanges(buckets: readonly BucketRow[], stored: readonly StoredRow[], stepStart: number, now: number): ApiChangeRow[] {
    const recentSteps = new Set(
      stored.filter((s) => (s.kind === 'latency_step' || s.kind === 'output_tokens_step') && Number(s.first_ms) >= stepStart - this.#referenceMs).map((s) => `${keyOf(s)}\u0000${s.kind}`),
    );
    const hist = new Map<string, { row: BucketRow; bins: Map<number, [number, number]> }>();
    for (const b of buckets) {
      const k = `${keyOf(b)}\u0000${b.metric}`;
      let h = hist.get(k);
      if (!h) hist.set(k, (h = { row: b, bins: new Map() }));
      h.bins.set(Number(b.bucket), [Number(b.recent), Number(b.ref)]);
    }
    const out: ApiChangeRow[] = [];
    for (const { row, bins } of hist.values()) {
      const m = STEP_METRICS.find((x) => x.metric === row.metric)!;
      if (recentSteps.has(`${keyOf(row)}\u0000${m.kind}`)) continue;
      const step = ksStep(bins, this.#minCalls);
      if (!step) continue;
      const base = { project_id: row.project_id, provider: row.provider, request_model: row.request_model, kind: m.kind };
      const before = `${formatNumber(step.medianRef)} ${m.unit}`;
      const after = `${formatNumber(step.medianRecent)} ${m.unit}`;
      out.push(
        newRow({
          ...base,
          change_id: changeId({ ...base, before: '', after: '', window: Math.floor(stepStart / this.#windowMs) }),
          before,
          after,
          first_seen: stepStart,
          last_seen: now,
          calls_since: step.nRecent,
          detected_at: now,
          advice: adviceFor({ kind: m.kind, provider: row.provider, requestModel: row.request_model, before, after }),
          detail: JSON.stringify({ ks_d: round(step.d, 4), ks_critical: round(step.critical, 4), median_before: round(step.medianRef, 3), median_after: round(step.medianRecent, 3), calls_before: step.nRef, calls_after: step.nRecent, unit: m.unit }),
        }),
      );
    }
    return out;
  }

  /** Calls, median latency and output tokens per served model of the request models that moved: one grouped read. */
  async #modelSides(moved: readonly ApiChangeRow[], scanStart: number, now: number): Promise<Map<string, ModelSide>> {
    const wanted = new Set(moved.map(keyOf));
    const distinct = (f: (c: ApiChangeRow) => string) => [...new Set(moved.map(f))];
    const rows = await this.#store.query<{ project_id: string; provider: string; request_model: string; response_model: string; n: number | string; lat: number | string; out: number | string }>(
      `SELECT project_id, provider, request_model, response_model, count() AS n, toFloat64(quantile(0.5)(duration_ms)) AS lat, toFloat64(quantile(0.5)(output_tokens)) AS out
       FROM ${this.#db}.llm_calls
       WHERE project_id IN {projects:Array(String)} AND provider IN {providers:Array(String)} AND request_model IN {models:Array(String)}
         AND status = 'ok' AND ${this.#range(scanStart, now)}
       GROUP BY project_id, provider, request_model, response_model LIMIT ${MAX_VALUE_ROWS}`,
      { projects: distinct((c) => c.project_id), providers: distinct((c) => c.provider), models: distinct((c) => c.request_model) },
    );
    // The IN lists select a superset of the moved keys (their cross product): keep the moved ones.
    return new Map(
      rows.filter((r) => wanted.has(keyOf(r))).map((r) => [sideKey(r, r.response_model), { calls: Number(r.n), latency_p50_ms: round(Number(r.lat), 3), output_tokens_p50: round(Number(r.out), 3) }]),
    );
  }

  async #notify(row: ApiChangeRow, token: number): Promise<Array<{ change_id: string; channel: string; ok: boolean; error?: string }>> {
    const done = new Set(row.notified_channels);
    const out: Array<{ change_id: string; channel: string; ok: boolean; error?: string }> = [];
    let error = '';
    for (const ch of this.#channels) {
      if (done.has(ch.name)) continue;
      const timeoutMs = await this.#attemptBudget(token);
      if (timeoutMs <= 0) return out;
      const message = changeMessage(row, this.#fence ? token : undefined);
      try {
        await this.#send(ch, message, { timeoutMs, signal: this.#runner.signal });
        done.add(ch.name);
        out.push({ change_id: row.change_id, channel: ch.name, ok: true });
      } catch (e) {
        if (this.#runner.signal.aborted) return out;
        error = `${ch.name}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 1000);
        out.push({ change_id: row.change_id, channel: ch.name, ok: false, error });
        this.#log.warn('API change notification failed', { change_id: row.change_id, channel: ch.name, error });
      }
    }
    const all = this.#channels.every((c) => done.has(c.name));
    const next: ApiChangeRow = {
      ...row,
      notified_channels: [...done],
      notify_status: all ? 'delivered' : 'failed',
      notify_attempts: row.notify_attempts + 1,
      notify_error: all ? '' : error,
      fencing_token: token,
      updated_at: this.#version(),
    };
    // 'delivered' is the truth whoever leads; 'failed' only while still leading (a paused
    // ex-leader must not overwrite a successor's 'delivered').
    if (!all && !(await this.#stillLeading(token))) return out;
    await this.#store.insert(`${this.#db}.${API_CHANGES.name}`, [next]).catch((e: unknown) => {
      this.#log.error('could not record API change notification state', { change_id: row.change_id, error: String(e) });
    });
    return out;
  }

  /** Milliseconds an attempt may take while leading (0 = not now); without a fence the configured timeout. */
  async #attemptBudget(token: number): Promise<number> {
    const fence = this.#fence;
    if (!fence) return this.#timeoutMs;
    if (fence.remainingMs() < MIN_ATTEMPT_MS || !(await fence.confirm(token).catch(() => false))) return 0;
    const left = Math.floor(Math.min(this.#timeoutMs, fence.remainingMs()));
    return left >= MIN_ATTEMPT_MS ? left : 0;
  }

  async #stillLeading(token: number): Promise<boolean> {
    const fence = this.#fence;
    if (!fence) return true;
    return fence.held() !== null && (await fence.confirm(token).catch(() => false));
  }

  /** ReplacingMergeTree(updated_at) keeps the newest version: strictly increasing per writer. */
  #version(): number {
    this.#lastUpdatedAt = Math.max(Date.now(), this.#lastUpdatedAt + 1);
    return this.#lastUpdatedAt;
  }

  #range(from: number, to: number): string {
    return `timestamp >= fromUnixTimestamp64Milli(${Math.floor(from)}) AND timestamp < fromUnixTimestamp64Milli(${Math.floor(to)})`;
  }

  #queryKeys(scanStart: number, newValueStart: number, now: number): Promise<KeyRow[]> {
    return this.#store.query<KeyRow>(
      `SELECT project_id, provider, request_model, countIf(timestamp < fromUnixTimestamp64Milli({nv:Int64})) AS base_calls
       FROM ${this.#db}.llm_calls WHERE ${this.#range(scanStart, now)} AND request_model != ''
       GROUP BY project_id, provider, request_model LIMIT ${MAX_VALUE_ROWS}`,
      { nv: newValueStart },
    );
  }

  #queryValues(scanStart: number, newValueStart: number, now: number): Promise<ValueRow[]> {
    const pairs = VALUE_DIMENSIONS.map((d) => `('${d.kind}', ${d.expr})`).join(', ');
    return this.#store.query<ValueRow>(
      `SELECT project_id, provider, request_model, pair.1 AS dim, pair.2 AS value,
              toUnixTimestamp64Milli(min(timestamp)) AS first_ms, toUnixTimestamp64Milli(max(timestamp)) AS last_ms, count() AS calls,
              countIf(timestamp < fromUnixTimestamp64Milli({nv:Int64})) AS base_calls
       FROM ${this.#db}.llm_calls ARRAY JOIN [${pairs}] AS pair
       WHERE ${this.#range(scanStart, now)} AND request_model != '' AND pair.2 != ''
       GROUP BY project_id, provider, request_model, dim, value
       ORDER BY first_ms LIMIT ${MAX_VALUE_ROWS}`,
      { nv: newValueStart },
    );
  }

  #queryBuckets(stepRefStart: number, stepStart: number, now: number): Promise<BucketRow[]> {
    const pairs = STEP_METRICS.map((m) => `('${m.metric}', toUInt32(floor(log2(greatest(toFloat64(${m.expr}), 0) + 1) * ${BUCKETS_PER_DOUBLING})))`).join(', ');
    return this.#store.query<BucketRow>(
      `SELECT project_id, provider, request_model, m.1 AS metric, m.2 AS bucket,
              countIf(timestamp >= fromUnixTimestamp64Milli({ss:Int64})) AS recent, countIf(timestamp < fromUnixTimestamp64Milli({ss:Int64})) AS ref
       FROM ${this.#db}.llm_calls ARRAY JOIN [${pairs}] AS m
       WHERE ${this.#range(stepRefStart, now)} AND request_model != '' AND status = 'ok'
       GROUP BY project_id, provider, request_model, metric, bucket LIMIT ${MAX_BUCKET_ROWS}`,
      { ss: stepStart },
    );
  }

  #queryStored(since: number): Promise<StoredRow[]> {
    return this.#store.query<StoredRow>(
      `SELECT project_id, provider, request_model, kind, change_id, before, after,
              toUnixTimestamp64Milli(first_seen) AS first_ms, toUnixTimestamp64Milli(last_seen) AS last_ms, calls_since,
              toUnixTimestamp64Milli(detected_at) AS detected_ms, advice, detail, notify_status, notified_channels, notify_attempts, notify_error
       FROM ${this.#db}.${API_CHANGES.name} FINAL
       WHERE detected_at >= fromUnixTimestamp64Milli({since:Int64}) OR notify_status IN ('pending', 'failed')
       LIMIT 100000`,
      { since: Math.floor(since) },
    );
  }
}

function newRow(r: Omit<ApiChangeRow, 'notify_status' | 'notified_channels' | 'notify_attempts' | 'notify_error' | 'fencing_token' | 'updated_at'>): ApiChangeRow {
  return { ...r, notify_status: 'none', notified_channels: [], notify_attempts: 0, notify_error: '', fencing_token: 0, updated_at: 0 };
}

function storedToRow(s: StoredRow): ApiChangeRow {
  return {
    project_id: s.project_id,
    provider: s.provider,
    request_model: s.request_model,
    kind: s.kind,
    change_id: s.change_id,
    before: s.before,
    after: s.after,
    first_seen: Number(s.first_ms),
    last_seen: Number(s.last_ms),
    calls_since: Number(s.calls_since),
    detected_at: Number(s.detected_ms),
    advice: s.advice,
    detail: s.detail,
    notify_status: s.notify_status,
    notified_channels: [...s.notified_channels],
    notify_attempts: Number(s.notify_attempts),
    notify_error: s.notify_error,
    fencing_token: 0,
    updated_at: 0,
  };
}

export interface KsStep {
  d: number;
  critical: number;
  nRecent: number;
  nRef: number;
  medianRecent: number;
  medianRef: number;
}

/**
 * Two-sample Kolmogorov–Smirnov on binned samples (bucket → [recent, ref] counts): a step when D
 * exceeds the α = 0.001 critical value and MIN_STEP_D, and the medians differ by MIN_MEDIAN_RATIO.
 * Binning can only lower D (ties within a bucket), so a reported step is one the raw test also finds.
 */
export function ksStep(bins: ReadonlyMap<number, readonly [number, number]>, minCalls: number): KsStep | null {
  const order = [...bins.keys()].sort((a, b) => a - b);
  let nRecent = 0;
  let nRef = 0;
  for (const b of order) {
    nRecent += bins.get(b)![0];
    nRef += bins.get(b)![1];
  }
  if (nRecent < minCalls || nRef < minCalls) return null;
  let cRecent = 0;
  let cRef = 0;
  let d = 0;
  let medianRecent = NaN;
  let medianRef = NaN;
  for (const b of order) {
    const [r, f] = bins.get(b)!;
    // The median inside its bucket: interpolated on the log scale by the share of the bucket below it.
    if (Number.isNaN(medianRecent) && cRecent + r >= nRecent / 2) medianRecent = bucketValue(b + (nRecent / 2 - cRecent) / r);
    if (Number.isNaN(medianRef) && cRef + f >= nRef / 2) medianRef = bucketValue(b + (nRef / 2 - cRef) / f);
    cRecent += r;
    cRef += f;
    d = Math.max(d, Math.abs(cRecent / nRecent - cRef / nRef));
  }
  const critical = KS_C_ALPHA * Math.sqrt((nRecent + nRef) / (nRecent * nRef));
  if (d <= critical || d < MIN_STEP_D) return null;
  const hi = Math.max(medianRecent, medianRef);
  const lo = Math.min(medianRecent, medianRef);
  if (!(hi >= MIN_MEDIAN_RATIO * lo)) return null;
  return { d, critical, nRecent, nRef, medianRecent, medianRef };
}

/** A (fractional) position on the log-scale bucket axis, back in the metric's unit. */
function bucketValue(position: number): number {
  return Math.max(0, 2 ** (position / BUCKETS_PER_DOUBLING) - 1);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function formatNumber(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toLocaleString('en-US', { maximumSignificantDigits: 3 });
}
