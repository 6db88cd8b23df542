/**
 * Diagnostic companion of the fuzz run: which rows built from well-formed but hostile requests
 * (test/support/otlp-fuzz.ts semanticMutant: negative/fractional/huge token counts, NaN, lone
 * surrogates, control characters …) does ClickHouse refuse? Each request goes through the real
 * decode → validate → Ingest path; the rows Ingest hands to its writer are inserted into the
 * embedded store (refused chunks bisected down to single rows), and every distinct error is
 * printed with a count and an example row.
 * A refused row in the collector means a batch retried forever, so the expected output is 0 errors.
 *
 *   npx node bench/fuzz/rows.bench.ts [--requests 1000] [--seed 3]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrations.ts';
import type { BatchWriter, WriteUnit } from '../../src/store/batch-writer.ts';
import { Ingest } from '../../src/pipeline/ingest.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { createPricer } from '../../src/pricing/pricer.ts';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.ts';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { DecodeError } from '../../src/otlp/types.ts';
import { validateTraceRequest } from '../../src/otlp/validate.ts';
import { Rng, encodeJson, encodeProto, semanticMutant } from '../../test/support/otlp-fuzz.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '1000' }, seed: { type: 'string', default: '3' } } });
const dir = mkdtempSync(join(tmpdir(), 'llmscope-rows-bench-'));
const store = new EmbeddedStore(join(dir, 'data'));
await migrate(store, { database: 'llmscope', ttlDays: 30 });

// Stands in for the batch writer only to capture the rows of one request at a time.
const units: WriteUnit[] = [];
const capture = { hasCapacity: () => true, enqueue: (u: WriteUnit) => (units.push(u), true) } as unknown as BatchWriter;
const ingest = new Ingest({ writer: capture, understand: understandSpan, price: await createPricer() });

const rng = new Rng(Number(values.seed));
let id = 1n;
const errors = new Map<string, { count: number; example: string }>();
let requests = 0;
let rows = 0;
let refused = 0;
const started = performance.now();
const byTable: Record<string, string[]> = {};
for (let i = 0; i < Number(values.requests); i++) {
  const r = semanticMutant(rng, () => (id++).toString(16).padStart(16, '0'));
  let req;
  try {
    req = i % 2 ? decodeTraceRequestProtobuf(encodeProto(r)) : decodeTraceRequestJson(encodeJson(r));
  } catch (e) {
    if (e instanceof DecodeError) continue; // answered 400: fine
    throw e;
  }
  requests++;
  units.length = 0;
  ingest.accept(validateTraceRequest(req).accepted, 'default');
  for (const u of units) {
    for (const [table, text] of Object.entries(u.lines)) {
      for (const line of String(text).split('\n')) if (line) (byTable[table] ??= []).push(line);
    }
  }
}

/** Inserts lines; on refusal splits them in halves down to the single refused lines (chdb inserts cost ~20 ms). */
async function insertOrBisect(table: string, lines: string[]): Promise<void> {
  try {
    await store.insertJsonEachRow(`llmscope.${table}`, `${lines.join('\n')}\n`);
  } catch (e) {
    if (lines.length > 1) {
      const mid = lines.length >> 1;
      await insertOrBisect(table, lines.slice(0, mid));
      await insertOrBisect(table, lines.slice(mid));
      return;
    }
    refused++;
    const msg = String(e)
      .replace(/\(at row \d+\)[\s\S]*/, '')
      .replace(/before: '[\s\S]*/, '')
      .slice(0, 200);
    const key = `${table}: ${msg}`;
    const seen = errors.get(key);
    if (seen) seen.count++;
    else errors.set(key, { count: 1, example: lines[0]!.slice(0, 400) });
  }
}
for (const [table, lines] of Object.entries(byTable)) {
  rows += lines.length;
  for (let i = 0; i < lines.length; i += 64) await insertOrBisect(table, lines.slice(i, i + 64));
}
console.log(`rows bench: seed ${values.seed}, ${requests} decoded requests, ${rows} rows, ${refused} refused by ClickHouse, ${errors.size} distinct errors, ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const [k, v] of [...errors].sort((a, b) => b[1].count - a[1].count)) console.log(`\n${v.count} × ${k}\n  e.g. ${v.example}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
process.exitCode = refused === 0 ? 0 : 1;
