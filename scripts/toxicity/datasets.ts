/**
 * Labelled data for the toxicity model (attribution: each folder's SOURCE.txt and NOTICE):
 *   training (training side of each split): Davidson et al. 2017 (MIT), ConvAbuse (CC BY 4.0, official
 *   train split), Surge AI toxicity (MIT), Wikipedia talk toxicity in context (Apache-2.0, texts CC BY-SA),
 *   the Jigsaw sample (Detoxify fixtures), bias madlibs 77k (Apache-2.0, one eighth);
 *   evaluation only: HateCheck (CC BY 4.0) — never trained on — and the Wikipedia identity test set.
 * Splits are by a hash of a canonical text form, so duplicates share a side. Each loader reads from
 * LLMSCOPE_SHARED_DATA (default ../shared/data) and throws a clear error naming the missing file.
 */
import { readFileSync } from 'node:fs';
import { requireSharedData, SHARED_DATA } from '../shared-data.ts';
import { join } from 'node:path';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { parseCsvRecords } from '../csv.ts';

export interface LabelledText {
  text: string;
  /** 1 = toxic (Davidson: hate or offensive majority; Jigsaw: any of the six labels). */
  label: 0 | 1;
  /** Share of annotators who judged it toxic (Davidson); equals `label` for Jigsaw. */
  soft: number;
  /** Slice for per-slice tables (HateCheck functionality, madlibs identity term, ConvAbuse split …). */
  slice?: string;
}

export function sharedDataDir(): string {
  return SHARED_DATA;
}

export const HELD_OUT_BUCKETS = 2; // buckets 0 and 1 of 10
export const VALIDATION_BUCKET = 2; // inside the training side; used only for tuning

/** Canonical form used for the split and for de-duplication: lowercase letters and digits only. */
export function splitKey(text: string): string {
  return text.toLowerCase().replace(/&[#a-z0-9]+;/g, '').replace(/https?:\/\/\S+/g, '').replace(/[^a-z0-9]+/g, '');
}

export function splitBucket(text: string): number {
  return fnv1a(splitKey(text)) % 10;
}

export interface DavidsonSplit {
  train: LabelledText[];
  heldOut: LabelledText[];
}

export function loadDavidson(path = requireSharedData('davidson-hate-offensive', 'labeled_data.csv')): LabelledText[] {
  const records = parseCsvRecords(readFileSync(path, 'utf8'));
  const byKey = new Map<string, { text: string; soft: number; label: number; n: number }>();
  for (const record of records) {
    const count = Number(record.count);
    const toxicVotes = Number(record.hate_speech) + Number(record.offensive_language);
    const text = record.tweet ?? '';
    const key = splitKey(text);
    const label = record.class === '2' ? 0 : 1;
    const merged = byKey.get(key);
    if (merged) {
      merged.soft += toxicVotes / count;
      merged.label += label;
      merged.n++;
    } else byKey.set(key, { text, soft: toxicVotes / count, label, n: 1 });
  }
  return [...byKey.values()].map((m) => ({
    text: m.text,
    soft: m.soft / m.n,
    label: m.label / m.n >= 0.5 ? 1 : 0,
  }));
}

/** Davidson rows split 8/2 by text hash; duplicates are merged before splitting. */
export function splitDavidson(rows: LabelledText[] = loadDavidson()): DavidsonSplit {
  const train: LabelledText[] = [];
  const heldOut: LabelledText[] = [];
  for (const row of rows) (splitBucket(row.text) < HELD_OUT_BUCKETS ? heldOut : train).push(row);
  return { train, heldOut };
}

/** The labelled Jigsaw sample rows (train.csv and the scored rows of test.csv). Test-only. */
export function loadJigsaw(dir = requireSharedData('jigsaw-detoxify-sample')): LabelledText[] {
  const labels = ['toxic', 'severe_toxic', 'obscene', 'threat', 'insult', 'identity_hate'];
  const rows: LabelledText[] = [];
  for (const file of ['train.csv', 'test.csv']) {
    for (const record of parseCsvRecords(readFileSync(join(dir, file), 'utf8'))) {
      const values = labels.map((name) => Number(record[name]));
      if (values.some((v) => v < 0 || Number.isNaN(v))) continue; // -1: not scored in Kaggle
      const label = values.some((v) => v === 1) ? 1 : 0;
      rows.push({ text: record.comment_text ?? '', label, soft: label });
    }
  }
  return rows;
}

/**
 * ChatGPT answers from HaluEval's general_data.json (MIT): benign LLM output used only to
 * measure the false-positive rate out of domain (never trained on).
 */
export function loadBenignAnswers(path = requireSharedData('halueval', 'general_data.json')): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as { chatgpt_response?: unknown }).chatgpt_response ?? ''));
}

/** Reads a data file, or fails with a message that says what is missing and how to point at it. */
export function readData(...parts: string[]): string {
  return readFileSync(requireSharedData(...parts), 'utf8');
}

const binary = (label: string | undefined): 0 | 1 => (label === '1' ? 1 : 0);

/** ConvAbuse user messages to chatbots; `slice` is the official split (train / validation / test). */
export function loadConvAbuse(): LabelledText[] {
  return parseCsvRecords(readData('convabuse', 'convabuse.csv')).map((r) => {
    const votes = Number(r.n_abusive_votes) / Math.max(1, Number(r.n_annotators));
    return { text: r.text ?? '', label: binary(r.label), soft: Number.isFinite(votes) ? votes : binary(r.label), slice: r.split ?? '' };
  });
}

export function loadSurge(): LabelledText[] {
  return parseCsvRecords(readData('surge-ai-toxicity', 'surge_ai_toxicity.csv')).map((r) => ({ text: r.text ?? '', label: binary(r.label), soft: binary(r.label) }));
}

/** Wikipedia talk comments (about 2% toxic); `slice` is the source subset. */
export function loadWikiTalk(): LabelledText[] {
  return parseCsvRecords(readData('wiki-talk-context-toxicity', 'wiki_talk_context_toxicity.csv')).map((r) => ({
    text: r.text ?? '', label: binary(r.label), soft: binary(r.label), slice: r.subset ?? '',
  }));
}

/** Wikipedia talk comments that mention identity terms (evaluation only). */
export function loadWikiIdentity(): LabelledText[] {
  return parseCsvRecords(readData('wiki-toxicity-identity-testset', 'wiki_toxicity_nonfuzzed.csv')).map((r) => ({ text: r.text ?? '', label: binary(r.label), soft: binary(r.label) }));
}

/** The identity term a madlibs sentence is about (its template decides where it stands). */
export function madlibsTerm(text: string, template: string): string {
  const words = text.replace(/[.!?]+$/, '').split(/\s+/);
  if (template === 'name_adj' || template === 'you_are_adj') return words.slice(4).join(' ').toLowerCase();
  if (template === 'being_adj') return words.slice(1, words.indexOf('is')).join(' ').toLowerCase();
  if (template === 'verb_adj') return words.slice(1).join(' ').toLowerCase();
  if (template === 'am_hate_adj') return words.slice(2).join(' ').toLowerCase();
  return '(occupation)';
}

/** Bias madlibs templates; `slice` is `template:term`. */
export function loadMadlibs(): LabelledText[] {
  return parseCsvRecords(readData('bias-madlibs-77k', 'bias_madlibs_77k.csv')).map((r) => ({
    text: r.text ?? '', label: binary(r.label), soft: binary(r.label), slice: `${r.template}:${madlibsTerm(r.text ?? '', r.template ?? '')}`,
  }));
}

/** HateCheck functional tests (evaluation only, never training); `slice` is the functionality. */
export function loadHateCheck(): LabelledText[] {
  return parseCsvRecords(readData('hatecheck', 'hatecheck.csv')).map((r) => ({ text: r.text ?? '', label: binary(r.label), soft: binary(r.label), slice: r.functionality ?? '' }));
}

/** Madlibs are split in eighths by text hash: one trains, one calibrates, one is the evaluation sample. */
export function madlibsEighth(text: string): number {
  return fnv1a(`madlibs:${splitKey(text)}`) % 8;
}
