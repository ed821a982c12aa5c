// Attack: on a listener in shadow mode, a principal with no ACL at all grants itself rights with
// an ordinary AdminClient create_acls (or deletes the DENY entries that hold it back). The ACL
// store is shared by every listener, so the change would apply at once on the enforcing ones.
// Shadow mode may relax data-plane decisions only: CreateAcls/DeleteAcls (and Fluss
// CREATE_ACLS/DROP_ACLS) are always enforced. Real clients (kafkajs admin and producer) through
// two gateway listeners (one shadow, one enforcing) sharing one ACL store, librdkafka mock behind.
import t from 'tap';
import kafkajs, { type Kafka } from 'kafkajs';
import { AclIndex } from '../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { Metrics } from '../../src/metrics.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { CreateAclsRequest, DropAclsRequest } from '../../src/protocol/fluss/messages/acl.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { errorOf, grant, harness } from '../unit/adapters/fluss/authz/fixtures.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

function client(bootstrap: string, user: string): Kafka {
  return createKafkajs({ brokers: bootstrap, clientId: `shadow-${user}`, sasl: { mechanism: 'plain', username: user, password: USERS[user] }, retries: 0 });
}

/** The Kafka error type of a refused kafkajs call (however wrapped). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    let cur = e as { type?: string; message?: string; originalError?: unknown; errors?: unknown[]; cause?: unknown } | undefined;
    for (let i = 0; cur && i < 6; i++) {
      if (cur.type && !cur.type.startsWith('KafkaJS')) return cur.type;
      cur = (cur.originalError ?? cur.cause ?? cur.errors?.[0]) as typeof cur;
    }
    return `untyped: ${(e as Error).message}`;
  }
  return 'accepted';
}

t.test('Kafka: CreateAcls/DeleteAcls through a shadow listener are enforced', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'payroll', partitions: 1 }] });
  const metrics = new Metrics();
  const acls = new MemoryAclState(new AclIndex());
  acls.current().add('kafka', { ...grant('User:bob', 'WRITE', 'TOPIC', 'payroll'), permission: 'DENY' });
  const authorizer = (enforcement: 'enforce' | 'shadow') => new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: ['User:admin'] }, enforcement, metrics, audit: null });
  const policy = await testPolicy(metrics, { mechanisms: ['PLAIN'] });
  const ids = new TopicIdMap();
  const shadow = await startKafkaGateway(cluster, { metrics, auth: () => policy, stages: [kafkaAuthzStage(authorizer('shadow'), { topicIds: ids })] });
  const enforcing = await startKafkaGateway(cluster, { metrics, auth: () => policy, stages: [kafkaAuthzStage(authorizer('enforce'), { topicIds: ids })] });
  t.teardown(async () => {
    await shadow.stop();
    await enforcing.stop();
    await cluster.stop();
  });

  const admin = client(shadow.bootstrap, 'alice').admin();
  await admin.connect();
  t.teardown(() => admin.disconnect());
  const grantAll = {
    resourceType: AclResourceTypes.TOPIC,
    resourceName: '',
    resourcePatternType: ResourcePatternTypes.PREFIXED,
    principal: 'User:alice',
    host: '*',
    operation: AclOperationTypes.ALL,
    permissionType: AclPermissionTypes.ALLOW,
  };
  t.equal(await refusal(admin.createAcls({ acl: [{ ...grantAll, resourceName: 'pay' }] })), 'CLUSTER_AUTHORIZATION_FAILED', 'alice cannot create ACLs through the shadow listener');
  t.equal(acls.current().size('kafka'), 1, 'the shared ACL store is unchanged');
  const del = await refusal(
    admin.deleteAcls({
      filters: [{ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY }],
    }),
  );
  t.equal(del, 'CLUSTER_AUTHORIZATION_FAILED', 'alice cannot delete ACLs through the shadow listener');
  t.equal(acls.current().size('kafka'), 1, 'the DENY entry is still there');

  const producer = client(enforcing.bootstrap, 'alice').producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
  await producer.connect();
  t.teardown(() => producer.disconnect());
  t.equal(
    await refusal(producer.send({ topic: 'payroll', acks: -1, messages: [{ value: Buffer.from('raise') }] })),
    'TOPIC_AUTHORIZATION_FAILED',
    'alice still cannot produce on the enforcing listener',
  );

  const shadowProducer = client(shadow.bootstrap, 'alice').producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
  await shadowProducer.connect();
  t.teardown(() => shadowProducer.disconnect());
  await shadowProducer.send({ topic: 'payroll', acks: -1, messages: [{ value: Buffer.from('observed') }] });
  t.pass('data-plane decisions stay relaxed on the shadow listener (produce allowed, logged as shadow-deny)');
});

t.test('Fluss: CREATE_ACLS/DROP_ACLS on a shadow listener are enforced', async (t) => {
  const h = harness('User:alice', [grant('User:bob', 'READ', 'DATABASE', 'payroll_db')], { enforcement: 'shadow' });
  const create = await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, {
    acl: [{ resource_type: 2, resource_name: 'fluss-cluster', principal_name: 'alice', principal_type: 'User', host: '*', operation_type: 2, permission_type: 2 }],
  });
  t.equal(errorOf(create.verdict).code, 48, 'CREATE_ACLS refused with AUTHORIZATION_EXCEPTION');
  const drop = await h.send(ApiKey.DROP_ACLS, DropAclsRequest, {
    acl_filter: [{ resource_type: 1, operation_type: 1, permission_type: 1 }],
  });
  t.equal(errorOf(drop.verdict).code, 48, 'DROP_ACLS refused with AUTHORIZATION_EXCEPTION');
  t.equal(h.authorizer.options.acls.current().size('fluss'), 1, 'the shared ACL store is unchanged');
});
