/**
 * Prints every accuracy figure of the hallucination scorer. Model weights were fitted on the training split
 * (scripts/hallucination/fit.ts), so the headline numbers are on the held-out split; all-rows numbers are
 * printed for reference only. Baseline: word overlap as described in the datasets' SOURCE.txt.
 *
 * ECE: expected calibration error of the calibrated P(not grounded) over 10 equal-width bins.
 *
 * Run: npx node scripts/hallucination/evaluate.ts [--data=DIR]
 */
import { hallucination } from '../../src/enrich/hallucination/index.ts';
import { loadBegin, loadDialFact, loadFactCheck, loadFaithDial, loadHaluEval, loadQ2, splitOf, type LabelledItem, type PairItem, type Split } from './datasets.ts';
import { overlapRisk, pairwise, rocAuc } from './metrics.ts';
import { calibration } from '../toxicity/metrics.ts';
import { syntheticPairs } from './perturb.ts';

const risk = (q: string, c: string, a: string): number => hallucination(q, c, a)!.score;
const fmt = (x: number): string => x.toFixed(3);
const inSplit = (split: Split | 'all') => (x: { group: string }) => split === 'all' || splitOf(x.group) === split;

function pairLine(label: string, pairs: readonly PairItem[]): string {
  const ours = pairwise(pairs.map((p) => risk(p.question, p.context, p.grounded)), pairs.map((p) => risk(p.question, p.context, p.hallucinated)));
  const base = pairwise(pairs.map((p) => overlapRisk(p.context, p.grounded)), pairs.map((p) => overlapRisk(p.context, p.hallucinated)));
  const half = (r: { accuracy: number; ties: number }): string => fmt(r.accuracy + r.ties / 2);
  return `${label.padEnd(52)} pairwise ${fmt(ours.accuracy)} (ties ${fmt(ours.ties)}, ties as ½: ${half(ours)})   overlap ${fmt(base.accuracy)} (ties as ½: ${half(base)})   n=${ours.n}`;
}

function aucLine(label: string, items: readonly LabelledItem[]): string {
  const labels = items.map((i) => i.unsupported);
  const scores = items.map((i) => risk(i.question, i.context, i.answer));
  const ours = rocAuc(scores, labels);
  const base = rocAuc(items.map((i) => overlapRisk(i.context, i.answer)), labels);
  const pos = labels.filter((l) => l === 1).length;
  const accuracy = scores.filter((x, k) => (x >= 0.5 ? 1 : 0) === labels[k]).length / Math.max(1, scores.length);
  const { ece } = calibration(scores, labels);
  return `${label.padEnd(52)} ROC-AUC  ${fmt(ours)}   overlap ${fmt(base)}   acc ${fmt(accuracy)}  ECE ${fmt(ece)}   n=${items.length} (${pos} unsupported)`;
}

/** One line for the whole set, then one per slice (subset). */
function sliceTable(title: string, items: readonly LabelledItem[]): void {
  console.log(aucLine(title, items));
  for (const subset of [...new Set(items.map((i) => i.subset))].sort()) console.log(aucLine(`  ${subset}`, items.filter((i) => i.subset === subset)));
}

function main(): void {
  const halu = loadHaluEval();
  const q2 = loadQ2();
  const dialfact = loadDialFact();
  const dialfactNei = loadDialFact(true);
  for (const split of ['test', 'all'] as const) {
    const f = inSplit(split);
    console.log(split === 'test' ? '== held-out split (60% of groups; weights never saw these)' : '\n== all rows (includes the 40% training split; reference only)');
    console.log(pairLine('HaluEval QA: right < hallucinated answer', halu.filter(f)));
    console.log(aucLine('Q2 WoW: inconsistent vs consistent, all', q2.filter(f)));
    for (const system of ['dodeca', 'memnet']) console.log(aucLine(`Q2 WoW: ${system}`, q2.filter(f).filter((i) => i.subset === system)));
    console.log(aucLine('DialFact: REFUTES vs SUPPORTS', dialfact.filter(f)));
    console.log(aucLine('DialFact: REFUTES+NEI vs SUPPORTS', dialfactNei.filter(f)));
  }
  console.log('\n== dialogue and claim sets (BEGIN: official test split; FaithDial, Factcheck-GPT: held-out 60% of groups)');
  console.log('-- BEGIN by source/generator');
  sliceTable('BEGIN test: not fully attributable vs attributable', loadBegin().filter((i) => i.split === 'test'));
  console.log('-- FaithDial by source/responder');
  sliceTable('FaithDial: hallucination (full or partial) vs entailed', loadFaithDial().filter(inSplit('test')));
  console.log('-- Factcheck-GPT by stance (each stance alone has one label; see the all-rows line)');
  sliceTable('Factcheck-GPT: not completely supported vs supported', loadFactCheck().filter(inSplit('test')));
  console.log('\n== synthetic minimal edits on held-out groups (perturbed must score higher; ties are errors)');
  const synth = syntheticPairs().filter(inSplit('test'));
  const kinds = [...new Set(synth.map((p) => p.kind))].sort();
  for (const kind of kinds) console.log(pairLine(`${kind} (all templates)`, synth.filter((p) => p.kind === kind)));
  for (const heldOut of [false, true]) {
    console.log(heldOut ? '-- templates held out from fitting and tuning' : '-- training templates (fitted on other groups)');
    const templates = [...new Set(synth.filter((p) => p.heldOut === heldOut).map((p) => `${p.kind}/${p.template}`))].sort();
    for (const t of templates) console.log(pairLine(`  ${t}`, synth.filter((p) => `${p.kind}/${p.template}` === t)));
  }
  console.log('-- by source of the grounded text');
  for (const source of [...new Set(synth.map((p) => p.source))].sort()) console.log(pairLine(`  ${source}`, synth.filter((p) => p.source === source)));
}

main();
