import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPinnedTraceRows } from './fixtures/pinned-trace-rows-input.ts';

// The rows Ingest builds from trace requests, byte for byte, against the output pinned before the
// row text went to bytes as it is built (src/store/row-bytes.ts): any change to the text of a row
// — escaping, UTF-8, field order, defaults left out — shows up here as a diff.
describe('trace rows pinned byte for byte', () => {
  it('every table of a hand-written request with every tricky value, and 60 seeded requests, are unchanged', async () => {
    const pinned = readFileSync(new URL('./fixtures/pinned-trace-rows.txt', import.meta.url), 'utf8');
    const now = await renderPinnedTraceRows();
    // Compare line by line first: a failure then names the first row that differs.
    const a = now.split('\n');
    const b = pinned.split('\n');
    for (let i = 0; i < Math.max(a.length, b.length); i++) expect(a[i], `line ${i + 1}`).toBe(b[i]);
    expect(now).toBe(pinned);
    // The seeded part covers every table the bench traffic fills, and some requests are refused.
    expect(pinned).toMatch(/^\d+ otel_traces \d+ \d+ [0-9a-f]{64}$/m);
    expect(pinned).toMatch(/^\d+ llm_calls \d+ \d+ [0-9a-f]{64}$/m);
    expect(pinned).toMatch(/^\d+ malformed$/m);
  });
});
