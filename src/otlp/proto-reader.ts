/**
 * Protobuf wire-format primitives over one input buffer: varints, fixed-width numbers, strings,
 * ids, and skipping unknown fields. Every read is bounds-checked and failures throw DecodeError.
 */
import { DecodeError } from './types.ts';
import { cachedAsciiString, MAX_CACHED_BYTES } from './ascii-string-cache.ts';
import { textSlicerFor, type TextSlicer } from './node-buffer-text.ts';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_START_GROUP = 3;
export const WIRE_END_GROUP = 4;
export const WIRE_FIXED32 = 5;

/** Unknown groups nest; past this depth the input is treated as hostile. */
const MAX_GROUP_DEPTH = 32;
const TWO_POW_32 = 4294967296;
/** hi word limit for a magnitude that still fits a JS safe integer (|v| ≤ 2^53 − 1). */
const SAFE_HI_LIMIT = 0x200000;
const REPLACEMENT_CHAR = '\ufffd';

export class ProtoReader {
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly view: DataView;
  readonly text: TextSlicer;
  pos = 0;
  /** U+FFFD substitutions made for invalid UTF-8 in strings read so far. */
  invalidUtf8 = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.length = bytes.length;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.text = textSlicerFor(bytes);
  }

  /** A bool varint: true when any of its 64 bits is set. */
  readBool(): boolean {
    return this.readInt64() !== 0;
  }

  /** A varint truncated to its low 32 bits as an unsigned number (tags, uint32, enums, lengths). */
  readVarint32(): number {
    const bytes = this.bytes;
    let pos = this.pos;
    if (pos >= this.length) throw truncated(pos);
    let b = bytes[pos++];
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let value = b & 0x7f;
    for (let shift = 7; shift < 70; shift += 7) {
      if (pos >= this.length) throw truncated(pos);
      b = bytes[pos++];
      // Bits past 32 fall off the shift, which is the proto truncation rule for 32-bit fields.
      if (shift < 32) value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new DecodeError(`varint longer than 10 bytes at offset ${this.pos}`);
  }

  /** A length prefix, checked against the bytes that remain. */
  readLength(): number {
    const start = this.pos;
    const len = this.readInt64();
    if (typeof len !== 'number' || len < 0 || len > this.length - this.pos) {
      throw new DecodeError(`length ${len} at offset ${start} exceeds the ${this.length - this.pos} bytes remaining`);
    }
    return len;
  }

  /** A signed int64 varint: a number when |v| ≤ 2^53 − 1, else a bigint. */
  readInt64(): number | bigint {
    const bytes = this.bytes;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let b = 0;
    let i = 0;
    for (; i < 4; i++) {
      if (pos >= this.length) throw truncated(pos);
      b = bytes[pos++];
      lo |= (b & 0x7f) << (7 * i);
      if (b < 0x80) {
        this.pos = pos;
        return lo; // < 2^28, non-negative
      }
    }
    if (pos >= this.length) throw truncated(pos);
    b = bytes[pos++];
    lo |= (b & 0x7f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b >= 0x80) {
      for (i = 0; i < 5; i++) {
        if (pos >= this.length) throw truncated(pos);
        b = bytes[pos++];
        hi |= (b & 0x7f) << (7 * i + 3);
        if (b < 0x80) break;
      }
      if (i === 5) throw new DecodeError(`varint longer than 10 bytes at offset ${this.pos}`);
    }
    this.pos = pos;
    return int64FromWords(lo >>> 0, hi >>> 0);
  }

  readFixed32(): number {
    const pos = this.pos;
    if (pos + 4 > this.length) throw truncated(this.length);
    this.pos = pos + 4;
    return this.view.getUint32(pos, true);
  }

  readFixed64(): bigint {
    const pos = this.pos;
    if (pos + 8 > this.length) throw truncated(this.length);
    this.pos = pos + 8;
    return this.view.getBigUint64(pos, true);
  }

  readDouble(): number {
    const pos = this.pos;
    if (pos + 8 > this.length) throw truncated(this.length);
    this.pos = pos + 8;
    return this.view.getFloat64(pos, true);
  }

  /** An sfixed64 as a number when |v| ≤ 2^53 − 1, else a bigint. */
  readSfixed64(): number | bigint {
    const pos = this.pos;
    if (pos + 8 > this.length) throw truncated(this.length);
    this.pos = pos + 8;
    return int64FromWords(this.view.getUint32(pos, true), this.view.getUint32(pos + 4, true));
  }

  /** A fixed64 count as a number when ≤ 2^53 − 1, else a bigint. */
  readFixed64Count(): number | bigint {
    const pos = this.pos;
    if (pos + 8 > this.length) throw truncated(this.length);
    this.pos = pos + 8;
    const lo = this.view.getUint32(pos, true);
    const hi = this.view.getUint32(pos + 4, true);
    return hi < SAFE_HI_LIMIT ? hi * TWO_POW_32 + lo : (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** A uint64 varint as a number when ≤ 2^53 − 1, else a bigint. */
  readUint64(): number | bigint {
    const v = this.readInt64();
    return typeof v === 'number' && v < 0 ? BigInt.asUintN(64, BigInt(v)) : typeof v === 'bigint' && v < 0n ? BigInt.asUintN(64, v) : v;
  }

  /** A zigzag-encoded sint32. */
  readSint32(): number {
    const n = this.readVarint32();
    return (n >>> 1) ^ -(n & 1);
  }

  /** A length-delimited UTF-8 string; invalid sequences become U+FFFD and are counted. */
  readString(): string {
    const len = this.readLength();
    if (len === 0) return '';
    const start = this.pos;
    const end = start + len;
    this.pos = end;
    if (len <= MAX_CACHED_BYTES) {
      const ascii = cachedAsciiString(this.bytes, this.text, start, end);
      if (ascii !== null) return ascii;
    }
    const str = this.text.utf8(start, end);
    if (str.indexOf(REPLACEMENT_CHAR) !== -1) this.invalidUtf8 += countSubstitutions(this.bytes, start, end, str);
    return str;
  }

  /** A length-delimited byte field as lowercase hex of exactly its bytes ('' when empty). */
  readIdHex(): string {
    const len = this.readLength();
    if (len === 0) return '';
    const start = this.pos;
    this.pos = start + len;
    return this.text.hex(start, start + len);
  }

  /** A length-delimited byte field copied into its own Uint8Array (never aliasing the input). */
  readBytesCopy(): Uint8Array {
    const len = this.readLength();
    const out = new Uint8Array(len);
    out.set(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return out;
  }

  /**
   * Skips to the next length-delimited field with this tag (other fields skipped) and returns the
   * end offset of its bytes, the reader at their start; -1 when no such field is left.
   */
  nextLengthDelimited(tag: number): number {
    while (this.pos < this.length) {
      const t = this.readVarint32();
      if (t === tag) return this.pos + this.readLength();
      this.skipField(t);
    }
    return -1;
  }

  /** Skips the field whose tag was just read. */
  skipField(tag: number): void {
    this.skipValue(tag, 0);
  }

  private skipValue(tag: number, groupDepth: number): void {
    const fieldNumber = tag >>> 3;
    if (fieldNumber === 0) throw new DecodeError(`invalid field number 0 at offset ${this.pos}`);
    switch (tag & 7) {
      case WIRE_VARINT:
        this.readVarint32();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LEN: {
        const len = this.readLength(); // read before touching pos: `pos += readLength()` would use the old pos
        this.pos += len;
        return;
      }
      case WIRE_FIXED32:
        this.advance(4);
        return;
      case WIRE_START_GROUP:
        this.skipGroup(fieldNumber, groupDepth + 1);
        return;
      case WIRE_END_GROUP:
        throw new DecodeError(`unexpected end-group tag for field ${fieldNumber} at offset ${this.pos}`);
      default:
        throw new DecodeError(`invalid wire type ${tag & 7} for field ${fieldNumber} at offset ${this.pos}`);
    }
  }

  private skipGroup(fieldNumber: number, depth: number): void {
    if (depth > MAX_GROUP_DEPTH) throw new DecodeError(`groups nested deeper than ${MAX_GROUP_DEPTH}`);
    for (;;) {
      if (this.pos >= this.length) throw new DecodeError(`group for field ${fieldNumber} is not closed`);
      const tag = this.readVarint32();
      if ((tag & 7) === WIRE_END_GROUP) {
        if (tag >>> 3 !== fieldNumber) {
          throw new DecodeError(`end-group for field ${tag >>> 3} closes group ${fieldNumber} at offset ${this.pos}`);
        }
        return;
      }
      this.skipValue(tag, depth);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.length) throw truncated(this.length);
    this.pos += n;
  }

  /** Throws unless a sub-message ended exactly at its declared end. */
  expectEnd(end: number, what: string): void {
    if (this.pos !== end) throw new DecodeError(`${what} overruns its declared length (ends at ${end}, read to ${this.pos})`);
  }
}

function truncated(pos: number): DecodeError {
  return new DecodeError(`truncated input: unexpected end of data at offset ${pos}`);
}

/** Two's-complement 64-bit value from unsigned 32-bit words. */
export function int64FromWords(lo: number, hi: number): number | bigint {
  if (hi < 0x80000000) {
    if (hi < SAFE_HI_LIMIT) return hi * TWO_POW_32 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  // Negative: magnitude = two's complement of the 64-bit word pair.
  const magLo = (~lo + 1) >>> 0;
  const magHi = (~hi + (magLo === 0 ? 1 : 0)) >>> 0;
  if (magHi < SAFE_HI_LIMIT) return -(magHi * TWO_POW_32 + magLo);
  return -((BigInt(magHi) << 32n) | BigInt(magLo));
}

/** U+FFFD in the output that do not come from an encoded U+FFFD (EF BF BD) in the input. */
function countSubstitutions(bytes: Uint8Array, start: number, end: number, str: string): number {
  let inOutput = 0;
  for (let i = str.indexOf(REPLACEMENT_CHAR); i !== -1; i = str.indexOf(REPLACEMENT_CHAR, i + 1)) inOutput++;
  let inInput = 0;
  for (let i = start; i + 2 < end; i++) {
    if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) inInput++;
  }
  return inOutput - inInput;
}
