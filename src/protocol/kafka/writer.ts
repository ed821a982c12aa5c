/**
 * A growable encoder for Kafka wire primitives, the mirror of KafkaReader: big-endian integers,
 * varints, classic and compact strings/bytes/arrays, UUIDs and tagged-field sections. Values that
 * do not fit their wire form throw KafkaEncodeError. `frame()` returns the bytes with the 4-byte
 * big-endian size prefix that every Kafka request and response carries.
 */
import { KafkaEncodeError } from './codec-errors.js';
import type { TaggedField } from './reader.js';

/** Number of bytes the unsigned varint encoding of `n` takes. */
export function uvarintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** The unsigned varint encoding of `n` (0 ≤ n < 2^32). */
export function encodeUvarint(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new KafkaEncodeError(`uvarint out of range: ${n}`);
  const out = Buffer.alloc(uvarintSize(n));
  let i = 0;
  while (n >= 0x80) {
    out[i++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  out[i] = n;
  return out;
}

/** Prefix `body` (or the concatenation of `parts`) with its int32 big-endian length. */
export function withSizePrefix(...parts: Buffer[]): Buffer {
  const len = parts.reduce((s, p) => s + p.length, 0);
  const out = Buffer.allocUnsafe(4 + len);
  out.writeInt32BE(len, 0);
  let at = 4;
  for (const p of parts) {
    p.copy(out, at);
    at += p.length;
  }
  return out;
}

function checkInt(v: number, min: number, max: number, what: string): void {
  if (!Number.isInteger(v) || v < min || v > max) throw new KafkaEncodeError(`${what} out of range: ${v}`);
}

export class KafkaWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(Math.max(16, initialSize));
  }

  get length(): number {
    return this.len;
  }

  /**
   * Reserve `n` bytes and return their offset. It may replace `this.buf`, so callers take the
   * offset first and only then write into `this.buf`.
   */
  private room(n: number): number {
    if (this.len + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    const at = this.len;
    this.len += n;
    return at;
  }

  int8(v: number): this {
    checkInt(v, -128, 127, 'int8');
    const at = this.room(1);
    this.buf.writeInt8(v, at);
    return this;
  }
  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }
  int16(v: number): this {
    checkInt(v, -32768, 32767, 'int16');
    const at = this.room(2);
    this.buf.writeInt16BE(v, at);
    return this;
  }
  uint16(v: number): this {
    checkInt(v, 0, 65535, 'uint16');
    const at = this.room(2);
    this.buf.writeUInt16BE(v, at);
    return this;
  }
  int32(v: number): this {
    checkInt(v, -2147483648, 2147483647, 'int32');
    const at = this.room(4);
    this.buf.writeInt32BE(v, at);
    return this;
  }
  uint32(v: number): this {
    checkInt(v, 0, 0xffffffff, 'uint32');
    const at = this.room(4);
    this.buf.writeUInt32BE(v, at);
    return this;
  }
  int64(v: bigint | number): this {
    const at = this.room(8);
    this.buf.writeBigInt64BE(BigInt(v), at);
    return this;
  }
  float64(v: number): this {
    const at = this.room(8);
    this.buf.writeDoubleBE(v, at);
    return this;
  }
  uvarint(v: number): this {
    return this.raw(encodeUvarint(v));
  }
  /** Signed (zig-zag) 32-bit varint. */
  varint(v: number): this {
    checkInt(v, -2147483648, 2147483647, 'varint');
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
  /** Append bytes as they are. */
  raw(b: Buffer): this {
    const at = this.room(b.length);
    b.copy(this.buf, at);
    return this;
  }
  uuid(b: Buffer): this {
    if (b.length !== 16) throw new KafkaEncodeError(`uuid must be 16 bytes, got ${b.length}`);
    return this.raw(b);
  }

  nullableString(s: string | null): this {
    if (s === null) return this.int16(-1);
    const b = Buffer.from(s, 'utf8');
    if (b.length > 32767) throw new KafkaEncodeError(`string of ${b.length} bytes exceeds int16 length`);
    return this.int16(b.length).raw(b);
  }
  string(s: string): this {
    return this.nullableString(s);
  }
  compactNullableString(s: string | null): this {
    if (s === null) return this.uvarint(0);
    const b = Buffer.from(s, 'utf8');
    if (b.length > 32767) throw new KafkaEncodeError(`string of ${b.length} bytes exceeds the string limit`);
    return this.uvarint(b.length + 1).raw(b);
  }
  compactString(s: string): this {
    return this.compactNullableString(s);
  }
  nullableBytes(b: Buffer | null): this {
    return b === null ? this.int32(-1) : this.int32(b.length).raw(b);
  }
  bytes(b: Buffer): this {
    return this.nullableBytes(b);
  }
  compactNullableBytes(b: Buffer | null): this {
    return b === null ? this.uvarint(0) : this.uvarint(b.length + 1).raw(b);
  }
  compactBytes(b: Buffer): this {
    return this.compactNullableBytes(b);
  }

  nullableArray<T>(items: readonly T[] | null, write: (w: KafkaWriter, item: T) => void): this {
    if (items === null) return this.int32(-1);
    this.int32(items.length);
    for (const it of items) write(this, it);
    return this;
  }
  array<T>(items: readonly T[], write: (w: KafkaWriter, item: T) => void): this {
    return this.nullableArray(items, write);
  }
  compactNullableArray<T>(items: readonly T[] | null, write: (w: KafkaWriter, item: T) => void): this {
    if (items === null) return this.uvarint(0);
    this.uvarint(items.length + 1);
    for (const it of items) write(this, it);
    return this;
  }
  compactArray<T>(items: readonly T[], write: (w: KafkaWriter, item: T) => void): this {
    return this.compactNullableArray(items, write);
  }

  /** A tagged-field section. Fields are written in the order given (Kafka wants ascending tags). */
  taggedFields(fields: readonly TaggedField[] = []): this {
    this.uvarint(fields.length);
    for (const f of fields) this.uvarint(f.tag).uvarint(f.bytes.length).raw(f.bytes);
    return this;
  }

  /** The bytes written so far (a copy). */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }

  /** The bytes written so far, prefixed with their int32 size: a complete Kafka frame. */
  frame(): Buffer {
    return withSizePrefix(this.buf.subarray(0, this.len));
  }
}
