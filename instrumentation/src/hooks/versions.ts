import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Supported SDK versions, as OpenTelemetry contrib's InstrumentationNodeModuleDefinition declares
 * them: a range of space-separated comparators (`>=4.0.0 <8`), all of which must hold. An SDK outside
 * its provider's range is left unpatched (its API may differ) and a diagnostic says so.
 */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) return false;
  for (const comparator of range.trim().split(/\s+/)) {
    const m = /^(>=|<=|>|<|=)?(\d+(?:\.\d+){0,2})$/.exec(comparator);
    if (!m) return false;
    const bound = parseVersion(m[2]!)!;
    const c = compare(v, bound);
    const op = m[1] ?? '=';
    const ok = op === '>=' ? c >= 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '<' ? c < 0 : c === 0;
    if (!ok) return false;
  }
  return true;
}

/** The version in a package folder's package.json; undefined when there is none to read. */
export function packageVersion(baseDir: string | undefined): string | undefined {
  if (!baseDir) return undefined;
  try {
    const v = (JSON.parse(readFileSync(join(baseDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

function parseVersion(s: string): [number, number, number] | null {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
