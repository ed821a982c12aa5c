/**
 * Generic decoder: walks a StructSpec at one api version and reads a message body into a Msg.
 * Non-flexible versions use the classic encodings (int16/int32 lengths, -1 = null); flexible
 * versions use the compact ones (uvarint length + 1, 0 = null) and every struct ends with a
 * tagged-field section. Fields absent at the version are left out (so a decoded message
 * shows exactly what the wire carried; readers check the version first). Throws
 * KafkaDecodeError (or a subclass) on malformed input; never reads past the frame.
 *
 * Bounded: an array count is checked against the bytes left times the fewest bytes one element
 * takes, and spends the frame's element budget, before anything is built (bounds.ts); time is
 * linear in the bytes read. Unambiguous: a known tagged field must fill exactly its declared
 * size and tags must be unique and ascending (Kafka's generated readers read a known tag by its
 * schema, not by its size, so anything else would let the broker read other bytes than the
 * gateway decided on). In client requests a tag the schema does not list is refused too (the
 * schemas list every tag Kafka's request schemas define for the versions the gateway accepts).
 */
import { KafkaAmbiguousInputError, KafkaDecodeError } from '../codec-errors.js';
import { KafkaReader } from '../reader.js';
import { minElementBytes, spend, type DecodeLimits } from './bounds.js';
import { defaultValue, present, UNKNOWN_TAGS, type Msg, type Value } from './message.js';
import { inRange, type FieldSpec, type StructSpec } from './notation.js';

function readPrimitive(r: KafkaReader, f: FieldSpec, _version: number, flexible: boolean, nullable: boolean): Value {
  switch (f.type) {
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'uint16':
      return r.uint16();
    case 'float64':
      return r.float64();
    case 'bool':
      return r.boolean();
    case 'uuid':
      return r.uuid();
    case 'string': {
      const at = r.offset;
      const s = flexible ? r.compactNullableString() : r.nullableString();
      if (s === null && !nullable) throw new KafkaDecodeError(`null in non-nullable string ${f.name}`, at);
      return s;
    }
    case 'bytes':
    case 'records': {
      const at = r.offset;
      const b = flexible ? r.compactNullableBytes() : r.nullableBytes();
      if (b === null && !nullable) throw new KafkaDecodeError(`null in non-nullable bytes ${f.name}`, at);
      return b;
    }
    default:
      throw new KafkaDecodeError(`not a primitive: ${f.type} (${f.name})`, r.offset);
  }
}

function readElement(r: KafkaReader, f: FieldSpec, version: number, flexible: boolean, limits: DecodeLimits): Value {
  if (f.type === 'struct') return decodeStruct(r, f.fields, version, flexible, limits);
  return readPrimitive(r, f, version, flexible, false);
}

function readField(r: KafkaReader, f: FieldSpec, version: number, flexible: boolean, limits: DecodeLimits): Value {
  const nullable = inRange(f.nullable, version);
  if (f.array) {
    const at = r.offset;
    const min = minElementBytes(f, version, flexible);
    const n = flexible ? r.compactArrayLength(min) : r.arrayLength(min);
    if (n === null) {
      if (!nullable) throw new KafkaDecodeError(`null in non-nullable array ${f.name}`, at);
      return null;
    }
    spend(limits, n, at);
    const out: Value[] = new Array<Value>(n);
    for (let i = 0; i < n; i++) out[i] = readElement(r, f, version, flexible, limits);
    return out;
  }
  if (f.type === 'struct') {
    if (nullable && f.tag === null) {
      const marker = r.int8();
      if (marker < 0) return null;
    }
    return decodeStruct(r, f.fields, version, flexible, limits);
  }
  return readPrimitive(r, f, version, flexible, nullable);
}

/** A known tagged field, which must fill exactly the `size` bytes its header declares. */
function readKnownTag(r: KafkaReader, f: FieldSpec, start: number, size: number, version: number, limits: DecodeLimits): Value {
  const sub = new KafkaReader(r.buf, start, start + size);
  sub.strictUtf8 = r.strictUtf8;
  let v: Value;
  try {
    v = readField(sub, f, version, true, limits);
  } catch (e) {
    if (e instanceof KafkaDecodeError && !(e instanceof KafkaAmbiguousInputError) && /truncated/.test(e.message)) {
      throw new KafkaAmbiguousInputError(`tagged field ${f.name} (tag ${f.tag}) declares ${size} byte(s), fewer than its content`, start);
    }
    throw e;
  }
  if (sub.remaining !== 0) {
    throw new KafkaAmbiguousInputError(`tagged field ${f.name} (tag ${f.tag}) declares ${size} byte(s) but its content is ${size - sub.remaining}`, start);
  }
  return v;
}

/**
 * Decode one struct (and, in flexible versions, its trailing tagged section). Without `limits`
 * only the byte bounds apply (no element budget).
 */
export function decodeStruct(
  r: KafkaReader,
  struct: StructSpec,
  version: number,
  flexible: boolean,
  limits: DecodeLimits = { elements: Infinity, strictUtf8: r.strictUtf8, refuseUnknownTags: false },
): Msg {
  const m: Msg = {};
  for (const f of struct) {
    if (!present(f, version, flexible)) continue;
    m[f.name] = f.tag === null ? readField(r, f, version, flexible, limits) : defaultValue(f, version, flexible);
  }
  if (!flexible) return m;
  const at = r.offset;
  const count = r.taggedFieldCount();
  spend(limits, count, at);
  let previous = -1;
  for (let i = 0; i < count; i++) {
    const tag = r.nextTag(previous);
    previous = tag;
    const size = r.uvarint();
    const start = r.offset;
    r.skip(size, 'tagged field');
    const known = struct.find((f) => f.tag === tag && present(f, version, flexible));
    if (known) m[known.name] = readKnownTag(r, known, start, size, version, limits);
    else if (limits.refuseUnknownTags) throw new KafkaAmbiguousInputError(`tag ${tag} is not one the gateway knows at v${version}`, start);
    else (m[UNKNOWN_TAGS] ??= []).push({ tag, bytes: r.buf.subarray(start, start + size) });
  }
  return m;
}
