import type { ScoreInput, ScoreResult } from './types.ts';

/** Messages between the collector and its scoring workers. */
export interface WorkerInit {
  scorers: string[];
  redact: Array<'pii' | 'secrets'>;
  /** Tests only: a module whose `scorer` export is added (fault injection for the watchdog). */
  faultInjectionScorer?: string;
}

export interface WorkerRequest {
  id: number;
  items: Array<ScoreInput & { strings: string[] }>;
}

export interface WorkerItemResult {
  results: ScoreResult[];
  /** Redacted input/output texts and strings (same order), present only when redaction is on. */
  inputText?: string;
  outputText?: string;
  contextText?: string;
  strings?: string[];
  /** Scorers that threw on this item (the item is kept, those scores stay NULL). */
  failed: string[];
}

export type WorkerResponse = { id: number; ok: true; items: WorkerItemResult[] } | { id: number; ok: false; error: string };
