// The folder rules of src/, checked on every import (type-only imports too, since they are
// knowledge of the other module as much as value imports are):
//
//   layer 10 main.ts                the entry point
//   layer 9  cli/                   the commands: nothing but main.ts imports them
//   layer 8  cluster/               primary/worker processes around one gateway
//   layer 7  gateway.ts             composition root: knows every module below
//   layer 6  reload/                what changes under a running gateway (files, signals' targets)
//   layer 5  http/  audit.ts  admin/
//   layer 4  adapters/              each protocol plugged into the proxy core
//   layer 3  acl/  sasl/  proxy/    policy, authentication, the protocol-neutral core,
//            quota/                 quotas (Kafka's rates and throttle times, entities, the quota store)
//   layer 2  store/  tls/           storage primitives (documents, file lock, the one file
//                                   watcher), TLS contexts and files
//   layer 1  config/                the config's types, parsing and checks
//   layer 0  protocol/  errors.ts  log.ts  metrics.ts   pure codecs and leaves
//
// A module imports only from its own folder and from folders of a LOWER layer (so protocol/
// imports nothing from adapters/, proxy/ or cli/, and neighbours in one layer stay
// independent). No import leaves src/ (src/ never imports test/, testkit/ or bench/), no
// package outside package.json "dependencies" is imported, there is no import cycle between
// files, and every import names its module literally: the one computed import is the demo's
// test kit loader (src/cli/demo/testkit.ts). testkit/ imports only src/ and itself; bench/ and
// fuzz/ use src/ and testkit/, never test/.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import t from 'tap';
import ts from 'typescript';

const LAYERS: readonly (readonly string[])[] = [
  ['protocol', 'errors', 'log', 'metrics'],
  ['config'],
  ['store', 'tls'],
  ['acl', 'sasl', 'proxy', 'quota'],
  ['adapters'],
  ['http', 'audit', 'admin'],
  ['reload'],
  ['gateway'],
  ['cluster'],
  ['cli'],
  ['main'],
];
const COMPUTED_IMPORT_ALLOWED = new Set(['src/cli/demo/testkit.ts']);

interface Imports {
  /** Literal module specifiers (static, type-only, dynamic with a string). */
  specifiers: string[];
  /** Dynamic imports whose specifier is computed. */
  computed: number;
}

function importsOf(file: string, text: string): Imports {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: Imports = { specifiers: [], computed: 0 };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const arg = node.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) out.specifiers.push(arg.text);
      else out.computed++;
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The folder (or top-level file) of src/ a module belongs to. */
function areaOf(file: string): string {
  const parts = path.posix.relative('src', file).split('/');
  return parts.length === 1 ? parts[0].replace(/\.ts$/, '') : parts[0];
}

function layerOf(area: string): number {
  return LAYERS.findIndex((l) => l.includes(area));
}

/** Why importing `to` from `from` breaks the layer rules, or null when it does not. */
function layerProblem(from: string, to: string): string | null {
  const a = areaOf(from);
  const b = areaOf(to);
  if (a === b) return null;
  for (const area of [a, b]) if (layerOf(area) < 0) return `${area} is in no layer: add it to LAYERS in test/unit/layering.test.ts`;
  if (layerOf(b) < layerOf(a)) return null;
  return `${from} (${a}, layer ${layerOf(a)}) imports ${to} (${b}, layer ${layerOf(b)}): not a lower layer`;
}

/** Every import cycle (strongly connected set of more than one file, or a file importing itself). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

/** A relative specifier resolved to the .ts file it names. */
function resolve(from: string, spec: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.js$/, '.ts');
}

const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
const packageOf = (spec: string): string =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec);

t.test('the checker finds an upward import, an unknown folder and a cycle', async (t) => {
  t.equal(layerProblem('src/cli/run.ts', 'src/gateway.ts'), null, 'downward');
  t.equal(layerProblem('src/proxy/a.ts', 'src/proxy/b.ts'), null, 'same folder');
  t.match(layerProblem('src/protocol/kafka/x.ts', 'src/adapters/y.ts'), /not a lower layer/);
  t.match(layerProblem('src/acl/x.ts', 'src/sasl/y.ts'), /not a lower layer/, 'neighbours in one layer');
  t.match(layerProblem('src/newthing/x.ts', 'src/errors.ts'), /in no layer/);
  t.same(
    cyclesOf(
      new Map([
        ['a', ['b']],
        ['b', ['c']],
        ['c', ['a']],
        ['d', ['a']],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  t.same(cyclesOf(new Map([['a', ['a']]])), [['a']]);
  t.same(
    cyclesOf(
      new Map([
        ['a', ['b']],
        ['b', []],
      ]),
    ),
    [],
  );
});

t.test('src/: imports run downward only, stay in src/, literal, without cycles', async (t) => {
  const files = tsFiles('src');
  const graph = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of files) {
    const { specifiers, computed } = importsOf(file, fs.readFileSync(file, 'utf8'));
    if (computed > 0 && !COMPUTED_IMPORT_ALLOWED.has(file)) problems.push(`${file}: computed import() (name the module literally)`);
    const targets: string[] = [];
    for (const spec of specifiers) {
      if (!spec.startsWith('.')) {
        if (!isBuiltin(spec) && !(packageOf(spec) in pkg.dependencies)) problems.push(`${file}: imports ${spec}, not a runtime dependency in package.json`);
        continue;
      }
      const to = resolve(file, spec);
      if (!to.startsWith('src/')) problems.push(`${file}: imports ${spec}, outside src/`);
      else if (!fs.existsSync(to)) problems.push(`${file}: imports ${spec}, no such file`);
      else {
        targets.push(to);
        const why = layerProblem(file, to);
        if (why) problems.push(why);
      }
    }
    graph.set(file, targets);
  }
  t.ok(files.length > 100, `read ${files.length} files`);
  t.same(problems, [], 'no import breaks the folder rules');
  t.same(
    cyclesOf(graph).map((c) => c.join(' -> ')),
    [],
    'no import cycle',
  );
});

/** Relative imports of every file under `dir` that land outside `allowed` top folders. */
function importsOutside(dir: string, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of tsFiles(dir)) {
    for (const spec of importsOf(file, fs.readFileSync(file, 'utf8')).specifiers) {
      if (!spec.startsWith('.')) continue;
      const to = resolve(file, spec);
      if (!allowed.some((top) => to.startsWith(`${top}/`))) problems.push(`${file}: imports ${spec}`);
    }
  }
  return problems;
}

t.test('testkit/ imports only src/ and itself', async (t) => {
  t.same(importsOutside('testkit', ['src', 'testkit']), []);
});

t.test('bench/ and fuzz/ use src/ and testkit/, never test/', async (t) => {
  t.same(importsOutside('bench', ['src', 'testkit', 'bench']), []);
  t.same(importsOutside('fuzz', ['src', 'testkit', 'fuzz']), []);
});
