/**
 * Labelled data for the toxicity model. Davidson et al. 2017 (MIT) is the only training
 * source; the Jigsaw sample (Detoxify fixtures, CC0/CC BY-SA) is test-only.
 * The Davidson split is by a hash of a canonical text form, so duplicates share a side.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fnv1a } from '../../src/enrich/text/fnv.ts';
import { parseCsvRecords } from '../csv.ts';

export interface LabelledText {
  text: string;
  /** 1 = toxic (Davidson: hate or offensive majority; Jigsaw: any of the six labels). */
  label: 0 | 1;
  /** Share of annotators who judged it toxic (Davidson); equals `label` for Jigsaw. */
  soft: number;
}

export function sharedDataDir(): string {
  return process.env.LLMSCOPE_SHARED_DATA ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url));
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

export function loadDavidson(path = join(sharedDataDir(), 'davidson-hate-offensive/labeled_data.csv')): LabelledText[] {
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
export function loadJigsaw(dir = join(sharedDataDir(), 'jigsaw-detoxify-sample')): LabelledText[] {
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
export function loadBenignAnswers(path = join(sharedDataDir(), 'halueval/general_data.json')): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => String((JSON.parse(line) as { chatgpt_response?: unknown }).chatgpt_response ?? ''));
}
