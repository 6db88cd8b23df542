/**
 * Where the full public data sets live for scripts and benchmarks (training, evaluation): the
 * folder given by `--data <dir>`, else LLMSCOPE_SHARED_DATA, else `../shared/data` beside the
 * repository. They are not part of the repository; the test suite uses the small samples vendored
 * under test/fixtures/ instead.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

function dataFlag(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') return argv[i + 1];
    if (a.startsWith('--data=')) return a.slice('--data='.length);
  }
  return undefined;
}

export const SHARED_DATA: string =
  dataFlag(process.argv) ?? process.env.LLMSCOPE_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));

export function sharedData(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}

/** sharedData(), or an error that says what is missing and how to point at it. */
export function requireSharedData(...parts: string[]): string {
  const path = sharedData(...parts);
  if (!existsSync(path)) {
    throw new Error(
      `missing data file ${path}: the full public data sets are not in the repository. ` +
        `Pass --data <dir> or set LLMSCOPE_SHARED_DATA to the folder that holds ${parts[0]}/ (default ../shared/data).`,
    );
  }
  return path;
}
