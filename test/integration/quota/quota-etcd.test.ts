// Client quotas altered over the wire, kept on etcd beside the ACLs (acls.etcd): the quota store
// of two replicas on one real etcd. Concurrent alterations from both lose nothing (etcd
// transactions), a change made through one replica reaches the other, and the quota document is
// its own key (<prefix>/quotas/document), so the ACL document is untouched.
import t from 'tap';
import { startEtcd } from '../../helpers/etcd.js';
import { QuotaStore } from '../../../src/quota/store.js';
import { quotaDocumentFor } from '../../../src/quota/open.js';
import { EtcdDocumentStore } from '../../../src/store/etcd-document.js';

async function until(what: string, check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

t.test('quota stores of two replicas on one etcd', async (t) => {
  const etcd = await startEtcd();
  t.teardown(() => etcd.close());
  const acls = { store: null, etcd: { endpoints: [etcd.endpoint], prefix: '/sw-test/acls', tls: null, auth: null }, allowIfNoAcl: false };
  const a = await QuotaStore.open(quotaDocumentFor(acls, { pollMs: 200 }));
  const b = await QuotaStore.open(quotaDocumentFor(acls, { pollMs: 200 }));
  const aclDoc = new EtcdDocumentStore(acls.etcd, { oneShot: true });
  t.teardown(async () => {
    await a.close();
    await b.close();
  });
  t.equal(a.where, b.where);
  t.match(a.where, /\/sw-test\/acls\/quotas\/document/, 'the quota document is its own key beside the ACL key');

  await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).alter([{ user: `u${i}`, set: { producerByteRate: 1000 + i }, remove: [] }])));
  await until('both replicas see all 8', () => a.entries().length === 8 && b.entries().length === 8);
  t.same(
    a
      .entries()
      .map((e) => e.user)
      .sort(),
    ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'],
    'concurrent alterations from two replicas: none lost',
  );

  const seen: number[] = [];
  b.onChange(() => seen.push(Date.now()));
  const start = Date.now();
  await a.alter([{ user: 'u0', set: {}, remove: ['producerByteRate'] }]);
  await until('B follows the removal', () => !b.entries().some((e) => e.user === 'u0'));
  t.comment(`quota alteration A -> B: ${Date.now() - start} ms`);
  t.ok(seen.length > 0, "B's onChange fired (what feeds its quota manager)");
  t.equal(await aclDoc.read(), null, 'the ACL document was not written');
});
