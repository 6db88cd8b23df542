/** Counts calls that had usage but no price, by (provider, model), for /metrics. */
export interface UnpricedModelCount {
  provider: string;
  model: string;
  count: number;
}

/** Past this many distinct models, further ones are counted under OVERFLOW_MODEL (model names are client-chosen). */
const MAX_DISTINCT_MODELS = 1000;
export const OVERFLOW_MODEL = '_other';

export class UnpricedCounter {
  readonly #counts = new Map<string, UnpricedModelCount>();
  #total = 0;

  record(provider: string, model: string): void {
    this.#total++;
    const key = provider + '\u0000' + model;
    const existing = this.#counts.get(key);
    if (existing) {
      existing.count++;
      return;
    }
    if (this.#counts.size < MAX_DISTINCT_MODELS) {
      this.#counts.set(key, { provider, model, count: 1 });
      return;
    }
    const overflowKey = '\u0000' + OVERFLOW_MODEL;
    const overflow = this.#counts.get(overflowKey);
    if (overflow) overflow.count++;
    else this.#counts.set(overflowKey, { provider: '', model: OVERFLOW_MODEL, count: 1 });
  }

  get total(): number {
    return this.#total;
  }

  /** Most frequent first. */
  entries(): UnpricedModelCount[] {
    return [...this.#counts.values()].map((e) => ({ ...e })).sort((a, b) => b.count - a.count || (a.model < b.model ? -1 : 1));
  }
}
