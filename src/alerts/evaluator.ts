/**
 * Token budgets: every interval, one grouped query sums each budget's spend in its current period
 * from llm_calls; every threshold crossed is delivered once per (budget, period, threshold, channel),
 * with the delivery state in the ReplacingMergeTree table budget_notifications so that "once" also
 * holds across collector restarts.
 *
 * Delivery guarantee: at-least-once, exactly-once in the absence of crashes. The state row is
 * written 'pending' before the first attempt and 'delivered' only after the channel confirmed; a
 * crash (or a failed state write) between the confirmation and the 'delivered' write leaves the row
 * pending/failed, so the next evaluation (in this or a restarted process) sends it again — a
 * duplicate, never a loss. Receivers can deduplicate on the notification `id` (webhooks also get it
 * as the Idempotency-Key header, e-mails as X-Llmscope-Notification). Within one process a
 * confirmed delivery is also remembered in memory, so a failed state write never re-sends here.
 *
 * Several collectors (replicas) share one store: the collector runs the evaluator only on the
 * replica holding the "periodic" lease (src/lease/), and with a `fence` every step is fenced by the
 * lease's token: a delivery attempt starts only while the lease is confirmed in ClickHouse, its
 * timeout is cut to the time the lease has left (so it ends before a successor can take over), the
 * notification carries the token (`fencing_token`, webhook header X-Llmscope-Fencing-Token), and
 * the non-final state writes (pending, failed) happen only while the token is still confirmed — a
 * paused ex-leader that wakes up neither sends nor overwrites a successor's 'delivered'. Exactly
 * once per (budget, period, threshold, channel) across replicas and restarts, except a crash (or an
 * aborted request the receiver did get) between a delivery and its 'delivered' write, which the
 * next leader re-sends with the same Idempotency-Key.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/store.ts';
import { backoffMs } from '../util/backoff.ts';
import { BUDGET_NOTIFICATIONS, type BudgetNotificationRow, type NotificationStatus } from '../store/tables/budget_notifications.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Budget, BudgetFile, Channel, MatchColumn } from './budget-file.ts';
import { MATCH_COLUMNS } from './budget-file.ts';
import { elapsedShare, periodBounds, previousPeriod, type PeriodBounds } from './periods.ts';
import { sendNotification, type BudgetNotification, type Sender } from './channels.ts';
import type { Fence } from '../lease/lease.ts';
import { PeriodicRunner } from '../util/periodic.ts';

/** An attempt needs at least this long before the lease's safety margin, or it waits for the renewal. */
const MIN_ATTEMPT_MS = 250;

export interface BudgetEvaluatorOptions {
  store: Store;
  budgets: BudgetFile;
  /** ClickHouse database holding llm_calls and budget_notifications. */
  database?: string;
  /** Time between evaluations (the first runs at start()). Default 60 s. */
  intervalMs?: number;
  logger?: Logger;
  /** Delivers one notification; default: webhook/Slack/e-mail senders from channels.ts. */
  send?: Sender;
  /** Per delivery attempt. Default 10 s. */
  timeoutMs?: number;
  /** Attempts per notification per evaluation before it is recorded 'failed' (retried next interval). Default 3. */
  maxAttemptsPerEvaluation?: number;
  /** Backoff before retry k (k ≥ 1): min(max, base·2^(k-1)), scaled by a jitter in [0.5, 1). Defaults 500 ms / 30 s. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * After a period ends, its final spend is still evaluated this long, so the last interval of a
   * period (and spans that arrive late) can still notify. Default max(2 × interval, 5 min).
   */
  graceMs?: number;
  now?: () => Date;
  /** Leadership fence (src/lease/): without it this evaluator assumes it is the only one. */
  fence?: Fence;
}

export type { NotificationStatus };

export interface NotificationState {
  threshold: number;
  channel: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string;
  updated_at: string;
}

/** One budget in one period, as GET /api/v1/budgets shows it. */
export interface BudgetStatus {
  name: string;
  project: string;
  metric: Budget['metric'];
  limit: number;
  period: Budget['period'];
  period_start: string;
  period_end: string;
  match: Record<string, string>;
  thresholds: number[];
  notify: string[];
  spent: number;
  calls: number;
  ratio: number;
  /** Linear projection to period end: spent / elapsed share of the period. */
  projected: number;
  projected_ratio: number;
  elapsed_share: number;
  /** Thresholds delivered to every channel of the budget in this period. */
  notified_thresholds: number[];
  notifications: NotificationState[];
}

export interface DeliveryOutcome {
  budget: string;
  project_id: string;
  period_start: string;
  threshold: number;
  channel: string;
  status: NotificationStatus;
  attempts: number;
  last_error: string;
}

export interface EvaluationResult {
  evaluated_at: string;
  budgets: Array<{ name: string; project: string; period_start: string; spent: number; ratio: number }>;
  /** Deliveries attempted in this evaluation (none when nothing new was crossed). */
  deliveries: DeliveryOutcome[];
}

interface Window {
  budget: Budget;
  bounds: PeriodBounds;
  /** true for the period that already ended (grace evaluation). */
  closed: boolean;
}

interface Spend {
  spent: number;
  calls: number;
}

interface Due {
  window: Window;
  spend: Spend;
  threshold: number;
  channel: Channel;
  key: string;
}

interface StateRow {
  project_id: string;
  budget: string;
  ps: number | string;
  threshold: number;
  channel: string;
  status: NotificationStatus;
  attempts: number | string;
  last_error: string;
  ua: number | string;
}

const EPS = 1e-9;

export class BudgetEvaluator {
  readonly #o: Required<Omit<BudgetEvaluatorOptions, 'logger' | 'send' | 'now' | 'graceMs' | 'fence'>> & { graceMs: number };
  readonly #fence: Fence | undefined;
  readonly #log: Logger;
  readonly #send: Sender;
  readonly #now: () => Date;
  readonly #db: string;
  /** Keys confirmed by a channel in this process (see the delivery guarantee above). */
  readonly #delivered = new Map<string, number>();
  readonly #runner = new PeriodicRunner();
  #lastUpdatedAt = 0;
  #last: EvaluationResult | null = null;

  constructor(o: BudgetEvaluatorOptions) {
    const intervalMs = o.intervalMs ?? 60_000;
    this.#o = {
      store: o.store,
      budgets: o.budgets,
      database: o.database ?? 'llmscope',
      intervalMs,
      timeoutMs: o.timeoutMs ?? 10_000,
      maxAttemptsPerEvaluation: Math.max(1, o.maxAttemptsPerEvaluation ?? 3),
      retryBaseMs: o.retryBaseMs ?? 500,
      retryMaxMs: o.retryMaxMs ?? 30_000,
      graceMs: o.graceMs ?? Math.max(2 * intervalMs, 300_000),
    };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.#o.database)) throw new Error(`invalid database name: ${this.#o.database}`);
    this.#db = this.#o.database;
    this.#log = o.logger ?? createLogger('warn');
    this.#send = o.send ?? sendNotification;
    this.#now = o.now ?? (() => new Date());
    this.#fence = o.fence;
  }

  get budgets(): readonly Budget[] {
    return this.#o.budgets.budgets;
  }

  /** The result of the latest evaluation, null before the first. */
  get lastEvaluation(): EvaluationResult | null {
    return this.#last;
  }

  /** Evaluates now, then every interval, until stop(). */
  start(): void {
    this.#runner.start(() => this.evaluateOnce(), this.#o.intervalMs, (e) => this.#log.warn('budget evaluation failed', { error: String(e) }));
  }

  /** Stops the timer, aborts backoff waits and in-flight deliveries, and waits for the evaluation in progress. */
  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /** One evaluation (serialised with any other): spend query, then deliveries for newly crossed thresholds. */
  evaluateOnce(now: Date = this.#now()): Promise<EvaluationResult> {
    return this.#runner.serialise(() => this.#evaluate(now));
  }

  /** Current period of every budget with spend, ratio, projection and notification state. */
  async status(now: Date = this.#now()): Promise<BudgetStatus[]> {
    const windows = this.budgets.map((b) => ({ budget: b, bounds: periodBounds(b.period, now), closed: false }));
    const spends = await this.#querySpend(windows);
    const states = await this.#queryState(windows);
    return windows.map((w, i) => {
      const s = spends[i]!;
      const b = w.budget;
      const share = elapsedShare(w.bounds, now);
      const projected = share > 0 ? s.spent / share : s.spent;
      const notifications: NotificationState[] = [];
      for (const t of b.thresholds) {
        for (const ch of b.notify) {
          const st = states.get(stateKey(b, w.bounds, t, ch));
          if (st) notifications.push(st);
        }
      }
      const notified = b.thresholds.filter((t) =>
        b.notify.every((ch) => states.get(stateKey(b, w.bounds, t, ch))?.status === 'delivered' || this.#delivered.has(stateKey(b, w.bounds, t, ch))),
      );
      return {
        name: b.name,
        project: b.project,
        metric: b.metric,
        limit: b.limit,
        period: b.period,
        period_start: w.bounds.start.toISOString(),
        period_end: w.bounds.end.toISOString(),
        match: { ...b.match } as Record<string, string>,
        thresholds: [...b.thresholds],
        notify: [...b.notify],
        spent: s.spent,
        calls: s.calls,
        ratio: s.spent / b.limit,
        projected,
        projected_ratio: projected / b.limit,
        elapsed_share: share,
        notified_thresholds: notified,
        notifications,
      };
    });
  }

  async #evaluate(now: Date): Promise<EvaluationResult> {
    const windows: Window[] = [];
    for (const b of this.budgets) {
      const cur = periodBounds(b.period, now);
      windows.push({ budget: b, bounds: cur, closed: false });
      if (now.getTime() - cur.start.getTime() < this.#o.graceMs) windows.push({ budget: b, bounds: previousPeriod(b.period, now), closed: true });
    }
    const spends = await this.#querySpend(windows);
    this.#prune(windows);

    const due: Due[] = [];
    windows.forEach((w, i) => {
      const spend = spends[i]!;
      const ratio = spend.spent / w.budget.limit;
      for (const t of w.budget.thresholds) {
        if (ratio + EPS < t) break;
        for (const name of w.budget.notify) {
          const channel = this.#o.budgets.channels[name]!;
          due.push({ window: w, spend, threshold: t, channel, key: stateKey(w.budget, w.bounds, t, name) });
        }
      }
    });

    const deliveries: DeliveryOutcome[] = [];
    const unknown = due.filter((d) => !this.#delivered.has(d.key));
    if (unknown.length) {
      // The state read that guards every send: only notifications not 'delivered' go out.
      const states = await this.#queryState([...new Set(unknown.map((d) => d.window))]);
      const todo = unknown.filter((d) => {
        const st = states.get(d.key);
        if (st?.status === 'delivered') {
          this.#delivered.set(d.key, d.window.bounds.start.getTime());
          return false;
        }
        return true;
      });
      // Channels in parallel; within a channel in order (ascending thresholds, budgets in file order).
      const byChannel = new Map<string, Due[]>();
      for (const d of todo) byChannel.set(d.channel.name, [...(byChannel.get(d.channel.name) ?? []), d]);
      const results = await Promise.all(
        [...byChannel.values()].map(async (list) => {
          const out: DeliveryOutcome[] = [];
          for (const d of list) {
            if (this.#runner.signal.aborted) break;
            out.push(await this.#deliver(d, states.get(d.key), now));
          }
          return out;
        }),
      );
      for (const r of results) deliveries.push(...r);
    }

    const result: EvaluationResult = {
      evaluated_at: now.toISOString(),
      budgets: windows
        .map((w, i) => ({ w, s: spends[i]! }))
        .filter((x) => !x.w.closed)
        .map(({ w, s }) => ({ name: w.budget.name, project: w.budget.project, period_start: w.bounds.start.toISOString(), spent: s.spent, ratio: s.spent / w.budget.limit })),
      deliveries,
    };
    this.#last = result;
    return result;
  }

  async #deliver(d: Due, prev: NotificationState | undefined, now: Date): Promise<DeliveryOutcome> {
    const { budget: b, bounds } = d.window;
    const share = d.window.closed ? 1 : elapsedShare(bounds, now);
    const outcome: DeliveryOutcome = {
      budget: b.name,
      project_id: b.project,
      period_start: bounds.start.toISOString(),
      threshold: d.threshold,
      channel: d.channel.name,
      status: prev?.status ?? 'pending',
      attempts: prev?.attempts ?? 0,
      last_error: prev?.last_error ?? '',
    };
    const fence = this.#fence;
    const token = fence ? fence.held() : 0;
    if (token === null) return outcome;
    /** Still the leader since `token`, confirmed in ClickHouse; the attempt timeout it leaves (0 = none). */
    const fenced = async (): Promise<number> => {
      if (!fence) return this.#o.timeoutMs;
      if (fence.remainingMs() < MIN_ATTEMPT_MS || !(await fence.confirm(token).catch(() => false))) return 0;
      // After the confirming read: the request must end before a successor can take over.
      const left = Math.floor(Math.min(this.#o.timeoutMs, fence.remainingMs()));
      return left >= MIN_ATTEMPT_MS ? left : 0;
    };
    const write = async (status: NotificationStatus) => {
      // 'delivered' is the truth whoever leads now; the other states are written only by the
      // leader, so a paused ex-leader cannot overwrite its successor's 'delivered' with 'failed'.
      if (status !== 'delivered' && (await fenced()) <= 0) return;
      await this.#writeState(d, status, outcome.attempts, outcome.last_error, token).catch((e: unknown) => {
        this.#log.error('could not record budget notification state', { budget: b.name, threshold: d.threshold, channel: d.channel.name, status, error: String(e) });
      });
    };
    if (!prev) await write('pending');

    for (let k = 0; k < this.#o.maxAttemptsPerEvaluation; k++) {
      if (k > 0 && !(await this.#sleep(this.#backoff(k)))) return outcome;
      if (this.#runner.signal.aborted) return outcome;
      const timeoutMs = await fenced();
      if (timeoutMs <= 0) {
        this.#log.info('budget notification deferred: not the leader (or too little lease left)', { budget: b.name, threshold: d.threshold, channel: d.channel.name });
        return outcome;
      }
      outcome.attempts++;
      const n: BudgetNotification = {
        id: notificationId(d.key),
        project_id: b.project,
        budget: b.name,
        metric: b.metric,
        limit: b.limit,
        spent: d.spend.spent,
        ratio: d.spend.spent / b.limit,
        threshold: d.threshold,
        projected: share > 0 ? d.spend.spent / share : d.spend.spent,
        period: b.period,
        period_start: bounds.start.toISOString(),
        period_end: bounds.end.toISOString(),
        match: { ...b.match } as Record<string, string>,
        calls: d.spend.calls,
        sent_at: new Date().toISOString(),
        ...(fence ? { fencing_token: token } : {}),
      };
      try {
        await this.#send(d.channel, n, { timeoutMs, signal: this.#runner.signal });
      } catch (e) {
        // Aborted by stop(): the outcome is unknown; the row stays pending/failed and is retried later.
        if (this.#runner.signal.aborted) return outcome;
        outcome.last_error = e instanceof Error ? e.message : String(e);
        outcome.status = 'failed';
        this.#log.warn('budget notification failed', {
          budget: b.name,
          threshold: d.threshold,
          channel: d.channel.name,
          attempt: outcome.attempts,
          error: outcome.last_error,
        });
        await write('failed');
        continue;
      }
      // Confirmed by the channel. Remember it before the state write: if that write fails (or the
      // process dies right here) a restart may send again — at-least-once, see the file comment.
      this.#delivered.set(d.key, bounds.start.getTime());
      outcome.status = 'delivered';
      await write('delivered');
      this.#log.info('budget notification delivered', { budget: b.name, threshold: d.threshold, channel: d.channel.name, attempts: outcome.attempts });
      return outcome;
    }
    return outcome;
  }

  /** Backoff before retry k (k ≥ 1) with jitter. */
  #backoff(k: number): number {
    return Math.round(backoffMs(k, { baseMs: this.#o.retryBaseMs, maxMs: this.#o.retryMaxMs }));
  }

  /** Resolves true after ms, false at once when stop() aborts. */
  #sleep(ms: number): Promise<boolean> {
    const signal = this.#runner.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * One query for all windows: a sumIf/countIf pair per window. Column names come from the
   * MATCH_COLUMNS whitelist; every value (project, bounds, match values) is a bound parameter.
   */
  async #querySpend(windows: readonly Window[]): Promise<Spend[]> {
    if (windows.length === 0) return [];
    const params: Record<string, unknown> = {};
    const cols: string[] = [];
    let from = Infinity;
    let to = -Infinity;
    windows.forEach((w, i) => {
      const conds = [`project_id = {p${i}:String}`, `timestamp >= fromUnixTimestamp64Milli({s${i}:Int64})`, `timestamp < fromUnixTimestamp64Milli({e${i}:Int64})`];
      params[`p${i}`] = w.budget.project;
      params[`s${i}`] = w.bounds.start.getTime();
      params[`e${i}`] = w.bounds.end.getTime();
      from = Math.min(from, w.bounds.start.getTime());
      to = Math.max(to, w.bounds.end.getTime());
      let j = 0;
      for (const [col, value] of Object.entries(w.budget.match) as Array<[MatchColumn, string]>) {
        if (!(MATCH_COLUMNS as readonly string[]).includes(col)) throw new Error(`budget ${w.budget.name}: column ${col} is not allowed`);
        conds.push(`${col} = {m${i}_${j}:String}`);
        params[`m${i}_${j}`] = value;
        j++;
      }
      const cond = conds.join(' AND ');
      const expr = w.budget.metric === 'cost_usd' ? 'cost_usd' : 'input_tokens + output_tokens';
      cols.push(`toFloat64(sumIf(${expr}, ${cond})) AS s${i}`, `toFloat64(countIf(${cond})) AS n${i}`);
    });
    params.projects = [...new Set(windows.map((w) => w.budget.project))];
    params.from = from;
    params.to = to;
    const sql =
      `SELECT ${cols.join(', ')} FROM ${this.#db}.llm_calls ` +
      `WHERE project_id IN {projects:Array(String)} ` +
      `AND timestamp >= fromUnixTimestamp64Milli({from:Int64}) AND timestamp < fromUnixTimestamp64Milli({to:Int64})`;
    const [row] = await this.#o.store.query<Record<string, number | string>>(sql, params);
    return windows.map((_, i) => ({ spent: Number(row?.[`s${i}`] ?? 0), calls: Number(row?.[`n${i}`] ?? 0) }));
  }

  /** Latest state (FINAL) of every notification in the given windows, keyed by stateKey. */
  async #queryState(windows: readonly Window[]): Promise<Map<string, NotificationState>> {
    const out = new Map<string, NotificationState>();
    if (windows.length === 0) return out;
    const rows = await this.#o.store.query<StateRow>(
      `SELECT project_id, budget, toUnixTimestamp(period_start) AS ps, threshold, channel, status, attempts, last_error, ` +
        `toUnixTimestamp64Milli(updated_at) AS ua FROM ${this.#db}.budget_notifications FINAL ` +
        `WHERE project_id IN {projects:Array(String)} AND budget IN {names:Array(String)} AND period_start >= toDateTime({from:UInt32})`,
      {
        projects: [...new Set(windows.map((w) => w.budget.project))],
        names: [...new Set(windows.map((w) => w.budget.name))],
        from: Math.floor(Math.min(...windows.map((w) => w.bounds.start.getTime())) / 1000),
      },
    );
    for (const r of rows) {
      const key = rawKey(r.project_id, r.budget, Number(r.ps) * 1000, Number(r.threshold), r.channel);
      out.set(key, {
        threshold: Number(r.threshold),
        channel: r.channel,
        status: r.status,
        attempts: Number(r.attempts),
        last_error: r.last_error,
        updated_at: new Date(Number(r.ua)).toISOString(),
      });
    }
    return out;
  }

  async #writeState(d: Due, status: NotificationStatus, attempts: number, lastError: string, fencingToken: number): Promise<void> {
    const { budget: b, bounds } = d.window;
    // ReplacingMergeTree(updated_at) keeps the newest row: make versions strictly increasing.
    this.#lastUpdatedAt = Math.max(Date.now(), this.#lastUpdatedAt + 1);
    const row: BudgetNotificationRow = {
      project_id: b.project,
      budget: b.name,
      period_start: Math.floor(bounds.start.getTime() / 1000),
      period_end: Math.floor(bounds.end.getTime() / 1000),
      threshold: d.threshold,
      channel: d.channel.name,
      metric: b.metric,
      limit: b.limit,
      spent: d.spend.spent,
      status,
      attempts,
      last_error: lastError.slice(0, 1000),
      updated_at: this.#lastUpdatedAt,
      fencing_token: fencingToken,
    };
    await this.#o.store.insert(`${this.#db}.${BUDGET_NOTIFICATIONS.name}`, [row]);
  }

  /** Forgets in-memory confirmations of periods no longer evaluated. */
  #prune(windows: readonly Window[]): void {
    const oldest = Math.min(...windows.map((w) => w.bounds.start.getTime()));
    for (const [k, start] of this.#delivered) if (start < oldest) this.#delivered.delete(k);
  }
}

function stateKey(b: Budget, bounds: PeriodBounds, threshold: number, channel: string): string {
  return rawKey(b.project, b.name, bounds.start.getTime(), threshold, channel);
}

function rawKey(project: string, budget: string, periodStartMs: number, threshold: number, channel: string): string {
  return JSON.stringify([project, budget, periodStartMs, threshold, channel]);
}

function notificationId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
