import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { PriceBook, type PriceEntry } from './match.ts';
import { BUILTIN_PRICES } from './prices.ts';
import type { ModelPrice } from './types.ts';

/**
 * The user price file (--prices FILE / LLMSCOPE_PRICES), YAML or JSON (JSON is read by the YAML parser,
 * so both get line numbers in errors):
 *
 *   models:
 *     my-finetune:                       # matched like built-in keys: exact, canonical, prefix
 *       input_per_mtok: 1.00             # USD per million tokens, required
 *       output_per_mtok: 2.00            # required
 *       cache_read_per_mtok: 0.10        # optional; default = input price
 *       cache_write_per_mtok: 1.25       # optional; default = input price
 *       reasoning_per_mtok: 2.00         # optional; default = output price
 *     azure.ai.openai/gpt-4o: {…}        # "<provider>/<model>": applies to that provider only
 *   aliases:
 *     my-azure-deployment: gpt-4o        # deployment or proxy name → a model in either table
 *
 * Entries here replace built-in entries of the same key; their cost source is 'override'.
 */
export interface PriceOverrides {
  models: Map<string, ModelPrice>;
  aliases: Map<string, string>;
}

export class PriceOverrideError extends Error {
  override name = 'PriceOverrideError';
  readonly problems: readonly string[];
  constructor(source: string, problems: readonly string[]) {
    super(`invalid price file ${source}:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

const PRICE_FIELDS = {
  input_per_mtok: 'input',
  output_per_mtok: 'output',
  cache_read_per_mtok: 'cacheRead',
  cache_write_per_mtok: 'cacheWrite',
  reasoning_per_mtok: 'reasoning',
} as const satisfies Record<string, keyof ModelPrice>;
const REQUIRED_FIELDS = ['input_per_mtok', 'output_per_mtok'] as const;
const TOP_LEVEL_KEYS = ['models', 'aliases'];
const MTOK = 1_000_000;

export async function loadPriceOverrides(path: string): Promise<PriceOverrides> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PriceOverrideError(path, [`cannot read the file: ${(e as Error).message}`]);
  }
  return parsePriceOverrides(text, path);
}

/** Validates and converts a price file; throws PriceOverrideError listing every problem with its line. */
export function parsePriceOverrides(text: string, source = 'prices'): PriceOverrides {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const problems: string[] = [];
  const at = (node: Node | null | undefined, message: string): void => {
    const offset = node?.range?.[0];
    problems.push(offset === undefined ? message : `line ${lines.linePos(offset).line}: ${message}`);
  };
  for (const e of doc.errors) problems.push(`line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  if (problems.length) throw new PriceOverrideError(source, problems);

  const models = new Map<string, ModelPrice>();
  const aliases = new Map<string, string>();
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { models, aliases };
  if (!isMap(root)) {
    at(root, 'the file must be a mapping with "models" and/or "aliases"');
    throw new PriceOverrideError(source, problems);
  }

  const aliasPairs: Array<{ pair: Pair; name: string; target: string }> = [];
  for (const pair of root.items as Pair[]) {
    const section = scalarKey(pair);
    if (section === 'models') readModels(pair, models, at);
    else if (section === 'aliases') readAliases(pair, aliasPairs, at);
    else at(pair.key as Node, `unknown top-level key "${section}" (expected ${TOP_LEVEL_KEYS.join(' or ')})`);
  }

  // Alias targets must name a model in the built-in table or in this file.
  const book = buildPriceBook({ models, aliases: new Map() });
  for (const { pair, name, target } of aliasPairs) {
    if (book.match('', target) === null) at(pair.value as Node, `aliases."${name}": target "${target}" matches no model in the built-in table or in models`);
    else aliases.set(name, target);
  }
  if (problems.length) throw new PriceOverrideError(source, problems);
  return { models, aliases };
}

type ReportAt = (node: Node | null | undefined, message: string) => void;

function readModels(section: Pair, into: Map<string, ModelPrice>, at: ReportAt): void {
  if (!isMap(section.value)) return at(section.value as Node, '"models" must be a mapping of model name → prices');
  for (const pair of section.value.items as Pair[]) {
    const name = scalarKey(pair).trim().toLowerCase();
    if (name === '') {
      at(pair.key as Node, 'models: empty model name');
      continue;
    }
    if (!isMap(pair.value)) {
      at((pair.value as Node) ?? (pair.key as Node), `models."${name}" must be a mapping of price fields`);
      continue;
    }
    const price: Partial<ModelPrice> = {};
    const seen = new Set<string>();
    for (const field of pair.value.items as Pair[]) {
      const fieldName = scalarKey(field);
      if (!(fieldName in PRICE_FIELDS)) {
        at(field.key as Node, `models."${name}": unknown field "${fieldName}" (expected ${Object.keys(PRICE_FIELDS).join(', ')})`);
        continue;
      }
      seen.add(fieldName);
      const value = isScalar(field.value) ? field.value.value : undefined;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        at((field.value as Node) ?? (field.key as Node), `models."${name}".${fieldName} must be a non-negative number, got ${describe(field.value)}`);
        continue;
      }
      price[PRICE_FIELDS[fieldName as keyof typeof PRICE_FIELDS]] = value / MTOK;
    }
    const missing = REQUIRED_FIELDS.filter((f) => !seen.has(f));
    if (missing.length) {
      at(pair.key as Node, `models."${name}": missing ${missing.join(' and ')}`);
      continue;
    }
    if (price.input !== undefined && price.output !== undefined) into.set(name, price as ModelPrice);
  }
}

function readAliases(section: Pair, into: Array<{ pair: Pair; name: string; target: string }>, at: ReportAt): void {
  if (!isMap(section.value)) return at(section.value as Node, '"aliases" must be a mapping of name → model');
  for (const pair of section.value.items as Pair[]) {
    const name = scalarKey(pair).trim().toLowerCase();
    const target = isScalar(pair.value) && typeof pair.value.value === 'string' ? pair.value.value.trim() : '';
    if (name === '' || target === '') {
      at((pair.value as Node) ?? (pair.key as Node), `aliases."${name}" must map a name to a model name, got ${describe(pair.value)}`);
      continue;
    }
    into.push({ pair, name, target });
  }
}

function scalarKey(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value ?? '') : '';
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isScalar(node)) return JSON.stringify(node.value);
  return isMap(node) ? 'a mapping' : 'a list';
}

/** The built-in table with the user's entries and aliases on top. */
export function buildPriceBook(overrides?: PriceOverrides): PriceBook {
  const entries = new Map<string, PriceEntry>();
  for (const [key, price] of Object.entries(BUILTIN_PRICES)) entries.set(key, { price, source: 'table' });
  if (overrides) for (const [key, price] of overrides.models) entries.set(key, { price, source: 'override' });
  return new PriceBook(entries, overrides?.aliases);
}
