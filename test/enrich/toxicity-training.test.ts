/**
 * The toxicity model's training is auditable and repeatable: HateCheck (an evaluation suite) never trained
 * it — not a case, not a template — and the trainer gives the same weights twice.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '../../src/enrich/toxicity/model.ts';
import { MANIFEST_BIN_URL, MANIFEST_JSON_URL, readManifest, templateHash, textHash } from '../../scripts/toxicity/manifest.ts';
import { train, DEFAULT_TRAIN_OPTIONS } from '../../scripts/toxicity/trainer.ts';
import { readFixture } from '../support/fixtures.ts';

describe('toxicity training manifest', () => {
  const manifest = readManifest(readFileSync(MANIFEST_BIN_URL));
  const summary = JSON.parse(readFileSync(MANIFEST_JSON_URL, 'utf8')) as { sources: Record<string, number>; rows: number };
  const hatecheck = readFixture<{ text: string; slice: string }>('hatecheck', 'hatecheck.jsonl');

  it('lists the training sources, none of them HateCheck', () => {
    expect(Object.keys(summary.sources).sort()).toEqual(
      ['augmented-friendly-profanity', 'augmented-negated-praise', 'augmented-negation', 'augmented-reported', 'convabuse', 'davidson', 'jigsaw', 'llm-answers', 'madlibs', 'surge', 'wiki-talk'],
    );
    expect(Object.values(summary.sources).reduce((a, b) => a + b, 0)).toBe(summary.rows);
    expect(manifest.texts.size).toBeGreaterThan(40_000);
  });

  it('holds no HateCheck case text and no HateCheck template', () => {
    expect(hatecheck).toHaveLength(3728);
    expect(hatecheck.filter((r) => manifest.texts.has(textHash(r.text))).map((r) => r.text)).toEqual([]);
    expect(hatecheck.filter((r) => manifest.templates.has(templateHash(r.text))).map((r) => r.text)).toEqual([]);
  });

  it('would catch a HateCheck case or template had one been trained on', () => {
    const [first] = hatecheck;
    expect(textHash(first!.text)).toBe(textHash(`  ${first!.text.toUpperCase()}!`));
    expect(templateHash('I hate women.')).toBe(templateHash('I hate Muslims!'));
    expect(manifest.texts.has(textHash('you are a stupid idiot'))).toBe(manifest.texts.has(textHash('You are a stupid idiot.')));
  });
});

describe('toxicity trainer', () => {
  it('gives the same weights twice (deterministic)', () => {
    const rows = readFixture<{ text: string; label: 0 | 1 }>('convabuse', 'test.jsonl').slice(0, 150).map((r) => ({ ...r, soft: r.label }));
    const options = { ...DEFAULT_TRAIN_OPTIONS, hashBits: 12, hidden: 4, epochs: 1 };
    const weights = rows.map((_, i) => 1 + (i % 3));
    const a = encodeModel(train(rows, weights, options));
    const b = encodeModel(train(rows, weights, options));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const c = encodeModel(train(rows, weights, { ...options, seed: options.seed + 1 }));
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});
