/** Turns OTLP payloads into the exact JSONEachRow lines the collector would write (for the raw-engine baseline). */
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { Ingest } from '../../src/pipeline/ingest.ts';
import type { BatchWriter, WriteUnit } from '../../src/store/batch-writer.ts';
import { understandSpan } from '../../src/genai/understand.ts';
import { createPricer } from '../../src/pricing/pricer.ts';

export async function rowsFor(payloads: Uint8Array[]): Promise<Record<string, string[]>> {
  const units: WriteUnit[] = [];
  const capture = { hasCapacity: () => true, enqueue: (u: WriteUnit) => (units.push(u), true) } as unknown as BatchWriter;
  const ingest = new Ingest({ writer: capture, understand: understandSpan, price: await createPricer() });
  for (const p of payloads) ingest.accept(decodeTraceRequestProtobuf(p), 'default');
  const out: Record<string, string[]> = {};
  for (const u of units) for (const t in u.lines) if (u.lines[t]) (out[t] ??= []).push(String(u.lines[t]!));
  return out;
}
