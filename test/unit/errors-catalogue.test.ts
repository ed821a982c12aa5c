// The error catalogue (src/errors.ts) stays honest: every code is emitted somewhere in src/ and
// documented for operators in docs/; no src/ file names a SW_ERR_ code the catalogue lacks (or a
// retired one); and a wrapped error keeps the original as its ES2022 `cause`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import { ERRORS, GatewayError, RETIRED_ERRORS, toGatewayError, type ErrCode } from '../../src/errors.js';
import { parseKafkaRules } from '../../src/tls/principal-rules.js';

const root = join(import.meta.dirname, '..', '..');
const CATALOGUE_FILE = 'src/errors.ts';

function filesUnder(dir: string, ext: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(ext))
    .map((d) => relative(root, join(d.parentPath, d.name)));
}

/** Source text without comments, so a code named only in a comment does not count as used. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const codes = Object.keys(ERRORS) as ErrCode[];
const srcFiles = filesUnder('src', '.ts').filter((f) => f !== CATALOGUE_FILE);
const srcCode = new Map(srcFiles.map((f) => [f, withoutComments(readFileSync(join(root, f), 'utf8'))]));
const docs = filesUnder('docs', '.md')
  .map((f) => readFileSync(join(root, f), 'utf8'))
  .join('\n');

t.test('every catalogue code is emitted by some src/ file as a string literal', async (t) => {
  const unused = codes.filter((code) => {
    const literal = new RegExp(`['"\`]${code}['"\`]`);
    return ![...srcCode.values()].some((text) => literal.test(text));
  });
  t.same(unused, [], 'codes with no emitter: use them or move them to RETIRED_ERRORS');
});

t.test('every catalogue code is documented in docs/', async (t) => {
  const undocumented = codes.filter((code) => !new RegExp(`\\b${code}\\b`).test(docs));
  t.same(undocumented, [], 'codes missing from docs/ (docs/errors.md lists them all)');
});

t.test('no src/ file names a SW_ERR_ code that is not in the catalogue', async (t) => {
  const unknown: string[] = [];
  for (const f of srcFiles) {
    const text = readFileSync(join(root, f), 'utf8');
    for (const [token] of text.matchAll(/SW_ERR_[A-Z0-9_]*/g)) {
      // `SW_ERR_HTTP_${string}` and the like name a family of codes by prefix.
      const known = token.endsWith('_') ? codes.some((c) => c.startsWith(token)) : token in ERRORS;
      if (!known) unknown.push(`${f}: ${token}`);
    }
  }
  t.same(unknown, [], 'codes outside the catalogue (comments included: a stale name misleads)');
});

t.test('a retired code is never reused and never emitted', async (t) => {
  const retired = Object.keys(RETIRED_ERRORS);
  t.same(
    retired.filter((c) => c in ERRORS),
    [],
    'a retired name is back in the catalogue',
  );
  for (const code of retired) {
    const users = srcFiles.filter((f) => srcCode.get(f)!.includes(code));
    t.same(users, [], `${code} is retired`);
  }
});

t.test('a wrapped error keeps the original as its cause', async (t) => {
  const original = new Error('ECONNRESET on read');
  const wrapped = toGatewayError(original, 'SW_ERR_UPSTREAM_CLOSED');
  t.equal(wrapped.code, 'SW_ERR_UPSTREAM_CLOSED');
  t.equal(wrapped.cause, original, 'toGatewayError keeps the cause');
  t.match(wrapped.message, /ECONNRESET on read/);
  t.equal(toGatewayError('plain text').cause, 'plain text', 'a thrown non-Error is kept as the cause too');
  const direct = new GatewayError('SW_ERR_CONFIG_INVALID', 'bad', { cause: original });
  t.equal(direct.cause, original, 'the constructor passes the cause to Error');
  t.equal(new GatewayError('SW_ERR_INTERNAL').cause, undefined, 'no cause when nothing is wrapped');
  const same = new GatewayError('SW_ERR_AUTH_FAILED');
  t.equal(toGatewayError(same), same, 'a GatewayError is passed through, not wrapped again');
});

t.test('a wrapping site keeps the cause: a bad principal rule replacement', async (t) => {
  let thrown: unknown;
  try {
    parseKafkaRules('RULE:^CN=(.*)$/$${bad/');
  } catch (e) {
    thrown = e;
  }
  t.ok(thrown instanceof GatewayError, 'a GatewayError');
  const err = thrown as GatewayError;
  t.equal(err.code, 'SW_ERR_CONFIG_INVALID');
  t.ok(err.cause instanceof Error, 'the replacement parser error is the cause');
  t.match((err.cause as Error).message, /illegal group reference/);
  t.match((err.cause as Error).stack ?? '', /javaReplacement/, 'with the stack of where it failed');
});
