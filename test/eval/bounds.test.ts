/**
 * Bounded cost and hostile input: every metric's time grows linearly with the text (TER's shift
 * search and ROUGE-L's LCS are capped), and a dataset with an oversized line, invalid UTF-8 or a
 * 200 KB answer is still read line by line, each bad line named and the others evaluated.
 * Complexity is checked as a ratio of small vs large input in the same run, with slack.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bleuSegmentStats } from '../../src/eval/metrics/bleu.ts';
import { chrfSegmentStats } from '../../src/eval/metrics/chrf.ts';
import { terSegmentStats, TER_MAX_WORDS } from '../../src/eval/metrics/ter.ts';
import { rougeScore, ROUGE_MAX_TOKENS } from '../../src/eval/metrics/rouge.ts';
import { DATASET_LIMITS, readDataset, type DatasetItem, type LineError } from '../../src/eval/dataset.ts';

const dir = mkdtempSync(join(tmpdir(), 'llmscope-eval-bounds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic text of n words from a small vocabulary (many repeated phrases: the hard case for TER shifts). */
function words(n: number, seed: number): string {
  let x = seed;
  const vocab = ['the', 'cat', 'sat', 'on', 'mat', 'a', 'dog', 'ran', 'in', 'park', 'and', 'then', 'slept', 'under', 'tree', 'quickly'];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(vocab[x % vocab.length]!);
  }
  return out.join(' ');
}

function fastest(f: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return Math.max(best, 0.05);
}

describe('metric cost grows linearly with the text', () => {
  const small = { hyp: words(250, 1), ref: words(250, 2) };
  const large = { hyp: words(2000, 1), ref: words(2000, 2) };
  for (const [name, f] of [
    ['bleu', (t: typeof small) => bleuSegmentStats(t.hyp, [t.ref])],
    ['chrf', (t: typeof small) => chrfSegmentStats(t.hyp, [t.ref])],
    ['rouge2', (t: typeof small) => rougeScore('rouge2', t.ref, t.hyp)],
  ] as const) {
    it(`${name}: 8× the text costs well under 64× (quadratic) the time`, () => {
      f(small); // warm up
      const ratio = fastest(() => f(large)) / fastest(() => f(small));
      expect(ratio).toBeLessThan(24);
    });
  }

  it(`ter: the shift search is bounded (≤ 1000 candidates, beam 25) and segments are cut at ${TER_MAX_WORDS} words`, () => {
    const s = { hyp: words(120, 3), ref: words(120, 4) };
    const l = { hyp: words(960, 3), ref: words(960, 4) };
    terSegmentStats(s.hyp, [s.ref]);
    const ratio = fastest(() => terSegmentStats(l.hyp, [l.ref]), 2) / fastest(() => terSegmentStats(s.hyp, [s.ref]), 2);
    expect(ratio).toBeLessThan(24); // quadratic would be ~64
    // past the cap only the first TER_MAX_WORDS words count: one edit beyond it changes nothing
    const same = words(TER_MAX_WORDS + 500, 5);
    expect(terSegmentStats(same + ' extra', [same])).toEqual([0, TER_MAX_WORDS]);
  });

  it(`rougeL: texts past ${ROUGE_MAX_TOKENS} tokens are cut (and say so), so the LCS stays bounded`, () => {
    const t = words(20_000, 7);
    const p = words(20_000, 8);
    const r = rougeScore('rougeL', t, p);
    expect(r.truncated).toBe(true);
    const cut = (s: string) => s.split(' ').slice(0, ROUGE_MAX_TOKENS).join(' ');
    expect(r.fmeasure).toBe(rougeScore('rougeL', cut(t), cut(p)).fmeasure);
    const ratio = fastest(() => rougeScore('rougeL', t, p), 1) / fastest(() => rougeScore('rougeL', cut(t), cut(p)), 1);
    expect(ratio).toBeLessThan(4);
  });
});

describe('hostile datasets', () => {
  it('an oversized line, invalid UTF-8, a non-object and a 200 KB answer: each bad line named, the rest read', async () => {
    const path = join(dir, 'hostile.jsonl');
    const big = 'word '.repeat(40_000); // 200 KB answer
    const parts: Buffer[] = [
      Buffer.from(JSON.stringify({ id: 'ok1', prediction: 'a b', references: ['a b'] }) + '\n'),
      Buffer.from('{"id": "huge", "prediction": "' + 'x'.repeat(DATASET_LIMITS.lineBytes + 10) + '"}\n'),
      Buffer.concat([Buffer.from('{"id": "bad-utf8", "prediction": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')]),
      Buffer.from('[1, 2, 3]\n'),
      Buffer.from(JSON.stringify({ id: 'big', prediction: big, references: [big] }) + '\n'),
      Buffer.from(JSON.stringify({ id: 'long-ref', prediction: 'x', references: ['y'.repeat(DATASET_LIMITS.textChars + 1)] }) + '\n'),
      Buffer.from(JSON.stringify({ id: 'last', prediction: 'z', references: ['z'] })), // no final newline
    ];
    writeFileSync(path, Buffer.concat(parts));
    const got: Array<DatasetItem | LineError> = [];
    for await (const x of readDataset(path)) got.push(x);
    expect(got.map((x) => ('error' in x ? `${x.line}: ${x.error}` : `${x.line}: ${x.id}`))).toEqual([
      '1: ok1',
      `2: line is longer than ${DATASET_LIMITS.lineBytes} bytes`,
      '3: line is not valid UTF-8',
      '4: not a JSON object',
      '5: big',
      `6: a reference is longer than ${DATASET_LIMITS.textChars} characters`,
      '7: last',
    ]);
    const item = got[4] as DatasetItem;
    expect(item.prediction!.length).toBe(big.length);
    // a 200 KB answer is scored (40 000 words: BLEU identical text = 100, TER cut at 1000 words = 0 edits)
    expect(bleuSegmentStats(item.prediction!, item.references).correct[3]).toBe(39_997);
    expect(terSegmentStats(item.prediction!, item.references)).toEqual([0, TER_MAX_WORDS]);
  });
});
