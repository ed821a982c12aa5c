// The etcd backend of the shared stores against a real etcd: replicas that write at the same time
// lose nothing (transactions), a change reaches the other replica within 1 s, an outage keeps the
// last state (never an empty one) and reports degraded, and the replica resyncs when etcd returns.
import t from 'tap';
import { startEtcd } from '../../helpers/etcd.js';
import { EtcdDocumentStore } from '../../../src/store/etcd-document.js';
import { SharedAclState } from '../../../src/reload/shared-acls.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import type { AclEntry } from '../../../src/acl/types.js';

const entry = (name: string): AclEntry => ({ principal: 'User:a', host: '*', resourceType: 'TOPIC', resourceName: name, patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' });
const names = (s: SharedAclState) =>
  s
    .current()
    .entries('kafka')
    .map((e) => e.resourceName)
    .sort();

async function until(what: string, check: () => boolean, ms = 10_000): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - start;
}

t.test('shared ACLs and credentials on one etcd', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.close());
  const cfg = { endpoints: [etcd.endpoint], prefix: '/sw-test/acls', tls: null, auth: null };
  const health: boolean[] = [];
  const a = await SharedAclState.open(new EtcdDocumentStore(cfg, { pollMs: 200, callTimeoutMs: 1500 }), { onHealth: (h) => health.push(h) });
  const b = await SharedAclState.open(new EtcdDocumentStore(cfg, { pollMs: 200, callTimeoutMs: 1500 }));
  t.teardown(async () => {
    await a.close();
    await b.close();
  });

  await t.test('concurrent updates from two replicas: none lost', async (t) => {
    const writes = Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).update((index) => index.add('kafka', entry(`t${i}`))));
    await Promise.all(writes);
    const want = Array.from({ length: 10 }, (_, i) => `t${i}`).sort();
    await until('both replicas see all 10', () => names(a).length === 10 && names(b).length === 10);
    t.same(names(a), want);
    t.same(names(b), want);
  });

  await t.test('a change on A reaches B within 1 s', async (t) => {
    const start = Date.now();
    await a.update((index) => index.add('kafka', entry('propagated')));
    const ms = await until('B sees it', () => names(b).includes('propagated'));
    t.comment(`ACL propagation A -> B: ${Date.now() - start} ms (after the write: ${ms} ms)`);
    t.ok(Date.now() - start < 1000);
  });

  await t.test('etcd down: last state kept, degraded, writes refused; back: resync', async (t) => {
    const before = names(b);
    await etcd.stop();
    await until('A reports the outage', () => health.includes(false));
    t.same(names(b), before, 'B still serves the last state it saw');
    await t.rejects(
      a.update((index) => index.add('kafka', entry('during-outage'))),
      { code: 'SW_ERR_STORE_UNAVAILABLE' },
    );
    await etcd.start();
    await until('A reports the recovery', () => health.at(-1) === true);
    await b.update((index) => index.add('kafka', entry('after-outage')));
    await until('A resynced', () => names(a).includes('after-outage'));
    t.notOk(names(a).includes('during-outage'), 'the refused write did not apply');
  });

  await t.test('credentials: a user added on one replica logs in on the other', async (t) => {
    const ccfg = { ...cfg, prefix: '/sw-test/credentials' };
    const fast = { scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 };
    const one = await CredentialStore.openShared(new EtcdDocumentStore(ccfg, { pollMs: 200 }), fast);
    const two = await CredentialStore.openShared(new EtcdDocumentStore(ccfg, { pollMs: 200 }), fast);
    const changes: string[][] = [];
    two.onChange((users) => changes.push([...users]));
    const w = two.watch(() => undefined);
    t.teardown(async () => {
      w.close();
      await one.close();
    });
    await Promise.all([one.addUser('alice', 'pw-a', { mechanisms: ['PLAIN'] }), two.addUser('bob', 'pw-b', { mechanisms: ['PLAIN'] })]);
    await until('two sees alice', () => two.hasUser('alice'));
    t.ok(await two.verifyPlain('alice', 'pw-a'));
    t.ok(two.hasUser('bob'), 'the concurrent add on two survived');
    t.ok(
      changes.some((u) => u.includes('alice')),
      'the change event fired',
    );
  });
});
