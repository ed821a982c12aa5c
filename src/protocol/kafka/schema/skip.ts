/**
 * Schema-driven skipping: advance a reader over the fields of a layout without building anything
 * (no strings, no objects, no buffer views), for the hot paths that need one field in front of
 * the rest: Produce's Acks, and the address walkers that must get past Produce, Fetch,
 * ShareFetch, ShareAcknowledge and DescribeQuorum topics to the node addresses behind them.
 * The layout is the one the schema codec decodes (layouts/), so it is written once.
 *
 * Validated as decode.ts reads: array counts against the bytes left with the fewest bytes one
 * element takes (bounds.ts) before the loop, compact strings at most 0x7fff bytes, no null
 * where the layout allows none, tagged sections unique and ascending (their payloads are
 * skipped by size). Throws KafkaDecodeError. Per (struct, version) the present untagged fields
 * are worked out once and cached.
 */
import { KafkaDecodeError } from '../codec-errors.js';
import { MAX_STRING_BYTES, type KafkaReader } from '../reader.js';
import { minElementBytes } from './bounds.js';
import { present } from './message.js';
import { inRange, type FieldSpec, type StructSpec } from './notation.js';

/** One untagged field present at a version, with what skipping it needs. */
interface Step {
  field: FieldSpec;
  nullable: boolean;
  /** Fewest bytes one array element takes (arrays only). */
  minElement: number;
}

const plans = new WeakMap<StructSpec, Map<number, readonly Step[]>>();

function planOf(struct: StructSpec, version: number, flexible: boolean): readonly Step[] {
  let byVersion = plans.get(struct);
  if (!byVersion) plans.set(struct, (byVersion = new Map()));
  const key = version * 2 + (flexible ? 1 : 0);
  let steps = byVersion.get(key);
  if (steps) return steps;
  steps = struct
    .filter((f) => f.tag === null && present(f, version, flexible))
    .map((f) => ({ field: f, nullable: inRange(f.nullable, version), minElement: f.array ? minElementBytes(f, version, flexible) : 0 }));
  byVersion.set(key, steps);
  return steps;
}

function nonNull(f: FieldSpec, at: number): never {
  throw new KafkaDecodeError(`null in non-nullable ${f.type} ${f.name}`, at);
}

/** A string, bytes or records value: its length form, then its bytes. */
function skipSized(r: KafkaReader, f: FieldSpec, flexible: boolean, nullable: boolean): void {
  const at = r.offset;
  let len: number;
  if (flexible) len = r.uvarint() - 1;
  else len = f.type === 'string' ? r.int16() : r.int32();
  if (len === -1) {
    if (!nullable) nonNull(f, at);
    return;
  }
  if (len < 0) throw new KafkaDecodeError(`negative ${f.type} length ${len}`, at);
  if (flexible && f.type === 'string' && len > MAX_STRING_BYTES) throw new KafkaDecodeError(`compact string length ${len} over ${MAX_STRING_BYTES}`, at);
  r.skip(len, f.type);
}

const FIXED: Readonly<Record<string, number>> = { int8: 1, bool: 1, int16: 2, uint16: 2, int32: 4, int64: 8, float64: 8, uuid: 16 };

function skipElement(r: KafkaReader, f: FieldSpec, version: number, flexible: boolean): void {
  if (f.type === 'struct') skipStruct(r, f.fields, version, flexible);
  else if (f.type === 'string' || f.type === 'bytes' || f.type === 'records') skipSized(r, f, flexible, false);
  else r.skip(FIXED[f.type], f.type);
}

function skipStep(r: KafkaReader, s: Step, version: number, flexible: boolean): void {
  const f = s.field;
  if (f.array) {
    const at = r.offset;
    const n = flexible ? r.compactArrayLength(s.minElement) : r.arrayLength(s.minElement);
    if (n === null) {
      if (!s.nullable) nonNull(f, at);
      return;
    }
    for (let i = 0; i < n; i++) skipElement(r, f, version, flexible);
  } else if (f.type === 'struct') {
    if (s.nullable && r.int8() < 0) return;
    skipStruct(r, f.fields, version, flexible);
  } else if (f.type === 'string' || f.type === 'bytes' || f.type === 'records') {
    skipSized(r, f, flexible, s.nullable);
  } else {
    r.skip(FIXED[f.type], f.type);
  }
}

/** Skip one whole struct (and, in flexible versions, its tagged section). */
export function skipStruct(r: KafkaReader, struct: StructSpec, version: number, flexible: boolean): void {
  for (const s of planOf(struct, version, flexible)) skipStep(r, s, version, flexible);
  if (flexible) r.skipTaggedFields();
}

/**
 * Skip the untagged fields of `struct` up to the field named `stop` (left unread), or, without
 * `stop`, all of them (the reader then stands at the struct's tagged section).
 */
export function skipFieldsBefore(r: KafkaReader, struct: StructSpec, version: number, flexible: boolean, stop?: string): void {
  for (const s of planOf(struct, version, flexible)) {
    if (s.field.name === stop) return;
    skipStep(r, s, version, flexible);
  }
  if (stop !== undefined) throw new KafkaDecodeError(`no field ${stop} at v${version}`, r.offset);
}
