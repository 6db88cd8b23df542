/**
 * Drift, periodically, on the replica holding the "periodic" lease (src/lease/): every interval,
 * when a new recent window has closed, compute it (src/drift/compute.ts), write its rows to the
 * drift table, and notify the channels of every matching `drift:` rule about each drifted
 * feature — once per (rule, group, feature, window, channel). The delivery state lives in
 * budget_notifications (budget = "drift/<rule>/<group>/<feature>", period_start = window start),
 * so "once" holds across restarts and replicas like it does for budgets; a failed delivery is
 * retried at the next interval.
 *
 * No repeats while a drift lasts: when the same (rule, group, feature, channel) was notified for
 * the previous window (state 'delivered' or 'continued'), the drift of this window is recorded as
 * 'continued' and not sent; a feature that was not drifted in between is notified again.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.ts';
import { DRIFT, type DriftRow } from '../store/tables/drift.ts';
import { BUDGET_NOTIFICATIONS, type BudgetNotificationRow, type NotificationStatus } from '../store/tables/budget_notifications.ts';
import type { Channel, DriftRule } from '../alerts/budget-file.ts';
import { DRIFT_MATCH_COLUMNS } from '../alerts/budget-file.ts';
import { sendMessage, type ChannelMessage, type SendOptions } from '../alerts/channels.ts';
import type { Fence, PeriodicJob } from '../lease/lease.ts';
import { createLogger, type Logger } from '../log.ts';
import { computeDrift, windowAt, type DriftRun, type DriftSettings } from './compute.ts';
import { PeriodicRunner } from '../util/periodic.ts';

export interface DriftRuleWithChannels {
  rule: DriftRule;
  channels: Channel[];
}

export interface DriftJobOptions {
  store: Store;
  database: string;
  settings: DriftSettings;
  /** Time between checks for a newly closed window (and retries of failed notifications). */
  intervalMs: number;
  rules?: readonly DriftRuleWithChannels[];
  logger?: Logger;
  fence?: Fence;
  send?: (channel: Channel, m: ChannelMessage, o: SendOptions) => Promise<void>;
  /** Per delivery attempt; default 10 s. */
  timeoutMs?: number;
  now?: () => number;
}

export interface DriftJobStats {
  runs: number;
  windowsComputed: number;
  rowsWritten: number;
  drifted: number;
  groupsCut: number;
  featuresSkipped: number;
  notificationsSent: number;
  notificationsFailed: number;
  /** Drifted again right after a notified window: recorded, not sent. */
  notificationsContinued: number;
  errors: number;
}

/** budget_notifications.status values of drift alerts: the budget states plus 'continued'. */
type DriftStatus = NotificationStatus | 'continued';
const COVERED: ReadonlySet<DriftStatus> = new Set(['delivered', 'continued']);

interface Due {
  rule: DriftRule;
  channel: Channel;
  row: DriftRow;
  budget: string;
}

export class DriftJob implements PeriodicJob {
  readonly stats: DriftJobStats = { runs: 0, windowsComputed: 0, rowsWritten: 0, drifted: 0, groupsCut: 0, featuresSkipped: 0, notificationsSent: 0, notificationsFailed: 0, notificationsContinued: 0, errors: 0 };
  readonly #o: DriftJobOptions;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #db: string;
  readonly #runner = new PeriodicRunner();
  #last: DriftRun | null = null;
  /** Notifications confirmed by their channel in this process (a failed state write never re-sends here). */
  readonly #delivered = new Set<string>();
  #lastUpdatedAt = 0;

  constructor(o: DriftJobOptions) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.database)) throw new Error(`invalid database name: ${o.database}`);
    if (!(o.settings.recentMs > 0) || !(o.settings.referenceMs > 0)) throw new Error('drift windows must be positive');
    this.#o = o;
    this.#db = o.database;
    this.#log = o.logger ?? createLogger('error');
    this.#now = o.now ?? Date.now;
  }

  /** The last computed window's rows. */
  get last(): DriftRun | null {
    return this.#last;
  }

  start(): void {
    // runOnce records its own failures (stats.errors, the log).
    this.#runner.start(() => this.runOnce(), this.#o.intervalMs, () => undefined);
  }

  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /** One step (serialised with any other): compute the last closed window if new, then notify. */
  runOnce(nowMs: number = this.#now()): Promise<DriftRun | null> {
    return this.#runner.serialise(() => this.#step(nowMs));
  }

  async #step(nowMs: number): Promise<DriftRun | null> {
    this.stats.runs++;
    try {
      const w = windowAt(nowMs, this.#o.settings);
      if (this.#last?.window.start !== w.start) {
        const run = await computeDrift(this.#o.store, this.#db, this.#o.settings, w, nowMs);
        if (!(await this.#leading())) return null;
        if (run.rows.length) await this.#o.store.insert(`${this.#db}.${DRIFT.name}`, run.rows);
        this.#last = run;
        this.stats.windowsComputed++;
        this.stats.rowsWritten += run.rows.length;
        const drifted = run.rows.filter((r) => r.drifted);
        this.stats.drifted += drifted.length;
        this.stats.groupsCut += run.groupsCut;
        this.stats.featuresSkipped += run.featuresSkipped;
        if (run.groupsCut) this.#log.warn('drift: groups left out (cap per project: --drift-max-groups)', { window_start: new Date(w.start).toISOString(), compared: run.groups, cut: run.groupsCut });
        this.#log.info('drift computed', { window_start: new Date(w.start).toISOString(), groups: run.groups, rows: run.rows.length, drifted: drifted.length });
      }
      await this.#notify(this.#last!);
      return this.#last;
    } catch (e) {
      this.stats.errors++;
      this.#log.warn('drift run failed; retried next interval', { error: String(e) });
      throw e;
    }
  }

  async #leading(): Promise<boolean> {
    const f = this.#o.fence;
    if (!f) return true;
    const t = f.held();
    return t !== null && (await f.confirm(t).catch(() => false));
  }

  async #notify(run: DriftRun): Promise<void> {
    const rules = this.#o.rules ?? [];
    if (!rules.length) return;
    const due: Due[] = [];
    for (const row of run.rows) {
      if (!row.drifted) continue;
      for (const { rule, channels } of rules) {
        if (!matches(rule, row)) continue;
        const budget = `drift/${rule.name}/${[row.service_name, row.request_model, row.prompt_name, row.prompt_version].join('/')}/${row.feature}`;
        for (const channel of channels) due.push({ rule, channel, row, budget });
      }
    }
    const todo = due.filter((d) => !this.#delivered.has(stateKey(d)));
    if (!todo.length) return;
    const previousStart = run.window.start - this.#o.settings.recentMs;
    const states = await this.#states(todo, previousStart, run.window.start);
    for (const d of todo) {
      const key = stateKey(d);
      const prev = states.get(key);
      if (prev && COVERED.has(prev.status)) {
        this.#delivered.add(key);
        continue;
      }
      const fence = this.#o.fence;
      const token = fence ? fence.held() : 0;
      if (token === null || !(await this.#leading())) return;
      const before = states.get(stateKey(d, previousStart));
      if (before && COVERED.has(before.status)) {
        // The drift notified for the previous window goes on: record it, do not send it again.
        await this.#write(d, 'continued', 0, '', token);
        this.#delivered.add(key);
        this.stats.notificationsContinued++;
        continue;
      }
      const timeoutMs = Math.floor(Math.min(this.#o.timeoutMs ?? 10_000, fence ? fence.remainingMs() : Infinity));
      if (timeoutMs < 250) return;
      const attempts = (prev?.attempts ?? 0) + 1;
      if (!prev) await this.#write(d, 'pending', attempts - 1, '', token);
      try {
        await (this.#o.send ?? sendMessage)(d.channel, message(d, key, fence ? token : undefined), { timeoutMs });
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        this.stats.notificationsFailed++;
        this.#log.warn('drift notification failed; retried next interval', { rule: d.rule.name, feature: d.row.feature, channel: d.channel.name, error });
        await this.#write(d, 'failed', attempts, error, token).catch(() => undefined);
        continue;
      }
      this.#delivered.add(key);
      this.stats.notificationsSent++;
      await this.#write(d, 'delivered', attempts, '', token).catch((e: unknown) =>
        this.#log.error('could not record drift notification state', { rule: d.rule.name, error: String(e) }),
      );
    }
  }

  /** Latest state (FINAL) of the due notifications in windows [fromMs, toMs], keyed by stateKey. */
  async #states(todo: readonly Due[], fromMs: number, toMs: number): Promise<Map<string, { status: DriftStatus; attempts: number }>> {
    const rows = await this.#o.store.query<{ project_id: string; budget: string; ps: number | string; channel: string; status: DriftStatus; attempts: number | string }>(
      `SELECT project_id, budget, toUnixTimestamp(period_start) AS ps, channel, status, attempts FROM ${this.#db}.${BUDGET_NOTIFICATIONS.name} FINAL ` +
        `WHERE project_id IN {projects:Array(String)} AND budget IN {budgets:Array(String)} ` +
        `AND period_start >= toDateTime({from:UInt32}) AND period_start <= toDateTime({to:UInt32})`,
      {
        projects: [...new Set(todo.map((d) => d.rule.project))],
        budgets: [...new Set(todo.map((d) => d.budget))],
        from: Math.floor(fromMs / 1000),
        to: Math.floor(toMs / 1000),
      },
    );
    const out = new Map<string, { status: DriftStatus; attempts: number }>();
    for (const r of rows) out.set(JSON.stringify([r.project_id, r.budget, Number(r.ps) * 1000, r.channel]), { status: r.status, attempts: Number(r.attempts) });
    return out;
  }

  async #write(d: Due, status: DriftStatus, attempts: number, lastError: string, token: number): Promise<void> {
    this.#lastUpdatedAt = Math.max(Date.now(), this.#lastUpdatedAt + 1);
    const row: BudgetNotificationRow = {
      project_id: d.rule.project,
      budget: d.budget,
      period_start: Math.floor(d.row.window_start / 1000),
      period_end: Math.floor(d.row.window_end / 1000),
      threshold: d.row.threshold,
      channel: d.channel.name,
      metric: `drift:${d.row.statistic}`,
      limit: d.row.threshold,
      spent: d.row.value,
      // 'continued' exists only on drift keys (budget = drift/…), which the budget evaluator never reads.
      status: status as NotificationStatus,
      attempts,
      last_error: lastError.slice(0, 1000),
      updated_at: this.#lastUpdatedAt,
      fencing_token: token,
    };
    await this.#o.store.insert(`${this.#db}.${BUDGET_NOTIFICATIONS.name}`, [row]);
  }
}

function matches(rule: DriftRule, row: DriftRow): boolean {
  if (rule.project !== row.project_id) return false;
  if (rule.features.length && !rule.features.includes(row.feature)) return false;
  for (const c of DRIFT_MATCH_COLUMNS) if (rule.match[c] !== undefined && rule.match[c] !== row[c]) return false;
  return true;
}

function stateKey(d: Due, windowStartMs = d.row.window_start): string {
  return JSON.stringify([d.rule.project, d.budget, Math.floor(windowStartMs / 1000) * 1000, d.channel.name]);
}

/** The notification: webhook JSON, Slack text, e-mail subject and body. */
export function message(d: Due, key: string, fencingToken: number | undefined): ChannelMessage {
  const r = d.row;
  const id = createHash('sha256').update(key).digest('hex').slice(0, 32);
  const group = `${r.service_name || '(no service)'} · ${r.request_model || '(no model)'} · ${r.prompt_name || '(no prompt)'}${r.prompt_version ? `@${r.prompt_version}` : ''}`;
  const stat = r.statistic === 'ks' ? `KS D = ${r.value.toFixed(3)} (p = ${(r.p_value ?? 1).toExponential(1)})` : `PSI = ${r.value.toFixed(3)}`;
  const summary =
    r.statistic === 'ks'
      ? `mean ${fmt(r.recent_summary)} now vs ${fmt(r.reference_summary)} before`
      : `share of "${(JSON.parse(r.detail) as { top_recent?: string }).top_recent ?? ''}" ${pct(r.recent_summary)} now vs ${pct(r.reference_summary)} before`;
  const window = `${new Date(r.window_start).toISOString()} – ${new Date(r.window_end).toISOString()}`;
  const headline = `Drift in ${r.feature} for ${group}: ${stat} ≥ ${r.threshold} — ${summary}`;
  return {
    id,
    json: {
      id,
      kind: 'drift',
      rule: d.rule.name,
      project_id: r.project_id,
      service_name: r.service_name,
      request_model: r.request_model,
      prompt_name: r.prompt_name,
      prompt_version: r.prompt_version,
      feature: r.feature,
      statistic: r.statistic,
      value: r.value,
      p_value: r.p_value,
      threshold: r.threshold,
      recent_count: r.recent_count,
      reference_count: r.reference_count,
      recent_summary: r.recent_summary,
      reference_summary: r.reference_summary,
      window_start: new Date(r.window_start).toISOString(),
      window_end: new Date(r.window_end).toISOString(),
      reference_start: new Date(r.reference_start).toISOString(),
      detail: JSON.parse(r.detail) as unknown,
      sent_at: new Date().toISOString(),
      ...(fencingToken !== undefined ? { fencing_token: fencingToken } : {}),
    },
    subject: `[llmscope] Drift in ${r.feature}: ${group}`,
    text: `${headline}\n\nRule: ${d.rule.name} (project ${r.project_id})\nRecent window: ${window} (${r.recent_count} observations)\nReference from: ${new Date(r.reference_start).toISOString()} (${r.reference_count} observations)\n`,
    ...(fencingToken !== undefined ? { fencingToken } : {}),
  };
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(3)) : String(x));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
