/**
 * Bounds for the schema decoder: the fewest wire bytes one element of a field can take at a
 * version (so a declared array count is checked against the bytes left before anything is
 * allocated), and the per-frame element budget that caps the objects one request may make the
 * gateway build, whatever its size.
 *
 * Minimum sizes follow the encodings of decode.ts: classic string 2 (int16 length), classic
 * bytes/array 4 (int32 length), compact string/bytes/array 1 (uvarint), a nullable struct 1
 * (its marker), a struct the sum of its untagged fields plus, in flexible versions, 1 for its
 * tagged-field count. Results are cached per field, version and flexibility.
 */
import { KafkaDecodeBudgetError } from '../codec-errors.js';
import { present } from './message.js';
import { inRange, type FieldSpec, type Primitive, type StructSpec } from './notation.js';

/**
 * Elements (array entries and tagged fields) one client request may declare. A consumer of 10,000
 * partitions sends about 10,000; 100,000 small objects stay well under the 64 MiB heap budget
 * of one hostile frame, and a count above the cap is refused before the array is built.
 */
export const MAX_REQUEST_ELEMENTS = 100_000;

/** Mutable per-decode state: what the frame may still spend. */
export interface DecodeLimits {
  /** Elements left to build in this frame. */
  elements: number;
  /** Refuse strings that are not well-formed UTF-8. */
  strictUtf8: boolean;
  /**
   * Refuse tags the schema does not list. A broker that knows such a tag reads it by its schema,
   * not by its declared size, so the gateway cannot know what the broker will act on.
   */
  refuseUnknownTags: boolean;
}

/** Limits for a client request: the element budget and strict text. */
export function requestLimits(): DecodeLimits {
  return { elements: MAX_REQUEST_ELEMENTS, strictUtf8: true, refuseUnknownTags: true };
}

/** Limits for a backend response (the backend is trusted; counts are still bounded by bytes). */
export function responseLimits(): DecodeLimits {
  return { elements: Infinity, strictUtf8: false, refuseUnknownTags: false };
}

/** Spend `n` elements of the frame's budget, or throw before they are built. */
export function spend(limits: DecodeLimits, n: number, at: number): void {
  limits.elements -= n;
  if (limits.elements < 0) {
    throw new KafkaDecodeBudgetError(`request declares more than ${MAX_REQUEST_ELEMENTS} elements`, at);
  }
}

function primitiveMin(type: Primitive, flexible: boolean): number {
  switch (type) {
    case 'int8':
    case 'bool':
      return 1;
    case 'int16':
    case 'uint16':
      return 2;
    case 'int32':
      return 4;
    case 'int64':
    case 'float64':
      return 8;
    case 'uuid':
      return 16;
    case 'string':
      return flexible ? 1 : 2;
    case 'bytes':
    case 'records':
      return flexible ? 1 : 4;
  }
}

const structCache = new WeakMap<StructSpec, Map<number, number>>();

/** Fewest bytes a struct takes at a version. */
export function minStructBytes(struct: StructSpec, version: number, flexible: boolean): number {
  let byVersion = structCache.get(struct);
  if (!byVersion) structCache.set(struct, (byVersion = new Map()));
  const key = version * 2 + (flexible ? 1 : 0);
  const hit = byVersion.get(key);
  if (hit !== undefined) return hit;
  let n = flexible ? 1 : 0;
  for (const f of struct) if (present(f, version, flexible) && f.tag === null) n += minFieldBytes(f, version, flexible);
  byVersion.set(key, n);
  return n;
}

/** Fewest bytes a (non-tagged) field takes, the whole field (an array: its length alone). */
function minFieldBytes(f: FieldSpec, version: number, flexible: boolean): number {
  if (f.array) return flexible ? 1 : 4;
  if (f.type === 'struct') return inRange(f.nullable, version) ? 1 : minStructBytes(f.fields, version, flexible);
  return primitiveMin(f.type, flexible);
}

/** Fewest bytes one element of an array field takes (never less than 1). */
export function minElementBytes(f: FieldSpec, version: number, flexible: boolean): number {
  const n = f.type === 'struct' ? minStructBytes(f.fields, version, flexible) : primitiveMin(f.type, flexible);
  return Math.max(1, n);
}
