/**
 * OTLP trace decode throughput on a realistic 200-span request (see payload.ts).
 *   npx node bench/decode/decode.bench.ts [rounds]
 * Baselines, measured in the same run on the same bytes:
 *   protobuf — protobufjs reflection decoding (Root built from test/otlp/fixtures/otlp-trace.proto),
 *              both bare (`Type.decode`, its own message objects) and converted to our decoded shape;
 *   JSON     — bare `JSON.parse` of the JS exporter's JSON body (the floor for any JSON decoder).
 * Prints the median over rounds of spans/s, and ratios ours / baseline.
 */
import { deepEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import protobuf from 'protobufjs';
import { decodeTraceRequestProtobuf } from '../../src/otlp/decode-protobuf.ts';
import { decodeTraceRequestJson } from '../../src/otlp/decode-json.ts';
import type { AttrMap, AttrValue, ExportTraceRequest } from '../../src/otlp/types.ts';
import { makeBenchPayload } from './payload.ts';

const rounds = Number(process.argv[2] ?? 15);
const payload = await makeBenchPayload(200);

const root = protobuf.parse(readFileSync(new URL('../../test/otlp/fixtures/otlp-trace.proto', import.meta.url), 'utf8'), { keepCase: true }).root;
const RequestType = root.lookupType('otlp.ExportTraceServiceRequest');

// ---- protobufjs-based decoder producing the same shape as ours --------------------------------
type PbLong = { low: number; high: number; unsigned: boolean } | number;
type PbAny = {
  string_value?: string; bool_value?: boolean; int_value?: PbLong; double_value?: number;
  array_value?: { values: PbAny[] }; kvlist_value?: { values: PbKv[] }; bytes_value?: Uint8Array; value?: string;
};
type PbKv = { key: string; value?: PbAny };

const hex = (b: Uint8Array | undefined) => (b && b.length ? Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex') : '');
const u64 = (v: PbLong | undefined): bigint =>
  v === undefined ? 0n : typeof v === 'number' ? BigInt(v) : (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
function i64(v: PbLong): number | bigint {
  if (typeof v === 'number') return v;
  const big = BigInt.asIntN(64, (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
  return big >= -(2n ** 53n - 1n) && big <= 2n ** 53n - 1n ? Number(big) : big;
}
function anyValue(v: PbAny | undefined): AttrValue {
  if (!v) return null;
  switch (v.value) {
    case 'string_value': return v.string_value!;
    case 'bool_value': return v.bool_value!;
    case 'int_value': return i64(v.int_value!);
    case 'double_value': return v.double_value!;
    case 'array_value': return v.array_value!.values.map(anyValue);
    case 'kvlist_value': return attrs(v.kvlist_value!.values);
    case 'bytes_value': return new Uint8Array(v.bytes_value!);
    default: return null;
  }
}
function attrs(list: PbKv[] | undefined): AttrMap {
  const out: AttrMap = Object.create(null);
  if (list) for (const kv of list) out[kv.key] = anyValue(kv.value);
  return out;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function protobufjsToShape(msg: any): ExportTraceRequest {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    resourceSpans: (msg.resource_spans ?? []).map((rs: any) => ({
      resource: { attributes: attrs(rs.resource?.attributes), droppedAttributesCount: rs.resource?.dropped_attributes_count ?? 0 },
      schemaUrl: rs.schema_url ?? '',
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      scopeSpans: (rs.scope_spans ?? []).map((ss: any) => ({
        scope: { name: ss.scope?.name ?? '', version: ss.scope?.version ?? '', attributes: attrs(ss.scope?.attributes), droppedAttributesCount: ss.scope?.dropped_attributes_count ?? 0 },
        schemaUrl: ss.schema_url ?? '',
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        spans: (ss.spans ?? []).map((s: any) => ({
          traceId: hex(s.trace_id), spanId: hex(s.span_id), parentSpanId: hex(s.parent_span_id), traceState: s.trace_state ?? '',
          flags: s.flags ?? 0, name: s.name ?? '', kind: s.kind ?? 0,
          startTimeUnixNano: u64(s.start_time_unix_nano), endTimeUnixNano: u64(s.end_time_unix_nano),
          attributes: attrs(s.attributes), droppedAttributesCount: s.dropped_attributes_count ?? 0,
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          events: (s.events ?? []).map((e: any) => ({ timeUnixNano: u64(e.time_unix_nano), name: e.name ?? '', attributes: attrs(e.attributes), droppedAttributesCount: e.dropped_attributes_count ?? 0 })),
          droppedEventsCount: s.dropped_events_count ?? 0,
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          links: (s.links ?? []).map((l: any) => ({ traceId: hex(l.trace_id), spanId: hex(l.span_id), traceState: l.trace_state ?? '', attributes: attrs(l.attributes), droppedAttributesCount: l.dropped_attributes_count ?? 0, flags: l.flags ?? 0 })),
          droppedLinksCount: s.dropped_links_count ?? 0,
          status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
        })),
      })),
    })),
  };
}

// ---- harness ----------------------------------------------------------------------------------
interface Case { name: string; run: () => unknown }
const cases: Case[] = [
  { name: 'ours protobuf', run: () => decodeTraceRequestProtobuf(payload.protobuf) },
  { name: 'protobufjs decode (bare)', run: () => RequestType.decode(payload.protobuf) },
  { name: 'protobufjs decode + to shape', run: () => protobufjsToShape(RequestType.decode(payload.protobuf)) },
  { name: 'ours JSON', run: () => decodeTraceRequestJson(payload.json) },
  { name: 'JSON.parse (bare)', run: () => JSON.parse(payload.json) },
];

// The comparison is only meaningful if the decoders agree.
const ours = decodeTraceRequestProtobuf(payload.protobuf);
deepEqual(protobufjsToShape(RequestType.decode(payload.protobuf)), ours);
deepEqual(decodeTraceRequestJson(payload.json), ours);

const ITER = 20;
let sink = 0;
for (const c of cases) for (let i = 0; i < 300; i++) sink += c.run() ? 1 : 0; // warm up (JIT)

const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let r = 0; r < rounds; r++) {
  for (const c of cases) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < ITER; i++) sink += c.run() ? 1 : 0;
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    samples.get(c.name)!.push((ITER * payload.spans) / seconds);
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const med = new Map([...samples].map(([k, v]) => [k, median(v)]));

console.log(`payload: ${payload.spans} spans (${payload.genaiSpans} GenAI), protobuf ${payload.protobuf.length} B, JSON ${payload.json.length} B; ${rounds} rounds × ${ITER} decodes; node ${process.version}`);
for (const c of cases) console.log(`${c.name.padEnd(30)} ${Math.round(med.get(c.name)!).toLocaleString('en-US').padStart(12)} spans/s`);
const ratio = (a: string, b: string) => (med.get(a)! / med.get(b)!).toFixed(2);
console.log(`ratio ours protobuf / protobufjs bare:      ${ratio('ours protobuf', 'protobufjs decode (bare)')}x`);
console.log(`ratio ours protobuf / protobufjs + shape:   ${ratio('ours protobuf', 'protobufjs decode + to shape')}x`);
console.log(`ratio ours JSON / bare JSON.parse:          ${ratio('ours JSON', 'JSON.parse (bare)')}x`);
console.log(`ratio ours protobuf / ours JSON:            ${ratio('ours protobuf', 'ours JSON')}x`);
if (sink < 0) console.log(sink);
