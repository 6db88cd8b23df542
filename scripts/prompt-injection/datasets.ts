/**
 * Labelled prompts for the prompt-injection model (see each SOURCE.txt in ../shared/data):
 *   deepset/prompt-injections (Apache-2.0): official train/test split; test is never trained on.
 *   jailbreak-benign-mix (MIT/Apache/CC0 components): no official split; attacks are grouped by
 *   attack method so validation holds out whole methods (leave-one-method-out), never rows.
 */
import { readFileSync } from 'node:fs';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { parseCsvRecords } from '../csv.ts';
import { matchPatterns, normalizeForPatterns } from '../../src/enrich/prompt-injection/patterns.ts';
import { sharedData } from '../shared-data.ts';

export interface Prompt {
  text: string;
  label: 0 | 1;
  dataset: 'deepset' | 'jailbreak' | 'counter';
  /** deepset: 'train' | 'test'. jailbreak: the attack method (label 1) or benign source (label 0). */
  group: string;
}

/** Hand-written benign counter-examples (see the file's header); trained on as jailbreak-mix benign rows. */
export function loadCounterExamples(): Prompt[] {
  return readFileSync(new URL('./benign-counterexamples.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((text) => ({ text, label: 0, dataset: 'counter', group: 'counterexample' }));
}

/**
 * deepset labels plain persona requests ("I want you to act as a storyteller …", copied from
 * awesome-chatgpt-prompts, alone or after a benign question) as injections, because its threat
 * model is a single-purpose QA bot.
 * llmscope's definition (issue 12) is that role-play is not an attack, so those rows — persona
 * request and nothing else — are left out of training. deepset test keeps its official labels.
 */
export function isPlainPersonaRequest(text: string): boolean {
  if (!/\b(?:i want you to )?act as an? /i.test(text)) return false;
  // Persona requests appended to a benign question ("… Who won? I want you to act as a linux
  // terminal …") count too, unless the text also uses an attack phrase.
  return matchPatterns(normalizeForPatterns(text)).hits.length === 0;
}

export function loadDeepset(): Prompt[] {
  return parseCsvRecords(readFileSync(sharedData('prompt-injections-deepset', 'data.csv'), 'utf8')).map((r) => ({
    text: r.text!,
    label: r.label === '1' ? 1 : 0,
    dataset: 'deepset',
    group: r.split!,
  }));
}

/** Attack methods of jailbreak-benign-mix; garak's small families are grouped (DAN-style, system-prompt extraction). */
export function attackMethod(category: string): string {
  if (category === 'dan_template' || category === 'autodan') return 'garak_dan';
  if (category.startsWith('sysprompt_extraction')) return 'garak_sysprompt';
  return category;
}

export function loadJailbreakMix(): Prompt[] {
  return parseCsvRecords(readFileSync(sharedData('jailbreak-benign-mix', 'data.csv'), 'utf8')).map((r) => ({
    text: r.text!,
    label: r.label === '1' ? 1 : 0,
    dataset: 'jailbreak',
    group: r.label === '1' ? attackMethod(r.category!) : r.category!,
  }));
}

/** The attack methods in a fixed order: one validation fold each. */
export function methodsOf(rows: readonly Prompt[]): string[] {
  return [...new Set(rows.filter((r) => r.label === 1).map((r) => r.group))].sort();
}

/**
 * Leave-one-method-out fold of a jailbreak-mix row: an attack's fold is its method; benign rows
 * are spread over the same number of folds by a hash of their text.
 */
export function jailbreakFold(row: Prompt, methods: readonly string[]): number {
  if (row.label === 1) return methods.indexOf(row.group);
  return fnv1a(row.text) % methods.length;
}

/** Cross-validation fold of a deepset training row (for calibration data only). */
export function deepsetFold(row: Prompt, folds: number): number {
  return fnv1a(row.text) % folds;
}
