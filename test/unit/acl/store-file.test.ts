import t, { type Test } from 'tap';
import { mkdtemp, mkdir, readdir, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { AclFileStore, loadAclFile, writeAclFile } from '../../../src/acl/store-file.js';
import type { GatewayError } from '../../../src/errors.js';
import type { TaggedAclEntry } from '../../../src/acl/types.js';

const entry = (name: string): TaggedAclEntry => ({
  protocol: 'kafka',
  principal: 'User:a',
  host: '*',
  resourceType: 'TOPIC',
  resourceName: name,
  patternType: 'LITERAL',
  operation: 'READ',
  permission: 'ALLOW',
});

const yamlFor = (...names: string[]): string => `acls:\n${names.map((n) => `  - {protocol: kafka, principal: "User:a", resourceType: TOPIC, resourceName: ${n}, operation: READ}\n`).join('')}`;

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sw-acl-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function until(what: string, check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const names = (index: AclIndex): string[] => index.entries('kafka').map((e) => e.resourceName);

t.test('load: missing file is empty, invalid file throws with the path', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  const empty = await loadAclFile(path);
  t.same([empty.entries, empty.text, empty.index.size()], [[], null, 0]);
  await writeFile(path, 'acls:\n  - {protocol: kafka}\n');
  await t.rejects(loadAclFile(path), { code: 'SW_ERR_CONFIG_INVALID', message: new RegExp(`${path} line 2: entry 0`) });
});

t.test('atomic write leaves only the target, keeps its mode, and reads back', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  await writeFile(path, '', { mode: 0o600 });
  const text = await writeAclFile(path, [entry('a'), entry('b')]);
  t.equal(await readFile(path, 'utf8'), text);
  t.same(await readdir(dir), ['acls.yaml'], 'no temp file left behind');
  t.equal((await stat(path)).mode & 0o777, 0o600);
  t.same((await loadAclFile(path)).entries, [entry('a'), entry('b')]);
});

t.test('watcher reloads good files, keeps the last good state on bad ones', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  await writeFile(path, yamlFor('a'));
  const reloads: AclIndex[] = [];
  const errors: GatewayError[] = [];
  const store = new AclFileStore(path, { debounceMs: 20, onReload: (i) => reloads.push(i), onError: (e) => errors.push(e) });
  t.teardown(() => store.close());
  t.same(names(await store.load()), ['a']);
  store.watch();

  await writeFile(join(dir, 'acls.yaml.tmp'), yamlFor('a', 'b'));
  await rename(join(dir, 'acls.yaml.tmp'), path); // how editors save
  await until('reload', () => reloads.length === 1);
  t.same(names(store.current), ['a', 'b']);

  await writeFile(path, yamlFor('a', 'b') + '  - {protocol: kafka, principal: x}\n');
  await until('error', () => errors.length === 1);
  t.equal(errors[0].code, 'SW_ERR_RELOAD_FAILED');
  t.match(errors[0].message, /line 4: entry 2: resourceType must be a string/);
  t.same(names(store.current), ['a', 'b'], 'the previous state stays in force');

  await rm(path);
  await until('missing-file error', () => errors.length === 2);
  t.match(errors[1].message, /file is missing/);
  t.same(names(store.current), ['a', 'b']);

  await writeFile(path, yamlFor('c'));
  await until('recovery', () => reloads.length === 2);
  t.same(names(store.current), ['c']);
  t.equal(errors.length, 2, 'one report per bad state');
});

t.test('own saves do not trigger a reload; saves are serialized', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  let reloads = 0;
  const store = new AclFileStore(path, { debounceMs: 20, onReload: () => reloads++ });
  t.teardown(() => store.close());
  await store.load();
  store.watch();
  const one = AclIndex.from([entry('x')]);
  const two = AclIndex.from([entry('x'), entry('y')]);
  await Promise.all([store.save(one), store.save(two)]);
  t.same(names(store.current), ['x', 'y'], 'the later save wins');
  t.same(
    (await loadAclFile(path)).entries.map((e) => e.resourceName),
    ['x', 'y'],
  );
  await new Promise((r) => setTimeout(r, 150));
  t.equal(reloads, 0);
});

t.test('Kubernetes ConfigMap style ..data symlink swap', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, '..2024_01'));
  await writeFile(join(dir, '..2024_01', 'acls.yaml'), yamlFor('old'));
  await symlink('..2024_01', join(dir, '..data'));
  await symlink(join('..data', 'acls.yaml'), join(dir, 'acls.yaml'));
  const reloads: AclIndex[] = [];
  const store = new AclFileStore(join(dir, 'acls.yaml'), { debounceMs: 20, onReload: (i) => reloads.push(i) });
  t.teardown(() => store.close());
  t.same(names(await store.load()), ['old']);
  store.watch();
  await mkdir(join(dir, '..2024_02'));
  await writeFile(join(dir, '..2024_02', 'acls.yaml'), yamlFor('new'));
  await symlink('..2024_02', join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  await until('reload after the swap', () => reloads.length === 1);
  t.same(names(store.current), ['new']);
});

t.test('poll fallback catches changes without events', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  await writeFile(path, yamlFor('a'));
  const store = new AclFileStore(path, { debounceMs: 5, pollMs: 30 });
  t.teardown(() => store.close());
  await store.load();
  store.watch();
  // no more events: close the directory watches inside the store's file watcher, keep its poll
  for (const w of (store as unknown as { watcher: { watchers: Array<{ close(): void }> } }).watcher.watchers) w.close();
  await writeFile(path, yamlFor('p'));
  await until('poll reload', () => names(store.current)[0] === 'p');
  t.pass('reloaded by polling');
});

t.test('flink entries go through the file: save, load, decide', async (t) => {
  const { decide } = await import('../../../src/acl/decide.js');
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  const job = '0123456789abcdef0123456789abcdef';
  const flink: TaggedAclEntry[] = [
    { protocol: 'flink', principal: 'User:ops', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALTER', permission: 'ALLOW' },
    { protocol: 'flink', principal: 'User:*', host: '10.0.0.1', resourceType: 'JOB', resourceName: job, patternType: 'LITERAL', operation: 'DESCRIBE', permission: 'ALLOW' },
  ];
  const store = new AclFileStore(path);
  await store.save(AclIndex.from([entry('orders'), ...flink]));
  const loaded = await loadAclFile(path);
  t.same(loaded.entries, [entry('orders'), ...flink]);
  const ask = (principal: string, host: string, operation: string) =>
    decide(loaded.index, {
      protocol: 'flink',
      principal,
      host,
      resourceType: 'JOB',
      resourceName: job,
      operation,
    }).allowed;
  t.same([ask('User:ops', '10.0.0.9', 'ALTER'), ask('User:x', '10.0.0.1', 'DESCRIBE'), ask('User:x', '10.0.0.2', 'DESCRIBE')], [true, true, false]);
});
