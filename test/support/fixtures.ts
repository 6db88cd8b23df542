/**
 * Small public samples vendored under test/fixtures/<dataset>/ (each with its SOURCE.txt and
 * licence), so the suite runs on a fresh clone. Full data sets are for scripts/ (LLMSCOPE_SHARED_DATA).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}
