/** The console bundle the tests serve: rebuilt when missing or older than a source file (a stale checkout). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CONSOLE_DIST } from '../../src/console/mount.ts';

export function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  const src = join(CONSOLE_DIST, '..', 'src');
  const newest = Math.max(...readdirSync(src).map((f) => statSync(join(src, f)).mtimeMs), statSync(join(CONSOLE_DIST, '..', 'build.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return;
  execFileSync(process.execPath, [join(CONSOLE_DIST, '..', 'build.ts')], { stdio: 'inherit' });
}
