/**
 * Every accuracy figure of the committed toxicity model, on data it was not trained on: one table per data
 * set, and per slice where the set has them (HateCheck functionality, madlibs identity term, ConvAbuse bot).
 * Scores are the calibrated P(toxic); "acc" counts score >= 0.5 as toxic; ECE is over 10 equal-width bins.
 * Last, the calibration of every data set the model was fitted on (held-out part): base rate, mean score,
 * ECE against the ECE a perfectly calibrated scorer would show on as many rows, and the reliability table.
 *
 *   npx node scripts/toxicity/evaluate.ts [--data DIR] [--errors=N]
 * Data: --data DIR or LLMSCOPE_SHARED_DATA (default ../shared/data; scripts/shared-data.ts).
 */
import { ToxicityModel, loadModel } from '../../src/enrich/toxicity/model.ts';
import type { LabelledText } from './datasets.ts';
import { calibration, rocAuc } from './metrics.ts';
import { eceUnderPerfectCalibration } from '../learn/metrics.ts';

const errorsArg = process.argv.find((a) => a.startsWith('--errors='));
const showErrors = errorsArg ? Number(errorsArg.split('=')[1]) : 5;
const { loadConvAbuse, loadHateCheck, loadWikiIdentity } = await import('./datasets.ts');
const { buildMix } = await import('./mix.ts');

const model = new ToxicityModel(loadModel());
const fmt = (x: number): string => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));

interface Scored extends LabelledText {
  score: number;
}

function score(rows: readonly LabelledText[]): Scored[] {
  return rows.map((r) => ({ ...r, score: model.probability(r.text) }));
}

function line(name: string, rows: readonly Scored[]): string {
  const labels = rows.map((r) => r.label);
  const pos = labels.filter((l) => l === 1).length;
  const correct = rows.filter((r) => (r.score >= 0.5 ? 1 : 0) === r.label).length;
  const negatives = rows.filter((r) => r.label === 0);
  const fpr = negatives.filter((r) => r.score >= 0.5).length / Math.max(1, negatives.length);
  const { ece } = calibration(rows.map((r) => r.score), labels);
  return `${name.padEnd(34)} ${String(rows.length).padStart(6)} ${String(pos).padStart(6)}  AUC ${fmt(rocAuc(rows.map((r) => r.score), labels))}  acc ${fmt(correct / Math.max(1, rows.length))}  FPR ${negatives.length ? fmt(fpr) : '  -  '}  ECE ${fmt(ece)}`;
}

const HEADER = `${'set / slice'.padEnd(34)} ${'n'.padStart(6)} ${'toxic'.padStart(6)}`;

function table(title: string, rows: readonly Scored[], sliceOf?: (r: Scored) => string): void {
  console.log(`\n== ${title}`);
  console.log(HEADER);
  console.log(line('all', rows));
  if (!sliceOf) return;
  const slices = new Map<string, Scored[]>();
  for (const r of rows) {
    const key = sliceOf(r);
    const list = slices.get(key);
    if (list) list.push(r);
    else slices.set(key, [r]);
  }
  for (const key of [...slices.keys()].sort()) console.log(line(`  ${key}`, slices.get(key)!));
}

function errors(title: string, rows: readonly Scored[]): void {
  if (showErrors <= 0) return;
  const fp = rows.filter((r) => r.label === 0).sort((a, b) => b.score - a.score).slice(0, showErrors);
  const fn = rows.filter((r) => r.label === 1).sort((a, b) => a.score - b.score).slice(0, showErrors);
  console.log(`  ${title}: highest-scored non-toxic`);
  for (const r of fp) console.log(`    ${r.score.toFixed(3)} ${r.slice ? `[${r.slice}] ` : ''}${JSON.stringify(r.text.slice(0, 110))}`);
  console.log(`  ${title}: lowest-scored toxic`);
  for (const r of fn) console.log(`    ${r.score.toFixed(3)} ${r.slice ? `[${r.slice}] ` : ''}${JSON.stringify(r.text.slice(0, 110))}`);
}

const mix = buildMix();
const hatecheck = score(loadHateCheck());
table('HateCheck (evaluation only; hateful = toxic) by functionality', hatecheck, (r) => r.slice ?? '');
errors('HateCheck', hatecheck);

const madlibs = score(mix.heldOut.madlibs!);
table('bias madlibs (held-out eighth) by template', madlibs, (r) => (r.slice ?? '').split(':')[0]!);
console.log('\n== bias madlibs (held-out eighth) by identity term (target: AUC >= 0.95, FPR <= 0.10 per term)');
console.log(HEADER);
const byTerm = new Map<string, Scored[]>();
for (const r of madlibs) {
  const term = (r.slice ?? '').split(':')[1]!;
  if (term === '(occupation)') continue;
  byTerm.set(term, [...(byTerm.get(term) ?? []), r]);
}
let worstFpr = 0;
let worstAuc = 1;
for (const term of [...byTerm.keys()].sort()) {
  const rows = byTerm.get(term)!;
  const neg = rows.filter((r) => r.label === 0);
  worstFpr = Math.max(worstFpr, neg.filter((r) => r.score >= 0.5).length / Math.max(1, neg.length));
  const auc = rocAuc(rows.map((r) => r.score), rows.map((r) => r.label));
  if (!Number.isNaN(auc)) worstAuc = Math.min(worstAuc, auc);
  console.log(line(`  ${term}`, rows));
}
console.log(`worst identity term: FPR ${fmt(worstFpr)}, AUC ${fmt(worstAuc)}`);

const convabuseAll = score(loadConvAbuse().filter((r) => r.slice === 'test'));
table('ConvAbuse official test split (all rows, incl. texts also in train such as "fuck you")', convabuseAll);
table('ConvAbuse test split, texts not in training', score(mix.heldOut.convabuse!));
for (const name of ['davidson', 'surge', 'wiki-talk', 'jigsaw'] as const) table(`${name} held-out`, score(mix.heldOut[name]!));
const identity = score(loadWikiIdentity());
table('Wikipedia identity-term test set (evaluation only)', identity);
errors('Wikipedia identity', identity);

const benign = score(mix.heldOut['llm-answers']!);
table('benign ChatGPT answers (HaluEval, held-out half): FPR = share scored >= 0.5', benign);
errors('benign ChatGPT answers', benign);

console.log('\n== calibration on the held-out part of every data set used for fitting (target: ECE <= 0.05 each)');
console.log('   "perfect": ECE a perfectly calibrated scorer shows on these scores (mean, 90th percentile of 1,000 draws)');
console.log('   reliability: per score bin [lower, upper) rows, mean score / share toxic');
const fitted: Array<[string, readonly LabelledText[]]> = [
  ['davidson', mix.heldOut.davidson!], ['convabuse (test, all rows)', loadConvAbuse().filter((r) => r.slice === 'test')],
  ['convabuse (test, not in training)', mix.heldOut.convabuse!], ['surge', mix.heldOut.surge!], ['wiki-talk', mix.heldOut['wiki-talk']!],
  ['jigsaw', mix.heldOut.jigsaw!], ['madlibs', mix.heldOut.madlibs!], ['llm-answers (all non-toxic)', mix.heldOut['llm-answers']!],
];
for (const [name, rows] of fitted) {
  const scored = score(rows);
  const scores = scored.map((r) => r.score);
  const labels = scored.map((r) => r.label);
  const { ece, bins } = calibration(scores, labels);
  const perfect = eceUnderPerfectCalibration(scores, ece, 1000);
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(`${name.padEnd(34)} ${String(rows.length).padStart(6)}  toxic ${fmt(mean(labels))}  mean score ${fmt(mean(scores))}  ECE ${fmt(ece)}  perfect ${fmt(perfect.mean)} / ${fmt(perfect.p90)}  ${ece <= 0.05 ? 'ok' : 'MISS'}`);
  console.log(`  ${bins.filter((b) => b.count > 0).map((b) => `[${b.lower.toFixed(1)},${b.upper.toFixed(1)}) ${b.count}: ${b.meanScore.toFixed(2)}/${b.meanTarget.toFixed(2)}`).join('  ')}`);
}
