/**
 * Issue 16, finding 5: the PII scanner must be linear. 1 MB of adversarial text used to take
 * 10–13 s (overlap de-duplication against every kept finding; a lazy private-key body that
 * rescanned to the end of the text for every header). A 100× larger input may cost at most
 * 150× the time (linear with slack for noise).
 */
import { describe, expect, it } from 'vitest';
import { findPii, forEachPii, piiScorer, redact } from '../../src/enrich/pii/index.ts';
import type { ScoreInput } from '../../src/enrich/types.ts';

function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

/**
 * Per-call CPU time (the process's, GC threads included; wall time on a shared machine mostly
 * measures the neighbours) on 10 KB and on 1 MB of the same text. The small side scans 100
 * different 10 KB pieces of the large text (the same bytes, in memory as cold as the large
 * scan's); rounds interleave the two sides and the best round of each counts.
 */
function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

function timings(fn: (text: string) => unknown, large: string): { smallMs: number; largeMs: number } {
  const pieces = Array.from({ length: 100 }, (_, i) => large.slice(i * 10_000, (i + 1) * 10_000));
  for (const piece of pieces) fn(piece); // JIT warm-up
  let smallMs = Infinity;
  let largeMs = Infinity;
  for (let round = 0; round < 5; round++) {
    smallMs = Math.min(smallMs, cpuMs(() => pieces.forEach(fn)) / pieces.length);
    largeMs = Math.min(largeMs, cpuMs(() => fn(large)));
  }
  return { smallMs, largeMs };
}

const ADVERSARIAL: Record<string, string> = {
  ipv4: '1.1.1.1 ',
  email: 'a@b.co ',
  'private key headers': '-----BEGIN PRIVATE KEY-----',
  'private key headers and spaces': '-----BEGIN RSA PRIVATE KEY----- ',
  'phone-like': '+1 415 555 2671 ',
  'card-like': '4111 1111 1111 1111 ',
  'secret assignments': 'secret_key = ',
  ipv6: '::1 ',
};

describe('PII scanner cost is linear in its input (10 KB vs 1 MB, ratio ≤ 150)', () => {
  for (const [name, unit] of Object.entries(ADVERSARIAL)) {
    it(name, () => {
      const { smallMs, largeMs } = timings((text) => forEachPii(text, () => {}), fill(unit, 1_000_000));
      expect(largeMs / smallMs, `${name}: 10 KB ${smallMs.toFixed(2)} ms, 1 MB ${largeMs.toFixed(1)} ms`).toBeLessThanOrEqual(150);
    });
  }

  it('the PII scorer on a 1 MB prompt and answer', () => {
    const call = (text: string): ScoreInput => ({ inputText: text, outputText: text, contextText: '' });
    const large = fill('a@b.co 1.1.1.1 -----BEGIN PRIVATE KEY-----', 1_000_000);
    const { smallMs, largeMs } = timings((text) => piiScorer.score([call(text)]), large);
    const [scores] = piiScorer.score([call(large)]);
    expect(scores!.find((s) => s.name === 'pii')!.value).toBeGreaterThan(50_000);
    expect(largeMs / smallMs).toBeLessThanOrEqual(150);
  });

  it('redaction of 1 MB of findings is linear too', () => {
    const large = fill('a@b.co ', 1_000_000);
    const cats = new Set(['pii', 'secrets'] as const);
    const { smallMs, largeMs } = timings((text) => redact(text, cats), large);
    expect(redact(large, cats)).not.toContain('a@b.co');
    expect(largeMs / smallMs).toBeLessThanOrEqual(150);
  });

  it('a private key whose END marker is far away is still found once, and headers without END stay bounded', () => {
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow' + 'IBAAKCAQEA'.repeat(6) + '\n-----END RSA PRIVATE KEY-----';
    const text = 'x'.repeat(100) + key + ' tail';
    const found = findPii(text);
    expect(found.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['private_key', key]]);
    const headerOnly = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n\nthen prose';
    const f2 = findPii(headerOnly);
    expect(f2.map((f) => f.type)).toEqual(['private_key']);
    expect(headerOnly.slice(f2[0]!.start, f2[0]!.end)).toBe('-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n\nthen prose');
  });
});
