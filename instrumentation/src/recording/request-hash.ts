import { hash } from 'node:crypto';

/**
 * Privacy-safe fingerprints of a request, so the collector can count repeated prompts (and a
 * response cache can key on them) without content capture: a keyed SHA-256 — of the key, a NUL
 * and the canonical request (one-shot crypto.hash: a few µs, where an HMAC object costs ~10 µs
 * per call on the app's await path; a fingerprint needs no MAC's length-extension guarantee) — parameters that shape the answer, keys sorted, transport-only ones left out. Keyed
 * with LLMSCOPE_REQUEST_HASH_KEY when set (then nobody without the key can confirm a guessed
 * prompt from its hash); the built-in key only makes hashes comparable across services.
 *
 * The normalised variant folds every text (NFKC, lower case, whitespace runs to one space,
 * trimmed): "What is  OTel?" and "what is otel?" count as the same question.
 */

/** Request fields that do not change the answer (streaming, end-user ids, bookkeeping, routing). */
const LEFT_OUT = new Set(['stream', 'stream_options', 'user', 'metadata', 'store', 'safety_identifier', 'prompt_cache_key', 'service_tier']);
const DEFAULT_KEY = 'llmscope.request-hash.v1';
/** Hex digits of the span attributes (64 bits: collisions are negligible at any traffic a window holds). */
export const REQUEST_HASH_DIGITS = 16;
/** Deeper than any real request; beyond it the request is not hashed (a cycle or an attack). */
const MAX_DEPTH = 64;

class NotHashable extends Error {}

/** Whitespace to fold: runs of two or more, and any single whitespace other than a space (far fewer matches than \s+). */
const FOLDED_WHITESPACE = /\s{2,}|[^\S ]/g;

function fold(text: string): string {
  return text.normalize('NFKC').replace(FOLDED_WHITESPACE, ' ').toLowerCase().trim();
}

/** Canonical JSON: sorted keys, undefined dropped; only plain JSON data (files, streams, buffers → not hashable). */
function canonical(value: unknown, normalise: boolean, depth: number, top: boolean): string {
  if (depth > MAX_DEPTH) throw new NotHashable();
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(normalise ? fold(value) : value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (value[i] === undefined ? 'null' : canonical(value[i], normalise, depth + 1, false));
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new NotHashable();
      const record = value as Record<string, unknown>;
      let out = '{';
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v === undefined || typeof v === 'function' || (top && LEFT_OUT.has(key))) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + canonical(v, normalise, depth + 1, false);
        first = false;
      }
      return out + '}';
    }
    default:
      throw new NotHashable();
  }
}

let hashKey: string | undefined;

function key(): string {
  return (hashKey ??= process.env.LLMSCOPE_REQUEST_HASH_KEY || DEFAULT_KEY);
}

/** For tests: forget the key read from the environment. */
export function resetRequestHashKey(): void {
  hashKey = undefined;
}

export interface RequestHashes {
  /** Full HMAC (hex), the response cache's key. */
  exactFull: string;
  /** The span attributes: the first REQUEST_HASH_DIGITS hex digits. */
  exact: string;
  normalized: string;
}

/** The request's fingerprints; undefined when it holds something other than JSON data (an upload). */
export function requestHashes(params: Record<string, unknown>): RequestHashes | undefined {
  try {
    const prefix = key() + '\u0000';
    const exactFull = hash('sha256', prefix + canonical(params, false, 0, true), 'hex');
    const normalized = hash('sha256', prefix + canonical(params, true, 0, true), 'hex');
    return { exactFull, exact: exactFull.slice(0, REQUEST_HASH_DIGITS), normalized: normalized.slice(0, REQUEST_HASH_DIGITS) };
  } catch (error) {
    if (error instanceof NotHashable) return undefined;
    throw error;
  }
}
