/**
 * Crash safety: a child process appends (and releases) as fast as it can and records each seq in a
 * protocol file as soon as its append resolved; the parent SIGKILLs it at a random moment, three
 * times over the same log. (The protocol is a file, not stdout: see the fixture for why a pipe
 * loses lines on SIGKILL when the parent is slow to read it.) After that, every acknowledged seq
 * whose release was never requested must be pending, byte-exact, and no seq whose release was
 * confirmed may come back. (SIGKILL does not tear a write() in the page cache; torn tails are
 * covered by wal.test.ts.)
 */
import { afterAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WriteAheadLog } from '../../src/wal/wal.ts';
import { payloadOf } from './fixtures/payload.ts';

const root = mkdtempSync(join(tmpdir(), 'llmscope-wal-crash-'));
// LLMSCOPE_WAL_CRASH_KEEP=1 keeps the log (and the child's protocol) of a run for inspection.
const keep = process.env.LLMSCOPE_WAL_CRASH_KEEP === '1';
afterAll(() => (keep ? console.log(`crash test: kept ${root}`) : rmSync(root, { recursive: true, force: true })));
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

/** Whole lines of the child's protocol file (a line cut by the kill was never a complete statement). */
function parseProtocol(text: string, round: Round): void {
  const lines = text.split('\n');
  lines.pop(); // after the last '\n': empty, or a line the kill cut short
  const seqs = (list: string) => list.split(',').filter(Boolean).map(Number);
  for (const line of lines) {
    if (line.startsWith('a ')) round.acked.push(Number(line.slice(2)));
    else if (line.startsWith('i ')) round.releasing.push(...seqs(line.slice(2)));
    else if (line.startsWith('r ')) round.released.push(...seqs(line.slice(2)));
    else throw new Error(`unexpected protocol line ${JSON.stringify(line)}`);
  }
}

/** Runs the child until a random moment after it is ready, SIGKILLs it, returns what it recorded. */
function runRound(dir: string, protocolPath: string, killAfterMs: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, dir, protocolPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    const round: Round = { acked: [], releasing: [], released: [], corruptTailsAtOpen: -1, killAfterMs };
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // stdout carries only the `ready` line (the cue for the kill timer); the protocol is in a file
    // because stdout writes to a full pipe wait in the child's memory and die with it.
    child.stdout.on('data', (d: Buffer) => {
      if (round.corruptTailsAtOpen >= 0) return;
      stdout += d.toString();
      const nl = stdout.indexOf('\n');
      if (nl < 0) return;
      const [word, , corruptTails] = stdout.slice(0, nl).split(' ');
      if (word !== 'ready') return reject(new Error(`unexpected child output ${JSON.stringify(stdout)}`));
      round.corruptTailsAtOpen = Number(corruptTails);
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited ${code} ${signal}: ${stderr}`));
      try {
        parseProtocol(readFileSync(protocolPath, 'utf8'), round);
        resolve(round);
      } catch (e) {
        reject(e);
      }
    });
  });
}

it('every acknowledged append survives SIGKILL at a random moment, byte-exact', async () => {
  const dir = join(root, 'wal');
  const rounds: Round[] = [];
  for (let i = 0; i < 3; i++) rounds.push(await runRound(dir, join(root, `protocol-${i}.txt`), 150 + Math.floor(Math.random() * 350)));

  const acked = rounds.flatMap((r) => r.acked);
  const released = new Set(rounds.flatMap((r) => r.released));
  const releasing = new Set(rounds.flatMap((r) => r.releasing));
  expect(acked.length).toBeGreaterThan(100); // the child did real work before each kill
  expect(new Set(acked).size).toBe(acked.length); // a seq is never acknowledged twice (no reuse across crashes)
  // The protocol is whole: only acknowledged seqs are released, and only after their `i` line.
  const ackedSet = new Set(acked);
  expect([...releasing].filter((s) => !ackedSet.has(s))).toEqual([]);
  expect([...released].filter((s) => !releasing.has(s))).toEqual([]);

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
  if (keep) writeFileSync(join(root, 'rounds.json'), JSON.stringify({ rounds, missing }));
  expect(missing).toEqual([]);
  expect(resurrected).toEqual([]);
  await wal.close();
});
