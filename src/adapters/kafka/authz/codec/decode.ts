/**
 * Generic decoder: walks a StructSpec at one api version and reads a message body into a Msg.
 * Non-flexible versions use the classic encodings (int16/int32 lengths, -1 = null); flexible
 * versions use the compact ones (uvarint length + 1, 0 = null) and every struct ends with a
 * tagged-field section. Fields absent at the version are left out (so a decoded message
 * shows exactly what the wire carried; readers check the version first). Throws
 * KafkaDecodeError (from KafkaReader) or Error on malformed input; never reads past the frame.
 */
import { KafkaReader } from '../../../../protocol/kafka/reader.js';
import { defaultValue, present, UNKNOWN_TAGS, type Msg, type Value } from './message.js';
import { inRange, type FieldSpec, type StructSpec } from './schema.js';

function readPrimitive(r: KafkaReader, f: FieldSpec, version: number, flexible: boolean, nullable: boolean): Value {
  switch (f.type) {
    case 'int8': return r.int8();
    case 'int16': return r.int16();
    case 'int32': return r.int32();
    case 'int64': return r.int64();
    case 'uint16': return r.uint16();
    case 'float64': return r.float64();
    case 'bool': return r.boolean();
    case 'uuid': return r.uuid();
    case 'string': {
      const s = flexible ? r.compactNullableString() : r.nullableString();
      if (s === null && !nullable) throw new Error(`null in non-nullable string ${f.name}`);
      return s;
    }
    case 'bytes':
    case 'records': {
      const b = flexible ? r.compactNullableBytes() : r.nullableBytes();
      if (b === null && !nullable) throw new Error(`null in non-nullable bytes ${f.name}`);
      return b;
    }
    default:
      throw new Error(`not a primitive: ${f.type} (${f.name})`);
  }
}

function readElement(r: KafkaReader, f: FieldSpec, version: number, flexible: boolean): Value {
  if (f.type === 'struct') return decodeStruct(r, f.fields, version, flexible);
  return readPrimitive(r, f, version, flexible, false);
}

function readField(r: KafkaReader, f: FieldSpec, version: number, flexible: boolean): Value {
  const nullable = inRange(f.nullable, version);
  if (f.array) {
    const n = flexible ? r.compactArrayLength() : r.arrayLength();
    if (n === null) {
      if (!nullable) throw new Error(`null in non-nullable array ${f.name}`);
      return null;
    }
    const out: Value[] = [];
    for (let i = 0; i < n; i++) out.push(readElement(r, f, version, flexible));
    return out;
  }
  if (f.type === 'struct') {
    if (nullable && f.tag === null) {
      const marker = r.int8();
      if (marker < 0) return null;
    }
    return decodeStruct(r, f.fields, version, flexible);
  }
  return readPrimitive(r, f, version, flexible, nullable);
}

/** Decode one struct (and, in flexible versions, its trailing tagged section). */
export function decodeStruct(r: KafkaReader, struct: StructSpec, version: number, flexible: boolean): Msg {
  const m: Msg = {};
  for (const f of struct) {
    if (!present(f, version, flexible)) continue;
    m[f.name] = f.tag === null ? readField(r, f, version, flexible) : defaultValue(f, version, flexible);
  }
  if (!flexible) return m;
  const count = r.uvarint();
  if (count > r.remaining) throw new Error(`impossible tagged-field count ${count}`);
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    const start = r.offset;
    r.skip(size, 'tagged field');
    const known = struct.find((f) => f.tag === tag && present(f, version, flexible));
    if (known) {
      const sub = new KafkaReader(r.buf, start, start + size);
      m[known.name] = readField(sub, known, version, flexible);
    } else {
      (m[UNKNOWN_TAGS] ??= []).push({ tag, bytes: r.buf.subarray(start, start + size) });
    }
  }
  return m;
}
