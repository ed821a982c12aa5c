/**
 * A small text notation for Kafka message layouts (the facts of Kafka's message schemas, written
 * in our own compact form), parsed once at module load into FieldSpec trees that the generic
 * decoder and encoder walk.
 *
 * One field per line, children indented below a struct or struct-array field:
 *
 *   Name  type[?|?<range>]  [v<range>]  [tag<N>]  [=<default>]
 *
 *   type     int8 int16 int32 int64 uint16 float64 bool uuid string bytes records,
 *            []<primitive> (array of a primitive), [] (array of structs), {} (a struct)
 *   ?        nullable wherever present; ?<range> nullable only in that range (e.g. ?1+)
 *   v<range> versions the field exists in: v3+, v0-12, v5 (default: every version)
 *   tag<N>   a tagged field (flexible versions only) with tag number N
 *   =value   default: a number, -1, 0x7fffffff, null, true, false, or "text"
 *
 * Fields that are never read or written by the gateway may be left out only when they are
 * tagged (unknown tags are carried through unchanged); every untagged field must be listed.
 */

export type Primitive = 'int8' | 'int16' | 'int32' | 'int64' | 'uint16' | 'float64' | 'bool' | 'uuid' | 'string' | 'bytes' | 'records';
const PRIMITIVES: ReadonlySet<string> = new Set(['int8', 'int16', 'int32', 'int64', 'uint16', 'float64', 'bool', 'uuid', 'string', 'bytes', 'records']);

/** An inclusive version range; max = Infinity for "and later". */
export interface VersionRange {
  min: number;
  max: number;
}

export interface FieldSpec {
  name: string;
  /** The element type for arrays; 'struct' for struct and struct-array fields. */
  type: Primitive | 'struct';
  array: boolean;
  versions: VersionRange;
  nullable: VersionRange | null;
  tag: number | null;
  /** Parsed `=` default, undefined when none was given. */
  default: number | bigint | boolean | string | null | undefined;
  /** Children of struct and struct-array fields. */
  fields: FieldSpec[];
}

export type StructSpec = readonly FieldSpec[];

export function inRange(r: VersionRange | null, v: number): boolean {
  return r !== null && v >= r.min && v <= r.max;
}

function parseRange(text: string, line: string): VersionRange {
  const m = /^(\d+)(\+|-(\d+))?$/.exec(text);
  if (!m) throw new Error(`schema: bad version range '${text}' in '${line}'`);
  const min = Number(m[1]);
  if (m[2] === '+') return { min, max: Infinity };
  return { min, max: m[3] !== undefined ? Number(m[3]) : min };
}

function parseDefault(text: string, type: string, line: string): FieldSpec['default'] {
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`schema: bad default '${text}' in '${line}'`);
  return type === 'int64' ? BigInt(text) : n;
}

function parseLine(line: string): { indent: number; field: FieldSpec } {
  const indent = line.length - line.trimStart().length;
  const [name, typeToken, ...rest] = line.trim().split(/\s+/);
  if (!name || !typeToken) throw new Error(`schema: field needs a name and a type: '${line}'`);
  const q = typeToken.indexOf('?');
  const typeText = q >= 0 ? typeToken.slice(0, q) : typeToken;
  const nullText = q >= 0 ? typeToken.slice(q + 1) : null;
  const array = typeText.startsWith('[]');
  const element = array ? typeText.slice(2) : typeText;
  let type: FieldSpec['type'];
  if (element === '' || element === '{}') type = 'struct';
  else if (PRIMITIVES.has(element)) type = element as Primitive;
  else throw new Error(`schema: unknown type '${typeText}' in '${line}'`);
  if (!array && element === '') throw new Error(`schema: '[]' needs children or an element type: '${line}'`);
  const field: FieldSpec = { name, type, array, versions: { min: 0, max: Infinity }, nullable: null, tag: null, default: undefined, fields: [] };
  for (const tok of rest) {
    if (tok.startsWith('v')) field.versions = parseRange(tok.slice(1), line);
    else if (tok.startsWith('tag')) field.tag = Number(tok.slice(3));
    else if (tok.startsWith('=')) field.default = parseDefault(tok.slice(1), element, line);
    else throw new Error(`schema: unexpected '${tok}' in '${line}'`);
  }
  if (nullText !== null) field.nullable = nullText === '' ? field.versions : parseRange(nullText, line);
  return { indent, field };
}

/** Parse a block of field lines (blank lines and `#` comments ignored). */
export function parseSchema(text: string): StructSpec {
  const root: FieldSpec[] = [];
  const stack: Array<{ indent: number; fields: FieldSpec[] }> = [{ indent: -1, fields: root }];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const { indent, field } = parseLine(raw);
    while (stack.length > 1 && indent <= stack[stack.length - 1].indent) stack.pop();
    stack[stack.length - 1].fields.push(field);
    if (field.type === 'struct') stack.push({ indent, fields: field.fields });
  }
  return Object.freeze(root);
}

/** The child spec list of a struct field, by field name (for code that builds nested entries). */
export function childSpec(struct: StructSpec, path: readonly string[]): StructSpec {
  let cur: StructSpec = struct;
  for (const name of path) {
    const f = cur.find((x) => x.name === name && x.type === 'struct');
    if (!f) throw new Error(`schema: no struct field '${name}' (path ${path.join('.')})`);
    cur = f.fields;
  }
  return cur;
}
