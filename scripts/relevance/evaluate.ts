/**
 * Relevance figures on SelQA held-out questions (never trained on): ROC-AUC over all pairs, the
 * word-overlap baseline, MRR per question, calibration (ECE).
 *   npx node scripts/relevance/evaluate.ts
 */
import { relevance } from '../../src/enrich/relevance/relevance.ts';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { relevanceLogit, type RelevanceWeights } from '../../src/enrich/relevance/model.ts';
import { trainRelevance } from './experiment.ts';
import { relevanceFeatures } from '../../src/enrich/relevance/features.ts';
import { calibration, meanReciprocalRank, rocAuc } from '../learn/metrics.ts';
import type { Figure } from '../prompt-injection/evaluate.ts';
import { isHeldOut, loadSelqa } from './datasets.ts';

export function evaluateRelevance(print: (line: string) => void = console.log): Figure[] {
  const figures: Figure[] = [];
  const add = (name: string, value: number, target?: { min?: number; max?: number }) => {
    const f: Figure = { name, value };
    if (target?.min !== undefined) Object.assign(f, { target: `≥ ${target.min}`, met: value >= target.min });
    if (target?.max !== undefined) Object.assign(f, { target: `≤ ${target.max}`, met: value <= target.max });
    figures.push(f);
    const t = f.target ? `   target ${f.target}: ${f.met ? 'met' : 'NOT MET'}` : '';
    print(`  ${name.padEnd(58)} ${value.toFixed(4)}${t}`);
  };
  print('relevance');
  const held = loadSelqa().filter(isHeldOut);
  const scores = held.map((p) => relevance(p.question, p.answer) ?? 0);
  const labels = held.map((p) => p.label);
  const overlap = held.map((p) => relevanceFeatures(p.question, p.answer).dense[0]!);
  const questions = new Set(held.map((p) => p.qid)).size;
  add(`selqa held-out AUC (${questions} questions, ${held.length} pairs)`, rocAuc(scores, labels), { min: 0.92 });
  add('selqa held-out word-overlap AUC (baseline)', rocAuc(overlap, labels));
  const groups = new Map<string, Array<{ score: number; label: number }>>();
  held.forEach((p, i) => groups.set(p.qid, [...(groups.get(p.qid) ?? []), { score: scores[i]!, label: p.label }]));
  add('selqa held-out MRR per question', meanReciprocalRank([...groups.values()]));
  add('selqa held-out MRR, word-overlap baseline', meanReciprocalRank([...groups.entries()].map(([qid, g]) => {
    const idx = held.map((p, i) => (p.qid === qid ? i : -1)).filter((i) => i >= 0);
    return g.map((x, k) => ({ score: overlap[idx[k]!]!, label: x.label }));
  })));
  add('selqa held-out ECE', calibration(scores, labels).ece, { max: 0.05 });
  // Where it goes wrong: AUC by question type, and the share of misses that share no word with the question.
  const typeOf = (q: string) => (/\b(when|what year)\b/i.exec(q) ? 'when' : /\bhow (many|much)\b/i.exec(q) ? 'how many/much' : /\bwho\b/i.exec(q) ? 'who' : /\bwhere\b/i.exec(q) ? 'where' : /\bwhy|how\b/i.exec(q) ? 'why/how' : 'what/which/other');
  const byType = new Map<string, number[]>();
  held.forEach((p, i) => byType.set(typeOf(p.question), [...(byType.get(typeOf(p.question)) ?? []), i]));
  for (const [type, idx] of [...byType].sort()) {
    print(`    AUC for ${type.padEnd(16)} ${rocAuc(idx.map((i) => scores[i]!), idx.map((i) => labels[i]!)).toFixed(3)} (${idx.length} pairs)`);
  }
  const ranked = held.map((p, i) => ({ p, s: scores[i]! }));
  print('    most confident misses (relevant, lowest scores):');
  for (const x of ranked.filter((x) => x.p.label === 1).sort((u, v) => u.s - v.s).slice(0, 4)) {
    print(`      ${x.s.toFixed(2)}  Q ${JSON.stringify(x.p.question.slice(0, 70))}  A ${JSON.stringify(x.p.answer.slice(0, 90))}`);
  }
  print('    most confident false alarms (not relevant, highest scores):');
  for (const x of ranked.filter((x) => x.p.label === 0).sort((u, v) => v.s - u.s).slice(0, 4)) {
    print(`      ${x.s.toFixed(2)}  Q ${JSON.stringify(x.p.question.slice(0, 70))}  A ${JSON.stringify(x.p.answer.slice(0, 90))}`);
  }
  const misses = held.map((p, i) => ({ p, s: scores[i]! })).filter((x) => x.p.label === 1 && x.s < 0.2);
  const noOverlap = misses.filter((x) => relevanceFeatures(x.p.question, x.p.answer).dense[0]! === 0).length;
  print(`    relevant answers scored < 0.2: ${misses.length}; of those, sharing no content word with the question: ${noOverlap}`);
  // A steadier figure over all 785 questions: 5-fold cross-validation, folds by question.
  const all = loadSelqa();
  const cv = new Array<number>(all.length).fill(0);
  for (let k = 0; k < 5; k++) {
    const inFold = (qid: string) => fnv1a(qid) % 5 === k;
    const m = trainRelevance(all.filter((p) => !inFold(p.qid)));
    const w: RelevanceWeights = { bias: m.bias, dense: Float32Array.from(m.features.map((f) => m.weights[f]!)), pairs: Float32Array.from(m.pairWeights) };
    all.forEach((p, i) => {
      if (inFold(p.qid)) cv[i] = relevanceLogit(w, relevanceFeatures(p.question, p.answer));
    });
  }
  add(`selqa 5-fold CV by question AUC (785 questions, ${all.length} pairs)`, rocAuc(cv, all.map((p) => p.label)));
  add('selqa all-dev word-overlap AUC (baseline)', rocAuc(all.map((p) => relevanceFeatures(p.question, p.answer).dense[0]!), all.map((p) => p.label)));
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) evaluateRelevance();
