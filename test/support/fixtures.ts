/** Reads the vendored evaluation samples in test/fixtures/<dataset>/ (JSON lines; see each SOURCE.txt). */
import { readFileSync } from 'node:fs';

export function readFixture<T = Record<string, unknown>>(dataset: string, file: string): T[] {
  const text = readFileSync(new URL(`../fixtures/${dataset}/${file}`, import.meta.url), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}
