/**
 * `<data-dir>/collector.json` — written by a running collector on the embedded store (url, pid),
 * removed when it stops. `llmscope query` reads it to go through that collector, since chdb lets
 * only one process open the data folder.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../util/process.ts';

export const COLLECTOR_FILE = 'collector.json';

export interface CollectorFile {
  url: string;
  pid: number;
  started_at?: string;
}

export function writeCollectorFile(dataDir: string, info: CollectorFile): void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, COLLECTOR_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(info) + '\n', { mode: 0o644 });
  renameSync(tmp, path);
}

/** Removes the file if it is still ours (another collector may have replaced it). */
export function removeCollectorFile(dataDir: string, pid = process.pid): void {
  const current = readCollectorFile(dataDir, { checkAlive: false });
  if (current && current.pid !== pid) return;
  rmSync(join(dataDir, COLLECTOR_FILE), { force: true });
}

/** The running collector of a data folder, or null (no file, unreadable, or its process is gone). */
export function readCollectorFile(dataDir: string, o: { checkAlive?: boolean } = {}): CollectorFile | null {
  let info: CollectorFile;
  try {
    info = JSON.parse(readFileSync(join(dataDir, COLLECTOR_FILE), 'utf8')) as CollectorFile;
  } catch {
    return null;
  }
  if (typeof info?.url !== 'string' || !Number.isInteger(info.pid)) return null;
  if (o.checkAlive !== false && !isProcessAlive(info.pid)) return null;
  return info;
}

/** A URL this machine can connect to for a listen address (0.0.0.0 / :: → loopback). */
export function localUrl(url: string): string {
  const u = new URL(url);
  if (u.hostname === '0.0.0.0') u.hostname = '127.0.0.1';
  else if (u.hostname === '[::]') u.hostname = '[::1]';
  return u.toString().replace(/\/$/, '');
}
