import t from 'tap';
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { parseCredentials } from '../../../src/sasl/credentials-model.js';
import { GatewayError } from '../../../src/errors.js';
import { parse, stringify } from 'yaml';
import { FAST } from '../../helpers/sasl/fixtures.js';

t.test('add, verify, list without secrets', async (t) => {
  const store = CredentialStore.empty(FAST);
  const id = await store.addUser('alice', 'alice-pass', { mechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
  t.match(id, /^[0-9a-f]{8}$/);
  t.equal(await store.verifyPlain('alice', 'alice-pass'), true);
  t.equal(await store.verifyPlain('alice', 'alice-pas'), false);
  t.equal(await store.verifyPlain('nobody', 'alice-pass'), false);
  t.equal(store.scramCredentials('alice', 'SCRAM-SHA-256').length, 1);
  t.same(store.scramCredentials('alice', 'SCRAM-SHA-512'), [], 'only the mechanisms asked for');
  const list = store.list();
  t.same(list, [{ user: 'alice', credentials: [{ id, created: list[0].credentials[0].created, mechanisms: ['PLAIN', 'SCRAM-SHA-256'] }] }]);
  t.notMatch(JSON.stringify(list), /salt|hash|Key/);
  t.notMatch(store.toYaml(), /alice-pass/, 'no plaintext in the serialised form');
});

t.test('add/remove rules', async (t) => {
  const store = CredentialStore.empty(FAST);
  await store.addUser('bob', 'pw1', { mechanisms: ['PLAIN'] });
  await t.rejects(store.addUser('bob', 'pw2'), GatewayError, 'user exists');
  await t.rejects(store.addCredential('nobody', 'pw'), GatewayError, 'unknown user');
  await t.rejects(store.addUser('bad\nname', 'pw'), GatewayError);
  await t.rejects(store.addUser('carol', ''), GatewayError, 'empty password');
  await t.rejects(store.addUser('carol', 'pw', { mechanisms: [] }), GatewayError);
  t.equal(store.hasUser('carol'), false, 'failed adds leave nothing behind');
  const second = await store.addCredential('bob', 'pw2', { mechanisms: ['PLAIN'], id: 'rotated' });
  t.equal(second, 'rotated');
  await t.rejects(store.addCredential('bob', 'pw3', { id: 'rotated' }), GatewayError, 'duplicate id');
  t.equal(await store.removeCredential('bob', 'missing'), false);
  t.equal(await store.removeCredential('bob', 'rotated'), true);
  t.equal(await store.verifyPlain('bob', 'pw2'), false);
  const [first] = store.list()[0].credentials;
  t.equal(await store.removeCredential('bob', first.id), true);
  t.equal(store.hasUser('bob'), false, 'last credential gone removes the user');
  await store.addUser('dave', 'pw');
  t.equal(await store.removeUser('dave'), true);
  t.equal(await store.removeUser('dave'), false);
});

t.test('SCRAM credentials of one user share salt and iterations (one offer fits all)', async (t) => {
  const store = CredentialStore.empty(FAST);
  await store.addUser('svc', 'a');
  await store.addCredential('svc', 'b');
  const [newest, oldest] = store.scramCredentials('svc', 'SCRAM-SHA-512');
  t.ok(newest.salt.equals(oldest.salt));
  t.equal(newest.iterations, oldest.iterations);
  t.notOk(newest.storedKey.equals(oldest.storedKey));
  t.equal(store.list()[0].credentials[1].id, newest.id, 'newest first');
});

t.test('file round trip and atomic write', async (t) => {
  const dir = t.testdir({});
  const path = join(dir, 'users.yaml');
  const store = await CredentialStore.load(path, { ...FAST, createIfMissing: true });
  await Promise.all([store.addUser('alice', 'alice-pass'), store.addUser('bob', 'bob-pass', { mechanisms: ['SCRAM-SHA-512'] })]);
  const text = await readFile(path, 'utf8');
  t.notMatch(text, /alice-pass|bob-pass/);
  t.match(text, /^# streamward credentials/);
  t.equal((await stat(path)).mode & 0o777, 0o600);
  t.same(await readdir(dir), ['users.yaml'], 'no temp files left');
  const again = await CredentialStore.load(path, FAST);
  t.same(again.list(), store.list());
  t.equal(await again.verifyPlain('alice', 'alice-pass'), true);
  t.same(again.scramCredentials('bob', 'SCRAM-SHA-512'), store.scramCredentials('bob', 'SCRAM-SHA-512'));
  t.same(again.phantomScram('ghost', 'SCRAM-SHA-256'), store.phantomScram('ghost', 'SCRAM-SHA-256'), 'phantom seed persisted');
  await t.rejects(CredentialStore.load(join(dir, 'missing.yaml')), GatewayError);
});

t.test('a failed write leaves file, memory and directory as they were', async (t) => {
  const dir = t.testdir({});
  const path = join(dir, 'users.yaml');
  const store = await CredentialStore.load(path, { ...FAST, createIfMissing: true });
  await mkdir(path); // rename onto a directory fails
  await t.rejects(store.addUser('alice', 'pw'));
  t.equal(store.hasUser('alice'), false);
  t.same(await readdir(dir), ['users.yaml']);
  t.ok((await lstat(path)).isDirectory());
});

t.test('writing through a symlink keeps the link', async (t) => {
  const dir = t.testdir({ real: {} });
  const target = join(dir, 'real', 'users.yaml');
  const link = join(dir, 'users.yaml');
  await writeFile(target, 'version: 1\nusers: {}\n');
  await symlink(target, link);
  const store = await CredentialStore.load(link, FAST);
  await store.addUser('alice', 'pw');
  t.ok((await lstat(link)).isSymbolicLink());
  t.match(await readFile(target, 'utf8'), /alice:/);
});

t.test('invalid files are refused with the place named and nothing secret', async (t) => {
  const good = CredentialStore.empty(FAST);
  await good.addUser('alice', 'alice-pass');
  const yaml = good.toYaml();
  t.doesNotThrow(() => parseCredentials(yaml));
  t.same(parseCredentials('').users.size, 0, 'empty file = no users');
  const cases: [string, string, RegExp][] = [
    ['not yaml', 'users: [', /not valid YAML/],
    ['wrong version', 'version: 2\nusers: {}', /version/],
    ['unknown key', yaml.replace('    - id:', '    - colour: red\n      id:'), /users\.alice\[0\]\.colour: unknown key/],
    ['iterations below the floor', yaml.replace(/iterations: \d+/, 'iterations: 1000'), /iterations: expected an integer 4096/],
    ['bad base64', yaml.replace(/hash: \S+/, 'hash: not*base64'), /PLAIN\.hash: expected base64/],
    ['short stored key', yaml.replace(/storedKey: \S+/, 'storedKey: AAAA'), /storedKey: expected 32\.\.32 bytes/],
    ['scrypt N not a power of two', yaml.replace(/N: \d+/, 'N: 1000'), /scrypt parameters/],
    ['no mechanism', 'version: 1\nusers:\n  a:\n    - id: x\n      created: 2024-01-01T00:00:00Z\n', /no mechanism/],
    ['empty list', 'version: 1\nusers:\n  a: []\n', /non-empty list/],
  ];
  for (const [name, text, re] of cases) {
    try {
      parseCredentials(text, 'users.yaml');
      t.fail(`${name}: accepted`);
    } catch (e) {
      t.ok(e instanceof GatewayError && e.code === 'SW_ERR_CONFIG_INVALID', `${name}: code`);
      t.match((e as Error).message, re, name);
    }
  }
  const doc = parse(yaml) as { users: { alice: unknown[] } };
  doc.users.alice.push(doc.users.alice[0]);
  t.throws(() => parseCredentials(stringify(doc)), /duplicate credential id/);
});

t.test('unknown users cost a password check too', async (t) => {
  const store = CredentialStore.empty({ scrypt: { N: 16384, r: 8, p: 1 } });
  await store.addUser('alice', 'pw', { mechanisms: ['PLAIN'] });
  const time = async (user: string) => {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      await store.verifyPlain(user, 'guess');
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return runs.sort((a, b) => a - b)[1];
  };
  const known = await time('alice');
  const unknown = await time('nobody');
  t.ok(unknown > known * 0.3, `unknown ${unknown.toFixed(1)} ms vs known ${known.toFixed(1)} ms`);
});

t.test('phantom offers use the iteration count most users have, after reloads too', async (t) => {
  const dir = t.testdir({});
  const path = join(dir, 'users.yaml');
  const store = await CredentialStore.load(path, { ...FAST, createIfMissing: true });
  t.equal(store.phantomScram('ghost', 'SCRAM-SHA-256').iterations, 4096, 'empty store: the configured count');
  const other = CredentialStore.empty({ ...FAST, iterations: 5000 });
  await other.addUser('a', 'pw');
  await other.addUser('b', 'pw');
  await writeFile(path, other.toYaml());
  t.equal(await store.reload(), true);
  t.equal(store.phantomScram('ghost', 'SCRAM-SHA-256').iterations, 5000);
  t.equal(store.phantomScram('ghost', 'SCRAM-SHA-512').iterations, 5000);
  t.equal(await store.reload(), false, 'unchanged file: nothing to do');
});
