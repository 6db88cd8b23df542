/** Narrowing helpers for reading loosely typed SDK payloads without trusting their shape. */

export type Dict = Record<string, unknown>;

export function asDict(value: unknown): Dict | undefined {
  return typeof value === 'object' && value !== null ? (value as Dict) : undefined;
}

/** A module's exports: an object, or (CommonJS builds of the SDKs) a function carrying the named exports. */
export function asModuleExports(value: unknown): Dict | undefined {
  return (typeof value === 'object' || typeof value === 'function') && value !== null ? (value as Dict) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Strings only, in order; `undefined` when the input is not a non-empty string or string array. */
export function asStringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string');
  return strings.length > 0 ? strings : undefined;
}

/** `value` parsed as JSON when it is a JSON object/array string, otherwise `value` unchanged. */
export function parseJsonLoosely(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}
