/**
 * Fixture apps load @llmscope/instrumentation through node_modules (the workspace symlink to
 * instrumentation/dist). `npm ci` builds it (root `prepare`); this rebuilds it when a source file
 * is newer than the build, so a test run never exercises a stale dist. A lock directory keeps
 * parallel test files from building at the same time.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sourceDir = join(root, 'instrumentation', 'src');
const builtEntry = join(root, 'instrumentation', 'dist', 'index.js');
const lockDir = join(root, 'instrumentation', '.build-lock');

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs);
  }
  return Math.max(newest, statSync(join(root, 'instrumentation', 'package.json')).mtimeMs);
}

function isFresh(): boolean {
  return existsSync(builtEntry) && statSync(builtEntry).mtimeMs >= newestSourceTime(sourceDir);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensureInstrumentationBuilt(): Promise<void> {
  for (let attempt = 0; attempt < 600 && !isFresh(); attempt++) {
    try {
      mkdirSync(lockDir);
    } catch {
      await sleep(100);
      continue;
    }
    try {
      if (!isFresh()) {
        execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'instrumentation', 'tsconfig.json')], { stdio: 'pipe' });
      }
    } finally {
      rmSync(lockDir, { recursive: true, force: true });
    }
  }
  if (!isFresh()) throw new Error('instrumentation/dist could not be built');
}
