import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/util/backoff.ts';
import { countLines } from '../../src/util/lines.ts';

describe('backoffMs (the one retry formula)', () => {
  const o = { baseMs: 100, maxMs: 1000 };
  it('doubles per retry between half and all of base·2^(k-1), capped at max', () => {
    expect([1, 2, 3, 4, 5, 6].map((k) => backoffMs(k, o, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((k) => backoffMs(k, o, () => 0.999999))).toEqual([1, 2, 3, 4, 5, 6].map((k) => expect.closeTo(Math.min(1000, 100 * 2 ** (k - 1)), 3)));
  });
  it('stays finite for huge retry counts', () => {
    expect(backoffMs(10_000, o, () => 0.5)).toBe(750);
  });
});

describe('countLines', () => {
  it('counts newline-terminated lines in text and in its UTF-8 bytes alike', () => {
    const text = '{"a":"é"}\n{"b":1}\n';
    expect(countLines(text)).toBe(2);
    expect(countLines(Buffer.from(text))).toBe(2);
    expect(countLines('')).toBe(0);
  });
});
