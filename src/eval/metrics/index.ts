/**
 * The metrics `llmscope eval --metrics` accepts, and how each becomes an item value (eval_results)
 * and a run value (eval_runs.scores). BLEU, chrF and TER keep sacreBLEU's corpus statistics (summed
 * per item, O(1) memory) so the run value is the corpus score sacreBLEU would print; ROUGE, exact
 * match, perplexity and judge criteria report the mean of the item values.
 */
import { bleuFromStats, bleuSegmentStats, sumBleuStats, type BleuStats } from './bleu.ts';
import { chrfFromStats, chrfSegmentStats } from './chrf.ts';
import { terFromStats, terSegmentStats } from './ter.ts';
import { rougeMulti, type RougeType } from './rouge.ts';
import { JUDGE_CRITERIA, type JudgeCriterion } from '../../judge/prompts.ts';

export type MetricName = 'bleu' | 'chrf' | 'ter' | 'rouge1' | 'rouge2' | 'rougeL' | 'rougeLsum' | 'exact' | 'perplexity' | `judge:${JudgeCriterion}`;

export const REFERENCE_METRICS = ['bleu', 'chrf', 'ter', 'rouge1', 'rouge2', 'rougeL', 'rougeLsum', 'exact'] as const;

export class MetricError extends Error {
  override name = 'MetricError';
}

/** Parses `--metrics a,b,judge:x`; every unknown name is an error that lists what exists. */
export function parseMetrics(list: readonly string[]): MetricName[] {
  const out: MetricName[] = [];
  for (const raw of list) {
    const m = raw.trim();
    if (!m) continue;
    if (m.startsWith('judge:')) {
      const c = m.slice(6);
      if (!JUDGE_CRITERIA.includes(c as JudgeCriterion)) throw new MetricError(`unknown judge criterion "${c}" in --metrics (judge:${JUDGE_CRITERIA.join(', judge:')})`);
    } else if (!(REFERENCE_METRICS as readonly string[]).includes(m) && m !== 'perplexity') {
      throw new MetricError(`unknown metric "${m}" (known: ${[...REFERENCE_METRICS, 'perplexity', 'judge:<criterion>'].join(', ')})`);
    }
    if (!out.includes(m as MetricName)) out.push(m as MetricName);
  }
  if (out.length === 0) throw new MetricError('--metrics is empty');
  return out;
}

export function needsReferences(m: MetricName): boolean {
  return (REFERENCE_METRICS as readonly string[]).includes(m);
}

/** 1 when the prediction equals one of the references after trimming surrounding whitespace, else 0. */
export function exactMatch(prediction: string, references: readonly string[]): number {
  const p = prediction.trim();
  return references.some((r) => r.trim() === p) ? 1 : 0;
}

/** exp(−mean token log-probability) over the captured tokens; null without any. */
export function perplexity(logprobs: readonly number[] | undefined): number | null {
  if (!logprobs || logprobs.length === 0) return null;
  let s = 0;
  for (const x of logprobs) s += x;
  return Math.exp(-s / logprobs.length);
}

export interface ItemValue {
  value: number;
  detail: string;
}

/** Accumulates a run's value per metric while items stream by. */
export interface RunOptions {
  /** ROUGE with Porter stemming (rouge-score's use_stemmer). */
  rougeStemmer?: boolean;
}

export class RunAccumulator {
  readonly #o: RunOptions;

  constructor(o: RunOptions = {}) {
    this.#o = o;
  }

  #bleuSum: BleuStats | null = null;
  #chrf: number[] | null = null;
  #ter: [number, number] | null = null;
  readonly #sums = new Map<string, { sum: number; n: number }>();

  /** Reference metrics of one item: the sentence values, and the corpus statistics kept. */
  referenceItem(m: (typeof REFERENCE_METRICS)[number], prediction: string, references: readonly string[]): ItemValue {
    switch (m) {
      case 'bleu': {
        const s = bleuSegmentStats(prediction, references);
        this.#bleuSum = sumBleuStats(this.#bleuSum ? [this.#bleuSum, s] : [s]);
        const sent = bleuFromStats(s, { effectiveOrder: true });
        return { value: sent.score, detail: `bp=${round(sent.bp)} precisions=${sent.precisions.map(round).join('/')} sys_len=${s.sysLen} ref_len=${s.refLen}` };
      }
      case 'chrf': {
        const s = chrfSegmentStats(prediction, references);
        if (!this.#chrf) this.#chrf = new Array<number>(s.length).fill(0);
        for (let i = 0; i < s.length; i++) this.#chrf[i]! += s[i]!;
        return { value: chrfFromStats(s), detail: '' };
      }
      case 'ter': {
        const s = terSegmentStats(prediction, references);
        this.#ter ??= [0, 0];
        this.#ter[0] += s[0];
        this.#ter[1] += s[1];
        return { value: terFromStats(s), detail: `edits=${s[0]} ref_len=${round(s[1])}` };
      }
      case 'exact':
        return this.#mean('exact', { value: exactMatch(prediction, references), detail: '' });
      default: {
        const r = rougeMulti(m as RougeType, references, prediction, { useStemmer: this.#o.rougeStemmer ?? false });
        return this.#mean(m, { value: r.fmeasure, detail: `precision=${round(r.precision)} recall=${round(r.recall)}${r.truncated ? ' truncated' : ''}` });
      }
    }
  }

  /** Any other item value (perplexity, judge): the run reports the mean. */
  add(metric: string, v: ItemValue): ItemValue {
    return this.#mean(metric, v);
  }

  #mean(metric: string, v: ItemValue): ItemValue {
    const e = this.#sums.get(metric) ?? { sum: 0, n: 0 };
    e.sum += v.value;
    e.n++;
    this.#sums.set(metric, e);
    return v;
  }

  /** The run's value per metric (metrics without any item value are left out). */
  scores(): Record<string, number> {
    const out: Record<string, number> = {};
    if (this.#bleuSum) out.bleu = bleuFromStats(this.#bleuSum).score;
    if (this.#chrf) out.chrf = chrfFromStats(this.#chrf);
    if (this.#ter) out.ter = terFromStats(this.#ter);
    for (const [k, e] of this.#sums) if (e.n) out[k] = e.sum / e.n;
    return out;
  }
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
