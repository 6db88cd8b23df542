/**
 * Writes the fixed held-out samples the groundedness tests read (test/fixtures/<dataset>/), so `npm test`
 * needs no ../shared. Only held-out rows (groups the weights never saw; BEGIN's official test split).
 * Deterministic; each folder gets the data set's SOURCE.txt and a note on how the sample was drawn.
 *
 *   npx node scripts/hallucination/fixtures.ts [--data DIR]
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireSharedData } from '../shared-data.ts';

const { hash32, loadBegin, loadDialFact, loadFactCheck, loadFaithDial, loadHaluEval, loadQ2, splitOf } = await import('./datasets.ts');
const { syntheticPairs } = await import('./perturb.ts');

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const heldOut = <T extends { group: string }>(items: readonly T[]): T[] => items.filter((i) => splitOf(i.group) === 'test');

/** Deterministic sample of n items by id hash, in source order. */
function sample<T extends { id: string }>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  const keep = new Set([...items].sort((a, b) => hash32(`fixture:${a.id}`) - hash32(`fixture:${b.id}`) || (a.id < b.id ? -1 : 1)).slice(0, n).map((i) => i.id));
  return items.filter((i) => keep.has(i.id));
}

function write(folder: string, sourceFolder: string, file: string, rows: readonly object[], how: string): void {
  const dir = join(FIXTURES, folder);
  mkdirSync(dir, { recursive: true });
  copyFileSync(requireSharedData(sourceFolder, 'SOURCE.txt'), join(dir, 'SOURCE.txt'));
  writeFileSync(join(dir, `${file.replace(/\.jsonl$/, '')}.SAMPLE.txt`), `${how}\nRows: ${rows.length}. Written by scripts/hallucination/fixtures.ts (deterministic); licence and attribution: SOURCE.txt.\n`);
  writeFileSync(join(dir, file), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${folder}/${file}: ${rows.length} rows`);
}

const item = ({ id, group, question, context, answer, unsupported, subset }: { id: string; group: string; question: string; context: string; answer: string; unsupported: 0 | 1; subset: string }) =>
  ({ id, group, question, context, answer, unsupported, subset });
write('halueval', 'halueval', 'qa-held-out.jsonl', heldOut(loadHaluEval()), 'HaluEval QA pairs of the held-out groups (60%), all of them.');
write('q2-wow', 'q2-wow', 'held-out.jsonl', heldOut(loadQ2()).map(item), 'Q² WoW responses of the held-out groups, all of them.');
write('dialfact-small', 'dialfact-small', 'held-out.jsonl', heldOut(loadDialFact()).map(item), 'DialFact SUPPORTS/REFUTES claims of the held-out groups, all of them.');
write('begin-groundedness', 'begin-groundedness', 'test-sample.jsonl', sample(loadBegin().filter((i) => i.split === 'test'), 1200).map(item), '1,200 rows of the official BEGIN test split (generic rows dropped), sampled by id hash.');
write('faithdial-data-audit', 'faithdial-data-audit', 'held-out.jsonl', heldOut(loadFaithDial()).map(item), 'FaithDial data-audit rows of the held-out groups (by knowledge snippet), generic-only rows dropped; all of them.');
write('factcheck-gpt-stance', 'factcheck-gpt-stance', 'held-out-sample.jsonl', sample(heldOut(loadFactCheck()), 1000).map(item), '1,000 claim/evidence rows of the held-out claims (60% of claims), sampled by id hash.');
const edits = heldOut(syntheticPairs()).filter((_, n) => n % 4 === 0).filter((p, n) => (p.kind !== 'addition' && p.kind !== 'entity') || n % 2 === 0);
write('halueval', 'halueval', 'synthetic-edits.jsonl', edits.map(({ id, group, question, context, grounded, hallucinated, kind }) => ({ id, group, question, context, grounded, hallucinated, kind })),
  'Synthetic minimal edits (scripts/hallucination/perturb.ts) of held-out HaluEval/Q²/DialFact passages: every 4th held-out pair, and every 2nd of those for the two largest kinds.');
