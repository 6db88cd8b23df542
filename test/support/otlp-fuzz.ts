/**
 * OTLP/HTTP fuzzing support, shared by test/faults/fuzz.test.ts and bench/fuzz/fuzz.bench.ts:
 * a seeded PRNG, a small encoder of valid ExportTraceServiceRequests (protobuf and JSON), mutators
 * (bit flips, byte insert/delete, truncation, huge length prefixes, deep nesting, wrong content
 * types, gzip garbage and bombs) and a runner that POSTs mutants with valid requests (unique span
 * ids) interleaved, checking every answer.
 */
import { gzipSync } from 'node:zlib';

// ---- PRNG -------------------------------------------------------------------------------------

/** sfc32: small, fast, good enough for fuzzing; deterministic for a given seed. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.u32();
  }
  u32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }
  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i++) s += (this.u32() & 0xff).toString(16).padStart(2, '0');
    return s;
  }
}

// ---- request model ----------------------------------------------------------------------------

export type FuzzValue = string | number | boolean | bigint | Uint8Array | FuzzValue[] | { kv: Array<[string, FuzzValue]> };

export interface FuzzSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startNs: bigint;
  endNs: bigint;
  attributes: Array<[string, FuzzValue]>;
  events: Array<{ timeNs: bigint; name: string; attributes: Array<[string, FuzzValue]> }>;
  status: { code: number; message: string };
}

export interface FuzzRequest {
  serviceName: string;
  scopeName: string;
  spans: FuzzSpan[];
}

/** A valid request of n spans; span ids come from nextSpanId so they are unique across requests. */
export function validRequest(rng: Rng, serviceName: string, n: number, nextSpanId: () => string): FuzzRequest {
  const traceId = rng.hex(16).replace(/^0{32}$/, '1'.padStart(32, '0'));
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans: FuzzSpan[] = [];
  for (let i = 0; i < n; i++) {
    const start = now - BigInt(rng.range(1_000, 60_000)) * 1_000_000n;
    const genai = rng.chance(0.5);
    const attributes: Array<[string, FuzzValue]> = genai
      ? [
          ['gen_ai.operation.name', 'chat'],
          ['gen_ai.provider.name', rng.pick(['openai', 'anthropic'])],
          ['gen_ai.request.model', rng.pick(['gpt-4o', 'claude-sonnet-4-5'])],
          ['gen_ai.usage.input_tokens', rng.range(1, 5000)],
          ['gen_ai.usage.output_tokens', rng.range(1, 2000)],
          ['gen_ai.response.finish_reasons', ['stop']],
        ]
      : [
          ['http.route', '/api/x'],
          ['ratio', rng.int(1000) / 7],
          ['ok', rng.chance(0.5)],
          ['big', BigInt(rng.u32() >>> 1) * 4_294_967_296n],
          ['blob', rng.bytes(rng.int(8))],
          ['nested', { kv: [['a', [1, 'two', { kv: [['b', true]] }]]] }],
        ];
    spans.push({
      traceId,
      spanId: nextSpanId(),
      parentSpanId: i === 0 ? '' : spans[0]!.spanId,
      name: genai ? 'chat gpt-4o' : `op ${i} ✓`,
      kind: rng.int(6),
      startNs: start,
      endNs: start + BigInt(rng.range(1, 5_000)) * 1_000_000n,
      attributes,
      events: rng.chance(0.3) ? [{ timeNs: start + 1n, name: 'ev', attributes: [['k', 'v']] }] : [],
      status: { code: rng.int(3), message: rng.chance(0.2) ? 'boom' : '' },
    });
  }
  return { serviceName, scopeName: 'llmscope-fuzz', spans };
}

// ---- protobuf encoding ------------------------------------------------------------------------

const utf8 = new TextEncoder();

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function varint(v: number | bigint): Uint8Array {
  let x = BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return Uint8Array.from(out);
}

const tag = (field: number, wt: number) => varint((field << 3) | wt);
const lenField = (field: number, payload: Uint8Array | string) => {
  const b = typeof payload === 'string' ? utf8.encode(payload) : payload;
  return concat([tag(field, 2), varint(b.length), b]);
};
const varintField = (field: number, v: number | bigint) => concat([tag(field, 0), varint(v)]);
const fixed64 = (field: number, v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
  return concat([tag(field, 1), b]);
};
const doubleField = (field: number, v: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return concat([tag(field, 1), b]);
};
const hexBytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));

function anyValueProto(v: FuzzValue): Uint8Array {
  if (typeof v === 'string') return lenField(1, v);
  if (typeof v === 'boolean') return varintField(2, v ? 1 : 0);
  if (typeof v === 'bigint') return varintField(3, v);
  if (typeof v === 'number') return Number.isInteger(v) ? varintField(3, v) : doubleField(4, v);
  if (v instanceof Uint8Array) return lenField(7, v);
  if (Array.isArray(v)) return lenField(5, concat(v.map((x) => lenField(1, anyValueProto(x)))));
  return lenField(6, concat(v.kv.map(([k, x]) => lenField(1, keyValueProto(k, x)))));
}

function keyValueProto(k: string, v: FuzzValue): Uint8Array {
  return concat([lenField(1, k), lenField(2, anyValueProto(v))]);
}

export function encodeProto(r: FuzzRequest): Uint8Array {
  const spans = r.spans.map((s) =>
    lenField(
      2,
      concat([
        lenField(1, hexBytes(s.traceId)),
        lenField(2, hexBytes(s.spanId)),
        ...(s.parentSpanId ? [lenField(4, hexBytes(s.parentSpanId))] : []),
        lenField(5, s.name),
        varintField(6, s.kind),
        fixed64(7, s.startNs),
        fixed64(8, s.endNs),
        ...s.attributes.map(([k, v]) => lenField(9, keyValueProto(k, v))),
        ...s.events.map((e) => lenField(11, concat([fixed64(1, e.timeNs), lenField(2, e.name), ...e.attributes.map(([k, v]) => lenField(3, keyValueProto(k, v)))]))),
        lenField(15, concat([...(s.status.message ? [lenField(2, s.status.message)] : []), varintField(3, s.status.code)])),
      ]),
    ),
  );
  const resource = lenField(1, lenField(1, keyValueProto('service.name', r.serviceName)));
  const scopeSpans = lenField(2, concat([lenField(1, concat([lenField(1, r.scopeName), lenField(2, '1.0.0')])), ...spans]));
  return lenField(1, concat([resource, scopeSpans]));
}

// ---- JSON encoding ----------------------------------------------------------------------------

function anyValueJson(v: FuzzValue): unknown {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'bigint') return { intValue: v.toString() };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: v } : { doubleValue: Number.isFinite(v) ? v : String(v) };
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValueJson) } };
  return { kvlistValue: { values: v.kv.map(([key, x]) => ({ key, value: anyValueJson(x) })) } };
}

const kvJson = (a: Array<[string, FuzzValue]>) => a.map(([key, v]) => ({ key, value: anyValueJson(v) }));

export function encodeJson(r: FuzzRequest): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: kvJson([['service.name', r.serviceName]]) },
        scopeSpans: [
          {
            scope: { name: r.scopeName, version: '1.0.0' },
            spans: r.spans.map((s) => ({
              traceId: s.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: s.startNs.toString(),
              endTimeUnixNano: s.endNs.toString(),
              attributes: kvJson(s.attributes),
              events: s.events.map((e) => ({ timeUnixNano: e.timeNs.toString(), name: e.name, attributes: kvJson(e.attributes) })),
              status: { code: s.status.code, ...(s.status.message ? { message: s.status.message } : {}) },
            })),
          },
        ],
      },
    ],
  });
}

// ---- mutants ----------------------------------------------------------------------------------

export const PROTO = 'application/x-protobuf';
export const JSON_CT = 'application/json';

export interface FuzzInput {
  /** mutation family, for the per-kind report */
  kind: string;
  body: Uint8Array;
  headers: Record<string, string>;
}

function bitFlips(rng: Rng, b: Uint8Array): Uint8Array {
  const out = Uint8Array.from(b);
  const n = rng.range(1, 8);
  for (let i = 0; i < n && out.length > 0; i++) out[rng.int(out.length)]! ^= 1 << rng.int(8);
  return out;
}

function insertBytes(rng: Rng, b: Uint8Array): Uint8Array {
  const at = rng.int(b.length + 1);
  return concat([b.subarray(0, at), rng.bytes(rng.range(1, 16)), b.subarray(at)]);
}

function deleteBytes(rng: Rng, b: Uint8Array): Uint8Array {
  if (b.length === 0) return b;
  const at = rng.int(b.length);
  return concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.range(1, 16)))]);
}

function truncate(rng: Rng, b: Uint8Array): Uint8Array {
  return b.subarray(0, rng.int(b.length));
}

const HUGE_LENGTHS = [0x7fffffffn, 0xffffffffn, 0x1_0000_0000n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];

/** A length-delimited tag followed by an absurd length, inserted at a random place or at a real one. */
function hugeLength(rng: Rng, b: Uint8Array): Uint8Array {
  const len = rng.chance(0.2) ? Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01) : varint(rng.pick(HUGE_LENGTHS));
  const at = rng.chance(0.3) ? 0 : rng.int(b.length + 1);
  const field = rng.pick([1, 2, 5, 9, 11, 15]);
  if (at === 0 && rng.chance(0.5)) {
    // Replace the top-level length: tag 0x0a then the huge varint, then the original content.
    let i = 1;
    while (i < b.length && b[i]! & 0x80) i++;
    return concat([Uint8Array.of(0x0a), len, b.subarray(i + 1)]);
  }
  return concat([b.subarray(0, at), tag(field, 2), len, b.subarray(at)]);
}

/** AnyValue nested `depth` levels deep, in an attribute of an otherwise valid request. */
export function deepProto(rng: Rng, depth: number): Uint8Array {
  // Built inside out by lengths, then written once: concatenating level by level is quadratic.
  const leaf = lenField(1, 'leaf');
  const prefixes: Uint8Array[] = [];
  let size = leaf.length;
  for (let i = 0; i < depth; i++) {
    let prefix: Uint8Array;
    if (rng.chance(0.5)) {
      // ArrayValue { values = 1: AnyValue } inside AnyValue.array_value = 5
      const inner = concat([Uint8Array.of(0x0a), varint(size)]);
      prefix = concat([Uint8Array.of(0x2a), varint(inner.length + size), inner]);
    } else {
      // KeyValueList { values = 1: KeyValue { key = 1: "k", value = 2 } } inside kvlist_value = 6
      const kvHead = concat([Uint8Array.of(0x0a, 0x01, 0x6b, 0x12), varint(size)]);
      const list = concat([Uint8Array.of(0x0a), varint(kvHead.length + size), kvHead]);
      prefix = concat([Uint8Array.of(0x32), varint(list.length + size), list]);
    }
    prefixes.push(prefix);
    size += prefix.length;
  }
  const value = new Uint8Array(size);
  let off = 0;
  for (let i = prefixes.length - 1; i >= 0; i--) {
    value.set(prefixes[i]!, off);
    off += prefixes[i]!.length;
  }
  value.set(leaf, off);
  const span = lenField(
    2,
    concat([lenField(1, rng.bytes(16)), lenField(2, rng.bytes(8)), lenField(5, 'deep'), fixed64(7, 1n), lenField(9, concat([lenField(1, 'deep'), lenField(2, value)]))]),
  );
  return lenField(1, lenField(2, span));
}

export function deepJson(rng: Rng, depth: number): string {
  const shape = rng.int(3);
  if (shape === 0) return '['.repeat(depth) + ']'.repeat(depth);
  if (shape === 1) return `{"resourceSpans":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < Math.min(depth, 5000); i++) {
    if (i % 2 === 0) {
      open.push('{"arrayValue":{"values":[');
      close.push(']}}');
    } else {
      open.push('{"kvlistValue":{"values":[{"key":"k","value":');
      close.push('}]}}');
    }
  }
  const v = `${open.join('')}{"stringValue":"leaf"}${close.reverse().join('')}`;
  return `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${rng.hex(16)}","spanId":"${rng.hex(8)}","name":"deep","startTimeUnixNano":"1","attributes":[{"key":"deep","value":${v}}]}]}]}]}`;
}

const JSON_NOISE = ['{', '}', '[', ']', '"', ',', ':', '\\', '-', '0', '9', 'e', '1e999', 'null', 'true', '\u0000', '\ud800', '"\\u', ' ', '99999999999999999999999'];

/** Text-level mutations of JSON: delete/insert/replace tokens, change a number or a string. */
function mutateJsonText(rng: Rng, s: string): string {
  const ops = rng.range(1, 4);
  for (let k = 0; k < ops; k++) {
    const at = rng.int(s.length + 1);
    switch (rng.int(5)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + rng.range(1, 8));
        break;
      case 1:
        s = s.slice(0, at) + rng.pick(JSON_NOISE) + s.slice(at);
        break;
      case 2: {
        // Swap a value's type: "x" → 123, 123 → "x", true → {}.
        const m = /"[^"]*"|-?\d+(?:\.\d+)?|true|false/g;
        const all = [...s.matchAll(m)];
        if (all.length) {
          const hit = rng.pick(all);
          const repl = rng.pick(['123', '"x"', '{}', '[]', 'null', '-1', '1.5e308', '"ffff"', '"-5"', '18446744073709551616']);
          s = s.slice(0, hit.index) + repl + s.slice(hit.index! + hit[0].length);
        }
        break;
      }
      case 3:
        s = s.slice(0, at);
        break;
      default: {
        // Rename a key to a neighbour (snake/camel/unknown).
        const keys = [...s.matchAll(/"([a-zA-Z_]+)":/g)];
        if (keys.length) {
          const hit = rng.pick(keys);
          const repl = rng.pick(['"x":', '"resource_spans":', '"spans":', '"attributes":', '"value":', '"intValue":', '"traceId":', '"__proto__":']);
          s = s.slice(0, hit.index) + repl + s.slice(hit.index! + hit[0].length);
        }
      }
    }
  }
  return s;
}

const WRONG_TYPES = ['text/plain', 'application/xml', '', 'application/grpc', 'multipart/form-data; boundary=x', 'application/json-seq', 'application/x-protobufx', '*/*'];

export interface Seeds {
  proto: Uint8Array[];
  json: string[];
}

export function makeSeeds(rng: Rng, count: number): Seeds {
  let id = 0xf000_0000_0000;
  const nextId = () => (id++).toString(16).padStart(16, '0');
  const proto: Uint8Array[] = [];
  const json: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = validRequest(rng, 'zz-mutant-seed', rng.range(1, 6), nextId);
    proto.push(encodeProto(r));
    json.push(encodeJson(r));
  }
  return { proto, json };
}

/** Hostile values that are well-formed OTLP: what understand/price/store must survive. */
const HOSTILE: readonly FuzzValue[] = [
  -1,
  0,
  -(2 ** 31),
  2 ** 53 + 0.5,
  -9223372036854775808n,
  9223372036854775807n,
  1.5,
  -0.0,
  NaN,
  Infinity,
  -Infinity,
  1e308,
  '',
  '-5',
  'abc',
  '1e400',
  '18446744073709551616',
  'NaN',
  true,
  [],
  [1, 'x', true],
  { kv: [] },
  { kv: [['', '']] },
  Uint8Array.of(0xff, 0x00),
  'a\u0000b\n"\'\\',
  '\ud800',
  '😀'.repeat(50),
  'x'.repeat(70_000),
];
const HOSTILE_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.prompt_tokens',
  'gen_ai.usage.completion_tokens',
  'gen_ai.usage.cost',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.operation.name',
  'gen_ai.response.finish_reasons',
  'gen_ai.response.time_to_first_chunk',
  'gen_ai.request.temperature',
  'llm.token_count.prompt',
  'llm.token_count.completion',
  'llm.model_name',
  'ai.usage.inputTokens',
  'ai.usage.outputTokens',
  'user.id',
  'session.id',
  'deployment.environment.name',
  'service.name',
  '',
];

/** A well-formed request whose GenAI attributes, names and times hold hostile values. */
export function semanticMutant(rng: Rng, nextSpanId: () => string): FuzzRequest {
  const r = validRequest(rng, rng.chance(0.9) ? 'zz-mutant-seed' : (rng.pick(HOSTILE) as string), rng.range(1, 4), nextSpanId);
  if (typeof r.serviceName !== 'string') r.serviceName = 'zz-mutant-seed';
  for (const span of r.spans) {
    span.attributes = [
      ['gen_ai.operation.name', 'chat'],
      ['gen_ai.provider.name', rng.pick(['openai', 'anthropic', 'aws.bedrock'])],
      ['gen_ai.request.model', rng.pick(['gpt-4o', 'claude-sonnet-4-5', 'unknown-model'])],
    ];
    const n = rng.range(1, 6);
    for (let i = 0; i < n; i++) span.attributes.push([rng.pick(HOSTILE_KEYS), rng.pick(HOSTILE)]);
    if (rng.chance(0.2)) span.name = rng.pick(['', 'chat', '\u0000', 'x'.repeat(10_000)]);
    if (rng.chance(0.2)) span.endNs = span.startNs; // zero duration
    if (rng.chance(0.1)) span.endNs = BigInt(Date.now() + 86_000_000) * 1_000_000n; // just under a day ahead
    if (rng.chance(0.1)) span.status = { code: rng.pick([0, 1, 2, 3, 99, -1]), message: rng.pick(['', '\u0000', 'é'.repeat(1000)]) };
    if (rng.chance(0.1)) span.kind = rng.pick([6, 99, -1]);
    if (rng.chance(0.2)) span.events = [{ timeNs: rng.pick([0n, span.startNs, 2n ** 63n - 1n]), name: 'gen_ai.content.prompt', attributes: [[rng.pick(HOSTILE_KEYS), rng.pick(HOSTILE)]] }];
  }
  return r;
}

const bigBodies = new Map<string, Uint8Array>();
/** n zero bytes, or their gzip (a bomb); built once per size and shared. */
function bigBody(n: number, gzip: boolean): Uint8Array {
  const key = `${n}:${gzip}`;
  let b = bigBodies.get(key);
  if (!b) bigBodies.set(key, (b = gzip ? gzipSync(new Uint8Array(n), { level: 9 }) : new Uint8Array(n)));
  return b;
}

/** One mutated input. gzipBombBytes: decompressed size of gzip bombs (make it > the collector's body limit). */
export function mutant(rng: Rng, seeds: Seeds, gzipBombBytes: number, nextSpanId: () => string): FuzzInput {
  const p = rng.pick(seeds.proto);
  const j = utf8.encode(rng.pick(seeds.json));
  const roll = rng.int(110);
  if (roll >= 100) {
    const r = semanticMutant(rng, nextSpanId);
    return rng.chance(0.5)
      ? { kind: 'semantic-proto', body: encodeProto(r), headers: { 'content-type': PROTO } }
      : { kind: 'semantic-json', body: utf8.encode(encodeJson(r)), headers: { 'content-type': JSON_CT } };
  }
  const proto = (kind: string, body: Uint8Array): FuzzInput => ({ kind, body, headers: { 'content-type': PROTO } });
  const json = (kind: string, body: Uint8Array | string): FuzzInput => ({
    kind,
    body: typeof body === 'string' ? utf8.encode(body) : body,
    headers: { 'content-type': JSON_CT },
  });
  if (roll < 14) return proto('proto-bitflip', bitFlips(rng, p));
  if (roll < 22) return proto('proto-insert', insertBytes(rng, p));
  if (roll < 30) return proto('proto-delete', deleteBytes(rng, p));
  if (roll < 36) return proto('proto-truncate', truncate(rng, p));
  if (roll < 44) return proto('proto-huge-length', hugeLength(rng, p));
  if (roll < 47) return proto('proto-deep', deepProto(rng, rng.pick([33, 40, 100, 1000, 20_000])));
  if (roll < 50) return proto('proto-random', rng.bytes(rng.int(512)));
  if (roll < 62) return json('json-text', mutateJsonText(rng, new TextDecoder().decode(j)));
  if (roll < 68) return json('json-bitflip', bitFlips(rng, j));
  if (roll < 71) return json('json-truncate', truncate(rng, j));
  if (roll < 74) return json('json-deep', deepJson(rng, rng.pick([33, 100, 5000, 100_000])));
  if (roll < 76) return json('json-not-utf8', concat([j.subarray(0, 40), Uint8Array.of(0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80), j.subarray(40)]));
  if (roll < 81) {
    const body = rng.chance(0.5) ? p : j;
    return { kind: 'wrong-content-type', body, headers: { 'content-type': rng.pick(WRONG_TYPES) } };
  }
  if (roll < 84) return { kind: 'swapped-content-type', body: rng.chance(0.5) ? p : j, headers: { 'content-type': rng.chance(0.5) ? PROTO : JSON_CT } };
  if (roll < 89) {
    // gzip garbage: random bytes, a valid header with a corrupt body, a truncated stream.
    const gz = gzipSync(rng.chance(0.5) ? p : j);
    const choice = rng.int(3);
    const body = choice === 0 ? rng.bytes(rng.range(1, 200)) : choice === 1 ? bitFlips(rng, gz) : gz.subarray(0, rng.int(gz.length));
    return { kind: 'gzip-garbage', body, headers: { 'content-type': rng.chance(0.5) ? PROTO : JSON_CT, 'content-encoding': 'gzip' } };
  }
  if (roll < 91) return { kind: 'gzip-bomb', body: bigBody(gzipBombBytes, true), headers: { 'content-type': PROTO, 'content-encoding': 'gzip' } };
  if (roll < 93) return { kind: 'unknown-encoding', body: p, headers: { 'content-type': PROTO, 'content-encoding': rng.pick(['br', 'deflate', 'zstd', 'gzip, gzip', 'x-unknown']) } };
  if (roll < 95) return { kind: 'too-large', body: bigBody(gzipBombBytes, false), headers: { 'content-type': PROTO } };
  if (roll < 97) return { kind: 'empty', body: new Uint8Array(0), headers: { 'content-type': rng.chance(0.5) ? PROTO : JSON_CT } };
  if (roll < 99) {
    // A valid-looking gzip of a mutated protobuf: exercises decode after decompression.
    return { kind: 'gzip-mutant', body: gzipSync(bitFlips(rng, p)), headers: { 'content-type': PROTO, 'content-encoding': 'gzip' } };
  }
  return proto('proto-splice', concat([p.subarray(0, rng.int(p.length)), rng.pick(seeds.proto).subarray(rng.int(p.length))]));
}

// ---- runner -----------------------------------------------------------------------------------

export const ALLOWED_STATUSES: ReadonlySet<number> = new Set([200, 400, 413, 415, 429, 503]);

export interface FuzzReport {
  inputs: number;
  mutants: number;
  byStatus: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  validRequests: number;
  validSpans: number;
  /** Valid requests that needed a retry after 429/503. */
  validRetries: number;
  /** Problems: disallowed status, missing body, network error, timeout; first few kept. */
  failures: number;
  failureSamples: string[];
  ms: number;
}

export interface FuzzOptions {
  url: string;
  seed: number;
  /** Total inputs, valid ones included. */
  inputs: number;
  /** One valid request after every this many mutants. */
  validEvery: number;
  concurrency: number;
  /** Decompressed size of gzip bombs / size of too-large bodies (above the collector's maxBodyBytes). */
  oversizeBytes: number;
  timeoutMs?: number;
  /** Service name of the valid requests (what the caller counts in storage). */
  validService: string;
  /** First span id of the valid requests (hex counter; unique per run). */
  firstSpanId?: bigint;
  /** Called after every `progressEvery` inputs. */
  onProgress?: (report: FuzzReport) => void;
  progressEvery?: number;
  /**
   * Another OTLP route (logs, metrics): its path, seed bodies for the mutators, and its valid
   * requests (`items` = what the caller counts in storage). Default: /v1/traces.
   */
  route?: {
    path: string;
    seeds: Seeds;
    valid: (rng: Rng, nextId: () => string) => { proto: Uint8Array; json: string; items: number };
  };
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const rng = new Rng(o.seed);
  const seeds = o.route?.seeds ?? makeSeeds(rng, 24);
  const path = o.route?.path ?? '/v1/traces';
  let spanId = o.firstSpanId ?? 1n;
  const nextSpanId = () => (spanId++).toString(16).padStart(16, '0');
  let mutantSpanId = 0xe000_0000_0000_0000n + BigInt(o.seed >>> 0) * 0x1_0000_0000n;
  const nextMutantSpanId = () => (mutantSpanId++).toString(16).padStart(16, '0');
  const report: FuzzReport = {
    inputs: 0,
    mutants: 0,
    byStatus: {},
    byKind: {},
    validRequests: 0,
    validSpans: 0,
    validRetries: 0,
    failures: 0,
    failureSamples: [],
    ms: 0,
  };
  // Inputs are generated one at a time, in order, from the seeded PRNG (workers take them
  // synchronously), so a run is reproducible while sending is concurrent and memory stays flat.
  let generated = 0;
  const nextInput = (): { input: FuzzInput; spans: number } => {
    const i = generated++;
    if (i % (o.validEvery + 1) === o.validEvery) {
      const route = o.route;
      const r = route ? null : validRequest(rng, o.validService, rng.range(1, 8), nextSpanId);
      const v = route ? route.valid(rng, nextSpanId) : null;
      const asProto = rng.chance(0.5);
      let body: Uint8Array = v ? (asProto ? v.proto : utf8.encode(v.json)) : asProto ? encodeProto(r!) : utf8.encode(encodeJson(r!));
      const headers: Record<string, string> = { 'content-type': asProto ? PROTO : JSON_CT };
      if (rng.chance(0.3)) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      return { input: { kind: 'valid', body, headers }, spans: v ? v.items : r!.spans.length };
    }
    return { input: mutant(rng, seeds, o.oversizeBytes, nextMutantSpanId), spans: 0 };
  };

  const started = performance.now();
  const fail = (msg: string) => {
    report.failures++;
    if (report.failureSamples.length < 10) report.failureSamples.push(msg);
  };
  const worker = async () => {
    while (generated < o.inputs) {
      const { input, spans } = nextInput();
      for (let attempt = 0; ; attempt++) {
        const r = await post(o.url + path, input, o.timeoutMs ?? 15_000);
        if (typeof r === 'string') {
          fail(`${input.kind}: ${r}`);
          break;
        }
        const k = (report.byKind[input.kind] ??= {});
        k[r.status] = (k[r.status] ?? 0) + 1;
        report.byStatus[r.status] = (report.byStatus[r.status] ?? 0) + 1;
        if (!ALLOWED_STATUSES.has(r.status)) fail(`${input.kind}: status ${r.status}: ${r.text.slice(0, 200)}`);
        else if (r.status !== 200 && r.body.length === 0) fail(`${input.kind}: status ${r.status} without a body`);
        else if (r.contentType.startsWith(JSON_CT) && !isJson(r.text)) fail(`${input.kind}: status ${r.status}: JSON body does not parse: ${r.text.slice(0, 100)}`);
        if (input.kind !== 'valid') {
          report.mutants++;
          break;
        }
        if (r.status === 200) {
          report.validRequests++;
          report.validSpans += spans;
          break;
        }
        if ((r.status === 429 || r.status === 503) && attempt < 50) {
          report.validRetries++;
          await new Promise((res) => setTimeout(res, 50));
          continue;
        }
        fail(`valid request answered ${r.status}: ${r.text.slice(0, 200)}`);
        break;
      }
      report.inputs++;
      if (o.onProgress && report.inputs % (o.progressEvery ?? 10_000) === 0) {
        report.ms = performance.now() - started;
        o.onProgress(report);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  report.ms = performance.now() - started;
  return report;
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

async function post(
  url: string,
  input: FuzzInput,
  timeoutMs: number,
): Promise<{ status: number; body: Uint8Array; text: string; contentType: string } | string> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: input.headers,
      body: input.body as Uint8Array<ArrayBuffer>,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, body, text: new TextDecoder().decode(body), contentType: res.headers.get('content-type') ?? '' };
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.name}: ${err.message}${err.cause ? ` (${err.cause.message})` : ''}`;
  }
}
