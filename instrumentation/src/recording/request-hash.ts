import { hash } from 'node:crypto';

/**
 * Privacy-safe fingerprints of a request, so the collector can count repeated prompts (and a
 * response cache can key on them) without content capture: a keyed SHA-256 of the canonical
 * request (the key, a NUL, then the request's JSON without transport-only fields). One-shot
 * crypto.hash costs ~1 µs where an HMAC object costs ~10 µs, on the app's await path; a
 * fingerprint needs no MAC's length-extension guarantee. Keyed with LLMSCOPE_REQUEST_HASH_KEY
 * when set (then nobody without the key can confirm a guessed prompt from its hash); the built-in
 * key only makes hashes comparable across services.
 *
 * The normalised variant folds the request's JSON text (NFKC, lower case, whitespace runs to one
 * space, strings trimmed): "What is  OTel?" and "what is otel?" count as the same question.
 */

/** Request fields that do not change the answer (streaming, end-user ids, bookkeeping, routing). */
const LEFT_OUT = new Set(['stream', 'stream_options', 'user', 'metadata', 'store', 'safety_identifier', 'prompt_cache_key', 'service_tier']);
const DEFAULT_KEY = 'llmscope.request-hash.v1';
/** Hex digits of the span attributes (64 bits: collisions are negligible at any traffic a window holds). */
export const REQUEST_HASH_DIGITS = 16;

/**
 * The request as JSON, top-level keys sorted and the fields above left out; nested values in the
 * app's own order (native JSON.stringify: this runs on the app's await path, and an SDK builds
 * its messages the same way each time). Throws on what is not JSON (cycles, BigInt).
 */
function canonicalJson(params: Record<string, unknown>): string {
  const top: Record<string, unknown> = {};
  for (const key of Object.keys(params).sort()) if (!LEFT_OUT.has(key)) top[key] = params[key];
  return JSON.stringify(top);
}

/**
 * Whitespace to fold in the JSON text: runs of two or more (also escaped \n \r \t \f), and any
 * single one other than a space — far fewer matches than every space.
 */
const FOLDED_WHITESPACE = /(?:\s|\\[nrtf]){2,}|\\[nrtf]|[^\S ]/g;
/** A space left at either end of a string value. */
const PADDING = /(?<=")\s|\s(?=")/g;

/** The normalised form: NFKC, whitespace runs to one space, strings trimmed, lower case. */
function foldJson(json: string): string {
  return json.normalize('NFKC').replace(FOLDED_WHITESPACE, ' ').replace(PADDING, '').toLowerCase();
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
  /** The full hash (hex), the response cache's key. */
  exactFull: string;
  /** The span attributes: the first REQUEST_HASH_DIGITS hex digits. */
  exact: string;
  normalized: string;
}

/**
 * The request's canonical JSON, taken when the call starts (an app may push the reply onto the same
 * messages array right after the call); undefined when it is not JSON data (a cycle, a BigInt).
 */
export function requestJson(params: Record<string, unknown>): string | undefined {
  try {
    return canonicalJson(params);
  } catch {
    return undefined;
  }
}

/** The fingerprints of a canonical request JSON (requestJson): hashing can wait until after the call. */
export function hashesOfJson(json: string): RequestHashes {
  const prefix = key() + '\u0000';
  const exactFull = hash('sha256', prefix + json, 'hex');
  const normalized = hash('sha256', prefix + foldJson(json), 'hex');
  return { exactFull, exact: exactFull.slice(0, REQUEST_HASH_DIGITS), normalized: normalized.slice(0, REQUEST_HASH_DIGITS) };
}

/** The request's fingerprints; undefined when it is not JSON data (a cycle, a BigInt). */
export function requestHashes(params: Record<string, unknown>): RequestHashes | undefined {
  const json = requestJson(params);
  return json === undefined ? undefined : hashesOfJson(json);
}
