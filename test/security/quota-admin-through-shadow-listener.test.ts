// Attack: on a listener in shadow mode, a principal with no ACL at all lifts its own quota (or
// removes the default every user is held to) with AlterClientQuotas. The quota store is shared by
// every listener (and replica), so the change would free it on the enforcing listeners too.
// Shadow mode relaxes data-plane decisions only: AlterClientQuotas is always enforced. Two real
// gateway listeners (one shadow, one enforcing) share one quota store, librdkafka mock behind,
// SASL/PLAIN logins, raw quota frames (no client here speaks the quota apis).
import t from 'tap';
import { AclIndex } from '../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { Metrics } from '../../src/metrics.js';
import { QuotaStore } from '../../src/quota/store.js';
import { MemoryDocumentStore } from '../../src/store/file-document.js';
import type { Msg } from '../../src/protocol/kafka/schema/message.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { ent, op, saslPlainSession } from '../helpers/kafka/quota-admin.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';

t.test('AlterClientQuotas through a shadow listener is enforced', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'orders', partitions: 1 }] });
  const metrics = new Metrics();
  const acls = new MemoryAclState(new AclIndex());
  const base = [
    { user: '<default>', producerByteRate: 1_048_576 },
    { user: 'bob', producerByteRate: 65_536 },
  ];
  const quotas = await QuotaStore.open(new MemoryDocumentStore(), { base });
  const authorizer = (enforcement: 'enforce' | 'shadow') => new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: ['User:admin'] }, enforcement, metrics, audit: null });
  const policy = await testPolicy(metrics, { mechanisms: ['PLAIN'] });
  const ids = new TopicIdMap();
  const shadow = await startKafkaGateway(cluster, { metrics, auth: () => policy, stages: [kafkaAuthzStage(authorizer('shadow'), { topicIds: ids, quotas })] });
  const enforcing = await startKafkaGateway(cluster, { metrics, auth: () => policy, stages: [kafkaAuthzStage(authorizer('enforce'), { topicIds: ids, quotas })] });
  const bob = await saslPlainSession(shadow.port, 'bob', USERS.bob);
  t.teardown(async () => {
    bob.close();
    await shadow.stop();
    await enforcing.stop();
    await cluster.stop();
  });

  const attempt = await bob.call(49, 1, {
    Entries: [
      { Entity: ent(['user', 'bob']), Ops: [op('producer_byte_rate', 0, true)] },
      { Entity: ent(['user', null]), Ops: [op('producer_byte_rate', 1e15)] },
    ],
    ValidateOnly: false,
  });
  t.same(
    (attempt.Entries as Msg[]).map((e) => e.ErrorCode),
    [31, 31],
    'both alterations refused with CLUSTER_AUTHORIZATION_FAILED on the shadow listener',
  );
  t.same(quotas.entries(), base, 'the shared quota store is unchanged');
  t.same(quotas.overrides(), [], 'nothing was written');

  const admin = await saslPlainSession(enforcing.port, 'admin', USERS.admin);
  t.teardown(() => admin.close());
  const check = await admin.call(48, 1, { Components: [{ EntityType: 'user', MatchType: 0, Match: 'bob' }], Strict: true });
  t.same(
    (check.Entries as Msg[]).flatMap((e) => (e.Values as Msg[]).map((v) => `${v.Key as string}=${v.Value as number}`)),
    ['producer_byte_rate=65536'],
    "bob's quota as seen on the enforcing listener is still the configured one",
  );
});
