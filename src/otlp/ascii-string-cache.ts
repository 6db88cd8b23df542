/**
 * A direct-mapped cache of short ASCII strings keyed by their bytes. OTLP payloads repeat the same
 * attribute keys and many values ("gen_ai.request.model", "chat", model names) in every span;
 * returning the string decoded last time skips the native call and the allocation, and hands V8
 * the same (already internalized) key string for property stores.
 * Collisions simply evict; a hit is verified byte by byte, so the cache never changes results.
 */
import type { TextSlicer } from './node-buffer-text.ts';

/** Strings longer than this are decoded directly (long values are rarely repeated). */
export const MAX_CACHED_BYTES = 32;
const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;

const slotBytes = new Uint8Array(SLOTS * MAX_CACHED_BYTES);
const slotLength = new Int32Array(SLOTS).fill(-1);
const slotString: string[] = new Array<string>(SLOTS).fill('');

/**
 * The string for bytes[start, end) when they are all ASCII (end - start ≤ MAX_CACHED_BYTES),
 * else null so that the caller decodes UTF-8 itself.
 */
export function cachedAsciiString(bytes: Uint8Array, slicer: TextSlicer, start: number, end: number): string | null {
  const length = end - start;
  let hash = 0x811c9dc5 ^ length;
  let orAll = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    orAll |= b;
    hash = Math.imul(hash ^ b, 0x01000193); // FNV-1a
  }
  if (orAll >= 0x80) return null;
  const slot = (hash ^ (hash >>> SLOT_BITS)) & (SLOTS - 1);
  const base = slot * MAX_CACHED_BYTES;
  if (slotLength[slot] === length) {
    let i = 0;
    while (i < length && slotBytes[base + i] === bytes[start + i]) i++;
    if (i === length) return slotString[slot];
  }
  const str = slicer.latin1(start, end);
  for (let i = 0; i < length; i++) slotBytes[base + i] = bytes[start + i];
  slotLength[slot] = length;
  slotString[slot] = str;
  return str;
}
