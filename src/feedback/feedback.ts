/**
 * Human feedback (issue 10, item 1): a validated feedback body becomes one `scores` row with
 * source = 'human', linked to the stored call (its timestamp, service_name, request_model).
 *
 * Idempotency: the insert carries insert_deduplication_token = `feedback:<project>:<feedback_id>`
 * (single-node MergeTree keeps the last 10 000 tokens of the table), and the last feedback ids
 * seen are remembered here, so a repeat answers `duplicate: true` without a second row.
 *
 * Calls not stored yet: the feedback waits in a bounded in-memory set, re-checked every
 * `retryMs`; it is stored when its call appears, or after `maxWaitMs` without one (then with
 * the time it was received and empty service/model). The set is memory only: feedback still
 * waiting when the collector closes is stored then (unlinked when its call is still missing); a
 * crash loses it — the client may re-send with the same feedback_id (a repeat is a no-op).
 */
import type { Store } from '../store/store.ts';
import { SCORES, scoreRowJson, type ScoreRow } from '../store/tables/scores.ts';
import { LLM_CALLS } from '../store/tables/llm_calls.ts';

export const FEEDBACK_LIMITS = {
  bodyBytes: 64 * 1024,
  name: 64,
  label: 128,
  comment: 4096,
  /** A reference answer (for `llmscope eval --from-calls`), stored like a comment. */
  reference: 32 * 1024,
  userId: 256,
  feedbackId: 128,
  responseId: 256,
};

const TRACE_ID_RE = /^[0-9a-f]{32}$/;
const SPAN_ID_RE = /^[0-9a-f]{16}$/;
const NAME_RE = /^[A-Za-z0-9_.:-]+$/;

export interface Feedback {
  trace_id: string;
  span_id: string;
  response_id: string;
  name: string;
  value: number;
  label: string;
  comment: string;
  user_id: string;
  feedback_id: string;
}

export class FeedbackInputError extends Error {
  override name = 'FeedbackInputError';
}

const FIELDS = new Set(['trace_id', 'span_id', 'response_id', 'name', 'value', 'label', 'comment', 'reference', 'user_id', 'feedback_id']);

/**
 * The feedback name of a reference answer: `{"reference": "<the answer the call should have
 * given>"}` is stored as a scores row with this name, value 1 and the text in `explanation`, which
 * `llmscope eval --from-calls` evaluates the call's captured answer against.
 */
export const REFERENCE_FEEDBACK_NAME = 'reference';

function optString(b: Record<string, unknown>, key: string, max: number): string {
  const v = b[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new FeedbackInputError(`${key} must be a string`);
  if (v.length > max) throw new FeedbackInputError(`${key} is longer than ${max} characters`);
  return v;
}

/** Checks a parsed JSON body; every problem is a FeedbackInputError with a message for the 400. */
export function parseFeedback(b: Record<string, unknown>): Feedback {
  for (const k of Object.keys(b)) if (!FIELDS.has(k)) throw new FeedbackInputError(`unknown field ${JSON.stringify(k.slice(0, 64))}`);
  const trace = typeof b.trace_id === 'string' ? b.trace_id.toLowerCase() : '';
  if (!TRACE_ID_RE.test(trace) || /^0+$/.test(trace)) throw new FeedbackInputError('trace_id must be 32 hex characters (not all zero)');
  const span = optString(b, 'span_id', 16).toLowerCase();
  if (span && (!SPAN_ID_RE.test(span) || /^0+$/.test(span))) throw new FeedbackInputError('span_id must be 16 hex characters (not all zero)');
  const responseId = optString(b, 'response_id', FEEDBACK_LIMITS.responseId);
  if (span && responseId) throw new FeedbackInputError('send span_id or response_id, not both');
  const reference = optString(b, 'reference', FEEDBACK_LIMITS.reference);
  if (reference && b.comment !== undefined) throw new FeedbackInputError('send reference or comment, not both (a reference is stored as the comment)');
  if (reference && b.name !== undefined && b.name !== REFERENCE_FEEDBACK_NAME) throw new FeedbackInputError(`a reference is stored with name "${REFERENCE_FEEDBACK_NAME}"`);
  const name = reference ? REFERENCE_FEEDBACK_NAME : optString(b, 'name', FEEDBACK_LIMITS.name);
  if (!name || !NAME_RE.test(name)) throw new FeedbackInputError(`name is required: 1–${FEEDBACK_LIMITS.name} characters of A-Z a-z 0-9 _ . : -`);
  const value = reference && b.value === undefined ? 1 : b.value;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new FeedbackInputError('value must be a finite number');
  return {
    trace_id: trace,
    span_id: span,
    response_id: responseId,
    name,
    value,
    label: optString(b, 'label', FEEDBACK_LIMITS.label),
    comment: reference || optString(b, 'comment', FEEDBACK_LIMITS.comment),
    user_id: optString(b, 'user_id', FEEDBACK_LIMITS.userId),
    feedback_id: optString(b, 'feedback_id', FEEDBACK_LIMITS.feedbackId),
  };
}

interface CallRef {
  timestamp: bigint;
  span_id: string;
  service_name: string;
  request_model: string;
}

interface CallRow extends CallRef {
  trace_id: string;
  response_id: string;
}

/** The call feedback is about: by span_id, else by response_id, else the trace's first call. */
function matchCall(rows: readonly CallRow[], f: Feedback): CallRef | null {
  for (const r of rows) {
    if (r.trace_id !== f.trace_id) continue;
    if (f.span_id ? r.span_id === f.span_id : f.response_id ? r.response_id === f.response_id : true) return r;
  }
  return null;
}

export interface FeedbackResult {
  status: 'stored' | 'pending' | 'duplicate';
  span_id?: string;
}

export class PendingFullError extends Error {
  override name = 'PendingFullError';
}

interface Pending {
  project: string;
  f: Feedback;
  receivedNs: bigint;
  receivedMs: number;
}

export interface FeedbackOptions {
  store: Store;
  database: string;
  /** Most feedback waiting for its call at once; beyond it 503. */
  maxPending?: number;
  /** How long feedback waits for its call before it is stored unlinked. */
  maxWaitMs?: number;
  /** How often waiting feedback looks for its call. */
  retryMs?: number;
  /** Feedback ids remembered to answer a repeat as duplicate. */
  rememberIds?: number;
  now?: () => number;
}

export class FeedbackService {
  readonly #o: Required<Omit<FeedbackOptions, 'now'>> & { now: () => number };
  readonly #pending = new Map<string, Pending>();
  readonly #seen = new Set<string>();
  #timer: NodeJS.Timeout | null = null;
  #sweeping = false;
  stats = { stored: 0, pending: 0, duplicates: 0, linkedLate: 0, storedUnlinked: 0 };

  constructor(o: FeedbackOptions) {
    this.#o = { maxPending: 10_000, maxWaitMs: 10 * 60_000, retryMs: 5_000, rememberIds: 100_000, now: Date.now, ...o };
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  async submit(project: string, f: Feedback): Promise<FeedbackResult> {
    const idKey = f.feedback_id ? `${project}\u0000${f.feedback_id}` : '';
    if (idKey && (this.#seen.has(idKey) || this.#pending.has(idKey))) {
      this.stats.duplicates++;
      return { status: 'duplicate' };
    }
    const call = await this.#findCall(project, f);
    if (call) {
      await this.#store(project, f, call.timestamp, call);
      this.#remember(idKey);
      return { status: 'stored', span_id: call.span_id };
    }
    if (this.#pending.size >= this.#o.maxPending) throw new PendingFullError(`${this.#o.maxPending} feedback items already wait for their calls`);
    const nowMs = this.#o.now();
    this.#pending.set(idKey || `${project}\u0000anon:${nowMs}:${this.#pending.size}:${Math.random()}`, {
      project,
      f,
      receivedNs: BigInt(nowMs) * 1_000_000n,
      receivedMs: nowMs,
    });
    this.stats.pending++;
    this.#arm();
    return { status: 'pending' };
  }

  /**
   * Looks again for the calls of waiting feedback — one query per project per round, whatever the
   * number waiting — and stores what found its call or waited too long (every item when `all`).
   */
  async sweep(all = false): Promise<void> {
    if (this.#sweeping) return;
    this.#sweeping = true;
    try {
      const byProject = new Map<string, Array<[string, Pending]>>();
      for (const e of this.#pending) {
        const list = byProject.get(e[1].project) ?? [];
        list.push(e);
        byProject.set(e[1].project, list);
      }
      for (const [project, items] of byProject) {
        let found: CallRow[];
        try {
          found = await this.#findCalls(project, [...new Set(items.map(([, p]) => p.f.trace_id))]);
        } catch {
          if (!all) continue; // store unavailable: try again next round
          found = [];
        }
        for (const [key, p] of items) {
          const call = matchCall(found, p.f);
          const expired = all || this.#o.now() - p.receivedMs >= this.#o.maxWaitMs;
          if (!call && !expired) continue;
          try {
            await this.#store(p.project, p.f, call ? call.timestamp : p.receivedNs, call);
          } catch {
            continue;
          }
          this.#pending.delete(key);
          if (p.f.feedback_id) this.#remember(key);
          if (call) this.stats.linkedLate++;
          else this.stats.storedUnlinked++;
        }
      }
    } finally {
      this.#sweeping = false;
      if (this.#pending.size === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    }
  }

  /** Stops looking; feedback still waiting is stored now (linked if its call is there, else unlinked). */
  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    while (this.#sweeping) await new Promise((r) => setTimeout(r, 10));
    await this.sweep(true);
  }

  #arm(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.sweep(), this.#o.retryMs);
    this.#timer.unref();
  }

  #remember(idKey: string): void {
    if (!idKey) return;
    this.#seen.add(idKey);
    if (this.#seen.size > this.#o.rememberIds) this.#seen.delete(this.#seen.values().next().value!);
  }

  async #findCall(project: string, f: Feedback): Promise<CallRef | null> {
    return matchCall(await this.#findCalls(project, [f.trace_id]), f);
  }

  /** The calls of these traces in the project (at most 100 per trace are looked at). */
  async #findCalls(project: string, traces: string[]): Promise<CallRow[]> {
    const rows = await this.#o.store.query<{ ts: string; trace_id: string; span_id: string; response_id: string; service_name: string; request_model: string }>(
      `SELECT toString(toUnixTimestamp64Nano(timestamp)) AS ts, trace_id, span_id, response_id, service_name, request_model
       FROM ${this.#o.database}.${LLM_CALLS.name}
       WHERE project_id = {project:String} AND trace_id IN {traces:Array(String)}
       ORDER BY timestamp LIMIT 100 BY trace_id`,
      { project, traces },
    );
    return rows.map((r) => ({ ...r, timestamp: BigInt(r.ts) }));
  }

  async #store(project: string, f: Feedback, timestamp: bigint, call: CallRef | null): Promise<void> {
    const row: ScoreRow = {
      project_id: project,
      timestamp,
      trace_id: f.trace_id,
      span_id: call?.span_id ?? f.span_id,
      name: f.name,
      value: f.value,
      label: f.label,
      source: 'human',
      explanation: f.comment,
      service_name: call?.service_name ?? '',
      request_model: call?.request_model ?? '',
      user_id: f.user_id,
    };
    await this.#o.store.insertJsonEachRow(`${this.#o.database}.${SCORES.name}`, scoreRowJson(row), f.feedback_id ? { dedupToken: `feedback:${project}:${f.feedback_id}` } : undefined);
    this.stats.stored++;
  }
}
