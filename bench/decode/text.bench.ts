/**
 * The text paths inside the protobuf decoder, measured against the obvious alternatives:
 *   strings: TextDecoder vs Buffer utf8Slice vs the ASCII string cache (on repeated attribute keys/values);
 *   ids:     a 256-entry hex lookup table (string concatenation) vs Buffer hexSlice.
 *   npx node bench/decode/text.bench.ts
 * Prints the median ns per string/id over rounds and ratios against the TextDecoder / table baselines.
 */
import { cachedAsciiString } from '../../src/otlp/ascii-string-cache.ts';
import { textSlicerFor } from '../../src/otlp/node-buffer-text.ts';

const WORDS = [
  'gen_ai.usage.input_tokens', 'gen_ai.request.model', 'gpt-4o-mini-2024-07-18', 'chat', 'service.name',
  'http.response.status_code', 'openai', 'gen_ai.response.finish_reasons', 'stop', 'gen_ai.request.max_tokens',
  'server.address', 'api.openai.com', 'db.query.text', 'user.id', 'session.id', 'llmscope.prompt.version',
];
const encoded = WORDS.map((w) => new TextEncoder().encode(w));
const bytes = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
const offsets: number[] = [];
let at = 0;
for (const e of encoded) {
  offsets.push(at);
  bytes.set(e, at);
  at += e.length;
}
const slicer = textSlicerFor(bytes);
const decoder = new TextDecoder('utf-8', { fatal: false });

const ids = new Uint8Array(16 * 64);
for (let i = 0; i < ids.length; i++) ids[i] = (i * 131 + 17) & 255;
const idSlicer = textSlicerFor(ids);
const HEX_TABLE: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
function hexByTable(start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX_TABLE[ids[i]];
  return s;
}

type StrFn = (start: number, end: number) => string;
const stringCases: [string, StrFn][] = [
  ['TextDecoder.decode', (s, e) => decoder.decode(bytes.subarray(s, e))],
  ['Buffer utf8Slice', (s, e) => slicer.utf8(s, e)],
  ['ASCII string cache', (s, e) => cachedAsciiString(bytes, slicer, s, e) ?? slicer.utf8(s, e)],
];
const idCases: [string, StrFn][] = [
  ['hex lookup table', hexByTable],
  ['Buffer hexSlice', (s, e) => idSlicer.hex(s, e)],
];

let sink = 0;
function nsPer(fn: StrFn, count: number, each: (fn: StrFn) => void): number {
  const t0 = process.hrtime.bigint();
  each(fn);
  return Number(process.hrtime.bigint() - t0) / count;
}
const REPS = 20_000;
const strLoop = (fn: StrFn) => {
  for (let r = 0; r < REPS; r++) for (let k = 0; k < offsets.length; k++) sink += fn(offsets[k], offsets[k] + encoded[k].length).charCodeAt(0);
};
const idLoop = (fn: StrFn) => {
  for (let r = 0; r < REPS; r++) for (let k = 0; k < 64; k++) sink += fn(k * 16, k * 16 + 16).charCodeAt(31);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const results = new Map<string, number[]>();
for (let round = 0; round < 9; round++) {
  for (const [name, fn] of stringCases) (results.get(name) ?? results.set(name, []).get(name)!).push(nsPer(fn, REPS * offsets.length, strLoop));
  for (const [name, fn] of idCases) (results.get(name) ?? results.set(name, []).get(name)!).push(nsPer(fn, REPS * 64, idLoop));
}
const med = (name: string) => median(results.get(name)!.slice(2)); // first rounds are JIT warm-up
console.log(`node ${process.version}; ${WORDS.length} repeated ASCII strings (${bytes.length} B), 16-byte ids`);
for (const [name] of [...stringCases, ...idCases]) console.log(`${name.padEnd(22)} ${med(name).toFixed(1).padStart(7)} ns`);
console.log(`utf8Slice vs TextDecoder:  ${(med('TextDecoder.decode') / med('Buffer utf8Slice')).toFixed(2)}x faster`);
console.log(`cache vs TextDecoder:      ${(med('TextDecoder.decode') / med('ASCII string cache')).toFixed(2)}x faster`);
console.log(`hexSlice vs lookup table:  ${(med('hex lookup table') / med('Buffer hexSlice')).toFixed(2)}x faster`);
if (sink === 42) console.log(sink);
