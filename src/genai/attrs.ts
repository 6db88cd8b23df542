import type { AttrValue } from '../otlp/types.ts';

/**
 * Tolerant readers for attribute values. Instrumentations disagree on types (Vercel fixtures carry
 * numbers as strings, some SDKs stringify arrays as JSON), so every reader accepts the common shapes
 * and answers a neutral value ('' / null / []) for anything else.
 */

export function readString(v: AttrValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return '';
}

export function readNumber(v: AttrValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

export function readBool(v: AttrValue | undefined): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'True') return true;
  if (v === 'false' || v === 'False') return false;
  return null;
}

/** A string array attribute, a JSON-encoded array, or a single string. */
export function readStringList(v: AttrValue | undefined): string[] {
  if (Array.isArray(v)) return v.map(readString).filter((s) => s !== '');
  if (typeof v === 'string') {
    if (v.startsWith('[')) {
      const parsed = parseJson(v);
      if (Array.isArray(parsed)) return parsed.filter((x): x is string => typeof x === 'string' && x !== '');
    }
    return v === '' ? [] : [v];
  }
  return [];
}

/** Structured values pass through; strings that look like JSON objects/arrays are parsed. */
export function readStructured(v: AttrValue | undefined): unknown {
  if (typeof v === 'string') {
    const c = v.charCodeAt(0);
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      const parsed = parseJson(v);
      return parsed === undefined ? v : parsed;
    }
  }
  return v;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Follows object keys into a structured (or JSON-string) value. */
export function readPath(v: AttrValue | undefined, path: readonly string[]): AttrValue | undefined {
  let cur: unknown = readStructured(v);
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur as AttrValue | undefined;
}
