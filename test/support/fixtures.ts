/**
 * Small public samples vendored under test/fixtures/<dataset>/ (each with its SOURCE.txt and
 * licence), so the suite runs on a fresh clone. Full data sets are for scripts/ (LLMSCOPE_SHARED_DATA).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return join(FIXTURES_DIR, ...parts);
}

/** A vendored JSON-lines sample, one object per line. */
export function readFixture<T = Record<string, unknown>>(dataset: string, file: string): T[] {
  const text = readFileSync(fixturePath(dataset, file), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}
