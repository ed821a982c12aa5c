/**
 * Generic encoder, the mirror of decode.ts: writes a Msg by its StructSpec at one api version.
 * Tagged fields are written only when they differ from their default (as Kafka does), merged
 * with the unknown tags the decoder kept, in ascending tag order. A value of the wrong shape
 * throws, so a synthesized entry can never silently produce a malformed frame.
 */
import { KafkaEncodeError } from '../codec-errors.js';
import { KafkaWriter } from '../writer.js';
import type { TaggedField } from '../reader.js';
import { defaultValue, present, UNKNOWN_TAGS, ZERO_UUID, type Msg, type Value } from './message.js';
import { inRange, type FieldSpec, type StructSpec } from './notation.js';

function bad(f: FieldSpec, v: Value | undefined): KafkaEncodeError {
  return new KafkaEncodeError(`cannot encode ${f.name} (${f.array ? '[]' : ''}${f.type}) from ${v === null ? 'null' : typeof v}`);
}

function writePrimitive(w: KafkaWriter, f: FieldSpec, v: Value | undefined, flexible: boolean, nullable: boolean): void {
  const n = (): number => {
    if (typeof v !== 'number') throw bad(f, v);
    return v;
  };
  switch (f.type) {
    case 'int8':
      w.int8(n());
      return;
    case 'int16':
      w.int16(n());
      return;
    case 'int32':
      w.int32(n());
      return;
    case 'uint16':
      w.uint16(n());
      return;
    case 'float64':
      w.float64(n());
      return;
    case 'int64':
      if (typeof v !== 'bigint' && typeof v !== 'number') throw bad(f, v);
      w.int64(v);
      return;
    case 'bool':
      if (typeof v !== 'boolean') throw bad(f, v);
      w.boolean(v);
      return;
    case 'uuid':
      if (!Buffer.isBuffer(v)) throw bad(f, v);
      w.uuid(v);
      return;
    case 'string':
      if (v === null && !nullable) throw bad(f, v);
      if (v !== null && typeof v !== 'string') throw bad(f, v);
      if (flexible) w.compactNullableString(v);
      else w.nullableString(v);
      return;
    case 'bytes':
    case 'records':
      if (v === null && !nullable) throw bad(f, v);
      if (v !== null && !Buffer.isBuffer(v)) throw bad(f, v);
      if (flexible) w.compactNullableBytes(v);
      else w.nullableBytes(v);
      return;
    default:
      throw bad(f, v);
  }
}

function writeField(w: KafkaWriter, f: FieldSpec, v: Value | undefined, version: number, flexible: boolean): void {
  const nullable = inRange(f.nullable, version);
  if (f.array) {
    if (v === null) {
      if (!nullable) throw bad(f, v);
      if (flexible) w.uvarint(0);
      else w.int32(-1);
      return;
    }
    if (!Array.isArray(v)) throw bad(f, v);
    if (flexible) w.uvarint(v.length + 1);
    else w.int32(v.length);
    for (const el of v) {
      if (f.type === 'struct') encodeStruct(w, f.fields, el as Msg, version, flexible);
      else writePrimitive(w, f, el, flexible, false);
    }
    return;
  }
  if (f.type === 'struct') {
    if (nullable && f.tag === null) {
      if (v === null) {
        w.int8(-1);
        return;
      }
      w.int8(1);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) throw bad(f, v);
    encodeStruct(w, f.fields, v as Msg, version, flexible);
    return;
  }
  writePrimitive(w, f, v, flexible, nullable);
}

function isDefault(f: FieldSpec, v: Value | undefined, version: number, flexible: boolean): boolean {
  if (v === undefined) return true;
  if (f.array) return Array.isArray(v) && v.length === 0 && f.default !== null;
  if (f.type === 'struct') return v === null;
  if (f.type === 'uuid') return Buffer.isBuffer(v) && v.equals(ZERO_UUID);
  const d = defaultValue(f, version, flexible);
  if (Buffer.isBuffer(v) && Buffer.isBuffer(d)) return v.equals(d);
  return v === d;
}

export function encodeStruct(w: KafkaWriter, struct: StructSpec, m: Msg, version: number, flexible: boolean): void {
  const tagged: TaggedField[] = [];
  for (const f of struct) {
    if (!present(f, version, flexible)) continue;
    const v = m[f.name];
    if (f.tag === null) {
      writeField(w, f, v === undefined ? defaultValue(f, version, flexible) : v, version, flexible);
    } else if (!isDefault(f, v, version, flexible)) {
      const sub = new KafkaWriter(64);
      writeField(sub, f, v, version, flexible);
      tagged.push({ tag: f.tag, bytes: sub.toBuffer() });
    }
  }
  if (!flexible) return;
  for (const u of m[UNKNOWN_TAGS] ?? []) if (!tagged.some((t) => t.tag === u.tag)) tagged.push(u);
  tagged.sort((a, b) => a.tag - b.tag);
  w.taggedFields(tagged);
}

/** The encoded body alone (no header, no size prefix). */
export function encodeBody(struct: StructSpec, m: Msg, version: number, flexible: boolean): Buffer {
  const w = new KafkaWriter(256);
  encodeStruct(w, struct, m, version, flexible);
  return w.toBuffer();
}
