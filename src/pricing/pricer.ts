import type { LlmCall } from '../genai/types.ts';
import { computeCost } from './cost.ts';
import type { PriceBook } from './match.ts';
import { buildPriceBook, loadPriceOverrides } from './overrides.ts';
import type { CostResult } from './types.ts';
import { UnpricedCounter } from './unpriced.ts';

/** Prices calls and counts the ones it could not price (by model), for /metrics. */
export type Pricer = ((call: LlmCall) => CostResult) & {
  readonly book: PriceBook;
  readonly unpriced: UnpricedCounter;
};

/** The collector's pricer: built-in table plus the optional override file (--prices / LLMSCOPE_PRICES). */
export async function createPricer(overridesPath?: string): Promise<Pricer> {
  const overrides = overridesPath ? await loadPriceOverrides(overridesPath) : undefined;
  return pricerFromBook(buildPriceBook(overrides));
}

export function pricerFromBook(book: PriceBook): Pricer {
  const unpriced = new UnpricedCounter();
  const price = (call: LlmCall): CostResult => {
    const cost = computeCost(call, book);
    if (!cost.priced) unpriced.record(call.provider, call.responseModel || call.requestModel);
    return cost;
  };
  return Object.assign(price, { book, unpriced });
}
