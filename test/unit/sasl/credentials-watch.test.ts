import t from 'tap';
import { mkdir, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import type { CredentialsReload } from '../../../src/sasl/credentials.js';
import { FAST } from '../../helpers/sasl/fixtures.js';

/** Collects reload events; next() waits (bounded) for the next one. */
function events() {
  const queue: CredentialsReload[] = [];
  let wake: (() => void) | undefined;
  return {
    all: queue,
    push(e: CredentialsReload) {
      queue.push(e);
      wake?.();
    },
    async next(timeoutMs = 5000): Promise<CredentialsReload> {
      const deadline = Date.now() + timeoutMs;
      while (queue.length === 0) {
        if (Date.now() > deadline) throw new Error('no reload event in time');
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      return queue.shift() as CredentialsReload;
    },
  };
}

async function yamlWith(users: string[]): Promise<string> {
  const s = CredentialStore.empty(FAST);
  for (const u of users) await s.addUser(u, `${u}-pass`, { mechanisms: ['PLAIN'] });
  return s.toYaml();
}

t.test('reloads on change and keeps the last good state on invalid YAML', async (t) => {
  const dir = t.testdir({});
  const path = join(dir, 'users.yaml');
  await writeFile(path, await yamlWith(['alice']));
  const store = await CredentialStore.load(path, FAST);
  const ev = events();
  const w = store.watch((e) => ev.push(e), { debounceMs: 50 });
  t.teardown(() => w.close());

  await writeFile(path, await yamlWith(['alice', 'bob']));
  t.same(await ev.next(), { ok: true, users: 2 });
  t.equal(await store.verifyPlain('bob', 'bob-pass'), true);

  await writeFile(path, 'users: [\n');
  const bad = await ev.next();
  t.equal(bad.ok, false);
  if (!bad.ok) t.equal(bad.error.code, 'SW_ERR_CONFIG_INVALID');
  t.equal(store.hasUser('bob'), true, 'last good state kept');
  t.equal(await store.verifyPlain('bob', 'bob-pass'), true);

  await writeFile(path, await yamlWith(['carol']));
  t.same(await ev.next(), { ok: true, users: 1 });
  t.equal(store.hasUser('bob'), false);
  t.equal(store.hasUser('carol'), true);
});

t.test('own writes do not come back as reloads', async (t) => {
  const dir = t.testdir({});
  const path = join(dir, 'users.yaml');
  const store = await CredentialStore.load(path, { ...FAST, createIfMissing: true });
  const ev = events();
  const w = store.watch((e) => ev.push(e), { debounceMs: 30 });
  t.teardown(() => w.close());
  await store.addUser('alice', 'pw', { mechanisms: ['PLAIN'] });
  await new Promise((r) => setTimeout(r, 300));
  t.same(ev.all, []);
});

t.test('Kubernetes Secret update: ..data symlink swap', async (t) => {
  const dir = t.testdir({});
  await mkdir(join(dir, '..2024_01'));
  await writeFile(join(dir, '..2024_01', 'users.yaml'), await yamlWith(['alice']));
  await symlink('..2024_01', join(dir, '..data'));
  await symlink(join('..data', 'users.yaml'), join(dir, 'users.yaml'));
  const store = await CredentialStore.load(join(dir, 'users.yaml'), FAST);
  t.equal(store.hasUser('alice'), true);
  const ev = events();
  const w = store.watch((e) => ev.push(e), { debounceMs: 50 });
  t.teardown(() => w.close());

  // what the kubelet does: new timestamped dir, new link, rename over ..data
  await mkdir(join(dir, '..2024_02'));
  await writeFile(join(dir, '..2024_02', 'users.yaml'), await yamlWith(['alice', 'zed']));
  await symlink('..2024_02', join(dir, '..data_tmp'));
  await rename(join(dir, '..data_tmp'), join(dir, '..data'));
  t.same(await ev.next(), { ok: true, users: 2 });
  t.equal(await store.verifyPlain('zed', 'zed-pass'), true);
});

t.test('watch needs a file', async (t) => {
  t.throws(() => CredentialStore.empty().watch(() => undefined));
});
