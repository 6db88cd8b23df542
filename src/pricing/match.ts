import type { ModelPrice } from './types.ts';

/**
 * Finds the price entry for a model name as instrumentations report it. Precedence, first hit wins:
 *   1. provider-scoped key "<provider>/<model>" (override files may price one host differently)
 *   2. user alias of the model name (raw, then canonical) → the alias target's entry
 *   3. exact key (lowercased name)
 *   4. exact key of the canonical name (see canonicalModelName)
 *   5. the longest key that is a prefix of the canonical name at a name boundary
 * Results are memoised per distinct (provider, model) so the hot path is one Map lookup.
 */

export interface PriceEntry {
  price: ModelPrice;
  source: 'table' | 'override';
}

export interface PriceMatch extends PriceEntry {
  /** The table key that matched. */
  key: string;
}

/** Bedrock cross-region inference profiles: us.anthropic.claude-…, eu.…, apac.…, global.… */
const BEDROCK_REGION_PREFIX = /^(?:us|eu|apac|us-gov|global|jp|au|ca)\./;
/** Bedrock model version: anthropic.claude-3-5-sonnet-20241022-v2:0, amazon.nova-pro-v1:0 */
const BEDROCK_VERSION_SUFFIX = /-v\d+(?::\d+)?$|:\d+$/;
/** Snapshot dates: -20241022, -2024-08-06 */
const DATE_SUFFIX = /-20\d{2}-?[01]\d-?[0-3]\d$/;
/** A remainder like "-6" after a key names another minor version (claude-opus-4-6 is not claude-opus-4). */
const OTHER_MINOR_VERSION = /^-[1-9]\d?(?:$|[-:@_])/;
const NAME_BOUNDARY = new Set(['-', ':', '@', '_']);

/** Lowercase; drop path prefixes, Vertex @version, Bedrock region/version/vendor, date and -latest suffixes. */
export function canonicalModelName(model: string): string {
  let s = model.trim().toLowerCase();
  const slash = s.lastIndexOf('/'); // openai/gpt-4o, models/gemini-2.5-pro, …/inference-profile/us.anthropic…
  if (slash >= 0) s = s.slice(slash + 1);
  const at = s.indexOf('@'); // Vertex: claude-sonnet-4-5@20250929
  if (at > 0) s = s.slice(0, at);
  s = s.replace(BEDROCK_REGION_PREFIX, '').replace(BEDROCK_VERSION_SUFFIX, '');
  if (s.startsWith('anthropic.')) s = s.slice('anthropic.'.length); // Claude on Bedrock is priced as Claude
  if (s.startsWith('claude')) s = s.replace(/(\d)\.(\d)/g, '$1-$2'); // OpenRouter: claude-3.5-sonnet
  if (s.startsWith('gpt-35-')) s = 'gpt-3.5-' + s.slice('gpt-35-'.length); // Azure spelling
  s = s.replace(DATE_SUFFIX, '');
  if (s.endsWith('-latest')) s = s.slice(0, -'-latest'.length);
  return s;
}

/** Bounds the memo: model names come from clients, so their number is not ours to choose. */
const MAX_MEMO_ENTRIES = 10_000;

export class PriceBook {
  readonly #entries: ReadonlyMap<string, PriceEntry>;
  readonly #aliases: ReadonlyMap<string, string>;
  /** Keys longest first, for the prefix rule. */
  readonly #prefixKeys: readonly string[];
  readonly #memo = new Map<string, PriceMatch | null>();

  /** Keys of entries and aliases must be lowercase; alias targets must be entry keys or resolvable names. */
  constructor(entries: ReadonlyMap<string, PriceEntry>, aliases: ReadonlyMap<string, string> = new Map()) {
    this.#entries = entries;
    this.#aliases = aliases;
    this.#prefixKeys = [...entries.keys()].filter((k) => !k.includes('/')).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Every priced model key with its entry (cost advice compares a call's tokens across them). */
  entries(): Array<[string, PriceEntry]> {
    return [...this.#entries];
  }

  match(provider: string, model: string): PriceMatch | null {
    const memoKey = provider + '\u0000' + model;
    const hit = this.#memo.get(memoKey);
    if (hit !== undefined) return hit;
    const found = this.#lookup(provider, model);
    if (this.#memo.size >= MAX_MEMO_ENTRIES) this.#memo.clear();
    this.#memo.set(memoKey, found);
    return found;
  }

  #lookup(provider: string, model: string): PriceMatch | null {
    const raw = model.trim().toLowerCase();
    if (raw === '') return null;
    if (provider !== '') {
      const scoped = this.#exact(`${provider.toLowerCase()}/${raw}`);
      if (scoped) return scoped;
    }
    const canonical = canonicalModelName(raw);
    const alias = this.#aliases.get(raw) ?? this.#aliases.get(canonical);
    if (alias !== undefined) {
      const target = this.#resolveName(alias.toLowerCase());
      if (target) return target;
    }
    return this.#resolveName(raw, canonical);
  }

  #resolveName(raw: string, canonical: string = canonicalModelName(raw)): PriceMatch | null {
    return this.#exact(raw) ?? this.#exact(canonical) ?? this.#longestPrefix(canonical);
  }

  #exact(key: string): PriceMatch | null {
    const entry = this.#entries.get(key);
    return entry ? { key, price: entry.price, source: entry.source } : null;
  }

  #longestPrefix(name: string): PriceMatch | null {
    for (const key of this.#prefixKeys) {
      if (key.length >= name.length || !name.startsWith(key)) continue;
      if (!NAME_BOUNDARY.has(name[key.length]!)) continue;
      if (OTHER_MINOR_VERSION.test(name.slice(key.length))) continue;
      return this.#exact(key);
    }
    return null;
  }
}
