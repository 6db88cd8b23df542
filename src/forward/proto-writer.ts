/**
 * Protobuf wire-format writing into one growable buffer: varints, fixed-width numbers, strings,
 * hex ids as bytes, and nested messages. A nested message reserves one length byte and moves its
 * content right when the length needs more (copyWithin), so each byte is moved at most once per
 * nesting level: the cost stays linear in the output (OTLP nests about six levels deep).
 */
const TWO_POW_32 = 4294967296;

export class ProtoWriter {
  #buf: Buffer;
  #pos = 0;

  constructor(initialBytes = 4096) {
    this.#buf = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.#pos;
  }

  #ensure(n: number): void {
    if (this.#pos + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.#buf.copy(next, 0, 0, this.#pos);
    this.#buf = next;
  }

  /** An unsigned varint of a non-negative safe integer. */
  #varint(v: number): void {
    this.#ensure(10);
    const b = this.#buf;
    let p = this.#pos;
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[p++] = v;
    this.#pos = p;
  }

  /** A 64-bit two's-complement varint (int64 / uint64 fields), from a number or a bigint. */
  #varint64(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && Number.isSafeInteger(v)) return this.#varint(v);
    let u = BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));
    this.#ensure(10);
    const b = this.#buf;
    let p = this.#pos;
    while (u >= 0x80n) {
      b[p++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    b[p++] = Number(u);
    this.#pos = p;
  }

  #tag(field: number, wire: number): void {
    this.#varint(field * 8 + wire);
  }

  uint(field: number, v: number): void {
    if (v === 0) return;
    this.#tag(field, 0);
    this.#varint(v);
  }

  int64(field: number, v: number | bigint): void {
    if (v === 0 || v === 0n) return;
    this.#tag(field, 0);
    this.#varint64(v);
  }

  /** An int64 written even when 0 (inside a oneof, the field's presence is the value's type). */
  int64Always(field: number, v: number | bigint): void {
    this.#tag(field, 0);
    this.#varint64(v);
  }

  sint32(field: number, v: number): void {
    if (v === 0) return;
    this.#tag(field, 0);
    this.#varint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  bool(field: number, v: boolean): void {
    if (!v) return;
    this.#tag(field, 0);
    this.#varint(1);
  }

  boolAlways(field: number, v: boolean): void {
    this.#tag(field, 0);
    this.#varint(v ? 1 : 0);
  }

  fixed32(field: number, v: number): void {
    if (v === 0) return;
    this.#tag(field, 5);
    this.#ensure(4);
    this.#buf.writeUInt32LE(v >>> 0, this.#pos);
    this.#pos += 4;
  }

  /** fixed64 / sfixed64 from a number or bigint (times in ns, counts, as_int). */
  fixed64(field: number, v: number | bigint): void {
    if (v === 0 || v === 0n) return;
    this.fixed64Always(field, v);
  }

  fixed64Always(field: number, v: number | bigint): void {
    this.#tag(field, 1);
    this.#raw64(v);
  }

  #raw64(v: number | bigint): void {
    this.#ensure(8);
    if (typeof v === 'number' && v >= 0 && Number.isSafeInteger(v)) {
      this.#buf.writeUInt32LE(v % TWO_POW_32, this.#pos);
      this.#buf.writeUInt32LE(Math.floor(v / TWO_POW_32), this.#pos + 4);
    } else {
      this.#buf.writeBigUInt64LE(BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v))), this.#pos);
    }
    this.#pos += 8;
  }

  double(field: number, v: number): void {
    if (v === 0 && !Object.is(v, -0)) return;
    this.doubleAlways(field, v);
  }

  doubleAlways(field: number, v: number): void {
    this.#tag(field, 1);
    this.#ensure(8);
    this.#buf.writeDoubleLE(v, this.#pos);
    this.#pos += 8;
  }

  string(field: number, s: string): void {
    if (s === '') return;
    this.stringAlways(field, s);
  }

  stringAlways(field: number, s: string): void {
    this.#tag(field, 2);
    // Up to 3 bytes per UTF-16 unit; the exact length is known only after writing.
    const max = s.length * 3;
    if (max < 128) {
      this.#ensure(1 + max);
      const n = this.#buf.write(s, this.#pos + 1, 'utf8');
      this.#buf[this.#pos] = n;
      this.#pos += 1 + n;
      return;
    }
    const n = Buffer.byteLength(s, 'utf8');
    this.#varint(n);
    this.#ensure(n);
    this.#buf.write(s, this.#pos, 'utf8');
    this.#pos += n;
  }

  bytes(field: number, b: Uint8Array): void {
    if (b.byteLength === 0) return;
    this.bytesAlways(field, b);
  }

  bytesAlways(field: number, b: Uint8Array): void {
    this.#tag(field, 2);
    this.#varint(b.byteLength);
    this.#ensure(b.byteLength);
    this.#buf.set(b, this.#pos);
    this.#pos += b.byteLength;
  }

  /** A lowercase-hex id (trace/span id) as its bytes; '' writes nothing. */
  hexId(field: number, hex: string): void {
    if (hex === '') return;
    this.#tag(field, 2);
    const n = hex.length >>> 1;
    this.#varint(n);
    this.#ensure(n);
    this.#buf.write(hex, this.#pos, n, 'hex');
    this.#pos += n;
  }

  packedFixed64(field: number, values: readonly (number | bigint)[]): void {
    if (values.length === 0) return;
    this.#tag(field, 2);
    this.#varint(values.length * 8);
    for (const v of values) this.#raw64(v);
  }

  packedDouble(field: number, values: readonly number[]): void {
    if (values.length === 0) return;
    this.#tag(field, 2);
    this.#varint(values.length * 8);
    this.#ensure(values.length * 8);
    for (const v of values) {
      this.#buf.writeDoubleLE(v, this.#pos);
      this.#pos += 8;
    }
  }

  packedUint64(field: number, values: readonly (number | bigint)[]): void {
    if (values.length === 0) return;
    this.message(field, () => {
      for (const v of values) this.#varint64(v);
    });
  }

  /** A nested message written by `body` (written even when empty: presence can matter). */
  message(field: number, body: () => void): void {
    this.#tag(field, 2);
    this.#ensure(1);
    const lenAt = this.#pos++;
    const start = this.#pos;
    body();
    const len = this.#pos - start;
    if (len < 0x80) {
      this.#buf[lenAt] = len;
      return;
    }
    let extra = 0;
    for (let v = len; v >= 0x80; v = Math.floor(v / 0x80)) extra++;
    this.#ensure(extra);
    this.#buf.copyWithin(start + extra, start, this.#pos);
    let p = lenAt;
    let v = len;
    while (v >= 0x80) {
      this.#buf[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buf[p] = v;
    this.#pos += extra;
  }

  /** The bytes written (a copy, so the writer's buffer can be dropped or reused). */
  finish(): Uint8Array {
    return Uint8Array.prototype.slice.call(this.#buf, 0, this.#pos);
  }
}
