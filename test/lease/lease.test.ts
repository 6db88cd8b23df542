/**
 * The lease (src/lease/) on a real embedded ClickHouse (chdb), with the clocks in the test's hands:
 * acquire, renew, follow, racing claims of one token, take-over after expiry, release, a paused
 * ex-leader that cannot confirm its token, and the budget evaluator fenced by it (a paused
 * ex-leader neither sends nor writes state; the leader's notification and state carry its token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import type { Store } from '../../src/store/store.ts';
import { migrate } from '../../src/store/migrations.ts';
import { Lease, Leadership, type LeaseOptions } from '../../src/lease/lease.ts';
import { BudgetEvaluator } from '../../src/alerts/evaluator.ts';
import { parseBudgetFile } from '../../src/alerts/budget-file.ts';
import type { BudgetNotification } from '../../src/alerts/channels.ts';
import { createLogger } from '../../src/log.ts';

const DB = 'lease_t';
let dir: string;
let store: EmbeddedStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-lease-'));
  store = new EmbeddedStore(join(dir, 'data'));
  await migrate(store, { database: DB });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A replica: a lease with its own wall and monotonic clocks. */
function replica(name: string, holder: string, clock: { wall: number; mono: number }, o: Partial<LeaseOptions> = {}) {
  return new Lease({ store, database: DB, name, holder, ttlMs: 10_000, now: () => clock.wall, monotonic: () => clock.mono, ...o });
}

describe('Lease', () => {
  it('one holder at a time: acquire, renew with a growing token, others follow', async () => {
    const c = { wall: 1_000_000, mono: 0 };
    const a = replica('l1', 'A', c);
    const b = replica('l1', 'B', c);
    expect(await a.tick()).toBe(1);
    expect(await b.tick()).toBeNull();
    c.wall += 3000;
    c.mono += 3000;
    expect(await a.tick()).toBe(2);
    expect(await b.tick()).toBeNull();
    expect(a.held()).toBe(2);
    expect(b.held()).toBeNull();
    expect(await a.confirm(1)).toBe(true);
    expect(await b.confirm(2)).toBe(false);
    expect(await a.read()).toMatchObject({ token: 2, holder: 'A', expiresAt: c.wall + 10_000 });
  });

  it('racing claims of the same token: exactly one wins', async () => {
    for (let round = 0; round < 5; round++) {
      const c = { wall: 2_000_000 + round * 100_000, mono: 0 };
      const rs = ['A', 'B', 'C'].map((h) => replica(`race${round}`, h, c));
      const tokens = await Promise.all(rs.map((r) => r.tick()));
      expect(tokens.filter((t) => t !== null)).toEqual([1]);
      const [row] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${DB}.leases WHERE name = {n:String}`, { n: `race${round}` });
      expect(Number(row!.n)).toBe(1);
    }
  });

  it('take-over after expiry; the ex-leader can no longer confirm, and stops trusting its own clock', async () => {
    const c = { wall: 3_000_000, mono: 0 };
    const a = replica('l2', 'A', c);
    const b = replica('l2', 'B', c);
    expect(await a.tick()).toBe(1);
    // A pauses: neither renews nor moves on; B's wall clock passes the stored expiry.
    c.wall += 10_001;
    expect(await b.tick()).toBe(2);
    expect(await a.confirm(1)).toBe(false);
    expect(await b.confirm(2)).toBe(true);
    c.mono += 10_001;
    expect(a.held()).toBeNull();
    expect(a.remainingMs()).toBe(0);
    // A's next tick sees B's valid lease and follows.
    expect(await a.tick()).toBeNull();
  });

  it('a token is confirmed only while held without interruption since it', async () => {
    const c = { wall: 4_000_000, mono: 0 };
    const a = replica('l3', 'A', c);
    const b = replica('l3', 'B', c);
    expect(await a.tick()).toBe(1);
    c.wall += 10_001;
    expect(await b.tick()).toBe(2);
    await b.release();
    expect(await a.tick()).toBe(4); // release claimed 3 already expired; A takes 4
    expect(await a.confirm(4)).toBe(true);
    expect(await a.confirm(1)).toBe(false); // B held tokens 2 and 3 in between
  });

  it('release hands over at once', async () => {
    const c = { wall: 5_000_000, mono: 0 };
    const a = replica('l4', 'A', c);
    const b = replica('l4', 'B', c);
    expect(await a.tick()).toBe(1);
    expect(await b.tick()).toBeNull();
    await a.release();
    expect(a.held()).toBeNull();
    expect(await b.tick()).toBe(3);
  });

  it('old claims are pruned as the leader renews (rows stay bounded)', async () => {
    const c = { wall: 7_000_000, mono: 0 };
    const a = replica('l6', 'A', c);
    for (let i = 1; i <= 205; i++) expect(await a.tick()).toBe(i);
    const [r] = await store.query<{ n: number; lo: number }>(`SELECT count() AS n, min(token) AS lo FROM ${DB}.leases WHERE name = 'l6'`);
    // Pruned at claims 100 and 200 (tokens below 190 gone): 190..205 remain.
    expect([Number(r!.n), Number(r!.lo)]).toEqual([16, 190]);
    expect(await a.read()).toMatchObject({ token: 205, holder: 'A' });
  });

  it('cluster mode: a claim refused by the store (KeeperMap strict mode) is lost, and the read-back decides', async () => {
    // STAND-IN for Keeper's refusal (KeeperMap cannot run on chdb): the wrapper refuses an insert
    // with keeper_map_strict_mode = 1 when the key exists, as Keeper does, and drops the dedup token.
    let refused = 0;
    let keeper: Promise<unknown> = Promise.resolve();
    const refusing: Store = {
      kind: 'server',
      insertJsonEachRow: (t, text, o) => store.insertJsonEachRow(t, text, o),
      query: (sql, params) => store.query(sql, params),
      command: (sql, params) => store.command(sql, params),
      ping: () => store.ping(),
      close: async () => {},
      // Check and insert as one step (Keeper's create is atomic): serialised here.
      insert: (table, rows, options) => {
        const run = keeper.then(async () => {
          expect(options).toEqual({ settings: { keeper_map_strict_mode: 1 } });
          const key = (rows[0] as { key: string }).key;
          const [e] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${table} WHERE key = {k:String}`, { k: key });
          if (Number(e!.n) > 0) {
            refused++;
            throw new Error(`Code: 999. DB::Exception: Value for key '${key}' already exists. (KEEPER_EXCEPTION)`);
          }
          await store.insert(table, rows);
        });
        keeper = run.catch(() => undefined);
        return run;
      },
    };
    const c = { wall: 8_000_000, mono: 0 };
    const a = replica('l7', 'A', c, { store: refusing, cluster: true });
    const b = replica('l7', 'B', c, { store: refusing, cluster: true });
    // B read the lease as free before A claimed token 1; its claim of 1 is refused.
    const [ta] = await Promise.all([a.tick()]);
    expect(ta).toBe(1);
    c.wall += 10_001;
    const [x, y] = await Promise.all([a.tick(), b.tick()]);
    expect([x, y].filter((t) => t !== null)).toHaveLength(1);
    expect(refused).toBeLessThanOrEqual(1);
    const [row] = await store.query<{ n: number }>(`SELECT count() AS n FROM ${DB}.leases WHERE name = 'l7' AND token = 2`);
    expect(Number(row!.n)).toBe(1);
  });

  it('Leadership starts the jobs on the leader only and stops them on release', async () => {
    const log: string[] = [];
    const job = (n: string) => ({ start: () => void log.push(`${n} start`), stop: async () => void log.push(`${n} stop`) });
    const c = { wall: 6_000_000, mono: 0 };
    const la = new Leadership(replica('l5', 'A', c), [job('A')], { tickMs: 20 });
    la.start();
    await expect.poll(() => la.leading).toBe(true);
    const lb = new Leadership(replica('l5', 'B', c), [job('B')], { tickMs: 20 });
    lb.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(lb.leading).toBe(false);
    await la.stop();
    await expect.poll(() => lb.leading).toBe(true);
    await lb.stop();
    expect(log).toEqual(['A start', 'A stop', 'B start', 'B stop']);
  });
});

describe('BudgetEvaluator fenced by the lease', () => {
  const yaml = `budgets:
  - name: spend
    project: default
    metric: cost_usd
    limit: 10
    period: day
    thresholds: [0.5]
    notify: [hook]
channels:
  hook:
    type: webhook
    url: http://127.0.0.1:9/unused
`;
  const quiet = createLogger('error', () => {});

  it('the leader sends with its token and records it; a paused ex-leader neither sends nor writes state', async () => {
    const now = new Date('2026-03-10T12:00:00Z');
    await store.insert(`${DB}.llm_calls`, [{ project_id: 'default', timestamp: BigInt(now.getTime() - 3_600_000) * 1_000_000n, cost_usd: 6 }]);
    const c = { wall: now.getTime(), mono: 0 };
    const a = replica('budgets', 'A', c, { ttlMs: 30_000 });
    const b = replica('budgets', 'B', c, { ttlMs: 30_000 });
    const sentByA: BudgetNotification[] = [];
    const sentByB: BudgetNotification[] = [];
    const evA = new BudgetEvaluator({ store, budgets: parseBudgetFile(yaml), database: DB, logger: quiet, fence: a, send: async (_c, n) => void sentByA.push(n), now: () => now });
    const evB = new BudgetEvaluator({ store, budgets: parseBudgetFile(yaml), database: DB, logger: quiet, fence: b, send: async (_c, n) => void sentByB.push(n), now: () => now });
    expect(await a.tick()).toBe(1);
    // A pauses past its lease; B takes over (its clock is past A's expiry).
    c.wall += 30_001;
    expect(await b.tick()).toBe(2);
    // A wakes up with its old in-memory lease (its monotonic clock did not notice the pause).
    expect(a.held()).toBe(1);
    const ra = await evA.evaluateOnce();
    expect(sentByA).toEqual([]);
    expect(ra.deliveries.map((d) => d.status)).toEqual(['pending']);
    expect(await store.query(`SELECT * FROM ${DB}.budget_notifications`)).toEqual([]);
    // The leader delivers, with its fencing token in the notification and in the state row.
    await evB.evaluateOnce();
    expect(sentByB.map((n) => [n.threshold, n.fencing_token])).toEqual([[0.5, 2]]);
    const rows = await store.query<{ status: string; fencing_token: number }>(`SELECT status, fencing_token FROM ${DB}.budget_notifications FINAL`);
    expect(rows.map((r) => [r.status, Number(r.fencing_token)])).toEqual([['delivered', 2]]);
    // Once more on both: nothing new.
    await evA.evaluateOnce();
    await evB.evaluateOnce();
    expect(sentByA.length + sentByB.length).toBe(1);
  });
});
