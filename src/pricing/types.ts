/** List prices in USD per token. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  /** Reasoning tokens are billed as output by every provider we know; set only if that changes. */
  reasoning?: number;
}

export interface CostResult {
  costUsd: number;
  /** false when no price was found: cost is 0 and the call counts as unpriced. */
  priced: boolean;
  /** 'table' | 'override' | 'provided' (cost already on the span) | 'cache_hit' (a response cache answered) | 'unpriced' */
  source: 'table' | 'override' | 'provided' | 'cache_hit' | 'unpriced';
  /** The price-table key that matched, '' when none. */
  matchedModel: string;
}
