import { describe, expect, it } from 'vitest';
import { RowBytes } from '../../src/store/row-bytes.ts';
import { Rng } from '../support/otlp-fuzz.ts';

/** What the rows used to become: one string, encoded once. */
const joined = (lines: string[]) => Buffer.from(lines.join(''), 'utf8');

function bytesOf(lines: string[], hint?: number): Buffer {
  const rb = new RowBytes(hint);
  for (const l of lines) rb.add(l);
  expect(rb.rows).toBe(lines.length);
  const b = rb.bytes();
  expect(rb.byteLength).toBe(b.length);
  return b;
}

describe('RowBytes', () => {
  it('gives the bytes of the joined lines for every kind of character, lone surrogates included', () => {
    const lines = [
      '{"a":"plain"}\n',
      '\n',
      '{"é":"ünïcödé 日本語 한국어"}\n',
      '{"e":"🤖🧪👩‍💻🇫🇷"}\n',
      '{"c":"\u0000\u001f\u007f\u0080\u2028\u2029\ufeff"}\n',
      '{"s":"lone high \ud800 lone low \udfff pair \ud83e\udd16 end high \ud83e"}\n',
      '\udc00\n',
      'x'.repeat(100_000) + '\n',
    ];
    expect(bytesOf(lines).equals(joined(lines))).toBe(true);
    for (const l of lines) expect(bytesOf([l], 1).equals(Buffer.from(l, 'utf8'))).toBe(true);
    // U+FFFD for every lone surrogate, as Buffer.from does.
    expect(bytesOf(['\ud800\n']).toString('hex')).toBe('efbfbd0a');
  });

  it('grows past its starting room (any hint) without losing or reordering a byte', () => {
    const rng = new Rng(42);
    const alphabet = ['a', '"', '\\', 'é', '日', '🤖', '\ud800', '\udfff', '\n', '\u0000'];
    for (let round = 0; round < 40; round++) {
      const lines: string[] = [];
      const n = rng.range(0, 200);
      for (let i = 0; i < n; i++) {
        let l = '';
        const len = rng.chance(0.05) ? rng.range(5_000, 50_000) : rng.range(0, 300);
        for (let j = 0; j < len; j++) l += rng.pick(alphabet);
        lines.push(l + '\n');
      }
      const hint = rng.pick([undefined, 0, 1, 300, 4096, 1 << 20]);
      expect(bytesOf(lines, hint).equals(joined(lines)), `round ${round}`).toBe(true);
    }
  });

  it('hands out its bytes at about their size (queued rows keep no large unused room)', () => {
    const rb = new RowBytes(4 << 20);
    rb.add('{"a":1}\n');
    const b = rb.bytes();
    expect(b.toString()).toBe('{"a":1}\n');
    expect(b.buffer.byteLength).toBeLessThan(1 << 20); // a copy (or a pool slice), not the 4 MiB working buffer
    expect(new RowBytes().bytes().length).toBe(0);
  });
});
