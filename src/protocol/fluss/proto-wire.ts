/**
 * Protobuf wire-format primitives for Fluss bodies: varints, tags, a field walker and a writer.
 *
 * Why a small hand-written walker and not protobufjs: the gateway mostly reads one or two fields
 * (a table path, a table id) and rewrites a few bytes (server host/port) while every other byte
 * must pass through verbatim, including fields a newer backend adds. protobufjs decodes whole
 * messages into objects, drops unknown fields on re-encode, throws on absent proto2 required
 * fields and needs Long or a custom int64 path. A walker that returns field positions gives
 * zero-copy reads and byte-exact surgical rewrites, in a few hundred lines with no dependency and
 * no generated code from the upstream .proto (field numbers here are facts, typed by hand).
 *
 * Facts used (Fluss FlussApi.proto is proto2, parsed by a LightProto-style generator):
 * - tag = (field << 3) | wireType as a varint; wire types 0 varint, 1 fixed64, 2 length-delimited,
 *   5 fixed32; group wire types (3, 4) are rejected by Fluss and here.
 * - negative int32 values are written as 10-byte sign-extended varints.
 * - int64 values are carried as bigint here.
 */
import { FlussCodecError } from './codec-error.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

/** One field occurrence inside a message, located in the buffer it was read from. */
export interface WireField {
  /** Field number. */
  no: number;
  wireType: number;
  /** Offset of the tag. */
  start: number;
  /** Offset of the value (after the tag, and after the length prefix for wire type 2). */
  valueStart: number;
  /** Offset just after the value. */
  end: number;
  /** varint / fixed64: the raw unsigned 64-bit value; fixed32: uint32 as bigint; LEN: 0n. */
  raw: bigint;
}

const MAX_VARINT_BYTES = 10;

/** Reads an unsigned varint (up to 64 bits) at `pos`; returns the value and the next offset. */
export function readVarint(buf: Uint8Array, pos: number, end: number = buf.length): { value: bigint; next: number } {
  // Fast path: values below 2^28 fit four 7-bit groups in a plain number.
  let small = 0;
  for (let i = 0; i < 4; i++) {
    if (pos + i >= end) throw new FlussCodecError('truncated varint');
    const b = buf[pos + i];
    small |= (b & 0x7f) << (7 * i);
    if ((b & 0x80) === 0) return { value: BigInt(small >>> 0), next: pos + i + 1 };
  }
  let value = 0n;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (pos + i >= end) throw new FlussCodecError('truncated varint');
    const b = buf[pos + i];
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return { value: BigInt.asUintN(64, value), next: pos + i + 1 };
  }
  throw new FlussCodecError('varint longer than 10 bytes');
}

/** Number of bytes the varint encoding of `v` (taken as unsigned 64-bit) needs. */
export function varintSize(v: bigint | number): number {
  let u = typeof v === 'bigint' ? BigInt.asUintN(64, v) : v >= 0 ? BigInt(v) : BigInt.asUintN(64, BigInt(v));
  let n = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    n++;
  }
  return n;
}

/** Encodes `v` as a varint; negative numbers become 64-bit two's complement (10 bytes). */
export function encodeVarint(v: bigint | number): Buffer {
  if (typeof v === 'number' && v >= 0 && v < 0x80) return Buffer.from([v]);
  let u = typeof v === 'bigint' ? BigInt.asUintN(64, v) : BigInt.asUintN(64, BigInt(v));
  const out: number[] = [];
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  out.push(Number(u));
  return Buffer.from(out);
}

/** Encodes a field tag. */
export function encodeTag(no: number, wireType: number): Buffer {
  return encodeVarint((no << 3) | wireType);
}

/** Bytes of the varint at `pos` (at most 10), without decoding it. */
function varintLength(buf: Uint8Array, pos: number, end: number): number {
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (pos + i >= end) throw new FlussCodecError('truncated varint');
    if ((buf[pos + i] & 0x80) === 0) return i + 1;
  }
  throw new FlussCodecError('varint longer than 10 bytes');
}

/**
 * Walks the fields of the message in `buf[start, end)` one at a time without allocating per
 * field: after next() returns true, no / wireType / start / valueStart / end describe the
 * current field (for wire type 0 the varint is at valueStart..end; read it with value()).
 * Validates the structure as it goes (truncation, field number 0, group wire types) in time
 * linear in the bytes; a field's value is only decoded when asked for. Tags and lengths are
 * read as plain numbers; 2^32 and more is refused (no field number or length can be that large).
 */
export class FieldCursor {
  no = 0;
  wireType = 0;
  start = 0;
  valueStart = 0;
  end = 0;
  private pos: number;
  /** Offset after the last varint read by small(). */
  private after = 0;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly limit: number = buf.length,
  ) {
    this.pos = start;
  }

  private small(pos: number, what: string): number {
    const { buf, limit } = this;
    if (pos < limit && buf[pos] < 0x80) {
      this.after = pos + 1;
      return buf[pos];
    }
    let value = 0;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      if (pos + i >= limit) throw new FlussCodecError(`truncated ${what}`);
      const b = buf[pos + i];
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw new FlussCodecError(`${what} out of range at offset ${pos}`);
        this.after = pos + i + 1;
        return value;
      }
    }
    throw new FlussCodecError('varint longer than 10 bytes');
  }

  next(): boolean {
    if (this.pos >= this.limit) return false;
    const { buf, limit } = this;
    const fieldStart = this.pos;
    const tag = this.small(fieldStart, 'tag');
    const no = tag < 0x80000000 ? tag >>> 3 : Math.floor(tag / 8);
    const wireType = tag & 7;
    if (no === 0 || no > 0x1fffffff) throw new FlussCodecError(`invalid field number at offset ${fieldStart}`);
    let pos = this.after;
    let valueStart = pos;
    switch (wireType) {
      case WIRE_VARINT:
        pos += pos < limit && buf[pos] < 0x80 ? 1 : varintLength(buf, pos, limit);
        break;
      case WIRE_FIXED64:
        if (pos + 8 > limit) throw new FlussCodecError('truncated fixed64');
        pos += 8;
        break;
      case WIRE_FIXED32:
        if (pos + 4 > limit) throw new FlussCodecError('truncated fixed32');
        pos += 4;
        break;
      case WIRE_LEN: {
        const len = this.small(pos, 'length');
        valueStart = this.after;
        if (len > limit - valueStart) throw new FlussCodecError(`length-delimited field ${no} overruns its message`);
        pos = valueStart + len;
        break;
      }
      default:
        throw new FlussCodecError(`unsupported wire type ${wireType} for field ${no}`);
    }
    this.no = no;
    this.wireType = wireType;
    this.start = fieldStart;
    this.valueStart = valueStart;
    this.end = pos;
    this.pos = pos;
    return true;
  }

  /**
   * The current varint field as a protobuf int32 (low 32 bits, signed), without BigInt for the
   * usual short encodings.
   */
  int32Value(): number {
    const { buf, valueStart, end } = this;
    if (end - valueStart <= 4) {
      let v = 0;
      for (let i = valueStart; i < end; i++) v |= (buf[i] & 0x7f) << (7 * (i - valueStart));
      return v;
    }
    return toInt32(this.value());
  }

  /** The raw value of the current field, as WireField.raw. */
  value(): bigint {
    switch (this.wireType) {
      case WIRE_VARINT:
        return readVarint(this.buf, this.valueStart, this.end).value;
      case WIRE_FIXED64:
        return Buffer.from(this.buf.buffer, this.buf.byteOffset + this.valueStart, 8).readBigUInt64LE(0);
      case WIRE_FIXED32:
        return BigInt(Buffer.from(this.buf.buffer, this.buf.byteOffset + this.valueStart, 4).readUInt32LE(0));
      default:
        return 0n;
    }
  }
}

/** Checks the structure of the message in `buf[start, end)` without allocating per field. */
export function validateFields(buf: Uint8Array, start = 0, end: number = buf.length): void {
  const c = new FieldCursor(buf, start, end);
  while (c.next()) {
    /* structure checked by next() */
  }
}

/**
 * Lists the fields of the message in `buf[start, end)`, in wire order, without interpreting
 * them. Throws FlussCodecError on truncation, field number 0 or group wire types. Allocates one
 * object per field: for bodies from the backend; client bodies go through FieldCursor.
 */
export function walkFields(buf: Uint8Array, start = 0, end: number = buf.length): WireField[] {
  const fields: WireField[] = [];
  const c = new FieldCursor(buf, start, end);
  while (c.next()) fields.push({ no: c.no, wireType: c.wireType, start: c.start, valueStart: c.valueStart, end: c.end, raw: c.value() });
  return fields;
}

/** Interprets a raw varint as a protobuf int32 (low 32 bits, signed). */
export function toInt32(raw: bigint): number {
  return Number(BigInt.asIntN(32, raw));
}

/** Interprets a raw varint as a protobuf int64 (signed). */
export function toInt64(raw: bigint): bigint {
  return BigInt.asIntN(64, raw);
}

/** Accumulates encoded fields; `finish()` returns one Buffer. */
export class ProtoWriter {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  raw(bytes: Buffer): this {
    this.chunks.push(bytes);
    this.size += bytes.length;
    return this;
  }

  varintField(no: number, v: bigint | number): this {
    return this.raw(encodeTag(no, WIRE_VARINT)).raw(encodeVarint(v));
  }

  bytesField(no: number, bytes: Uint8Array): this {
    const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    return this.raw(encodeTag(no, WIRE_LEN)).raw(encodeVarint(b.length)).raw(b);
  }

  stringField(no: number, s: string): this {
    return this.bytesField(no, Buffer.from(s, 'utf8'));
  }

  fixed32Field(no: number, bytes4: Buffer): this {
    return this.raw(encodeTag(no, WIRE_FIXED32)).raw(bytes4);
  }

  fixed64Field(no: number, bytes8: Buffer): this {
    return this.raw(encodeTag(no, WIRE_FIXED64)).raw(bytes8);
  }

  finish(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
  }
}
