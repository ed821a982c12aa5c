// Attack: name one resource twice in one request, e.g. DeleteTopics ["payroll", "payroll"]. The
// gateway decided each entry, but used to forward the duplicates unchecked for the backend to
// judge, and some backends act on them (the librdkafka mock deletes the topic). Kafka refuses
// duplicates itself (ControllerApis: "Duplicate topic name."/"Duplicate topic id." for
// CreateTopics, DeleteTopics, CreatePartitions; ConfigAdminManager: "Each resource must appear at
// most once." for AlterConfigs/IncrementalAlterConfigs): the gateway answers them the same way,
// strips them before forwarding, and closes the connection for the apis where Kafka has no answer
// (real admin clients never send duplicates there). A real kafkajs admin against the mock, then
// every api through the authorization stage.
import t from 'tap';
import { AclIndex } from '../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { ZERO_UUID, type Msg, type Value } from '../../src/protocol/kafka/schema/message.js';
import { Metrics } from '../../src/metrics.js';
import { readResponse } from '../../src/protocol/kafka/schema/frames.js';
import { connectRaw } from '../helpers/raw-client.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { allow, forwarded, Harness, localAnswer, requestFrameOf, uuid } from '../unit/adapters/kafka/authz/harness.js';

t.test('DeleteTopics ["payroll","payroll"] over a socket through the gateway: answered INVALID_REQUEST, nothing forwarded', async (t) => {
  // The librdkafka mock serves no admin apis (kafkajs refuses DeleteTopics against it), so the
  // request goes on a raw socket: without the guard the gateway forwards it to the mock.
  const cluster = await startMockCluster({ brokers: 1, flavor: 'new', topics: [{ name: 'payroll', partitions: 1 }] });
  const metrics = new Metrics();
  const authorizer = new Authorizer({ protocol: 'kafka', acls: new MemoryAclState(new AclIndex()), decide: { superUsers: ['User:ANONYMOUS'] }, enforcement: 'enforce', metrics, audit: null });
  const gw = await startKafkaGateway(cluster, { metrics, stages: [kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })] });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const raw = await connectRaw(gw.port);
  t.teardown(() => raw.close());
  for (const [corr, version] of [
    [41, 6],
    [42, 4],
  ] as const) {
    const fields: Record<string, Value> =
      version >= 6
        ? {
            Topics: [
              { Name: 'payroll', TopicId: ZERO_UUID },
              { Name: 'payroll', TopicId: ZERO_UUID },
            ],
          }
        : { TopicNames: ['payroll', 'payroll'] };
    raw.send(requestFrameOf(20, version, fields, corr));
    const [answer] = (await raw.waitFrames(corr - 40, 10_000)).slice(-1);
    const body = readResponse(answer, 20, version).body;
    const text = version >= 5 ? 'Duplicate topic name.' : 'undefined'; // ErrorMessage is v5+
    t.same(errors(body.Responses as Msg[], 'Name'), [`payroll 42 ${text}`], `v${version}: the gateway's own INVALID_REQUEST, as the KRaft controller answers`);
  }
  const admin = createKafkajs({ brokers: gw.bootstrap, retries: 0 }).admin();
  await admin.connect();
  t.teardown(() => admin.disconnect());
  const md = await admin.fetchTopicMetadata({ topics: ['payroll'] });
  t.equal(md.topics[0]?.name, 'payroll', 'payroll still exists');
});

const h = () => new Harness([allow('User:bob', 'ALL', 'TOPIC', 'payroll'), allow('User:bob', 'ALL', 'TOPIC', 'ok'), allow('User:bob', 'ALL', 'CLUSTER', 'kafka-cluster')]);
const errors = (entries: Msg[], name: string) => entries.map((e) => `${String(e[name])} ${String(e.ErrorCode)} ${String(e.ErrorMessage)}`);

t.test('DeleteTopics: names (v0-v5 and v6+) and ids', async (t) => {
  for (const v of [1, 5]) {
    const s = await h().send(20, v, { TopicNames: ['payroll', 'ok', 'payroll'] });
    t.same(forwarded(s).TopicNames, ['ok'], `v${v}: only the unique name is forwarded`);
  }
  const x = h();
  const s = await x.send(20, 6, {
    Topics: [
      { Name: 'payroll', TopicId: ZERO_UUID },
      { Name: 'payroll', TopicId: ZERO_UUID },
    ],
  });
  t.same(errors(localAnswer(s).Responses as Msg[], 'Name'), ['payroll 42 Duplicate topic name.'], 'v6: answered locally, nothing forwarded');
  x.ids.learn(uuid(9), 'payroll');
  const ids = await x.send(20, 6, {
    Topics: [
      { Name: null, TopicId: uuid(9) },
      { Name: null, TopicId: uuid(9) },
      { Name: 'ok', TopicId: ZERO_UUID },
    ],
  });
  t.same(
    (forwarded(ids).Topics as Msg[]).map((e) => e.Name),
    ['ok'],
    'duplicated ids stripped',
  );
  const out = await x.answer(ids, { Responses: [{ Name: 'ok', TopicId: uuid(1), ErrorCode: 0, ErrorMessage: null }] });
  t.same(errors(out.Responses as Msg[], 'Name'), ['ok 0 null', 'null 42 Duplicate topic id.'], 'merged into the backend answer');
});

t.test('CreateTopics and CreatePartitions: one INVALID_REQUEST per duplicated name', async (t) => {
  const create = await h().send(19, 5, {
    Topics: [
      { Name: 'payroll', NumPartitions: 1, ReplicationFactor: 1, Assignments: [], Configs: [] },
      { Name: 'payroll', NumPartitions: 9, ReplicationFactor: 1, Assignments: [], Configs: [] },
    ],
  });
  t.same(errors(localAnswer(create).Topics as Msg[], 'Name'), ['payroll 42 Duplicate topic name.']);
  const x = h();
  const parts = await x.send(37, 1, {
    Topics: [
      { Name: 'payroll', Count: 4, Assignments: null },
      { Name: 'ok', Count: 2, Assignments: null },
      { Name: 'payroll', Count: 8, Assignments: null },
    ],
  });
  t.same(
    (forwarded(parts).Topics as Msg[]).map((e) => e.Name),
    ['ok'],
  );
  const out = await x.answer(parts, { Results: [{ Name: 'ok', ErrorCode: 0, ErrorMessage: null }] });
  t.same(errors(out.Results as Msg[], 'Name'), ['ok 0 null', 'payroll 42 Duplicate topic name.']);
});

t.test('AlterConfigs and IncrementalAlterConfigs: every occurrence answered, the rest forwarded', async (t) => {
  for (const key of [33, 44]) {
    const x = h();
    const r = (name: string) => ({ ResourceType: 2, ResourceName: name, Configs: [] });
    const s = await x.send(key, 1, { Resources: [r('payroll'), r('ok'), r('payroll')] });
    t.same(
      (forwarded(s).Resources as Msg[]).map((e) => e.ResourceName),
      ['ok'],
      `key ${key}: unique resource forwarded`,
    );
    const out = await x.answer(s, { Responses: [{ ResourceType: 2, ResourceName: 'ok', ErrorCode: 0, ErrorMessage: null }] });
    t.same(errors(out.Responses as Msg[], 'ResourceName'), ['ok 0 null', 'payroll 42 Each resource must appear at most once.', 'payroll 42 Each resource must appear at most once.']);
  }
});

t.test('apis without a Kafka answer for duplicates close the connection', async (t) => {
  const cases: Array<[number, number, Record<string, unknown>]> = [
    [
      32,
      1,
      {
        Resources: [
          { ResourceType: 2, ResourceName: 'payroll', ConfigurationKeys: null },
          { ResourceType: 2, ResourceName: 'payroll', ConfigurationKeys: null },
        ],
      },
    ],
    [
      21,
      1,
      {
        Topics: [
          { Name: 'payroll', Partitions: [{ PartitionIndex: 0, Offset: 5n }] },
          { Name: 'payroll', Partitions: [{ PartitionIndex: 0, Offset: -1n }] },
        ],
      },
    ],
    [43, 1, { TopicPartitions: [{ Topic: 'payroll', Partitions: [0, 0] }] }],
    [
      45,
      0,
      {
        Topics: [
          {
            Name: 'payroll',
            Partitions: [
              { PartitionIndex: 0, Replicas: [1] },
              { PartitionIndex: 0, Replicas: [2] },
            ],
          },
        ],
      },
    ],
    [
      47,
      0,
      {
        GroupId: 'g',
        Topics: [
          { Name: 'payroll', Partitions: [{ PartitionIndex: 1 }] },
          { Name: 'payroll', Partitions: [{ PartitionIndex: 1 }] },
        ],
      },
    ],
    [61, 0, { Topics: [{ Name: 'payroll', PartitionIndexes: [3, 3] }] }],
  ];
  for (const [key, v, fields] of cases) {
    const x = h();
    const s = await x.send(key, v, fields as never);
    t.equal(s.verdict?.kind, 'close', `api ${key}: closed`);
    t.equal(s.verdict?.kind === 'close' ? s.verdict.error.code : null, 'SW_ERR_DUPLICATE_RESOURCE');
  }
  const ok = await h().send(21, 1, {
    Topics: [
      {
        Name: 'payroll',
        Partitions: [
          { PartitionIndex: 0, Offset: 5n },
          { PartitionIndex: 1, Offset: 5n },
        ],
      },
    ],
  });
  t.equal(ok.verdict?.kind, 'forward', 'distinct partitions of one topic still go through');
});
