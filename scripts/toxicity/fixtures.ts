/**
 * Writes the fixed evaluation samples the toxicity tests read (test/fixtures/<dataset>/), so `npm test`
 * needs no ../shared. Only held-out rows (never trained on) and evaluation-only sets; deterministic.
 * Each folder gets the data set's SOURCE.txt and a note on how the sample was drawn.
 *
 *   npx node scripts/toxicity/fixtures.ts [--data DIR]
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fnv1a } from '../../src/enrich/text/fnv.ts';

const { loadConvAbuse, loadHateCheck, loadWikiIdentity, sharedDataDir } = await import('./datasets.ts');
const { buildMix } = await import('./mix.ts');

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

/** Deterministic sample of n rows (by text hash), in source order. */
function sample<T extends { text: string }>(rows: readonly T[], n: number): T[] {
  if (rows.length <= n) return [...rows];
  const ranked = rows.map((r, i) => ({ i, h: fnv1a(`fixture:${r.text}:${i}`) })).sort((a, b) => a.h - b.h || a.i - b.i);
  const keep = new Set(ranked.slice(0, n).map((x) => x.i));
  return rows.filter((_, i) => keep.has(i));
}

function write(folder: string, sourceFolder: string, file: string, rows: ReadonlyArray<Record<string, unknown>>, how: string): void {
  const dir = join(FIXTURES, folder);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(sharedDataDir(), sourceFolder, 'SOURCE.txt'), join(dir, 'SOURCE.txt'));
  writeFileSync(join(dir, 'SAMPLE.txt'), `${how}\nRows: ${rows.length}. Written by scripts/toxicity/fixtures.ts (deterministic); licence and attribution: SOURCE.txt.\n`);
  writeFileSync(join(dir, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${folder}/${file}: ${rows.length} rows`);
}

const row = (r: { text: string; label: number; slice?: string }): Record<string, unknown> => (r.slice ? { text: r.text, label: r.label, slice: r.slice } : { text: r.text, label: r.label });
const mix = buildMix();
write('hatecheck', 'hatecheck', 'hatecheck.jsonl', loadHateCheck().map(row), 'All HateCheck test cases (evaluation only; slice = functionality).');
write('convabuse', 'convabuse', 'test.jsonl', loadConvAbuse().filter((r) => r.slice === 'test').map((r) => ({ text: r.text, label: r.label })), 'The official ConvAbuse test split, all rows.');
write('davidson-hate-offensive', 'davidson-hate-offensive', 'held-out.jsonl', sample(mix.heldOut.davidson!, 1500).map(row), '1,500 rows of the Davidson held-out split (text-hash buckets 0-1), sampled by hash.');
write('surge-ai-toxicity', 'surge-ai-toxicity', 'held-out.jsonl', mix.heldOut.surge!.map(row), 'The held-out 30% of Surge AI toxicity (text-hash buckets 0-2), all rows.');
write('jigsaw-detoxify-sample', 'jigsaw-detoxify-sample', 'held-out.jsonl', mix.heldOut.jigsaw!.map(row), 'The held-out half of the Jigsaw sample (text-hash buckets 0-4), all rows.');
const wiki = mix.heldOut['wiki-talk']!;
write('wiki-talk-context-toxicity', 'wiki-talk-context-toxicity', 'held-out.jsonl', [...wiki.filter((r) => r.label === 1), ...sample(wiki.filter((r) => r.label === 0), 1500)].map((r) => ({ text: r.text, label: r.label })),
  'Every toxic row and 1,500 non-toxic rows (sampled by hash) of the wiki-talk held-out split (text-hash buckets 0-2).');
write('bias-madlibs-77k', 'bias-madlibs-77k', 'held-out.jsonl', sample(mix.heldOut.madlibs!, 3000).map(row), '3,000 rows of the held-out eighth of bias madlibs (slice = template:identity term), sampled by hash.');
write('wiki-toxicity-identity-testset', 'wiki-toxicity-identity-testset', 'test.jsonl', loadWikiIdentity().map((r) => ({ text: r.text, label: r.label })), 'All rows (evaluation only).');
write('halueval-answers', 'halueval', 'benign-answers.jsonl', sample(mix.heldOut['llm-answers']!.map((r) => ({ text: r.text })), 1000),
  '1,000 ChatGPT answers from HaluEval general_data.json (benign LLM output) from the held-out half (text-hash buckets 0-4; the other half trains as non-toxic), sampled by hash.');
