// The two seed scenarios over Kafka, with real clients through the gateway (SASL PLAIN/SCRAM)
// in front of the librdkafka mock cluster ('new' flavor): ACLs are created and listed with the
// kafkajs admin client (CreateAcls/DescribeAcls served by the gateway), data moves with kafkajs
// and kcat, and every refusal is the broker's own error (TOPIC_AUTHORIZATION_FAILED, ...).
import t from 'tap';
import kafkajs, { type Kafka } from 'kafkajs';
import { AclIndex } from '../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { Metrics } from '../../src/metrics.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { createKafkajs, kafkajsConsume } from '../../testkit/kafka/kafkajs.js';
import { kcatMetadata, kcatProduce } from '../helpers/kafka/kcat.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { digestPayloads, makePayloads } from '../helpers/kafka/payloads.js';

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const TOPICS = [
  { name: 'orders', partitions: 3 },
  { name: 'marketing.campaigns', partitions: 2 },
  { name: 'finance.ledger', partitions: 2 },
];

/** kafkajs client for one of the test users, SASL over plaintext. */
function client(bootstrap: string, user: string, mechanism: 'plain' | 'scram-sha-256' = 'plain'): Kafka {
  return createKafkajs({ brokers: bootstrap, clientId: `authz-${user}`, sasl: { mechanism, username: user, password: USERS[user] } as never, retries: 1 });
}

/** The Kafka error type (e.g. TOPIC_AUTHORIZATION_FAILED) of a refused kafkajs call, however wrapped. */
async function expectRejection(p: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    let cur = e as { type?: string; message: string; originalError?: unknown; cause?: unknown; retriableError?: unknown } | undefined;
    const message = cur?.message ?? String(e);
    for (let i = 0; cur && i < 5; i++) {
      if (cur.type && !cur.type.startsWith('KafkaJS')) return { type: cur.type, message };
      cur = (cur.originalError ?? cur.cause ?? cur.retriableError) as typeof cur;
    }
    return { message };
  }
  throw new Error('expected the operation to be refused');
}

async function produceAs(kafka: Kafka, topic: string, values: readonly Buffer[]): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

t.test('Kafka seed scenarios through the gateway', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: TOPICS, rebalanceDelayMs: 0 });
  const metrics = new Metrics();
  const acls = new MemoryAclState(new AclIndex());
  const authorizer = new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics, audit: null });
  const policy = await testPolicy(metrics, { mechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
  const gw = await startKafkaGateway(cluster, { metrics, auth: () => policy, stages: [kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })] });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const admin = client(gw.bootstrap, 'admin').admin();
  await admin.connect();
  t.teardown(() => admin.disconnect());

  t.test('scenario 1 (roles): admin grants with CreateAcls and lists them with DescribeAcls', async (t) => {
    const grant = (principal: string, resourceType: number, resourceName: string, operation: number) => ({
      resourceType,
      resourceName,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    });
    await admin.createAcls({
      acl: [
        grant('User:developer', AclResourceTypes.TOPIC, 'orders', AclOperationTypes.WRITE),
        grant('User:consumer', AclResourceTypes.TOPIC, 'orders', AclOperationTypes.READ),
        grant('User:consumer', AclResourceTypes.GROUP, 'orders-readers', AclOperationTypes.READ),
        grant('User:developer', AclResourceTypes.GROUP, 'dev-readers', AclOperationTypes.READ),
      ],
    });
    t.equal(acls.current().size('kafka'), 4, 'four entries in the gateway store');
    const listed = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders',
      resourcePatternType: ResourcePatternTypes.LITERAL,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    const aces = listed.resources.flatMap((r) => r.acls.map((a) => `${r.resourceName} ${a.principal} ${a.operation} ${a.permissionType}`)).sort();
    t.same(aces, [`orders User:consumer ${AclOperationTypes.READ} ${AclPermissionTypes.ALLOW}`, `orders User:developer ${AclOperationTypes.WRITE} ${AclPermissionTypes.ALLOW}`]);
  });

  const payloads = makePayloads(200, { seed: 61 });

  t.test('scenario 1: developer produces, consumer consumes', async (t) => {
    await produceAs(client(gw.bootstrap, 'developer', 'scram-sha-256'), 'orders', payloads);
    const got = await kafkajsConsume(client(gw.bootstrap, 'consumer'), { topic: 'orders', groupId: 'orders-readers', count: payloads.length, timeoutMs: 20_000 });
    t.equal(digestPayloads(got), digestPayloads(payloads), 'consumer read every message byte-exact');
  });

  t.test('scenario 1: consumer cannot produce (TOPIC_AUTHORIZATION_FAILED)', async (t) => {
    const err = await expectRejection(produceAs(client(gw.bootstrap, 'consumer'), 'orders', payloads.slice(0, 1)));
    t.equal(err.type, 'TOPIC_AUTHORIZATION_FAILED', err.message);
  });

  t.test('scenario 1: developer cannot read', async (t) => {
    const err = await expectRejection(kafkajsConsume(client(gw.bootstrap, 'developer'), { topic: 'orders', groupId: 'dev-readers', count: 1, timeoutMs: 15_000 }));
    t.match(err.message, /Topic authorization failed/, 'refused on the topic (the group READ is granted)');
  });

  t.test('scenario 1: idempotent producers need WRITE on some topic (InitProducerId)', async (t) => {
    const idempotent = async (user: string) => {
      const producer = client(gw.bootstrap, user).producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 50 } });
      await producer.connect();
      try {
        await producer.send({ topic: 'orders', acks: -1, messages: [{ value: Buffer.from(`from ${user}`) }] });
      } finally {
        await producer.disconnect();
      }
    };
    await idempotent('developer');
    t.pass('developer (WRITE on orders) got a producer id and produced');
    const err = await expectRejection(idempotent('consumer'));
    t.equal(err.type, 'CLUSTER_AUTHORIZATION_FAILED', `consumer refused: ${err.message}`);
  });

  t.test('scenario 2 (multi-tenant): prefixed ALL grants', async (t) => {
    await admin.createAcls({
      acl: ['marketing', 'finance'].map((tenant) => ({
        resourceType: AclResourceTypes.TOPIC,
        resourceName: `${tenant}.`,
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        principal: `User:${tenant}`,
        host: '*',
        operation: AclOperationTypes.ALL,
        permissionType: AclPermissionTypes.ALLOW,
      })),
    });
    const listed = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    t.same(listed.resources.map((r) => r.resourceName).sort(), ['finance.', 'marketing.']);

    for (const [tenant, own, other] of [
      ['marketing', 'marketing.campaigns', 'finance.ledger'],
      ['finance', 'finance.ledger', 'marketing.campaigns'],
    ]) {
      const kafka = client(gw.bootstrap, tenant);
      const tenantAdmin = kafka.admin();
      await tenantAdmin.connect();
      const md = await tenantAdmin.fetchTopicMetadata();
      await tenantAdmin.disconnect();
      t.same(md.topics.map((x) => x.name).sort(), [own], `${tenant} sees only its own topics (kafkajs)`);
      const props = { 'security.protocol': 'sasl_plaintext', 'sasl.mechanisms': 'PLAIN', 'sasl.username': tenant, 'sasl.password': USERS[tenant] };
      const kcat = await kcatMetadata({ bootstrap: gw.bootstrap, props });
      t.same(kcat.topics.map((x) => x.topic).sort(), [own], `${tenant} sees only its own topics (kcat -L)`);
      await produceAs(kafka, own, payloads.slice(0, 10));
      t.pass(`${tenant} produced to ${own}`);
      const err = await expectRejection(produceAs(kafka, other, payloads.slice(0, 1)));
      t.equal(err.type, 'TOPIC_AUTHORIZATION_FAILED', `${tenant} refused on ${other}: ${err.message}`);
      const refused = await kcatProduce({ bootstrap: gw.bootstrap, topic: other, messages: payloads.slice(0, 1), props, timeoutMs: 10_000 });
      t.not(refused.code, 0, `kcat as ${tenant} cannot produce to ${other}`);
      t.match(refused.stderr.toString(), /authoriz/i, 'kcat reports the authorization failure');
    }
  });
});
