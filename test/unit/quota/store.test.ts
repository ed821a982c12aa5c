// The quota store: config entries overlaid per entity and per quota type by the alterations made
// over the wire, change listeners, validateOnly, the bound on altered entities, persistence in a
// file (survives a restart; a second gateway on the same file follows the first), refusal of a
// broken document, and quotaEntriesOf for the quota manager.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { QuotaStore, quotaEntriesOf } from '../../../src/quota/store.js';
import { quotaDocumentFor, quotaFileFor } from '../../../src/quota/open.js';
import { FileDocumentStore, MemoryDocumentStore } from '../../../src/store/file-document.js';
import type { QuotaEntry } from '../../../src/quota/entities.js';
import { QuotaManager } from '../../../src/quota/manager.js';

function tmp(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-quota-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function waitFor(pred: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

t.test('config entries overlaid by wire alterations, per quota type; onChange sees each change', async (t) => {
  const base: QuotaEntry[] = [
    { user: 'alice', producerByteRate: 100, consumerByteRate: 200 },
    { clientId: '<default>', requestPercentage: 50 },
  ];
  const store = await QuotaStore.open(new MemoryDocumentStore(), { base });
  const seen: Array<readonly QuotaEntry[]> = [];
  store.onChange((e) => seen.push(e));
  t.same(store.entries(), base);
  t.same(await store.alter([{ user: 'alice', set: { producerByteRate: 300 }, remove: [] }]), ['ok']);
  t.same(store.entries()[0], { user: 'alice', producerByteRate: 300, consumerByteRate: 200 }, 'the wire value replaces the config one, the other type stays');
  await store.alter([{ user: 'alice', set: {}, remove: ['consumerByteRate', 'producerByteRate'] }]);
  t.same(store.entries(), [{ clientId: '<default>', requestPercentage: 50 }], 'a wire removal hides the config value; an entity without values is gone');
  t.same(store.overrides(), [{ user: 'alice', values: { producerByteRate: null, consumerByteRate: null } }]);
  store.setBase([{ user: 'alice', producerByteRate: 1, requestPercentage: 9 }]);
  t.same(store.entries(), [{ user: 'alice', requestPercentage: 9 }], 'a config reload keeps what the wire hid and shows the rest');
  t.equal(seen.length, 3, 'one change event per alteration and per reload');
  t.same(quotaEntriesOf(store), store.entries());
});

t.test('removing a value only the wire set falls back to the config value', async (t) => {
  const store = await QuotaStore.open(new MemoryDocumentStore(), { base: [{ user: 'bob', producerByteRate: 10 }] });
  await store.alter([{ user: 'bob', set: { consumerByteRate: 5 }, remove: [] }]);
  await store.alter([{ user: 'bob', set: {}, remove: ['consumerByteRate'] }]);
  t.same(store.entries(), [{ user: 'bob', producerByteRate: 10 }]);
  t.same(store.overrides(), [], 'nothing left in the document');
});

t.test('validateOnly answers without changing anything', async (t) => {
  const store = await QuotaStore.open(new MemoryDocumentStore(), { maxEntries: 1 });
  let changes = 0;
  store.onChange(() => changes++);
  t.same(
    await store.alter(
      [
        { user: 'a', set: { producerByteRate: 1 }, remove: [] },
        { user: 'b', set: { producerByteRate: 1 }, remove: [] },
      ],
      true,
    ),
    ['ok', 'full'],
  );
  t.same(store.entries(), []);
  t.equal(changes, 0);
});

t.test('bounded: at most maxEntries altered entities', async (t) => {
  const store = await QuotaStore.open(new MemoryDocumentStore(), { maxEntries: 3 });
  const changes = Array.from({ length: 5 }, (_, i) => ({ user: `u${i}`, set: { producerByteRate: i + 1 }, remove: [] }));
  t.same(await store.alter(changes), ['ok', 'ok', 'ok', 'full', 'full']);
  t.equal(store.overrides().length, 3);
  t.same(
    await store.alter([
      { user: 'u0', set: {}, remove: ['producerByteRate'] },
      { user: 'u4', set: { producerByteRate: 9 }, remove: [] },
    ]),
    ['ok', 'ok'],
    'a freed slot is reused',
  );
  t.same(
    store.entries().map((e) => e.user),
    ['u1', 'u2', 'u4'],
  );
});

t.test('file: alterations survive a restart; a second gateway on the same file follows', async (t) => {
  const dir = tmp(t);
  const aclFile = path.join(dir, 'acls.yaml');
  t.equal(quotaFileFor(aclFile), path.join(dir, 'acls.quotas.yaml'));
  const a = await QuotaStore.open(quotaDocumentFor({ store: aclFile, etcd: null, allowIfNoAcl: false }));
  const b = await QuotaStore.open(new FileDocumentStore(quotaFileFor(aclFile), { debounceMs: 20, pollMs: 100 }));
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  const seenByB: Array<readonly QuotaEntry[]> = [];
  b.onChange((e) => seenByB.push(e));
  await a.alter([{ user: 'alice', clientId: '<default>', set: { producerByteRate: 1048576 }, remove: [] }]);
  const text = fs.readFileSync(quotaFileFor(aclFile), 'utf8');
  t.match(text, /producerByteRate: 1048576/);
  t.equal(fs.statSync(quotaFileFor(aclFile)).mode & 0o777, 0o600, 'created 0600');
  await waitFor(() => seenByB.length > 0);
  t.same(b.entries(), [{ user: 'alice', clientId: '<default>', producerByteRate: 1048576 }], 'the other replica sees the alteration');
  await b.alter([{ user: 'bob', set: { consumerByteRate: 7 }, remove: [] }]);
  const restarted = await QuotaStore.open(new FileDocumentStore(quotaFileFor(aclFile)));
  t.teardown(() => restarted.close());
  t.same(
    restarted.entries().map((e) => e.user),
    ['alice', 'bob'],
    'a restart reads both: no update was lost (b re-read the file under its lock)',
  );
});

t.test('a broken document: refused at open; on a later change the state in force stays', async (t) => {
  const dir = tmp(t);
  const file = path.join(dir, 'q.quotas.yaml');
  fs.writeFileSync(file, 'quotas:\n  - {user: a, producerByteRate: -5}\n');
  await t.rejects(QuotaStore.open(new FileDocumentStore(file)), /quotas\[0\]\.producerByteRate must be a positive number or null/);
  fs.writeFileSync(file, 'quotas:\n  - {user: a, producerByteRate: 5}\n');
  const errors: string[] = [];
  const store = await QuotaStore.open(new FileDocumentStore(file, { debounceMs: 20, pollMs: 50 }), { onError: (e) => errors.push(e.code) });
  t.teardown(() => store.close());
  fs.writeFileSync(file, 'quotas:\n  - {user: a, producerByteRate: 5, surprise: 1}\n');
  await waitFor(() => errors.length > 0);
  t.same(errors[0], 'SW_ERR_RELOAD_FAILED');
  t.same(store.entries(), [{ user: 'a', producerByteRate: 5 }], 'the last good state stays');
  fs.rmSync(file);
  await waitFor(() => errors.length > 1);
  t.same(store.entries(), [{ user: 'a', producerByteRate: 5 }], 'a deleted document does not lift the quotas');
});

t.test('the quota manager follows the store through onChange', async (t) => {
  let now = 0;
  const store = await QuotaStore.open(new MemoryDocumentStore());
  const manager = new QuotaManager({ entries: quotaEntriesOf(store) }, () => now);
  store.onChange((entries) => manager.update({ entries }));
  t.equal(manager.enabled, false);
  await store.alter([{ user: 'alice', set: { producerByteRate: 1000 }, remove: [] }]);
  t.equal(manager.enabled, true);
  now = 1000;
  t.equal(manager.record('producerByteRate', 'alice', 'app', 100_000).bound, 1000, 'the altered bound applies');
});
