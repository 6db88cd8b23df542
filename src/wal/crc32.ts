/**
 * CRC-32 (IEEE 802.3, the zlib/gzip polynomial 0xEDB88320, reflected). Uses node:zlib's native
 * crc32 when the runtime has it (Node ≥ 22.2), else a table-driven implementation.
 */
import * as zlib from 'node:zlib';

let table: Uint32Array | null = null;

function makeTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** Table-driven CRC-32 of data, continuing from a previous value (0 to start). */
export function crc32Table(data: Uint8Array, previous = 0): number {
  const t = (table ??= makeTable());
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type Crc32Fn = (data: Uint8Array, previous?: number) => number;
const native = (zlib as unknown as { crc32?: Crc32Fn }).crc32;

/** CRC-32 of data (continuing from previous), as an unsigned 32-bit number. */
export const crc32: Crc32Fn = typeof native === 'function' ? (data, previous = 0) => native(data, previous) >>> 0 : crc32Table;
