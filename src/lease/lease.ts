/**
 * A lease held in ClickHouse itself: one replica at a time holds a name (e.g. "periodic") and runs
 * the periodic work; the others watch and take over after the lease expires.
 *
 * Every acquire and every renewal claims the next fencing token (current + 1) with one "insert if
 * absent" of the key `<name>/<token>` into the leases table (src/store/tables/leases.ts), then reads
 * the lease back: the claim is won iff the highest token is ours. Insert-if-absent is
 *  - cluster: a KeeperMap table with keeper_map_strict_mode = 1 — Keeper refuses an existing key,
 *    linearizably, for every ClickHouse server of the cluster;
 *  - single-node server and embedded: a MergeTree insert with insert_deduplication_token = the key —
 *    the server keeps the last 10 000 tokens (non_replicated_deduplication_window) and drops a second
 *    insert of a key under its insert lock, so of two racing claims of one token exactly one is
 *    stored, and the read-back tells each claimant which.
 * So at most one replica wins each token, tokens only grow, and a holder that stops renewing loses
 * the lease when `expires_at` (wall clock, stored) passes. The holder itself stops trusting the lease
 * earlier, at claim start + ttl by its own monotonic clock (`held()`), so a paused process never
 * believes it still leads after a successor may have taken over (clocks of the replicas within the
 * safety margin callers pass to held()).
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import { LEASES, leaseKey, type LeaseRow } from '../store/tables/leases.ts';

export interface LeaseOptions {
  store: Store;
  /** ClickHouse database holding the leases table. */
  database: string;
  /** What the lease is for; one leader per name. */
  name: string;
  /** This replica's id; default host:pid:random. */
  holder?: string;
  /** Lease duration; a dead leader is replaced at most this long (plus one tick) after its last renewal. Default 30 s. */
  ttlMs: number;
  /** Cluster mode: claims go to the KeeperMap table with keeper_map_strict_mode. */
  cluster?: boolean;
  /** Wall clock (ms) — stored expiries; tests move it. */
  now?: () => number;
  /** Monotonic clock (ms) — the holder's own deadline. */
  monotonic?: () => number;
  /**
   * Kept in reserve by remainingMs(): the clock skew between replicas plus scheduling delays the
   * lease tolerates. Default min(2 s, ttl / 4).
   */
  safetyMarginMs?: number;
}

export interface LeaseState {
  token: number;
  holder: string;
  /** Unix ms. */
  expiresAt: number;
}

/** What periodic work needs from leadership: the current token, and a check right before acting. */
export interface Fence {
  /** The fencing token while this replica holds the lease with more than marginMs left by its own clock; else null. */
  held(marginMs?: number): number | null;
  /** Milliseconds this replica may still act as leader: its own deadline minus the safety margin (0 = not held). */
  remainingMs(): number;
  /** Reads the lease: true iff this replica has held it without interruption since `token` and it has not expired. */
  confirm(token: number): Promise<boolean>;
}

/** Rows older than the newest PRUNE_KEEP tokens of a name are deleted every PRUNE_EVERY claims. */
const PRUNE_EVERY = 100;
const PRUNE_KEEP = 10;

export class Lease implements Fence {
  readonly holder: string;
  readonly ttlMs: number;
  readonly #o: LeaseOptions;
  readonly #table: string;
  readonly #now: () => number;
  readonly #mono: () => number;
  readonly #margin: number;
  #token: number | null = null;
  #deadline = 0;
  #claims = 0;
  /** ClickHouse statements issued, for the cost report (queries per minute per replica). */
  readonly stats = { reads: 0, claims: 0, won: 0 };

  constructor(o: LeaseOptions) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.database)) throw new Error(`invalid database name: ${o.database}`);
    if (!(o.ttlMs > 0)) throw new Error('lease ttl must be positive');
    this.#o = o;
    this.ttlMs = o.ttlMs;
    this.holder = o.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.#table = `${o.database}.${LEASES.name}`;
    this.#now = o.now ?? Date.now;
    this.#mono = o.monotonic ?? (() => performance.now());
    this.#margin = o.safetyMarginMs ?? Math.min(2000, o.ttlMs / 4);
  }

  held(marginMs = 0): number | null {
    if (this.#token === null) return null;
    return this.#mono() + marginMs < this.#deadline ? this.#token : null;
  }

  remainingMs(): number {
    return this.#token === null ? 0 : Math.max(0, this.#deadline - this.#margin - this.#mono());
  }

  /** The current lease of this name (highest token), null when never taken. */
  async read(): Promise<LeaseState | null> {
    this.stats.reads++;
    const [r] = await this.#o.store.query<{ token: number | string; holder: string; exp: number | string }>(
      `SELECT token, holder, toUnixTimestamp64Milli(expires_at) AS exp FROM ${this.#table} ` +
        `WHERE name = {name:String} ORDER BY token DESC LIMIT 1`,
      { name: this.#o.name },
    );
    return r ? { token: Number(r.token), holder: r.holder, expiresAt: Number(r.exp) } : null;
  }

  /**
   * One step: renew when we hold the lease, take it when it is free or expired, otherwise follow.
   * Returns the token held afterwards (null = follower). A store error leaves the local state as it
   * was, so a leader keeps leading until its own deadline and a follower stays one.
   */
  async tick(): Promise<number | null> {
    const start = this.#mono();
    const cur = await this.read();
    const now = this.#now();
    const mine = cur !== null && cur.holder === this.holder && cur.token === this.#token && cur.expiresAt > now && this.held() !== null;
    if (cur && !mine && cur.expiresAt > now) {
      this.#token = null;
      return null;
    }
    const next = (cur?.token ?? 0) + 1;
    if (await this.#claim(next, now + this.ttlMs)) {
      this.#token = next;
      this.#deadline = start + this.ttlMs;
      if (++this.#claims % PRUNE_EVERY === 0) await this.#prune(next);
    } else {
      this.#token = null;
    }
    return this.#token;
  }

  async confirm(token: number): Promise<boolean> {
    if (this.held() === null) return false;
    this.stats.reads++;
    const [r] = await this.#o.store.query<{ top: number | string; others: number | string; exp: number | string }>(
      `SELECT max(token) AS top, countIf(token >= {t:UInt64} AND holder != {me:String}) AS others, ` +
        `toUnixTimestamp64Milli(argMax(expires_at, token)) AS exp FROM ${this.#table} WHERE name = {name:String}`,
      { name: this.#o.name, t: token, me: this.holder },
    );
    return r !== undefined && Number(r.top) >= token && Number(r.others) === 0 && Number(r.exp) > this.#now() && this.held() !== null;
  }

  /** Gives the lease up at once (graceful shutdown): claims the next token already expired. */
  async release(): Promise<void> {
    const t = this.held();
    this.#token = null;
    if (t === null) return;
    const cur = await this.read();
    if (cur && cur.holder === this.holder && cur.token === t) await this.#claim(t + 1, 0);
  }

  async #claim(token: number, expiresAt: number): Promise<boolean> {
    const key = leaseKey(this.#o.name, token);
    const row: LeaseRow = { key, name: this.#o.name, token, holder: this.holder, expires_at: expiresAt };
    this.stats.claims++;
    try {
      await this.#o.store.insert(this.#table, [row], this.#o.cluster ? { settings: { keeper_map_strict_mode: 1 } } : { dedupToken: key });
    } catch (e) {
      // Strict mode refuses a key another replica claimed first; any other error: the read-back decides.
      if (!this.#o.cluster) throw e;
    }
    const cur = await this.read();
    const won = cur !== null && cur.token === token && cur.holder === this.holder;
    if (won) this.stats.won++;
    return won;
  }

  async #prune(token: number): Promise<void> {
    await this.#o.store
      .command(`DELETE FROM ${this.#table} WHERE name = {name:String} AND token < {t:UInt64}`, { name: this.#o.name, t: token - PRUNE_KEEP })
      .catch(() => undefined);
  }
}

/** Something periodic that must run on one replica only. */
export interface PeriodicJob {
  start(): void;
  stop(): Promise<void>;
}

export interface LeadershipOptions {
  /** Time between lease ticks; default ttl / 3 (two renewals may fail before the lease lapses). */
  tickMs?: number;
  onChange?: (leader: boolean, token: number | null) => void;
  onError?: (e: unknown) => void;
}

/** Runs the jobs while this replica holds the lease: started on acquiring it, stopped on losing it. */
export class Leadership {
  readonly lease: Lease;
  readonly #jobs: readonly PeriodicJob[];
  readonly #o: LeadershipOptions;
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #leading = false;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(lease: Lease, jobs: readonly PeriodicJob[], o: LeadershipOptions = {}) {
    this.lease = lease;
    this.#jobs = jobs;
    this.#o = o;
  }

  get leading(): boolean {
    return this.#leading;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    const tickMs = this.#o.tickMs ?? Math.max(1, Math.floor(this.lease.ttlMs / 3));
    const loop = async () => {
      this.#timer = null;
      const run = this.#tail.then(() => this.#step());
      this.#tail = run.catch(() => undefined);
      await this.#tail;
      if (this.#running) {
        this.#timer = setTimeout(loop, tickMs);
        this.#timer.unref();
      }
    };
    this.#timer = setTimeout(loop, 0);
    this.#timer.unref();
  }

  /** Stops ticking and the jobs, then releases the lease so another replica takes over at once. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#tail;
    await this.#set(false);
    await this.lease.release().catch((e: unknown) => this.#o.onError?.(e));
  }

  async #step(): Promise<void> {
    try {
      await this.lease.tick();
    } catch (e) {
      this.#o.onError?.(e);
    }
    if (this.#running) await this.#set(this.lease.held() !== null);
  }

  async #set(leader: boolean): Promise<void> {
    if (leader === this.#leading) return;
    this.#leading = leader;
    if (leader) for (const j of this.#jobs) j.start();
    else await Promise.all(this.#jobs.map((j) => j.stop()));
    this.#o.onChange?.(leader, this.lease.held());
  }
}
