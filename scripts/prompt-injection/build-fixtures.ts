/**
 * Writes the fixed samples the tests use (so `npm test` passes without ../shared):
 *   test/fixtures/prompt-injections-deepset/test.jsonl       — the whole official test split (116 rows)
 *   test/fixtures/jailbreak-benign-mix/length-matched.jsonl  — attack/benign pairs of similar length
 *   test/fixtures/selqa-answer-selection/held-out.jsonl      — 60 of the held-out questions, all candidates
 * Deterministic:  npx node scripts/prompt-injection/build-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { loadDeepset, loadJailbreakMix } from './datasets.ts';
import { isHeldOut, loadSelqa } from '../relevance/datasets.ts';

const root = new URL('../../test/fixtures/', import.meta.url);
function write(folder: string, file: string, rows: unknown[]): void {
  const dir = new URL(`${folder}/`, root);
  mkdirSync(dir, { recursive: true });
  writeFileSync(new URL(file, dir), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  console.log(`${folder}/${file}: ${rows.length} rows`);
}

write('prompt-injections-deepset', 'test.jsonl', loadDeepset().filter((r) => r.group === 'test').map((r) => ({ text: r.text, label: r.label })));

// Length-matched pairs: each attack (in hash order, at most 2,000 characters) takes the unused
// benign prompt closest in length, if within ±15%; at most PAIRS pairs.
const PAIRS = 150;
const mix = loadJailbreakMix();
const attacks = mix.filter((r) => r.label === 1 && r.text.length <= 2000).sort((a, b) => fnv1a(a.text) - fnv1a(b.text));
const benign = mix.filter((r) => r.label === 0).sort((a, b) => a.text.length - b.text.length || fnv1a(a.text) - fnv1a(b.text));
const used = new Set<number>();
const pairs: unknown[] = [];
for (const attack of attacks) {
  if (pairs.length >= PAIRS * 2) break;
  let best = -1;
  for (let i = 0; i < benign.length; i++) {
    if (used.has(i)) continue;
    if (best < 0 || Math.abs(benign[i]!.text.length - attack.text.length) < Math.abs(benign[best]!.text.length - attack.text.length)) best = i;
  }
  if (best < 0 || Math.abs(benign[best]!.text.length - attack.text.length) > attack.text.length * 0.15) continue;
  used.add(best);
  pairs.push({ text: attack.text, label: 1, group: attack.group }, { text: benign[best]!.text, label: 0, group: benign[best]!.group });
}
write('jailbreak-benign-mix', 'length-matched.jsonl', pairs);

const held = loadSelqa().filter(isHeldOut);
const qids = [...new Set(held.map((p) => p.qid))].sort((a, b) => fnv1a(a) - fnv1a(b)).slice(0, 60);
const keep = new Set(qids);
write('selqa-answer-selection', 'held-out.jsonl', held.filter((p) => keep.has(p.qid)).map((p) => ({ qid: p.qid, question: p.question, answer: p.answer, label: p.label })));
