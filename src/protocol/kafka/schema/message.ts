/**
 * Decoded Kafka messages as plain objects keyed by schema field name, with typed accessors and
 * the default-filled object of a struct at a version (the start of every synthesized entry).
 *
 * int64 values are bigints, uuid/bytes/records are Buffers (views into the frame when decoded),
 * arrays of structs are Msg arrays. Tagged fields the schema does not list are kept, raw, under
 * the UNKNOWN_TAGS symbol so a re-encoded message carries them unchanged.
 */
import { KafkaDecodeError } from '../codec-errors.js';
import type { TaggedField } from '../reader.js';
import { inRange, type FieldSpec, type StructSpec } from './notation.js';

export const UNKNOWN_TAGS = Symbol('unknownTags');

export type Value = number | bigint | boolean | string | Buffer | Msg | null | Value[];

export interface Msg {
  [field: string]: Value;
  [UNKNOWN_TAGS]?: TaggedField[];
}

export const ZERO_UUID: Buffer = Buffer.alloc(16);

/** Whether the field is part of `version` (tagged fields only in flexible versions). */
export function present(f: FieldSpec, version: number, flexible: boolean): boolean {
  return inRange(f.versions, version) && (f.tag === null || flexible);
}

export function defaultValue(f: FieldSpec, version: number, flexible: boolean): Value {
  if (f.array) return f.default === null ? null : [];
  if (f.default !== undefined) return f.default;
  switch (f.type) {
    case 'struct':
      return f.tag !== null || inRange(f.nullable, version) ? null : defaults(f.fields, version, flexible);
    case 'int64':
      return 0n;
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'uuid':
      return ZERO_UUID;
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    default:
      return 0;
  }
}

/** Every field of `struct` present at `version`, set to its default. */
export function defaults(struct: StructSpec, version: number, flexible: boolean): Msg {
  const m: Msg = {};
  for (const f of struct) if (present(f, version, flexible)) m[f.name] = defaultValue(f, version, flexible);
  return m;
}

/** A default-filled struct with some fields set (fields absent at the version are dropped). */
export function entry(struct: StructSpec, version: number, flexible: boolean, values: Record<string, Value>): Msg {
  const m = defaults(struct, version, flexible);
  for (const [k, v] of Object.entries(values)) if (k in m) m[k] = v;
  return m;
}

/** A decoded message without the field its reader asks for (absent at the version, or another type). */
function wrong(field: string, want: string, v: Value | undefined): KafkaDecodeError {
  return new KafkaDecodeError(`field ${field}: expected ${want}, got ${v === null ? 'null' : typeof v}`);
}

export function num(m: Msg, field: string): number {
  const v = m[field];
  if (typeof v !== 'number') throw wrong(field, 'a number', v);
  return v;
}

export function big(m: Msg, field: string): bigint {
  const v = m[field];
  if (typeof v !== 'bigint') throw wrong(field, 'an int64', v);
  return v;
}

export function bool(m: Msg, field: string): boolean {
  const v = m[field];
  if (typeof v !== 'boolean') throw wrong(field, 'a boolean', v);
  return v;
}

/** A string field (null for a null string; undefined when the field is absent at this version). */
export function str(m: Msg, field: string): string | null {
  const v = m[field];
  if (v === null || typeof v === 'string') return v;
  if (v === undefined) return null;
  throw wrong(field, 'a string', v);
}

export function buf(m: Msg, field: string): Buffer | null {
  const v = m[field];
  if (v === null || v === undefined) return null;
  if (!Buffer.isBuffer(v)) throw wrong(field, 'bytes', v);
  return v;
}

/** A struct array (null for a null array or an absent field). */
export function list(m: Msg, field: string): Msg[] | null {
  const v = m[field];
  if (v === null || v === undefined) return null;
  if (!Array.isArray(v)) throw wrong(field, 'an array', v);
  return v as Msg[];
}

/** A struct array that must be there (empty when null). */
export function items(m: Msg, field: string): Msg[] {
  return list(m, field) ?? [];
}

export function strings(m: Msg, field: string): string[] {
  return (list(m, field) ?? []) as unknown as string[];
}

export function ints(m: Msg, field: string): number[] {
  return (list(m, field) ?? []) as unknown as number[];
}

export function struct(m: Msg, field: string): Msg | null {
  const v = m[field];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) throw wrong(field, 'a struct', v);
  return v as Msg;
}
