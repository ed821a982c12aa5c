/**
 * Small typed message descriptors for Fluss protobuf bodies, with decode and encode.
 *
 * A descriptor lists field names, numbers and types (written by hand from the facts of
 * FlussApi.proto); TypeScript infers the decoded and input object types from it:
 *   const PbTablePath = message('PbTablePath', {
 *     database_name: { no: 1, type: 'string', required: true },
 *     table_name: { no: 2, type: 'string', required: true } });
 *   type TablePath = Decoded<typeof PbTablePath>;   // { database_name: string; table_name: string }
 *
 * Rules: int64 is bigint, bytes are Buffers that ALIAS the input (zero-copy), repeated fields
 * decode to arrays (empty when absent), unknown fields are skipped on decode (walked, never
 * materialised; at most MAX_DECODED_VALUES values are built per call). A descriptor may be
 * partial (only the fields a reader needs): decoding skips what it does not declare; encoding
 * from a partial descriptor would lose fields, so only full descriptors are used to encode.
 * Missing required fields throw on decode and on encode (a Fluss server silently drops a request
 * that lacks one, so nothing we synthesize may lack one).
 */
import { FlussCodecError } from './codec-error.js';
import { FieldCursor, ProtoWriter, readVarint, toInt32, toInt64, encodeTag, encodeVarint, WIRE_VARINT, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN } from './proto-wire.js';

/**
 * Values (repeated entries and nested messages) one decodeMessage call may build. Fields the
 * descriptor does not name are walked and validated but never materialised, so only declared
 * repeated fields count; a body over the cap is refused before it can exhaust the heap.
 */
export const MAX_DECODED_VALUES = 50_000;

/**
 * Fields (declared or not, at every nesting level) one decodeMessage call walks. Walking costs
 * no allocation, but time: a body of millions of two-byte fields is refused after this many
 * (a few milliseconds) instead of being walked to its end; legitimate messages have one field
 * per entry (bucket, key, table) and stay far below.
 */
export const MAX_WALKED_FIELDS = 100_000;

interface Budget {
  left: number;
  fields: number;
}

function spend(budget: Budget, message: string, field: string): void {
  if (--budget.left < 0) throw new FlussCodecError(`${message}.${field}: more than ${MAX_DECODED_VALUES} decoded values`);
}

export type ScalarKind = 'int32' | 'int64' | 'bool' | 'string' | 'bytes' | 'float' | 'double';

export interface FieldSpec {
  readonly no: number;
  readonly type: ScalarKind | MessageDescriptor;
  readonly repeated?: boolean;
  /** Repeated numeric field written packed (proto `[packed = true]`); both forms are read. */
  readonly packed?: boolean;
  readonly required?: boolean;
}

export type FieldSpecs = { readonly [name: string]: FieldSpec };

export interface MessageDescriptor<F extends FieldSpecs = FieldSpecs> {
  readonly name: string;
  readonly fields: F;
  readonly byNo: ReadonlyMap<number, { readonly name: string; readonly spec: FieldSpec }>;
}

type ScalarValue<K> = K extends 'int64' ? bigint : K extends 'bool' ? boolean : K extends 'string' ? string : K extends 'bytes' ? Buffer : number;
type ElemDecoded<T> = T extends MessageDescriptor<infer G> ? DecodedFields<G> : ScalarValue<T>;
type ElemInput<T> = T extends MessageDescriptor<infer G> ? InputFields<G> : ScalarValue<T>;
type RepKeys<F> = { [K in keyof F]: F[K] extends { readonly repeated: true } ? K : never }[keyof F];
type ReqKeys<F> = Exclude<{ [K in keyof F]: F[K] extends { readonly required: true } ? K : never }[keyof F], RepKeys<F>>;
type OptKeys<F> = Exclude<keyof F, ReqKeys<F> | RepKeys<F>>;
type Flat<T> = { [K in keyof T]: T[K] };

/** What decodeMessage returns: required and repeated fields always present. */
export type DecodedFields<F extends FieldSpecs> = Flat<
  { -readonly [K in ReqKeys<F>]: ElemDecoded<F[K]['type']> } & { -readonly [K in RepKeys<F>]: ElemDecoded<F[K]['type']>[] } & { -readonly [K in OptKeys<F>]?: ElemDecoded<F[K]['type']> }
>;

/** What encodeMessage accepts: repeated fields may be omitted. */
export type InputFields<F extends FieldSpecs> = Flat<
  { [K in ReqKeys<F>]: ElemInput<F[K]['type']> } & { [K in RepKeys<F>]?: readonly ElemInput<F[K]['type']>[] } & { [K in OptKeys<F>]?: ElemInput<F[K]['type']> }
>;

export type Decoded<D> = D extends MessageDescriptor<infer F> ? DecodedFields<F> : never;
export type Input<D> = D extends MessageDescriptor<infer F> ? InputFields<F> : never;

/** Declares a message. Field numbers must be unique. */
export function message<const F extends FieldSpecs>(name: string, fields: F): MessageDescriptor<F> {
  const byNo = new Map<number, { name: string; spec: FieldSpec }>();
  for (const [fieldName, spec] of Object.entries(fields)) {
    if (byNo.has(spec.no)) throw new Error(`${name}: duplicate field number ${spec.no}`);
    byNo.set(spec.no, { name: fieldName, spec });
  }
  return { name, fields, byNo };
}

function isVarintKind(t: FieldSpec['type']): t is 'int32' | 'int64' | 'bool' {
  return t === 'int32' || t === 'int64' || t === 'bool';
}

function scalarFromVarint(kind: 'int32' | 'int64' | 'bool', raw: bigint): number | bigint | boolean {
  if (kind === 'int32') return toInt32(raw);
  if (kind === 'int64') return toInt64(raw);
  return raw !== 0n;
}

/** Decodes `buf[start, end)` as message `desc`. */
export function decodeMessage<F extends FieldSpecs>(desc: MessageDescriptor<F>, buf: Buffer, start = 0, end: number = buf.length): DecodedFields<F> {
  return decodeWithin(desc, buf, start, end, { left: MAX_DECODED_VALUES, fields: MAX_WALKED_FIELDS }) as DecodedFields<F>;
}

function decodeWithin(desc: MessageDescriptor, buf: Buffer, start: number, end: number, budget: Budget): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(desc.fields)) if (spec.repeated) out[name] = [];
  const f = new FieldCursor(buf, start, end);
  while (f.next()) {
    if (--budget.fields < 0) throw new FlussCodecError(`${desc.name}: more than ${MAX_WALKED_FIELDS} fields`);
    const entry = desc.byNo.get(f.no);
    if (!entry) continue;
    const { name, spec } = entry;
    const put = (v: unknown): void => {
      if (spec.repeated) {
        spend(budget, desc.name, name);
        (out[name] as unknown[]).push(v);
      } else out[name] = v;
    };
    const t = spec.type;
    if (typeof t !== 'string') {
      if (f.wireType !== WIRE_LEN) throw new FlussCodecError(`${desc.name}.${name}: expected a message`);
      spend(budget, desc.name, name);
      put(decodeWithin(t, buf, f.valueStart, f.end, budget));
    } else if (t === 'string' || t === 'bytes') {
      if (f.wireType !== WIRE_LEN) throw new FlussCodecError(`${desc.name}.${name}: expected length-delimited`);
      put(t === 'string' ? buf.toString('utf8', f.valueStart, f.end) : buf.subarray(f.valueStart, f.end));
    } else if (isVarintKind(t)) {
      if (f.wireType === WIRE_VARINT) put(t === 'int32' ? f.int32Value() : t === 'bool' ? f.int32Value() !== 0 || f.value() !== 0n : scalarFromVarint(t, f.value()));
      else if (f.wireType === WIRE_LEN && spec.repeated) {
        let p = f.valueStart;
        while (p < f.end) {
          const v = readVarint(buf, p, f.end);
          put(scalarFromVarint(t, v.value));
          p = v.next;
        }
      } else throw new FlussCodecError(`${desc.name}.${name}: expected varint`);
    } else {
      const width = t === 'float' ? 4 : 8;
      const wt = t === 'float' ? WIRE_FIXED32 : WIRE_FIXED64;
      const read = (p: number): number => (t === 'float' ? buf.readFloatLE(p) : buf.readDoubleLE(p));
      if (f.wireType === wt) put(read(f.valueStart));
      else if (f.wireType === WIRE_LEN && spec.repeated && (f.end - f.valueStart) % width === 0) {
        for (let p = f.valueStart; p < f.end; p += width) put(read(p));
      } else throw new FlussCodecError(`${desc.name}.${name}: expected ${t}`);
    }
  }
  for (const [name, spec] of Object.entries(desc.fields)) {
    if (spec.required && !spec.repeated && out[name] === undefined) {
      throw new FlussCodecError(`${desc.name}: missing required field ${name}`);
    }
  }
  return out;
}

function scalarBytes(kind: ScalarKind, v: unknown, where: string): Buffer {
  switch (kind) {
    case 'int32':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new FlussCodecError(`${where}: int32 expected`);
      return encodeVarint(v | 0);
    case 'int64':
      if (typeof v !== 'bigint') throw new FlussCodecError(`${where}: bigint expected`);
      return encodeVarint(v);
    case 'bool':
      return encodeVarint(v ? 1 : 0);
    case 'float': {
      const b = Buffer.alloc(4);
      b.writeFloatLE(Number(v));
      return b;
    }
    case 'double': {
      const b = Buffer.alloc(8);
      b.writeDoubleLE(Number(v));
      return b;
    }
    default:
      throw new FlussCodecError(`${where}: not a packable scalar`);
  }
}

function writeOne(w: ProtoWriter, spec: FieldSpec, v: unknown, where: string): void {
  const t = spec.type;
  if (typeof t !== 'string') {
    w.bytesField(spec.no, encodeMessage(t, v as InputFields<FieldSpecs>));
  } else if (t === 'string') {
    if (typeof v !== 'string') throw new FlussCodecError(`${where}: string expected`);
    w.stringField(spec.no, v);
  } else if (t === 'bytes') {
    if (!(v instanceof Uint8Array)) throw new FlussCodecError(`${where}: bytes expected`);
    w.bytesField(spec.no, v);
  } else if (t === 'float') {
    w.fixed32Field(spec.no, scalarBytes(t, v, where));
  } else if (t === 'double') {
    w.fixed64Field(spec.no, scalarBytes(t, v, where));
  } else {
    w.raw(encodeTag(spec.no, WIRE_VARINT)).raw(scalarBytes(t, v, where));
  }
}

/** Encodes `value` as message `desc`, fields in declaration order. */
export function encodeMessage<F extends FieldSpecs>(desc: MessageDescriptor<F>, value: InputFields<F>): Buffer {
  const w = new ProtoWriter();
  const obj = value as Record<string, unknown>;
  for (const [name, spec] of Object.entries(desc.fields)) {
    const v = obj[name];
    const where = `${desc.name}.${name}`;
    if (v === undefined || v === null) {
      if (spec.required && !spec.repeated) throw new FlussCodecError(`${desc.name}: missing required field ${name}`);
      continue;
    }
    if (!spec.repeated) {
      writeOne(w, spec, v, where);
      continue;
    }
    if (!Array.isArray(v)) throw new FlussCodecError(`${where}: array expected`);
    if (spec.packed && typeof spec.type === 'string') {
      if (v.length === 0) continue;
      const parts = v.map((e) => scalarBytes(spec.type as ScalarKind, e, where));
      w.bytesField(spec.no, Buffer.concat(parts));
    } else {
      for (const e of v) writeOne(w, spec, e, where);
    }
  }
  return w.finish();
}
