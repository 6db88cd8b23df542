/**
 * Crash safety: a child process appends (and releases) as fast as it can and prints each seq as
 * soon as its append resolved; the parent SIGKILLs it at a random moment, three times over the
 * same log. After that, every acknowledged seq whose release was never requested must be pending,
 * byte-exact, and no seq whose release was confirmed may come back. (SIGKILL does not tear a
 * write() in the page cache; torn tails are covered by wal.test.ts.)
 */
import { afterAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WriteAheadLog } from '../../src/wal/wal.ts';
import { payloadOf } from './fixtures/payload.ts';

const root = mkdtempSync(join(tmpdir(), 'llmscope-wal-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const script = fileURLToPath(new URL('./fixtures/append-until-killed.ts', import.meta.url));

interface Round {
  acked: number[];
  /** release() called (may or may not have become durable before the kill) */
  releasing: number[];
  /** release() resolved */
  released: number[];
  corruptTailsAtOpen: number;
  killAfterMs: number;
}

/** Runs the child until a random moment after it is ready, SIGKILLs it, returns what it printed. */
function runRound(dir: string, killAfterMs: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const round: Round = { acked: [], releasing: [], released: [], corruptTailsAtOpen: -1, killAfterMs };
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('a ')) round.acked.push(Number(line.slice(2)));
        else if (line.startsWith('r ')) {
          for (const s of line.slice(2).split(',')) if (s) round.released.push(Number(s));
        } else if (line.startsWith('i ')) {
          for (const s of line.slice(2).split(',')) if (s) round.releasing.push(Number(s));
        } else if (line.startsWith('ready ')) {
          round.corruptTailsAtOpen = Number(line.split(' ')[2]);
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      // Only whole lines count: a line cut by the kill was never a complete acknowledgement.
      if (signal !== 'SIGKILL') reject(new Error(`child exited ${code} ${signal}: ${stderr}`));
      else resolve(round);
    });
  });
}

it('every acknowledged append survives SIGKILL at a random moment, byte-exact', async () => {
  const dir = join(root, 'wal');
  const rounds: Round[] = [];
  for (let i = 0; i < 3; i++) rounds.push(await runRound(dir, 150 + Math.floor(Math.random() * 350)));

  const acked = rounds.flatMap((r) => r.acked);
  const released = new Set(rounds.flatMap((r) => r.released));
  const releasing = new Set(rounds.flatMap((r) => r.releasing));
  expect(acked.length).toBeGreaterThan(100); // the child did real work before each kill
  expect(new Set(acked).size).toBe(acked.length); // a seq is never acknowledged twice (no reuse across crashes)

  const wal = await WriteAheadLog.open(dir, { maxBytes: 256 * 1024 * 1024 });
  const pending = new Map<number, Uint8Array>();
  let prev = 0;
  for await (const r of wal.pending()) {
    expect(r.seq).toBeGreaterThan(prev);
    prev = r.seq;
    expect(r.kind).toBe(r.seq % 5 === 0 ? 'marker' : 'data');
    // Whatever is replayed is whole: nothing half-written comes back.
    expect(Buffer.from(r.payload).equals(Buffer.from(payloadOf(r.seq)))).toBe(true);
    pending.set(r.seq, r.payload);
  }
  // Released but not confirmed (killed inside release()): either outcome is correct.
  const mustBePending = acked.filter((s) => !releasing.has(s));
  const missing = mustBePending.filter((s) => !pending.has(s));
  const resurrected = [...released].filter((s) => pending.has(s));
  console.log(
    `crash test: ${rounds.length} SIGKILLs at ${rounds.map((r) => r.killAfterMs).join('/')} ms; acknowledged ${acked.length}, ` +
      `confirmed released ${released.size}, expected pending ${mustBePending.length}, recovered ${mustBePending.length - missing.length}, ` +
      `pending total ${pending.size}, torn tails found at reopen ${rounds.slice(1).map((r) => r.corruptTailsAtOpen).join('/')}+${wal.stats.corruptTails}`,
  );
  expect(missing).toEqual([]);
  expect(resurrected).toEqual([]);
  await wal.close();
});
