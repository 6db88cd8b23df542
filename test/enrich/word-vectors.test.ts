import { describe, expect, it } from 'vitest';
import { decodeWordVectors, encodeWordVectors, wordVectors } from '../../src/enrich/text/word-vectors.ts';

describe('word vectors (GloVe 100-d, int8, 40k words)', () => {
  const wv = wordVectors();

  it('holds the 40,000 most frequent plain words in frequency order', () => {
    expect(wv.count).toBe(40_000);
    expect(wv.dims).toBe(100);
    expect(wv.index('the')).toBe(0);
    expect(wv.word(0)).toBe('the');
    expect(wv.index('instructions')).toBeGreaterThan(wv.index('said'));
    expect(wv.index('Instructions')).toBe(-1); // callers lower-case first
    expect(wv.index('zzqxj')).toBe(-1);
  });

  it('keeps semantic neighbourhoods after quantisation', () => {
    const cos = (a: string, b: string) => wv.cosine(wv.index(a), wv.index(b));
    expect(cos('doctor', 'doctor')).toBeGreaterThan(0.99);
    expect(cos('king', 'queen')).toBeGreaterThan(0.6);
    expect(cos('king', 'queen')).toBeGreaterThan(cos('king', 'banana') + 0.3);
    expect(cos('ignore', 'disregard')).toBeGreaterThan(cos('ignore', 'bake') + 0.2);
    expect(cos('capital', 'city')).toBeGreaterThan(cos('capital', 'guitar'));
  });

  it('accumulates and projects rows in unit scale', () => {
    const acc = new Float32Array(wv.dims);
    const row = wv.index('river');
    wv.addTo(acc, row, 2);
    expect(wv.dot(row, acc)).toBeCloseTo(2, 1);
  });

  it('round-trips its file format and rejects damaged files', () => {
    const data = new Int8Array([1, -2, 3, 127, -127, 0]);
    const bytes = encodeWordVectors(['alpha', 'beta'], 3, data);
    const back = decodeWordVectors(bytes);
    expect(back.index('beta')).toBe(1);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(() => decodeWordVectors(bytes.subarray(0, bytes.length - 1))).toThrow(/wrong size/);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(() => decodeWordVectors(bad)).toThrow(/not a word-vector file/);
  });
});
