/**
 * The otel_logs / otel_metrics_* rows (and the scores and guardrail rows of GenAI events) built
 * from varied OTLP requests — every metric type, exemplars, exponential histograms, every AnyValue
 * type, unicode and invalid UTF-8, limits and rejections — through the collector's intake chain
 * (decode → validate → limit) and row builders, pinned byte for byte: a change to the decoders,
 * intakes or row builders that alters a single byte of a row fails here. The input is in
 * fixtures/pinned-rows-input.ts (how to regenerate the fixture when a change is intended is there).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPinnedRows } from './fixtures/pinned-rows-input.ts';

const pinned = readFileSync(new URL('./fixtures/pinned-rows.txt', import.meta.url), 'utf8');

/** "### title…" sections of a rendering, by title. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(/^(?=### )/m)) out.set(part.slice(4, part.indexOf(':')), part);
  return out;
}

describe('logs and metrics rows, pinned', () => {
  const now = renderPinnedRows();

  it('covers every table, both wire formats and the random requests', () => {
    for (const table of ['otel_logs', 'scores', 'guardrail_results', 'otel_metrics_gauge', 'otel_metrics_sum', 'otel_metrics_histogram', 'otel_metrics_exponential_histogram', 'otel_metrics_summary']) {
      expect(pinned).toContain(`## ${table}\n{`);
    }
    expect(pinned).toContain('"Exemplars.TraceId":["0af7651916cd43dd8448eb211c80319c"');
    expect(pinned).toContain('"NegativeBucketCounts":[3]');
    expect(pinned).toContain('日本語テキスト');
    expect(sections(pinned).size).toBe(2 * (41 + 4));
  });

  it('every request gives the same rows, byte for byte', () => {
    const before = sections(pinned);
    const after = sections(now);
    expect([...after.keys()]).toEqual([...before.keys()]);
    // Section by section first, so a failure names the request whose rows changed.
    for (const [title, text] of before) expect(after.get(title), title).toBe(text);
    expect(now).toBe(pinned);
  });
});
