/**
 * Where the public labelled data lives: `../shared/data` beside the repository (as on the build
 * machines and in CI), or LLMSCOPE_SHARED_DATA.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const SHARED_DATA: string = process.env.LLMSCOPE_SHARED_DATA ?? fileURLToPath(new URL('../../shared/data/', import.meta.url));

export function sharedData(...parts: string[]): string {
  return join(SHARED_DATA, ...parts);
}
