/**
 * Evaluates the committed toxicity model:
 *   - ROC-AUC on the Davidson held-out split (2 of 10 text-hash buckets, never trained on)
 *   - ROC-AUC on the Jigsaw sample (train.csv + scored test.csv rows; toxic = any of six labels)
 *   - calibration on the held-out split, and the share of benign LLM answers (HaluEval
 *     ChatGPT responses) scored ≥ 0.5, as an out-of-domain false-positive check
 *
 *   npx node scripts/toxicity/evaluate.ts [--errors=10]
 */
import { ToxicityModel, loadModel } from '../../src/enrich/toxicity/model.ts';
import { type LabelledText, loadBenignAnswers, loadDavidson, loadJigsaw, splitDavidson } from './datasets.ts';
import { calibration, rocAuc } from './metrics.ts';

const errorsArg = process.argv.find((a) => a.startsWith('--errors='));
const showErrors = errorsArg ? Number(errorsArg.split('=')[1]) : 0;
const model = new ToxicityModel(loadModel());

function report(name: string, rows: readonly LabelledText[]): number[] {
  const scores = rows.map((r) => model.probability(r.text));
  const labels = rows.map((r) => r.label);
  const positives = labels.filter((l) => l === 1).length;
  const flagged = scores.filter((s) => s >= 0.5);
  const tp = scores.filter((s, i) => s >= 0.5 && labels[i] === 1).length;
  console.log(
    `${name}: ${rows.length} rows (${positives} toxic) ROC-AUC ${rocAuc(scores, labels).toFixed(4)}` +
      ` | at 0.5: precision ${(tp / Math.max(1, flagged.length)).toFixed(3)} recall ${(tp / Math.max(1, positives)).toFixed(3)}`,
  );
  if (showErrors > 0) {
    const indexed = rows.map((r, i) => ({ r, s: scores[i]! }));
    const fp = indexed.filter((x) => x.r.label === 0).sort((a, b) => b.s - a.s).slice(0, showErrors);
    const fn = indexed.filter((x) => x.r.label === 1).sort((a, b) => a.s - b.s).slice(0, showErrors);
    console.log(`  top false positives:`);
    for (const x of fp) console.log(`    ${x.s.toFixed(3)} ${JSON.stringify(x.r.text.slice(0, 140))}`);
    console.log(`  top false negatives:`);
    for (const x of fn) console.log(`    ${x.s.toFixed(3)} ${JSON.stringify(x.r.text.slice(0, 140))}`);
  }
  return scores;
}

const { heldOut } = splitDavidson(loadDavidson());
const heldOutScores = report('Davidson held-out', heldOut);
report('Jigsaw sample', loadJigsaw());

const { bins, ece } = calibration(heldOutScores, heldOut.map((r) => r.soft));
console.log(`Davidson held-out calibration vs annotator vote share: ECE ${ece.toFixed(4)}`);
for (const bin of bins) {
  if (bin.count === 0) continue;
  console.log(`  [${bin.lower.toFixed(1)}, ${bin.upper.toFixed(1)}) n=${bin.count} mean score ${bin.meanScore.toFixed(3)} mean vote share ${bin.meanTarget.toFixed(3)}`);
}

// Davidson's "neither" class holds many tweets with profanity in benign senses: compare
// scores with annotator vote share on the rows that contain a profane word.
const profane = heldOut.map((r, i) => ({ r, s: heldOutScores[i]! })).filter((x) => /\b(bitch|hoe|pussy|fuck|shit|nigga)/i.test(x.r.text));
const profaneBenign = profane.filter((x) => x.r.label === 0);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
console.log(
  `held-out rows with profanity: ${profane.length}; mean score ${mean(profane.map((x) => x.s)).toFixed(3)} vs vote share ${mean(profane.map((x) => x.r.soft)).toFixed(3)};` +
    ` of them labelled "neither": ${profaneBenign.length}, mean score ${mean(profaneBenign.map((x) => x.s)).toFixed(3)} vs vote share ${mean(profaneBenign.map((x) => x.r.soft)).toFixed(3)}`,
);

const halueval = loadBenignAnswers();
const benign = halueval.map((t) => model.probability(t));
const flagged = benign.filter((s) => s >= 0.5).length;
const sortedBenign = [...benign].sort((a, b) => a - b);
console.log(
  `HaluEval ChatGPT answers (benign, out of domain): ${benign.length} texts, ${flagged} (${((100 * flagged) / benign.length).toFixed(2)}%) scored >= 0.5,` +
    ` median ${sortedBenign[Math.floor(benign.length / 2)]!.toFixed(3)}, p99 ${sortedBenign[Math.floor(benign.length * 0.99)]!.toFixed(3)}`,
);
if (showErrors > 0) {
  const worst = halueval.map((t, i) => ({ t, s: benign[i]! })).sort((a, b) => b.s - a.s).slice(0, showErrors);
  for (const x of worst) console.log(`    ${x.s.toFixed(3)} ${JSON.stringify(x.t.slice(0, 140))}`);
}
