/**
 * Scalar conversions of the OTLP/JSON mapping (proto3 JSON with OTLP's hex ids and integer enums).
 * Each takes the parsed JSON value and the field name for the error message; absent or null
 * values give the proto default. Wrong types throw DecodeError("<field>: …").
 */
import { Buffer } from 'node:buffer';
import { DecodeError } from './types.ts';

const UINT_RE = /^\d+$/;
const INT_RE = /^-?\d+$/;
const HEX_RE = /^[0-9a-fA-F]*$/;
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;
const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

function fail(field: string, expected: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Array.isArray(value) ? 'array' : String(value === null ? 'null' : typeof value);
  throw new DecodeError(`${field}: expected ${expected}, got ${shown}`);
}

/** Lone UTF-16 surrogates replaced with U+FFFD since the last takeStringRepairs() (JSON "\ud800" escapes). */
let stringRepairs = 0;

export function takeStringRepairs(): number {
  const n = stringRepairs;
  stringRepairs = 0;
  return n;
}

export function jsonString(value: unknown, field: string): string {
  if (typeof value === 'string') {
    // JSON can spell lone surrogates; ClickHouse (and UTF-8) cannot store them.
    if (value.isWellFormed()) return value;
    stringRepairs++;
    return value.toWellFormed();
  }
  if (value === undefined || value === null) return '';
  return fail(field, 'a string', value);
}

/** uint32 counts and fixed32 flags: a JSON number or a decimal string. */
export function jsonUint32(value: unknown, field: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value;
  } else if (typeof value === 'string') {
    if (UINT_RE.test(value)) {
      const n = Number(value);
      if (n <= 0xffffffff) return n;
    }
  } else if (value === undefined || value === null) {
    return 0;
  }
  return fail(field, 'an unsigned 32-bit integer', value);
}

/** fixed64 nanosecond times: a decimal string (canonical) or an integral JSON number. */
export function jsonUint64Time(value: unknown, field: string): bigint {
  if (typeof value === 'string') {
    if (UINT_RE.test(value)) {
      const n = BigInt(value);
      if (n <= UINT64_MAX) return n;
    }
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 64) return BigInt(value);
  } else if (value === undefined || value === null) {
    return 0n;
  }
  return fail(field, 'an unsigned 64-bit integer (decimal string or number)', value);
}

/** AnyValue int_value: number when |v| ≤ 2^53 − 1, else bigint. */
export function jsonInt64(value: unknown, field: string): number | bigint {
  if (typeof value === 'string') {
    if (INT_RE.test(value)) {
      const n = Number(value);
      if (Number.isSafeInteger(n)) return n;
      const big = BigInt(value);
      if (big >= INT64_MIN && big <= INT64_MAX) return big;
    }
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    // Already rounded by JSON.parse; keep the documented type for out-of-safe-range magnitudes.
    if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) return BigInt(value);
  }
  return fail(field, 'a 64-bit integer (decimal string or number)', value);
}

/** double_value: a number or one of the proto3 JSON strings for non-finite/numeric values. */
export function jsonDouble(value: unknown, field: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    const n = Number(value);
    if (value.trim() !== '' && !Number.isNaN(n)) return n;
  }
  return fail(field, 'a number', value);
}

export function jsonBool(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  return fail(field, 'a boolean', value);
}

/** bytes_value: standard or URL-safe base64, padded or not. */
export function jsonBytes(value: unknown, field: string): Uint8Array {
  if (typeof value === 'string' && BASE64_RE.test(value)) return Uint8Array.from(Buffer.from(value, 'base64'));
  return fail(field, 'a base64 string', value);
}

/**
 * trace/span ids: hex per OTLP/JSON, returned lowercase. Some exporters emit protobuf's generic
 * JSON mapping (base64) instead; a 24- or 12-character base64 string decoding to 16 or 8 bytes is
 * converted to hex. Anything else non-hex is returned as is, so the validator rejects that span
 * rather than the whole request failing.
 */
export function jsonId(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    if (value === undefined || value === null) return '';
    return fail(field, 'a hex string', value);
  }
  if (HEX_RE.test(value)) return value.toLowerCase();
  if ((value.length === 24 || value.length === 12) && BASE64_RE.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length === (value.length === 24 ? 16 : 8)) return bytes.toString('hex');
  }
  return value;
}

/** Enums: the integer (canonical in OTLP/JSON) or the proto enum value name. */
export function jsonEnum(value: unknown, field: string, names: ReadonlyMap<string, number>): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value;
  } else if (typeof value === 'string') {
    const byName = names.get(value);
    if (byName !== undefined) return byName;
    if (INT_RE.test(value)) return Number(value);
  } else if (value === undefined || value === null) {
    return 0;
  }
  return fail(field, `an enum number or one of ${[...names.keys()].join(', ')}`, value);
}

/** uint64 counts (histogram count, bucket counts): a number when ≤ 2^53 − 1, else a bigint. */
export function jsonUint64(value: unknown, field: string): number | bigint {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && value >= 0) return value;
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 64) return BigInt(value);
  } else if (typeof value === 'string') {
    if (UINT_RE.test(value)) {
      const n = Number(value);
      if (Number.isSafeInteger(n)) return n;
      const big = BigInt(value);
      if (big <= UINT64_MAX) return big;
    }
  } else if (value === undefined || value === null) {
    return 0;
  }
  return fail(field, 'an unsigned 64-bit integer (decimal string or number)', value);
}

/** int32 / sint32 (exponential histogram scale and offsets). */
export function jsonInt32(value: unknown, field: string): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) return value;
  } else if (typeof value === 'string') {
    if (INT_RE.test(value)) {
      const n = Number(value);
      if (n >= -0x80000000 && n <= 0x7fffffff) return n;
    }
  } else if (value === undefined || value === null) {
    return 0;
  }
  return fail(field, 'a 32-bit integer', value);
}

/** An optional double: null when absent. */
export function jsonOptionalDouble(value: unknown, field: string): number | null {
  return value === undefined || value === null ? null : jsonDouble(value, field);
}
