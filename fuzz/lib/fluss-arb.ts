/**
 * Structure-aware Fluss inputs: a fast-check arbitrary of a VALID value of any message
 * descriptor (the hand-written FlussApi.proto facts in src/protocol/fluss/messages), encoded
 * with the gateway's own encoder, and every descriptor the gateway has, found by walking the
 * messages module and the api-key table rather than a hand-picked list.
 */
import fc from 'fast-check';
import * as messages from '../../src/protocol/fluss/messages/all.js';
import { API_MESSAGES } from '../../src/protocol/fluss/api-messages.js';
import { encodeMessage, type FieldSpec, type FieldSpecs, type MessageDescriptor } from '../../src/protocol/fluss/proto-message.js';

const NAMES = ['db', 't', 'db.t', 'fluss', '', 'orders', 'ünï', 'x'.repeat(30)];
const stringArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });
const int32Arb = fc.oneof(fc.constantFrom(0, 1, -1, 7, 8, 0x7fffffff, -0x80000000, 1000, 1024), fc.integer());
const int64Arb = fc.oneof(fc.constantFrom(0n, 1n, -1n, 7n, 8n, 2n ** 63n - 1n, -(2n ** 63n)), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));

function scalarArb(kind: string): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'int32':
      return int32Arb;
    case 'int64':
      return int64Arb;
    case 'bool':
      return fc.boolean();
    case 'string':
      return stringArb;
    case 'bytes':
      return fc.uint8Array({ maxLength: 24 }).map((u) => Buffer.from(u));
    case 'float':
      return fc.float({ noNaN: true }).map(Math.fround);
    case 'double':
      return fc.double({ noNaN: true });
    default:
      throw new Error(`unknown scalar ${kind}`);
  }
}

function elementArb(spec: FieldSpec, depth: number): fc.Arbitrary<unknown> {
  return typeof spec.type === 'string' ? scalarArb(spec.type) : valueArb(spec.type, depth + 1);
}

/** A valid input value of `desc` (required fields always set, optional ones sometimes). */
export function valueArb(desc: MessageDescriptor, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, spec] of Object.entries(desc.fields)) {
    if (spec.repeated) shape[name] = fc.array(elementArb(spec, depth), { maxLength: depth > 2 ? 1 : 3 });
    else if (spec.required) shape[name] = elementArb(spec, depth);
    else shape[name] = fc.option(elementArb(spec, depth), { nil: undefined });
  }
  return fc.record(shape);
}

const cache = new Map<MessageDescriptor, fc.Arbitrary<Buffer>>();

/** The encoded bytes of a valid value of `desc`. */
export function encodedArb(desc: MessageDescriptor): fc.Arbitrary<Buffer> {
  let arb = cache.get(desc);
  if (!arb) {
    arb = valueArb(desc).map((v) => encodeMessage(desc as MessageDescriptor<FieldSpecs>, v as never));
    cache.set(desc, arb);
  }
  return arb;
}

function isDescriptor(x: unknown): x is MessageDescriptor {
  return typeof x === 'object' && x !== null && 'byNo' in x && 'fields' in x && 'name' in x;
}

/** Every descriptor: those exported by messages/ and those the api table names. */
export const ALL_DESCRIPTORS: readonly MessageDescriptor[] = (() => {
  const set = new Set<MessageDescriptor>();
  for (const v of Object.values(messages)) if (isDescriptor(v)) set.add(v);
  for (const m of API_MESSAGES.values()) {
    set.add(m.request);
    if (m.response) set.add(m.response);
  }
  return [...set];
})();
