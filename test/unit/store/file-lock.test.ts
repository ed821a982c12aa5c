// The cross-process lock beside a store file: mutual exclusion, stale locks (dead pid, too old)
// are broken, a live holder makes a waiter time out with SW_ERR_STORE_LOCKED, and the stores
// that use it (credentials, ACL file) apply changes to the file as it is now and create 0600 files.
import t, { type Test } from 'tap';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { lockPathFor, withFileLock } from '../../../src/store/file-lock.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { AclFileStore, updateAclFile } from '../../../src/acl/store-file.js';

async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sw-lock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FAST = { scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 };

t.test('holders never overlap, and the lock file is gone afterwards', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'store.yaml');
  let inside = 0;
  let maxInside = 0;
  await Promise.all(
    Array.from({ length: 8 }, () =>
      withFileLock(path, async () => {
        inside++;
        maxInside = Math.max(maxInside, inside);
        await sleep(5);
        inside--;
      }),
    ),
  );
  t.equal(maxInside, 1);
  t.same(await readdir(dir), []);
});

t.test('a lock of a dead process is broken; a live, fresh one makes the waiter time out', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'store.yaml');
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
  await writeFile(lockPathFor(path), `${dead}\n${Date.now()}\nx\n`);
  t.equal(await withFileLock(path, async () => 'ran', { timeoutMs: 2000 }), 'ran', 'dead pid: broken at once');
  await writeFile(lockPathFor(path), `${process.pid}\n${Date.now() - 60_000}\nx\n`);
  t.equal(await withFileLock(path, async () => 'ran', { timeoutMs: 2000, staleMs: 30_000 }), 'ran', 'too old: broken');
  await writeFile(lockPathFor(path), `${process.pid}\n${Date.now()}\nx\n`);
  await t.rejects(
    withFileLock(path, async () => 'ran', { timeoutMs: 200 }),
    { code: 'SW_ERR_STORE_LOCKED' },
    'live holder: wait, then refuse',
  );
});

t.test('two credential stores on one file: both users survive; new file is 0600', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'users.yaml');
  const a = await CredentialStore.load(path, { createIfMissing: true, ...FAST });
  const b = await CredentialStore.load(path, { createIfMissing: true, ...FAST });
  await a.addUser('alice', 'pw-a', { mechanisms: ['PLAIN'] });
  await b.addUser('bob', 'pw-b', { mechanisms: ['PLAIN'] });
  const fresh = await CredentialStore.load(path, FAST);
  t.same(
    fresh.list().map((u) => u.user),
    ['alice', 'bob'],
    'b applied its change to the file, not to its stale memory',
  );
  t.equal((await stat(path)).mode & 0o777, 0o600);
});

t.test('ACL file store update applies the change to the file as it is now; new file is 0600', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'acls.yaml');
  const store = new AclFileStore(path);
  await store.load();
  const entry = (name: string) => ({ principal: 'User:a', host: '*', resourceType: 'TOPIC', resourceName: name, patternType: 'LITERAL' as const, operation: 'READ', permission: 'ALLOW' as const });
  await updateAclFile(path, (index) => ({ result: null, changed: index.add('kafka', entry('from-cli')) }));
  t.equal((await stat(path)).mode & 0o777, 0o600, 'created 0600');
  await store.update((index) => index.add('kafka', entry('from-gateway')));
  t.same(
    store.current.entries('kafka').map((e) => e.resourceName),
    ['from-cli', 'from-gateway'],
  );
});
