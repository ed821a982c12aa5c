/**
 * Runs the JSON schema over the substituted config and turns every ajv error (all of them, not
 * just the first) into a problem with a field path and a plain-words message.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { CONFIG_SCHEMA, FORMATS } from './schema.js';
import type { FieldPath, ProblemList } from './problems.js';

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
for (const [name, [check]] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: check });
const validate = ajv.compile(CONFIG_SCHEMA);

/**
 * Adds a problem per schema violation. `showValue(path)` says whether the value at a path may be
 * quoted in a message (values from secret environment variables may not).
 */
export function checkSchema(value: unknown, problems: ProblemList, showValue: (path: FieldPath) => boolean): boolean {
  if (validate(value)) return true;
  for (const err of validate.errors ?? []) {
    const described = describe(err, showValue);
    if (described) problems.add(described.path, described.message);
  }
  return false;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${quote(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map',
  array: 'a list',
};

function describe(err: ErrorObject, showValue: (path: FieldPath) => boolean): { path: FieldPath; message: string } | null {
  const path = pointerToPath(err.instancePath);
  const shown = showValue(path);
  const got = (v: unknown): string => (shown ? ` (got ${typeName(v)})` : '');
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'if':
      return null; // the branch's own errors say what is wrong
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const near = allowed.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
      const hint = near ? `did you mean "${near}"?` : `allowed here: ${allowed.join(', ')}`;
      return { path: [...path, key], message: `unknown key "${key}" (${hint})` };
    }
    case 'required':
      return { path: [...path, String(params.missingProperty)], message: 'is required but missing' };
    case 'type': {
      const types = String(params.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t);
      return { path, message: `must be ${types.join(' or ')}${got(err.data)}` };
    }
    case 'enum':
      return { path, message: `must be one of: ${(err.schema as string[]).join(', ')}${got(err.data)}` };
    case 'format': {
      const expected = FORMATS[String(params.format)]?.[1] ?? String(params.format);
      const value = shown ? `${quote(err.data)} is not ` : 'must be ';
      return { path, message: `${value}${expected}` };
    }
    case 'propertyNames':
      return null; // reported by the nested format error, which names the key
    case 'minItems':
      return { path, message: `must list at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'minProperties':
      return { path, message: 'must have at least one entry' };
    case 'uniqueItems':
      return { path, message: `items ${String(params.j)} and ${String(params.i)} are the same` };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'minimum':
    case 'maximum':
      return { path, message: `must be ${String(params.comparison)} ${String(params.limit)}${got(err.data)}` };
    default:
      return { path, message: err.message ?? `fails ${err.keyword}` };
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
