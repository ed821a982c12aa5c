/**
 * A cursor over a Buffer that decodes Kafka wire primitives (big-endian integers, varints,
 * classic and compact strings/bytes/arrays, UUIDs, tagged-field sections). Every read checks
 * the bytes are there and throws KafkaDecodeError otherwise, so a truncated or hostile frame
 * can never read past `end` or loop on a huge count.
 *
 * Classic forms use an int16 (strings) or int32 (bytes, arrays) length, -1 = null.
 * Compact forms (flexible versions) use an unsigned varint holding length + 1, 0 = null.
 */
import { isUtf8 } from 'node:buffer';
import { KafkaAmbiguousInputError, KafkaDecodeError } from './codec-errors.js';

/** Kafka's generated readers refuse a compact string longer than this (and never write one). */
export const MAX_STRING_BYTES = 0x7fff;

/** One entry of a tagged-field section: the tag number and its raw payload. */
export interface TaggedField {
  tag: number;
  bytes: Buffer;
}

export class KafkaReader {
  /** Absolute offset of the next byte to read. */
  offset: number;
  readonly buf: Buffer;
  /** Exclusive upper bound for reads (defaults to the buffer length). */
  readonly end: number;
  /**
   * Refuse strings that are not well-formed UTF-8 (client requests): Java and Node replace bad
   * sequences differently, so the gateway could authorize one name and the broker act on another.
   */
  strictUtf8 = false;

  constructor(buf: Buffer, offset = 0, end = buf.length) {
    if (offset < 0 || end > buf.length || offset > end) {
      throw new KafkaDecodeError(`reader window ${offset}..${end} outside buffer of ${buf.length}`, offset);
    }
    this.buf = buf;
    this.offset = offset;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  /** Advance over `n` bytes and return the offset where they start. */
  private take(n: number, what: string): number {
    if (n < 0 || this.offset + n > this.end) {
      throw new KafkaDecodeError(`truncated ${what}: need ${n} byte(s), have ${this.remaining}`, this.offset);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  skip(n: number, what = 'bytes'): void {
    this.take(n, what);
  }

  int8(): number {
    return this.buf.readInt8(this.take(1, 'int8'));
  }
  boolean(): boolean {
    return this.int8() !== 0;
  }
  int16(): number {
    return this.buf.readInt16BE(this.take(2, 'int16'));
  }
  uint16(): number {
    return this.buf.readUInt16BE(this.take(2, 'uint16'));
  }
  int32(): number {
    return this.buf.readInt32BE(this.take(4, 'int32'));
  }
  uint32(): number {
    return this.buf.readUInt32BE(this.take(4, 'uint32'));
  }
  int64(): bigint {
    return this.buf.readBigInt64BE(this.take(8, 'int64'));
  }
  float64(): number {
    return this.buf.readDoubleBE(this.take(8, 'float64'));
  }

  /** Unsigned varint of at most 5 bytes (a 32-bit value), as Kafka's readUnsignedVarint. */
  uvarint(): number {
    const start = this.offset;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.buf[this.take(1, 'varint')];
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw new KafkaDecodeError('varint exceeds 32 bits', start);
        return value;
      }
    }
    throw new KafkaDecodeError('varint longer than 5 bytes', start);
  }

  /** Signed (zig-zag) varint, 32-bit. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** 16 raw bytes (a view into the buffer, not a copy). */
  uuid(): Buffer {
    const at = this.take(16, 'uuid');
    return this.buf.subarray(at, at + 16);
  }

  private text(len: number, what: string): string {
    const at = this.take(len, what);
    if (this.strictUtf8 && !isUtf8(this.buf.subarray(at, at + len))) {
      throw new KafkaAmbiguousInputError(`${what} is not well-formed UTF-8`, at);
    }
    return this.buf.toString('utf8', at, at + len);
  }

  nullableString(): string | null {
    const at = this.offset;
    const len = this.int16();
    if (len === -1) return null;
    if (len < 0) throw new KafkaDecodeError(`negative string length ${len}`, at);
    return this.text(len, 'string');
  }
  string(): string {
    const at = this.offset;
    const s = this.nullableString();
    if (s === null) throw new KafkaDecodeError('null in a non-nullable string', at);
    return s;
  }
  compactNullableString(): string | null {
    const at = this.offset;
    const n = this.uvarint();
    if (n - 1 > MAX_STRING_BYTES) throw new KafkaDecodeError(`compact string length ${n - 1} over ${MAX_STRING_BYTES}`, at);
    return n === 0 ? null : this.text(n - 1, 'compact string');
  }
  compactString(): string {
    const at = this.offset;
    const s = this.compactNullableString();
    if (s === null) throw new KafkaDecodeError('null in a non-nullable compact string', at);
    return s;
  }

  /** int32 length + bytes; null for -1. Returns a view into the buffer. */
  nullableBytes(): Buffer | null {
    const at = this.offset;
    const len = this.int32();
    if (len === -1) return null;
    if (len < 0) throw new KafkaDecodeError(`negative bytes length ${len}`, at);
    const from = this.take(len, 'bytes');
    return this.buf.subarray(from, from + len);
  }
  bytes(): Buffer {
    const at = this.offset;
    const b = this.nullableBytes();
    if (b === null) throw new KafkaDecodeError('null in non-nullable bytes', at);
    return b;
  }
  compactNullableBytes(): Buffer | null {
    const n = this.uvarint();
    if (n === 0) return null;
    const from = this.take(n - 1, 'compact bytes');
    return this.buf.subarray(from, from + n - 1);
  }
  compactBytes(): Buffer {
    const at = this.offset;
    const b = this.compactNullableBytes();
    if (b === null) throw new KafkaDecodeError('null in non-nullable compact bytes', at);
    return b;
  }

  /**
   * Element count of a classic array (int32, -1 = null), bounded by the bytes left: each element
   * takes at least `minElementBytes` bytes, so a larger count is malformed (checked before
   * anything is allocated).
   */
  arrayLength(minElementBytes = 1): number | null {
    const at = this.offset;
    const n = this.int32();
    if (n === -1) return null;
    return this.checkCount(n, at, minElementBytes);
  }
  /** Element count of a compact array (uvarint count + 1, 0 = null), bounded like arrayLength. */
  compactArrayLength(minElementBytes = 1): number | null {
    const at = this.offset;
    const n = this.uvarint();
    if (n === 0) return null;
    return this.checkCount(n - 1, at, minElementBytes);
  }
  private checkCount(n: number, at: number, minElementBytes: number): number {
    if (n < 0 || n * Math.max(1, minElementBytes) > this.remaining) {
      throw new KafkaDecodeError(`impossible array count ${n} (each element needs ${Math.max(1, minElementBytes)} byte(s), ${this.remaining} left)`, at);
    }
    return n;
  }

  nullableArray<T>(item: (r: KafkaReader) => T): T[] | null {
    const n = this.arrayLength();
    return n === null ? null : this.items(n, item);
  }
  array<T>(item: (r: KafkaReader) => T): T[] {
    const at = this.offset;
    const a = this.nullableArray(item);
    if (a === null) throw new KafkaDecodeError('null in a non-nullable array', at);
    return a;
  }
  compactNullableArray<T>(item: (r: KafkaReader) => T): T[] | null {
    const n = this.compactArrayLength();
    return n === null ? null : this.items(n, item);
  }
  compactArray<T>(item: (r: KafkaReader) => T): T[] {
    const at = this.offset;
    const a = this.compactNullableArray(item);
    if (a === null) throw new KafkaDecodeError('null in a non-nullable compact array', at);
    return a;
  }
  private items<T>(n: number, item: (r: KafkaReader) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(item(this));
    return out;
  }

  /**
   * Tagged-field count, bounded by the bytes left (each field needs at least a tag and a size
   * byte).
   */
  taggedFieldCount(): number {
    const at = this.offset;
    const count = this.uvarint();
    if (count * 2 > this.remaining) throw new KafkaDecodeError(`impossible tagged-field count ${count}`, at);
    return count;
  }

  /** The next tag of a tagged section, which must be above `previous` (unique, ascending). */
  nextTag(previous: number): number {
    const at = this.offset;
    const tag = this.uvarint();
    if (tag <= previous) throw new KafkaAmbiguousInputError(`tag ${tag} after tag ${previous}: tags must be unique and ascending`, at);
    return tag;
  }

  /**
   * A tagged-field section: uvarint count, then per field uvarint tag, uvarint size, bytes.
   * Tags must be unique and ascending (as every Kafka writer emits them).
   */
  taggedFields(): TaggedField[] {
    const count = this.taggedFieldCount();
    const out: TaggedField[] = [];
    let previous = -1;
    for (let i = 0; i < count; i++) {
      const tag = this.nextTag(previous);
      previous = tag;
      const size = this.uvarint();
      const from = this.take(size, 'tagged field');
      out.push({ tag, bytes: this.buf.subarray(from, from + size) });
    }
    return out;
  }

  /** Skip a tagged-field section without keeping it (validated as taggedFields, nothing built). */
  skipTaggedFields(): void {
    const count = this.taggedFieldCount();
    let previous = -1;
    for (let i = 0; i < count; i++) {
      previous = this.nextTag(previous);
      this.take(this.uvarint(), 'tagged field');
    }
  }
}
