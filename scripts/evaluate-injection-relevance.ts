/**
 * Every figure of issue 12 in one run: prompt_injection (deepset test, jailbreak-benign-mix
 * leave-one-method-out overall and per length quartile, calibration) and relevance (SelQA
 * held-out questions: AUC, MRR, calibration), each with its target.
 *   npx node scripts/evaluate-injection-relevance.ts
 */
import { evaluatePromptInjection } from './prompt-injection/evaluate.ts';
import { evaluateRelevance } from './relevance/evaluate.ts';

const started = performance.now();
const figures = [...evaluatePromptInjection(), ...evaluateRelevance()];
const targets = figures.filter((f) => f.target);
const missed = targets.filter((f) => !f.met);
console.log(`\n${targets.length - missed.length}/${targets.length} targets met${missed.length ? `; not met: ${missed.map((f) => f.name).join('; ')}` : ''} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
