/**
 * A minimal protobuf wire writer for tests that need bytes no well-behaved encoder produces:
 * unknown fields of every wire type, groups, wrong wire types, overlong varints, bad lengths.
 */
export const WT = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

export function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

/** Varint of a 64-bit value; negative numbers are two's complement (10 bytes), as int64 encodes them. */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

export function tag(field: number, wireType: number): Uint8Array {
  return varint((field << 3) | wireType);
}

export function varintField(field: number, value: number | bigint): Uint8Array {
  return concat(tag(field, WT.VARINT), varint(value));
}

export function lenField(field: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  return concat(tag(field, WT.LEN), varint(bytes.length), bytes);
}

/** A sub-message: field number + length-delimited concatenation of its fields. */
export function message(field: number, ...fields: Uint8Array[]): Uint8Array {
  return lenField(field, concat(...fields));
}

export function fixed64Field(field: number, value: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
  return concat(tag(field, WT.I64), b);
}

export function fixed32Field(field: number, value: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, value >>> 0, true);
  return concat(tag(field, WT.I32), b);
}

export function doubleField(field: number, value: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return concat(tag(field, WT.I64), b);
}

export function groupField(field: number, ...inner: Uint8Array[]): Uint8Array {
  return concat(tag(field, WT.SGROUP), ...inner, tag(field, WT.EGROUP));
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Unknown fields of every wire type (numbers 90–95 are unused by every OTLP trace message). */
export function unknownFieldsOfEveryType(): Uint8Array {
  return concat(
    varintField(90, -1),
    fixed64Field(91, 0x0123456789abcdefn),
    lenField(92, 'ignored payload'),
    fixed32Field(93, 0xdeadbeef),
    groupField(94, varintField(1, 7), groupField(2, lenField(3, 'nested')), fixed32Field(4, 1)),
    groupField(95),
  );
}
