/** Request fingerprints: canonical, keyed, normalised, bounded — and safe on whatever an app passes. */
import { afterEach, describe, expect, it } from 'vitest';
import { requestHashes, resetRequestHashKey } from '../src/recording/request-hash.ts';

afterEach(() => {
  delete process.env.LLMSCOPE_REQUEST_HASH_KEY;
  resetRequestHashKey();
});

const base = { model: 'gpt-4o-mini', temperature: 0, messages: [{ role: 'user', content: 'What is OTel?' }] };

describe('requestHashes', () => {
  it('ignores key order and transport-only fields, not anything that shapes the answer', () => {
    const h = requestHashes(base)!;
    expect(requestHashes({ messages: base.messages, temperature: 0, model: 'gpt-4o-mini', stream: true, user: 'u-1', metadata: { a: 1 } })!.exact).toBe(h.exact);
    expect(requestHashes({ ...base, temperature: 0.1 })!.exact).not.toBe(h.exact);
    expect(requestHashes({ ...base, model: 'gpt-4o' })!.exact).not.toBe(h.exact);
    // a nested "user" field (a message role) is content, not the end-user id
    expect(requestHashes({ ...base, messages: [{ role: 'user', content: 'What is OTel?', user: 'x' }] })!.exact).not.toBe(h.exact);
  });

  it('normalised: case, Unicode compatibility forms and whitespace runs fold together', () => {
    const h = requestHashes(base)!;
    const variant = requestHashes({ ...base, messages: [{ role: 'user', content: '  what   IS\n\tOTel？ ' }] })!;
    expect(variant.exact).not.toBe(h.exact);
    expect(variant.normalized).toBe(h.normalized);
  });

  it('is keyed: another LLMSCOPE_REQUEST_HASH_KEY gives other hashes', () => {
    const h = requestHashes(base)!;
    process.env.LLMSCOPE_REQUEST_HASH_KEY = 'a-secret-of-ours';
    resetRequestHashKey();
    expect(requestHashes(base)!.exact).not.toBe(h.exact);
  });

  it('gives no hash (and does not throw) for cycles and BigInts; never throws on absurd nesting', () => {
    const cyclic: Record<string, unknown> = { model: 'm' };
    cyclic.self = cyclic;
    expect(requestHashes(cyclic)).toBeUndefined();
    expect(requestHashes({ model: 'm', seed: 10n as unknown as number })).toBeUndefined();
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => requestHashes({ model: 'm', messages: deep })).not.toThrow();
  });

  it('costs time proportional to the request (a 200 KB RAG context vs a 20 KB one), like a plain pass over its JSON', () => {
    const request = (kb: number) => ({ ...base, messages: [{ role: 'system', content: 'Context:  ' + 'lorem ipsum dolor sit amet\n'.repeat((kb * 1024) / 27) }, ...base.messages] });
    const small = request(20);
    const large = request(200);
    // the fastest of several rounds: the machine is shared, a slow round says nothing about the code
    const best = (fn: () => unknown) => {
      let min = Infinity;
      for (let round = 0; round < 7; round++) {
        const start = performance.now();
        for (let i = 0; i < 10; i++) fn();
        min = Math.min(min, performance.now() - start);
      }
      return min;
    };
    // Same-run baseline: one linear pass over the same JSON (serialise, Unicode-normalise, lower-case),
    // which meets the same memory effects of a 10× larger string.
    const baseline = (r: object) => () => JSON.stringify(r).normalize('NFKC').toLowerCase();
    best(() => requestHashes(small));
    const hashRatio = best(() => requestHashes(large)) / best(() => requestHashes(small));
    const baseRatio = best(baseline(large)) / best(baseline(small));
    // linear: about the baseline's ratio; quadratic would be ~10× it
    expect(hashRatio).toBeLessThan(baseRatio * 4);
    expect(requestHashes(large)!.exact).toMatch(/^[0-9a-f]{16}$/);
  });
});
