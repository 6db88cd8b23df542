/**
 * The evaluation dataset: JSONL, one item per line —
 * `{"id"?, "input"?, "prediction"?, "references": [..] | "reference": "..", "context"?, "logprobs"?: [..]}`.
 * Lines are read as a stream (memory bounded by one line); a bad line becomes a LineError naming
 * its line number and the others are still evaluated.
 */
import { createReadStream } from 'node:fs';

export const DATASET_LIMITS = {
  /** Longest line, in bytes. */
  lineBytes: 8 * 1024 * 1024,
  /** Longest prediction or reference, in characters. */
  textChars: 256 * 1024,
  /** Longest input or context (sent to the model or the judge), in characters. */
  inputChars: 1024 * 1024,
  references: 32,
  logprobs: 1_000_000,
  idChars: 256,
};

export interface DatasetItem {
  /** 1-based line number. */
  line: number;
  id: string;
  input: string;
  context: string;
  prediction: string | null;
  references: string[];
  logprobs?: number[];
  /** Set for stored calls (--from-calls). */
  traceId?: string;
  spanId?: string;
  model?: string;
  promptVersion?: string;
}

export interface LineError {
  line: number;
  error: string;
}

const FIELDS = new Set(['id', 'input', 'prediction', 'references', 'reference', 'context', 'logprobs']);

export class ItemError extends Error {
  override name = 'ItemError';
}

function text(o: Record<string, unknown>, key: string, max: number): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw new ItemError(`"${key}" must be a string`);
  if (v.length > max) throw new ItemError(`"${key}" is longer than ${max} characters`);
  return v;
}

/** Validates one parsed line. */
export function parseItem(line: number, raw: unknown): DatasetItem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ItemError('not a JSON object');
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!FIELDS.has(k)) throw new ItemError(`unknown field ${JSON.stringify(k.slice(0, 64))} (fields: ${[...FIELDS].join(', ')})`);
  let id = '';
  if (typeof o.id === 'number' && Number.isFinite(o.id)) id = String(o.id);
  else if (o.id !== undefined && o.id !== null) id = text(o, 'id', DATASET_LIMITS.idChars) ?? '';
  if (o.references !== undefined && o.reference !== undefined) throw new ItemError('give "references" or "reference", not both');
  let references: string[] = [];
  if (o.references !== undefined) {
    if (!Array.isArray(o.references) || o.references.some((r) => typeof r !== 'string')) throw new ItemError('"references" must be an array of strings');
    if (o.references.length > DATASET_LIMITS.references) throw new ItemError(`more than ${DATASET_LIMITS.references} references`);
    references = o.references as string[];
    for (const r of references) if (r.length > DATASET_LIMITS.textChars) throw new ItemError(`a reference is longer than ${DATASET_LIMITS.textChars} characters`);
  } else {
    const r = text(o, 'reference', DATASET_LIMITS.textChars);
    if (r !== null) references = [r];
  }
  let logprobs: number[] | undefined;
  if (o.logprobs !== undefined && o.logprobs !== null) {
    if (!Array.isArray(o.logprobs) || o.logprobs.length > DATASET_LIMITS.logprobs || o.logprobs.some((x) => typeof x !== 'number' || !Number.isFinite(x) || x > 0))
      throw new ItemError(`"logprobs" must be an array of at most ${DATASET_LIMITS.logprobs} finite numbers <= 0`);
    logprobs = o.logprobs as number[];
  }
  const prediction = text(o, 'prediction', DATASET_LIMITS.textChars);
  const input = text(o, 'input', DATASET_LIMITS.inputChars) ?? '';
  return { line, id, input, context: text(o, 'context', DATASET_LIMITS.inputChars) ?? '', prediction, references, ...(logprobs ? { logprobs } : {}) };
}

/**
 * The dataset's items and line errors in line order. Blank lines are skipped; a line longer than
 * DATASET_LIMITS.lineBytes is reported and skipped without being held in memory.
 */
export async function* readDataset(path: string): AsyncGenerator<DatasetItem | LineError> {
  const stream = createReadStream(path);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  let line = 0;
  const finish = (): DatasetItem | LineError | null => {
    line++;
    const buf = Buffer.concat(parts);
    parts = [];
    size = 0;
    if (tooLong) {
      tooLong = false;
      return { line, error: `line is longer than ${DATASET_LIMITS.lineBytes} bytes` };
    }
    let s: string;
    try {
      s = decoder.decode(buf);
    } catch {
      return { line, error: 'line is not valid UTF-8' };
    }
    if (s.trim() === '') return null;
    let raw: unknown;
    try {
      raw = JSON.parse(s);
    } catch (e) {
      return { line, error: `not valid JSON: ${(e as Error).message}` };
    }
    try {
      return parseItem(line, raw);
    } catch (e) {
      if (e instanceof ItemError) return { line, error: e.message };
      throw e;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      take(chunk.subarray(start, nl));
      const r = finish();
      if (r) yield r;
      start = nl + 1;
    }
    take(chunk.subarray(start));
  }
  if (size > 0 || tooLong) {
    const r = finish();
    if (r) yield r;
  }

  function take(b: Buffer): void {
    if (tooLong || b.length === 0) return;
    if (size + b.length > DATASET_LIMITS.lineBytes) {
      tooLong = true;
      parts = [];
      size = 0;
      return;
    }
    parts.push(Buffer.from(b));
    size += b.length;
  }
}

export function isLineError(x: DatasetItem | LineError): x is LineError {
  return 'error' in x;
}
