import { createHash } from 'node:crypto';

/**
 * The span attributes of a request's hashes, computed here from canonical JSON written out by hand
 * in the test (top-level keys sorted, nested ones in the app's order, no stream/user/metadata): SHA-256 of the built-in key, a NUL and the JSON.
 */
export function hashAttributes(canonicalJson: string, normalisedJson: string): Record<string, string> {
  const hmac = (text: string) => createHash('sha256').update('llmscope.request-hash.v1\u0000' + text).digest('hex').slice(0, 16);
  return { 'llmscope.request.hash': hmac(canonicalJson), 'llmscope.request.hash_normalized': hmac(normalisedJson) };
}
