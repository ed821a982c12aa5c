/**
 * Structure-aware Kafka inputs: a fast-check arbitrary of a VALID message for any api, version
 * and direction, built from the gateway's own schema table (the StructSpec the decoder walks),
 * so every field of every layout is exercised and mutations start from frames that decode.
 * Values lean on what matters to the gateway: a few topic/group names (some that ACL tests
 * use), null where the version allows it, empty and small arrays, unknown tagged fields.
 */
import fc from 'fast-check';
import { API_SPECS, isFlexible, requestHeaderVersion } from '../../src/protocol/kafka/api-table.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { encodeBody } from '../../src/protocol/kafka/schema/encode.js';
import { messageSpec } from '../../src/protocol/kafka/schema/registry.js';
import { present, UNKNOWN_TAGS, type Msg, type Value } from '../../src/protocol/kafka/schema/message.js';
import { inRange, type FieldSpec, type StructSpec } from '../../src/protocol/kafka/schema/notation.js';

const NAMES = ['orders', 'payments', 'orders-eu', '__consumer_offsets', 'g1', 'tx-1', '*', '', 'a.b_c', 'ünï', 'x'.repeat(40)];
const nameArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });
const int16Arb = fc.oneof(fc.constantFrom(-1, 0, 1, 3, 29, 0x7fff, -0x8000), fc.integer({ min: -0x8000, max: 0x7fff }));
const int32Arb = fc.oneof(fc.constantFrom(-1, 0, 1, 2, 9092, 0x7fffffff, -0x80000000), fc.integer());
const int64Arb = fc.oneof(fc.constantFrom(-1n, 0n, 1n, 2n ** 63n - 1n, -(2n ** 63n)), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
const bytesArb = fc.uint8Array({ maxLength: 24 }).map((u) => Buffer.from(u));
const uuidArb = fc.oneof(
  fc.constant(Buffer.alloc(16)),
  fc.uint8Array({ minLength: 16, maxLength: 16 }).map((u) => Buffer.from(u)),
);

function primitiveArb(f: FieldSpec): fc.Arbitrary<Value> {
  switch (f.type) {
    case 'int8':
      return fc.integer({ min: -128, max: 127 });
    case 'int16':
      return int16Arb;
    case 'int32':
      return int32Arb;
    case 'int64':
      return int64Arb;
    case 'uint16':
      return fc.integer({ min: 0, max: 0xffff });
    case 'float64':
      return fc.double({ noNaN: true });
    case 'bool':
      return fc.boolean();
    case 'uuid':
      return uuidArb;
    case 'string':
      return nameArb;
    case 'bytes':
    case 'records':
      return bytesArb;
    default:
      throw new Error(`not a primitive: ${f.type}`);
  }
}

const unknownTagsArb = fc.array(fc.record({ tag: fc.integer({ min: 1000, max: 1010 }), bytes: bytesArb }), { maxLength: 2 }).map((tags) => {
  const seen = new Set<number>();
  return tags.filter((t) => !seen.has(t.tag) && seen.add(t.tag)).sort((a, b) => a.tag - b.tag);
});

function fieldArb(f: FieldSpec, version: number, flexible: boolean, depth: number): fc.Arbitrary<Value> {
  const nullable = inRange(f.nullable, version);
  let arb: fc.Arbitrary<Value>;
  if (f.array) {
    const el: fc.Arbitrary<Value> = f.type === 'struct' ? structArb(f.fields, version, flexible, depth + 1) : primitiveArb(f);
    arb = fc.array(el, { maxLength: depth > 2 ? 1 : 3 });
  } else if (f.type === 'struct') {
    arb = structArb(f.fields, version, flexible, depth + 1);
  } else {
    arb = primitiveArb(f);
  }
  return nullable ? fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) }) : arb;
}

/** A valid value of `struct` at `version` (fields absent at the version are left out). */
export function structArb(struct: StructSpec, version: number, flexible: boolean, depth = 0): fc.Arbitrary<Msg> {
  const shape: Record<string, fc.Arbitrary<Value>> = {};
  for (const f of struct) if (present(f, version, flexible)) shape[f.name] = fieldArb(f, version, flexible, depth);
  const rec = fc.record(shape) as fc.Arbitrary<Msg>;
  if (!flexible) return rec;
  return fc.tuple(rec, unknownTagsArb).map(([m, tags]) => {
    if (tags.length > 0) m[UNKNOWN_TAGS] = tags;
    return m;
  });
}

export type Direction = 'request' | 'response';

/** Every (api key, version) with a layout in `direction`, from the api table. */
export function layoutVersions(direction: Direction): Array<{ key: number; version: number }> {
  const out: Array<{ key: number; version: number }> = [];
  for (const spec of API_SPECS.values()) {
    if (!messageSpec(spec.key)?.[direction]) continue;
    for (let v = spec.minVersion; v <= spec.maxVersion; v++) out.push({ key: spec.key, version: v });
  }
  return out;
}

const cache = new Map<string, fc.Arbitrary<Buffer>>();

/** The encoded body of a valid message of `key` at `version`. */
export function bodyArb(direction: Direction, key: number, version: number): fc.Arbitrary<Buffer> {
  const id = `${direction}:${key}:${version}`;
  let arb = cache.get(id);
  if (!arb) {
    const struct = messageSpec(key)?.[direction];
    if (!struct) throw new Error(`no ${direction} layout for api ${key}`);
    const flexible = isFlexible(key, version);
    arb = structArb(struct, version, flexible).map((m) => encodeBody(struct, m, version, flexible));
    cache.set(id, arb);
  }
  return arb;
}

/** A request frame (size prefix, header of the version's header version, client id) around `body`. */
export function requestFrame(key: number, version: number, correlationId: number, clientId: string | null, body: Buffer): Buffer {
  const hv = requestHeaderVersion(key, version);
  const w = new KafkaWriter(body.length + 32).int16(key).int16(version).int32(correlationId);
  if (hv >= 1) w.nullableString(clientId);
  if (hv === 2) w.taggedFields([]);
  return w.raw(body).frame();
}

/** A response frame (header v0 or v1 as the api table says) around `body`. */
export function responseFrame(flexibleHeader: boolean, correlationId: number, body: Buffer): Buffer {
  const w = new KafkaWriter(body.length + 16).int32(correlationId);
  if (flexibleHeader) w.taggedFields([]);
  return w.raw(body).frame();
}

/** One valid request of any api the gateway decodes, at any accepted version. */
export function anyRequestArb(): fc.Arbitrary<{ key: number; version: number; frame: Buffer }> {
  const pairs = layoutVersions('request');
  return fc.constantFrom(...pairs).chain(({ key, version }) =>
    fc.tuple(bodyArb('request', key, version), fc.integer(), fc.oneof(fc.constant(null), nameArb)).map(([body, cid, client]) => ({
      key,
      version,
      frame: requestFrame(key, version, cid, client, body),
    })),
  );
}
