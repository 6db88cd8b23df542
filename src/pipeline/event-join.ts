/**
 * Joins GenAI content that arrives as events (log records, possibly in another request, before or
 * after its span) to its call by project + trace id + span id.
 *
 * - Events are kept for `ttlMs` after they arrive, so a span arriving later finds them.
 * - A call span without content whose instrumentation is known to put content on events (or whose
 *   service has sent content events recently) is held until its output event arrives, at most
 *   `maxWaitMs` (then it is stored with what is there). Spans of services that never send events
 *   are not delayed.
 * - Memory is bounded: at most `maxCalls` calls' events are kept (oldest dropped first) and each
 *   piece's content is bounded by the intake limits.
 */
import type { ContentPiece } from '../genai/events.ts';
import { hasOutput } from '../genai/events.ts';
import { EVENT_CONTENT_SCOPE_PREFIXES } from '../genai/mapping.ts';

export interface EventJoinOptions {
  /** Longest a call waits for its events (default 30 s). */
  maxWaitMs?: number;
  /** How long events wait for their call (default 2 × maxWaitMs). */
  ttlMs?: number;
  /** Calls whose events are kept at once (default 50 000). */
  maxCalls?: number;
  now?: () => number;
}

interface Entry {
  pieces: ContentPiece[];
  at: number;
}

export class EventJoin {
  readonly maxWaitMs: number;
  readonly #ttlMs: number;
  readonly #maxCalls: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #waiters = new Map<string, Set<() => void>>();
  /** project + service → last time it sent a content event. */
  readonly #emitters = new Map<string, number>();
  readonly stats = { pieces: 0, joined: 0, held: 0, timedOut: 0, evicted: 0 };

  constructor(o: EventJoinOptions = {}) {
    this.maxWaitMs = o.maxWaitMs ?? 30_000;
    this.#ttlMs = o.ttlMs ?? this.maxWaitMs * 2;
    this.#maxCalls = o.maxCalls ?? 50_000;
    this.#now = o.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  static key(projectId: string, traceId: string, spanId: string): string {
    return `${projectId}\u0000${traceId}\u0000${spanId}`;
  }

  /** Adds one event's content for the call (traceId, spanId) of the project. */
  offer(projectId: string, serviceName: string, traceId: string, spanId: string, piece: ContentPiece): void {
    const now = this.#now();
    this.#emitters.set(`${projectId}\u0000${serviceName}`, now);
    const key = EventJoin.key(projectId, traceId, spanId);
    let e = this.#entries.get(key);
    if (!e) {
      this.#sweep(now);
      if (this.#entries.size >= this.#maxCalls) {
        const oldest = this.#entries.keys().next().value!;
        this.#entries.delete(oldest);
        this.stats.evicted++;
      }
      this.#entries.set(key, (e = { pieces: [], at: now }));
    }
    e.pieces.push(piece);
    this.stats.pieces++;
    if (hasOutput(e.pieces)) {
      const w = this.#waiters.get(key);
      if (w) for (const wake of w) wake();
    }
  }

  /** The content pieces received for a call so far (undefined when none). */
  piecesFor(key: string): readonly ContentPiece[] | undefined {
    const e = this.#entries.get(key);
    if (e && this.#now() - e.at > this.#ttlMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return e?.pieces;
  }

  /** Whether the call has its output already. */
  complete(key: string): boolean {
    const p = this.piecesFor(key);
    return p !== undefined && hasOutput(p);
  }

  /** Whether a content-less call span of this service/scope is worth holding for events. */
  expectsEvents(projectId: string, serviceName: string, scopeName: string): boolean {
    if (EVENT_CONTENT_SCOPE_PREFIXES.some((p) => scopeName.startsWith(p))) return true;
    const last = this.#emitters.get(`${projectId}\u0000${serviceName}`);
    return last !== undefined && this.#now() - last < 3_600_000;
  }

  /** Resolves once every key has its output, or after maxWaitMs (then it counts a time-out). */
  waitFor(keys: readonly string[]): Promise<void> {
    const pending = new Set(keys.filter((k) => !this.complete(k)));
    if (pending.size === 0) return Promise.resolve();
    this.stats.held++;
    return new Promise<void>((resolve) => {
      const wakes = new Map<string, () => void>();
      const finish = (timedOut: boolean) => {
        clearTimeout(timer);
        for (const [k, wake] of wakes) {
          const set = this.#waiters.get(k);
          set?.delete(wake);
          if (set?.size === 0) this.#waiters.delete(k);
        }
        if (timedOut) this.stats.timedOut++;
        resolve();
      };
      const timer = setTimeout(() => finish(true), this.maxWaitMs);
      timer.unref?.();
      for (const k of pending) {
        const wake = () => {
          pending.delete(k);
          if (pending.size === 0) finish(false);
        };
        wakes.set(k, wake);
        let set = this.#waiters.get(k);
        if (!set) this.#waiters.set(k, (set = new Set()));
        set.add(wake);
      }
    });
  }

  /** Drops entries past their time to live (oldest first; insertion order is arrival order). */
  #sweep(now: number): void {
    for (const [k, e] of this.#entries) {
      if (now - e.at <= this.#ttlMs) break;
      this.#entries.delete(k);
    }
  }
}
