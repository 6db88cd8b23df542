/**
 * Issue 16, finding 12: accepted rows must never sit unwritten on a quiet collector. The flush
 * timer can fire a little before the batch counts as due (the timer's clock and the clock the
 * batch age is measured with disagree by up to a millisecond), and a timer can fire while a batch
 * is being inserted; either way the writer used to wait for the next request with no timer armed.
 * Invariant, on a fake clock against the real embedded store: while the store is healthy no row
 * is older than the flush interval + ε (the insert latency and a few ticks) without being stored.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { BatchWriter } from '../../src/store/batch-writer.ts';
import type { Store } from '../../src/store/store.ts';
import { aroundInserts } from './around-inserts.ts';

const FLUSH_INTERVAL_MS = 200;
/** Slack on the deadline beyond the simulated insert latency: a few timer ticks. */
const SLACK_MS = 30;

let dir: string;
let chdb: EmbeddedStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-deadline-'));
  chdb = new EmbeddedStore(join(dir, 'data'));
  await chdb.command('CREATE DATABASE IF NOT EXISTS d');
  await chdb.command('CREATE TABLE IF NOT EXISTS d.t (id UInt32) ENGINE = MergeTree ORDER BY id');
});
afterAll(async () => {
  await chdb.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.useRealTimers();
});

/** The real store, with inserts that take latencyMs of (fake) time before reaching chdb. */
function slowStore(latencyMs: number): Store & { settle(): Promise<void> } {
  const atChdb = new Set<Promise<void>>();
  return aroundInserts(
    chdb,
    async (call) => {
      await new Promise((r) => setTimeout(r, latencyMs));
      const p = call.insert();
      atChdb.add(p);
      try {
        await p;
      } finally {
        atChdb.delete(p);
      }
    },
    {
      /** Waits (in real time) for the inserts that reached chdb to finish. */
      async settle(): Promise<void> {
        while (atChdb.size > 0) await Promise.allSettled([...atChdb]);
      },
      // Queued rows stay in memory (no staging files): the fake clock would outrun their real-time
      // writes, and what is under test is when the writer flushes, not how it stages.
      staging: undefined,
    },
  );
}

interface Lone {
  id: number;
  at: number;
  stored: boolean;
}

/**
 * Lone requests at the given offsets (ms) on a fake clock, each handled `timerLeadMs` after the
 * timers' base time; advances 1 ms at a time and checks the deadline after every step.
 */
async function runLoneRequests(offsets: number[], timerLeadMs: number, latencyMs: number): Promise<{ late: Lone[]; storedIds: number[] }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  await chdb.command('TRUNCATE TABLE d.t');
  const store = slowStore(latencyMs);
  // A row may wait for the batch ahead of it (one insert at a time), then its own insert.
  const deadline = FLUSH_INTERVAL_MS + 2 * latencyMs + SLACK_MS;
  const writer = new BatchWriter(store, {
    database: 'd',
    maxBatchRows: 10_000,
    flushIntervalMs: FLUSH_INTERVAL_MS,
    maxQueuedRows: 100_000,
  });
  const lone: Lone[] = [];
  const late: Lone[] = [];
  const end = Math.max(...offsets) + deadline + 10;
  const start = Date.now();
  let next = 0;
  for (let t = 0; t <= end; t++) {
    while (next < offsets.length && offsets[next]! <= t) {
      const unit: Lone = { id: next, at: Date.now(), stored: false };
      lone.push(unit);
      // Node's timers count from the loop time cached when this event-loop turn began; the
      // request is handled a little later, so its clock reading is ahead of the timer's base.
      vi.setSystemTime(Date.now() + timerLeadMs);
      expect(writer.enqueue({ lines: { t: `{"id":${next}}\n` }, rows: 1, onStored: () => (unit.stored = true) })).toBe(true);
      vi.setSystemTime(Date.now() - timerLeadMs);
      next++;
    }
    await vi.advanceTimersByTimeAsync(1);
    await store.settle();
    await vi.advanceTimersByTimeAsync(0);
    for (const u of lone) {
      if (!u.stored && Date.now() - u.at > deadline && !late.includes(u)) late.push(u);
    }
  }
  expect(Date.now() - start).toBeGreaterThanOrEqual(end);
  vi.useRealTimers();
  await writer.close(5_000);
  const rows = await chdb.query<{ id: number }>('SELECT id FROM d.t ORDER BY id');
  return { late, storedIds: rows.map((r) => Number(r.id)) };
}

describe('batch writer flush deadline (fake clock, real chdb)', () => {
  it('a lone request is stored within the flush interval even when the timer fires a millisecond early', async () => {
    // 20 lone requests, each after the previous one was flushed (a quiet collector).
    const offsets = Array.from({ length: 20 }, (_, i) => i * (FLUSH_INTERVAL_MS + 300));
    const { late, storedIds } = await runLoneRequests(offsets, 1, 20);
    expect(late.map((u) => u.id)).toEqual([]);
    expect(storedIds).toEqual(offsets.map((_, i) => i));
  });

  it('a request that arrives while a batch is being inserted is still flushed on time', async () => {
    // Pairs: the second request lands while the first one's insert is in flight, and the insert
    // takes longer than the flush interval, so the second one's timer fires while the loop is busy.
    const offsets: number[] = [];
    for (let i = 0; i < 10; i++) {
      const base = i * 1000;
      offsets.push(base, base + FLUSH_INTERVAL_MS + 10);
    }
    const { late, storedIds } = await runLoneRequests(offsets, 1, 250);
    expect(late.map((u) => u.id)).toEqual([]);
    expect(storedIds).toEqual(offsets.map((_, i) => i));
  });
});
