import { createHmac } from 'node:crypto';

/**
 * The span attributes of a request's hashes, computed here from canonical JSON written out by hand
 * in the test (sorted keys, no stream/user/metadata), with the built-in key.
 */
export function hashAttributes(canonicalJson: string, normalisedJson: string): Record<string, string> {
  const hmac = (text: string) => createHmac('sha256', 'llmscope.request-hash.v1').update(text).digest('hex').slice(0, 16);
  return { 'llmscope.request.hash': hmac(canonicalJson), 'llmscope.request.hash_normalized': hmac(normalisedJson) };
}
