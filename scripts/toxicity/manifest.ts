/**
 * The toxicity model's training manifest: which sources and how many rows trained it, and a sorted list of
 * hashes of every training text and of its template form (identity terms replaced), so that a test can check
 * that no HateCheck case or template was ever trained on (test/enrich/toxicity-manifest.test.ts).
 */
import { createHash } from 'node:crypto';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { IDENTITY_TERMS } from '../../src/enrich/toxicity/structure.ts';

export const MANIFEST_BIN_URL = new URL('../../src/enrich/toxicity/model/training-manifest.bin', import.meta.url);
export const MANIFEST_JSON_URL = new URL('../../src/enrich/toxicity/model/training-manifest.json', import.meta.url);

const GROUP_WORDS = new Set([...IDENTITY_TERMS, 'people', 'person', 'persons', 'folk', 'folks']);

/** Lower-case letters and digits only. */
function canonical(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export function textHash(text: string): number {
  return fnv1a(`text:${canonical(text)}`);
}

/** The text with every identity/group word replaced: "I hate women." and "I hate Muslims." share it. */
export function templateHash(text: string): number {
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
  return fnv1a(`template:${words.map((w) => (GROUP_WORDS.has(w) ? 'X' : w)).join(' ')}`);
}

export interface Manifest {
  bin: Uint8Array;
  summary: { sources: Record<string, number>; rows: number; options: unknown; sha256: string; hashes: string };
}

/** Layout: u32 n | u32[n] sorted text hashes | u32 m | u32[m] sorted template hashes (little endian). */
export function manifestOf(rows: ReadonlyArray<{ text: string; source: string }>, options: unknown): Manifest {
  const texts = Uint32Array.from(new Set(rows.map((r) => textHash(r.text)))).sort();
  const templates = Uint32Array.from(new Set(rows.map((r) => templateHash(r.text)))).sort();
  const bin = new Uint8Array(8 + 4 * (texts.length + templates.length));
  const view = new DataView(bin.buffer);
  let at = 0;
  for (const list of [texts, templates]) {
    view.setUint32(at, list.length, true);
    at += 4;
    for (const h of list) {
      view.setUint32(at, h, true);
      at += 4;
    }
  }
  const sources: Record<string, number> = {};
  for (const r of rows) sources[r.source] = (sources[r.source] ?? 0) + 1;
  return {
    bin,
    summary: {
      sources, rows: rows.length, options, sha256: createHash('sha256').update(bin).digest('hex'),
      hashes: 'training-manifest.bin: FNV-1a of "text:" + lower-case letters/digits, and of "template:" + words with identity terms as X (scripts/toxicity/manifest.ts)',
    },
  };
}

export function readManifest(bytes: Uint8Array): { texts: Set<number>; templates: Set<number> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const lists: Set<number>[] = [];
  for (let l = 0; l < 2; l++) {
    const n = view.getUint32(at, true);
    at += 4;
    const set = new Set<number>();
    for (let i = 0; i < n; i++, at += 4) set.add(view.getUint32(at, true));
    lists.push(set);
  }
  return { texts: lists[0]!, templates: lists[1]! };
}
