/**
 * The optional LLM judge: grades sampled LLM calls for hallucination, toxicity and answer
 * relevance through any OpenAI-compatible chat endpoint and writes the verdicts to `scores`
 * (source 'llm_judge'), asynchronously.
 *
 * Best effort by design: `offer()` never blocks and never throws — it samples (deterministically,
 * by the span id, so a replay judges the same spans), queues up to `queueLimit` calls and drops
 * (and counts) the rest. Requests are bounded by `concurrency` (in flight) and `ratePerSecond`
 * (token bucket); 429/5xx/timeouts/network errors are retried with exponential backoff + jitter,
 * honouring Retry-After. A reply that is not a valid verdict is a failed judgement, never a score.
 */
import { createHash } from 'node:crypto';
import { ConfigError, resolveConfig, withoutUndefined, type CollectorConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { backoffMs } from '../util/backoff.ts';
import type { ScoreRow } from '../store/tables/scores.ts';
import type { LlmCallRowInput } from '../store/tables/llm_calls.ts';
import {
  buildJudgeTasks,
  chatCompletionBody,
  DEFAULT_MAX_FIELD_CHARS,
  JUDGE_CRITERIA,
  parseVerdict,
  replyContent,
  type JudgeCriterion,
  type JudgeTask,
  type Verdict,
} from './prompts.ts';

export interface LlmJudgeOptions {
  /** Base URL of the OpenAI-compatible API; requests go to POST {url}/chat/completions. */
  url: string;
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** Share of calls judged, 0..1, decided by hashing the span id (default 1). */
  sampleRate?: number;
  /** Most requests in flight at once (default 4). */
  concurrency?: number;
  /** Requests per second, retries included (token bucket; default 5; 0 = unlimited). */
  ratePerSecond?: number;
  /** Requests the bucket lets through back to back after a quiet period (default 1). */
  rateBurst?: number;
  /** Retries of one judgement after 429/5xx/timeout/network errors (default 3). */
  maxRetries?: number;
  /** First retry delay; doubles per retry, jittered (default 500). */
  retryBaseMs?: number;
  /** Longest retry delay, Retry-After included (default 60 000). */
  retryMaxMs?: number;
  /** Per-request timeout (default 30 000). */
  timeoutMs?: number;
  /** Calls waiting to be judged; further calls are dropped and counted (default 1000). */
  queueLimit?: number;
  store: Store;
  database: string;
  /** What to judge (default all three). */
  criteria?: readonly JudgeCriterion[];
  /** Score rows per insert (default 100) … */
  batchRows?: number;
  /** … or after this long (default 1000 ms). */
  batchDelayMs?: number;
  /** Longest text per prompt field, in characters (default 8000). */
  maxFieldChars?: number;
  logger?: Logger;
}

/** One LLM call offered to the judge. Empty strings mean "not captured". */
export interface JudgeItem {
  projectId: string;
  traceId: string;
  spanId: string;
  timestampNs: bigint;
  serviceName: string;
  requestModel: string;
  inputText: string;
  outputText: string;
  contextText: string;
}

export type JudgeFailure = 'malformed' | 'http' | 'timeout' | 'network';

export interface LatencySummary {
  count: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface JudgeStats {
  /** Calls offered. */
  offered: number;
  /** Calls selected by the sample rate. */
  sampled: number;
  /** Sampled calls with nothing to judge (no answer, or nothing the criteria need). */
  skipped: number;
  /** Sampled calls refused because the queue was full or the judge closed. */
  dropped: number;
  /** Judgements (one per score) that produced a score. */
  judged: number;
  /** Judgements that failed for good (after retries), by reason in `failures`. */
  failed: number;
  failures: Record<JudgeFailure, number>;
  /** Judgements cut short by close(). */
  abandoned: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  retries: number;
  /** Score rows confirmed by the store; rows given up after failed inserts. */
  rowsWritten: number;
  rowsLost: number;
  insertErrors: number;
  /** Tokens the judge reported using. */
  promptTokens: number;
  completionTokens: number;
  /** Latency of successful judge requests (last 1024). */
  latency: LatencySummary;
}

interface QueuedCall {
  item: JudgeItem;
  tasks: JudgeTask[];
}

class Closed extends Error {
  override name = 'JudgeClosed';
}

const MAX_EXPLANATION = 1000;
const LATENCY_WINDOW = 1024;
const INSERT_ATTEMPTS = 4;
const RETRYABLE_STATUS = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

/** Whether a span is in the sample: a hash of its id against the rate (stable across replays). */
export function judgeSampled(spanId: string, rate: number): boolean {
  if (!(rate > 0)) return false;
  if (rate >= 1) return true;
  const h = createHash('sha256').update(spanId).digest().readUInt32BE(0);
  return h / 2 ** 32 < rate;
}

/** Milliseconds a 429/503 asks us to wait: `retry-after-ms`, or `retry-after` (seconds or HTTP date); null if none. */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | null {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.round(Number(ra) * 1000);
  const at = Date.parse(ra);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A token bucket handing out request permits, FIFO, with a single timer. */
class TokenBucket {
  readonly #rate: number; // per ms
  readonly #burst: number;
  #tokens: number;
  #last = performance.now();
  #waiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(perSecond: number, burst: number) {
    this.#rate = perSecond / 1000;
    this.#burst = Math.max(1, burst);
    this.#tokens = this.#burst;
  }

  acquire(): Promise<void> {
    if (!(this.#rate > 0) || !Number.isFinite(this.#rate)) return Promise.resolve();
    this.#refill();
    if (this.#waiters.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#schedule();
    });
  }

  close(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    for (const w of this.#waiters.splice(0)) w.reject(new Closed('judge closed'));
  }

  #refill(): void {
    const now = performance.now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#last) * this.#rate);
    this.#last = now;
  }

  #schedule(): void {
    if (this.#timer || this.#waiters.length === 0) return;
    const wait = Math.max(1, Math.ceil((1 - this.#tokens) / this.#rate));
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#refill();
      while (this.#waiters.length > 0 && this.#tokens >= 1) {
        this.#tokens -= 1;
        this.#waiters.shift()!.resolve();
      }
      this.#schedule();
    }, wait);
  }
}

export class LlmJudge {
  readonly #o: Required<Omit<LlmJudgeOptions, 'apiKey' | 'logger'>> & Pick<LlmJudgeOptions, 'apiKey' | 'logger'>;
  readonly #endpoint: string;
  readonly #bucket: TokenBucket;
  readonly #queue: QueuedCall[] = [];
  #inFlight = 0;
  #closed = false;
  #closing: Promise<void> | null = null;
  readonly #controllers = new Set<AbortController>();
  readonly #sleeps = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();
  #idleWaiters: Array<() => void> = [];
  #rows: ScoreRow[] = [];
  #rowTimer: NodeJS.Timeout | null = null;
  #writeChain: Promise<void> = Promise.resolve();
  readonly #latencies = new Float64Array(LATENCY_WINDOW);
  #latencyCount = 0;
  readonly #s = {
    offered: 0,
    sampled: 0,
    skipped: 0,
    dropped: 0,
    judged: 0,
    failed: 0,
    failures: { malformed: 0, http: 0, timeout: 0, network: 0 } as Record<JudgeFailure, number>,
    abandoned: 0,
    requests: 0,
    retries: 0,
    rowsWritten: 0,
    rowsLost: 0,
    insertErrors: 0,
    promptTokens: 0,
    completionTokens: 0,
  };

  constructor(options: LlmJudgeOptions) {
    const o = {
      sampleRate: 1,
      concurrency: 4,
      ratePerSecond: 5,
      rateBurst: 1,
      maxRetries: 3,
      retryBaseMs: 500,
      retryMaxMs: 60_000,
      timeoutMs: 30_000,
      queueLimit: 1000,
      criteria: JUDGE_CRITERIA,
      batchRows: 100,
      batchDelayMs: 1000,
      maxFieldChars: DEFAULT_MAX_FIELD_CHARS,
      ...(withoutUndefined(options) as LlmJudgeOptions),
    };
    let base: URL;
    try {
      base = new URL(o.url);
    } catch {
      throw new ConfigError(`judge url "${o.url}" is not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new ConfigError(`judge url "${o.url}" must be http(s)`);
    if (!o.model) throw new ConfigError('judge model is required');
    if (!(o.sampleRate >= 0 && o.sampleRate <= 1)) throw new ConfigError(`judge sample rate ${o.sampleRate} must be within 0..1`);
    if (!(Number.isInteger(o.concurrency) && o.concurrency >= 1)) throw new ConfigError(`judge concurrency ${o.concurrency} must be an integer >= 1`);
    if (!(o.ratePerSecond >= 0)) throw new ConfigError(`judge rate ${o.ratePerSecond} must be >= 0 (0 = unlimited)`);
    if (!(o.queueLimit >= 0)) throw new ConfigError(`judge queue limit ${o.queueLimit} must be >= 0`);
    for (const c of o.criteria) if (!JUDGE_CRITERIA.includes(c)) throw new ConfigError(`unknown judge criterion "${c}"`);
    this.#o = o;
    this.#endpoint = o.url.replace(/\/+$/, '') + '/chat/completions';
    this.#bucket = new TokenBucket(o.ratePerSecond, o.rateBurst);
  }

  /** A snapshot of the counters. */
  get stats(): JudgeStats {
    return { ...this.#s, failures: { ...this.#s.failures }, latency: this.#latencySummary() };
  }

  /** Calls waiting in the queue (not yet fully dispatched). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Offers a call the pipeline stored (with its content captured); see offer(). */
  offerCall(r: LlmCallRowInput): void {
    this.offer({
      projectId: r.projectId,
      traceId: r.traceId,
      spanId: r.spanId,
      timestampNs: r.startTimeUnixNano,
      serviceName: r.serviceName,
      requestModel: r.call.requestModel,
      inputText: r.call.inputText,
      outputText: r.call.outputText,
      contextText: r.call.contextText,
    });
  }

  /** Offers a call for judging. Never blocks, never throws; a call that does not fit is dropped. */
  offer(item: JudgeItem): void {
    this.#s.offered++;
    try {
      if (!judgeSampled(item.spanId, this.#o.sampleRate)) return;
      this.#s.sampled++;
      if (this.#closed || this.#queue.length >= this.#o.queueLimit) {
        this.#s.dropped++;
        return;
      }
      const tasks = buildJudgeTasks(item, this.#o.criteria, this.#o.maxFieldChars);
      if (tasks.length === 0) {
        this.#s.skipped++;
        return;
      }
      // Keep only what the rows need; the prompts already hold the (truncated) texts.
      const kept: JudgeItem = { ...item, inputText: '', outputText: '', contextText: '' };
      this.#queue.push({ item: kept, tasks });
      this.#pump();
    } catch (e) {
      this.#s.dropped++;
      this.#o.logger?.warn('llm judge: offer failed', { error: String(e) });
    }
  }

  /** Waits until every queued call is judged and its scores are written. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.#queue.length > 0 || this.#inFlight > 0) {
        await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
        continue;
      }
      await this.#writeRows();
      if (this.#queue.length === 0 && this.#inFlight === 0 && this.#rows.length === 0) return;
    }
  }

  /** At shutdown: judges what is queued for up to graceMs (a slow judge never holds the collector up), then closes. */
  async finish(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise((r) => (timer = setTimeout(r, graceMs).unref()))]);
    clearTimeout(timer);
    await this.close();
  }

  /**
   * Stops judging: refuses new calls, abandons queued and in-flight judgements, writes the scores
   * already received (one attempt) and clears every timer. Close the judge before the store.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#close());
  }

  async #close(): Promise<void> {
    this.#closed = true;
    for (const q of this.#queue.splice(0)) this.#s.abandoned += q.tasks.length;
    this.#bucket.close();
    for (const c of this.#controllers) c.abort(new Closed('judge closed'));
    for (const s of this.#sleeps) {
      clearTimeout(s.timer);
      s.reject(new Closed('judge closed'));
    }
    this.#sleeps.clear();
    while (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    await this.#writeRows();
    if (this.#rowTimer) clearTimeout(this.#rowTimer);
    this.#rowTimer = null;
    this.#wakeIdle();
  }

  #pump(): void {
    while (!this.#closed && this.#inFlight < this.#o.concurrency && this.#queue.length > 0) {
      const head = this.#queue[0]!;
      const task = head.tasks.shift()!;
      if (head.tasks.length === 0) this.#queue.shift();
      this.#inFlight++;
      void this.#judge(head.item, task).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.#queue.length === 0 && this.#inFlight === 0) this.#wakeIdle();
      });
    }
  }

  #wakeIdle(): void {
    for (const w of this.#idleWaiters.splice(0)) w();
  }

  async #judge(item: JudgeItem, task: JudgeTask): Promise<void> {
    const body = JSON.stringify(chatCompletionBody(this.#o.model, task.messages));
    let failure: { kind: JudgeFailure; error: string } = { kind: 'network', error: '' };
    try {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) this.#s.retries++;
        await this.#bucket.acquire();
        const r = await this.#request(body, task);
        if (r.ok) {
          this.#s.judged++;
          this.#recordLatency(r.ms);
          this.#addRow(item, task, r.verdict);
          return;
        }
        failure = r;
        if (!r.retryable || attempt >= this.#o.maxRetries) break;
        await this.#sleep(this.#backoff(attempt, r.retryAfterMs));
      }
    } catch (e) {
      if (e instanceof Closed || this.#closed) {
        this.#s.abandoned++;
        return;
      }
      failure = { kind: 'network', error: String(e) };
    }
    this.#s.failed++;
    this.#s.failures[failure.kind]++;
    this.#o.logger?.debug('llm judge: judgement failed', { name: task.name, span_id: item.spanId, reason: failure.kind, error: failure.error });
  }

  async #request(
    body: string,
    task: JudgeTask,
  ): Promise<
    | { ok: true; verdict: Verdict; ms: number }
    | { ok: false; kind: JudgeFailure; error: string; retryable: boolean; retryAfterMs: number | null }
  > {
    if (this.#closed) throw new Closed('judge closed');
    const ac = new AbortController();
    this.#controllers.add(ac);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort(new Error('timeout'));
    }, this.#o.timeoutMs);
    const started = performance.now();
    this.#s.requests++;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
      if (this.#o.apiKey) headers.authorization = `Bearer ${this.#o.apiKey}`;
      let res: Response;
      let text: string;
      try {
        res = await fetch(this.#endpoint, { method: 'POST', headers, body, signal: ac.signal });
        text = await res.text();
      } catch (e) {
        if (this.#closed) throw new Closed('judge closed');
        if (timedOut) return { ok: false, kind: 'timeout', error: `no reply within ${this.#o.timeoutMs} ms`, retryable: true, retryAfterMs: null };
        return { ok: false, kind: 'network', error: String((e as Error).cause ?? e), retryable: true, retryAfterMs: null };
      }
      if (!res.ok) {
        return {
          ok: false,
          kind: 'http',
          error: `HTTP ${res.status}: ${text.slice(0, 200)}`,
          retryable: RETRYABLE_STATUS.has(res.status),
          retryAfterMs: retryAfterMs(res.headers),
        };
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return { ok: false, kind: 'malformed', error: `response body is not JSON: ${text.slice(0, 200)}`, retryable: false, retryAfterMs: null };
      }
      this.#countTokens(json);
      const parsed = parseVerdict(replyContent(json), task.criterion);
      if (!parsed.ok) return { ok: false, kind: 'malformed', error: parsed.error, retryable: false, retryAfterMs: null };
      return { ok: true, verdict: parsed.verdict, ms: performance.now() - started };
    } finally {
      clearTimeout(timer);
      this.#controllers.delete(ac);
    }
  }

  #backoff(attempt: number, retryAfter: number | null): number {
    const max = this.#o.retryMaxMs;
    if (retryAfter !== null) return Math.min(max, retryAfter + Math.random() * Math.min(retryAfter * 0.1, 1000));
    return backoffMs(attempt + 1, { baseMs: this.#o.retryBaseMs, maxMs: max });
  }

  #sleep(ms: number): Promise<void> {
    if (this.#closed) return Promise.reject(new Closed('judge closed'));
    return new Promise((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          this.#sleeps.delete(entry);
          resolve();
        }, ms),
        reject,
      };
      this.#sleeps.add(entry);
    });
  }

  #countTokens(json: unknown): void {
    const u = (json as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
    if (!u) return;
    if (typeof u.prompt_tokens === 'number') this.#s.promptTokens += u.prompt_tokens;
    if (typeof u.completion_tokens === 'number') this.#s.completionTokens += u.completion_tokens;
  }

  #recordLatency(ms: number): void {
    this.#latencies[this.#latencyCount % LATENCY_WINDOW] = ms;
    this.#latencyCount++;
  }

  #latencySummary(): LatencySummary {
    const n = Math.min(this.#latencyCount, LATENCY_WINDOW);
    if (n === 0) return { count: 0, meanMs: 0, p50Ms: 0, p95Ms: 0, maxMs: 0 };
    const v = Array.from(this.#latencies.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number) => v[Math.min(n - 1, Math.floor(q * n))]!;
    return { count: this.#latencyCount, meanMs: v.reduce((a, b) => a + b, 0) / n, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: v[n - 1]! };
  }

  #addRow(item: JudgeItem, task: JudgeTask, v: Verdict): void {
    this.#rows.push({
      project_id: item.projectId,
      timestamp: item.timestampNs,
      trace_id: item.traceId,
      span_id: item.spanId,
      name: task.name,
      value: v.score,
      label: v.label,
      source: 'llm_judge',
      explanation: v.reason.length > MAX_EXPLANATION ? v.reason.slice(0, MAX_EXPLANATION - 1) + '…' : v.reason,
      service_name: item.serviceName,
      request_model: item.requestModel,
    });
    if (this.#rows.length >= this.#o.batchRows) void this.#writeRows();
    else if (!this.#rowTimer && !this.#closed) {
      this.#rowTimer = setTimeout(() => {
        this.#rowTimer = null;
        void this.#writeRows();
      }, this.#o.batchDelayMs);
    }
  }

  /** Hands the collected rows to the (serial) write chain; resolves when they are written or given up. */
  #writeRows(): Promise<void> {
    if (this.#rowTimer) clearTimeout(this.#rowTimer);
    this.#rowTimer = null;
    if (this.#rows.length > 0) {
      const batch = this.#rows.splice(0);
      this.#writeChain = this.#writeChain.then(() => this.#insert(batch));
    }
    return this.#writeChain;
  }

  async #insert(batch: ScoreRow[]): Promise<void> {
    const token = dedupToken(batch);
    const table = `${this.#o.database}.scores`;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#o.store.insert(table, batch, { dedupToken: token });
        this.#s.rowsWritten += batch.length;
        return;
      } catch (e) {
        this.#s.insertErrors++;
        if (attempt >= INSERT_ATTEMPTS || this.#closed) {
          this.#s.rowsLost += batch.length;
          this.#o.logger?.warn('llm judge: scores not stored', { rows: batch.length, error: String(e) });
          return;
        }
        try {
          await this.#sleep(backoffMs(attempt, { baseMs: 200, maxMs: 5000 }));
        } catch {
          // closed while waiting: one last attempt right away
        }
      }
    }
  }
}

/** The insert token of a batch: a digest of its (project, trace, span, score name) keys, so a retried insert is a no-op. */
export function dedupToken(rows: ReadonlyArray<{ project_id: string; trace_id: string; span_id: string; name: string }>): string {
  const keys = rows.map((r) => `${r.project_id}\u0000${r.trace_id}\u0000${r.span_id}\u0000${r.name}`).sort();
  return 'llm_judge:' + createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 40);
}

export interface JudgeEnvConfig {
  url: string;
  model: string;
  apiKey?: string;
  sampleRate: number;
  concurrency: number;
  ratePerSecond: number;
  criteria: JudgeCriterion[];
}

/**
 * The judge's settings (--judge-* / LLMSCOPE_JUDGE_*, declared in src/config.ts), checked; null
 * when no judge URL is set (judge off).
 */
export function judgeSettings(c: Pick<CollectorConfig, 'judgeUrl' | 'judgeModel' | 'judgeApiKey' | 'judgeSampleRate' | 'judgeConcurrency' | 'judgeRps' | 'judgeCriteria'>): JudgeEnvConfig | null {
  const url = c.judgeUrl.trim();
  if (url === '') return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(`LLMSCOPE_JUDGE_URL: "${url}" is not an http(s) URL`);
  }
  const model = c.judgeModel.trim();
  if (model === '') throw new ConfigError('LLMSCOPE_JUDGE_MODEL is required when LLMSCOPE_JUDGE_URL is set');
  const check = (name: string, n: number, ok: boolean, what: string): number => {
    if (!ok) throw new ConfigError(`${name}: "${n}" is not ${what}`);
    return n;
  };
  const sampleRate = check('LLMSCOPE_JUDGE_SAMPLE_RATE', c.judgeSampleRate, c.judgeSampleRate >= 0 && c.judgeSampleRate <= 1, 'a number from 0 to 1');
  const concurrency = check('LLMSCOPE_JUDGE_CONCURRENCY', c.judgeConcurrency, Number.isInteger(c.judgeConcurrency) && c.judgeConcurrency >= 1, 'an integer >= 1');
  const ratePerSecond = check('LLMSCOPE_JUDGE_RPS', c.judgeRps, c.judgeRps >= 0, 'a number >= 0 (0 = unlimited)');
  const criteria = c.judgeCriteria.length === 0 ? [...JUDGE_CRITERIA] : c.judgeCriteria;
  for (const x of criteria) {
    if (!JUDGE_CRITERIA.includes(x as JudgeCriterion)) {
      throw new ConfigError(`LLMSCOPE_JUDGE_CRITERIA: unknown criterion "${x}" (${JUDGE_CRITERIA.join(', ')})`);
    }
  }
  const apiKey = c.judgeApiKey.trim();
  return { url, model, ...(apiKey ? { apiKey } : {}), sampleRate, concurrency, ratePerSecond, criteria: criteria as JudgeCriterion[] };
}

/** judgeSettings() of the settings an environment gives (LLMSCOPE_JUDGE_URL, _MODEL, _API_KEY, _SAMPLE_RATE, _CONCURRENCY, _RPS, _CRITERIA). */
export function judgeConfigFromEnv(env: Record<string, string | undefined> = process.env): JudgeEnvConfig | null {
  return judgeSettings(resolveConfig('collector', [], env).config);
}
