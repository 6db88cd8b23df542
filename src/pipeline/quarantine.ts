/**
 * Poison records: a logged request that cannot be processed (an exception while building its
 * rows, a body that no longer decodes, or one that crashed the process while it was being
 * replayed, again and again) must not block the write-ahead log or crash-loop the collector. It is
 * moved to `<wal dir>/quarantine/` — `<seq>.body` (the raw request body, 0600, like the log) and
 * `<seq>.json` (reason, signal, project, format, time) — and released from the log. Counted in
 * /metrics (llmscope_wal_quarantined_total), listed in /healthz (wal_quarantined).
 *
 * Replay attempts: `replay-attempt` in the log folder gets a line "b <seq>" before a record is
 * replayed and "d <seq>" once its rows are built and queued (plain appends: they survive the
 * process being killed, which is what they are for; the file is removed when a replay finishes).
 * A record begun and never done in MAX_REPLAY_ATTEMPTS earlier starts is quarantined instead of
 * being tried again. A crash after a record was done (in a later batch insert) is not attributed.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAX_REPLAY_ATTEMPTS = 3;
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export interface QuarantineEntry {
  seq: number;
  reason: string;
  signal: string;
  projectId: string;
  format: string;
}

export class Quarantine {
  readonly #dir: string;
  readonly #attemptFile: string;
  /** Records quarantined by this process. */
  quarantined = 0;
  #present: number;

  constructor(walDir: string) {
    this.#dir = join(walDir, 'quarantine');
    this.#attemptFile = join(walDir, 'replay-attempt');
    mkdirSync(this.#dir, { recursive: true, mode: DIR_MODE });
    this.#present = readdirSync(this.#dir).filter((f) => f.endsWith('.json')).length;
  }

  /** Quarantined records in the folder (from earlier runs too). */
  get present(): number {
    return this.#present;
  }

  put(entry: QuarantineEntry, body: Uint8Array): void {
    writeFileSync(join(this.#dir, `${entry.seq}.body`), body, { mode: FILE_MODE });
    writeFileSync(join(this.#dir, `${entry.seq}.json`), JSON.stringify({ ...entry, at: new Date().toISOString() }) + '\n', { mode: FILE_MODE });
    this.quarantined++;
    this.#present++;
  }

  /** Earlier starts that began replaying a seq and never finished it (read once, lazily). */
  #crashes: Map<number, number> | null = null;

  #loadCrashes(): Map<number, number> {
    const crashes = new Map<number, number>();
    let text = '';
    try {
      text = readFileSync(this.#attemptFile, 'utf8');
    } catch {
      return crashes;
    }
    const open = new Set<number>();
    for (const line of text.split('\n')) {
      const [kind, n] = line.split(' ');
      const seq = Number(n);
      if (!Number.isSafeInteger(seq)) continue;
      if (kind === 'b') {
        if (open.has(seq)) crashes.set(seq, (crashes.get(seq) ?? 0) + 1);
        open.add(seq);
      } else if (kind === 'd') open.delete(seq);
    }
    for (const seq of open) crashes.set(seq, (crashes.get(seq) ?? 0) + 1);
    return crashes;
  }

  /** Replay is about to start on `seq`: how many times it has (this one included). */
  beginAttempt(seq: number): number {
    this.#crashes ??= this.#loadCrashes();
    appendFileSync(this.#attemptFile, `b ${seq}\n`, { mode: FILE_MODE });
    return (this.#crashes.get(seq) ?? 0) + 1;
  }

  /** The record's rows are built and queued. */
  endAttempt(seq: number): void {
    appendFileSync(this.#attemptFile, `d ${seq}\n`, { mode: FILE_MODE });
  }

  /** Replay finished (every record done): no attempt is pending. */
  endAttempts(): void {
    try {
      unlinkSync(this.#attemptFile);
    } catch {
      // none
    }
  }
}
