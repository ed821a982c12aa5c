// Administration apis: CreateTopics (CREATE, config echo withheld without DESCRIBE_CONFIGS),
// DeleteTopics by name and by id, CreatePartitions, the config apis by resource type, the
// cluster-level REJECT answers, and delegation tokens (the gateway has none).
import t from 'tap';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, forwarded, Harness, localAnswer, uuid } from '../harness.js';

const creatable = (name: string) => ({ Name: name, NumPartitions: 3, ReplicationFactor: 1, Assignments: [], Configs: [] });

t.test('CreateTopics: ITEM 29 with the broker message; configs withheld without DESCRIBE_CONFIGS', async (t) => {
  const h = new Harness([allow('User:bob', 'CREATE', 'TOPIC', 'a')]);
  const sent = await h.send(19, 7, { Topics: [creatable('a'), creatable('b')] });
  t.same(
    (forwarded(sent).Topics as Msg[]).map((x) => x.Name),
    ['a'],
  );
  const created = {
    Name: 'a',
    TopicId: uuid(5),
    ErrorCode: 0,
    ErrorMessage: null,
    TopicConfigErrorCode: 0,
    NumPartitions: 3,
    ReplicationFactor: 1,
    Configs: [{ Name: 'cleanup.policy', Value: 'delete', ReadOnly: false, ConfigSource: 5, IsSensitive: false }],
  };
  const out = await h.answer(sent, { Topics: [created] });
  const [a, b] = out.Topics as Msg[];
  t.same([a.TopicConfigErrorCode, a.NumPartitions, a.ReplicationFactor, a.Configs], [29, -1, -1, []]);
  t.same([b.Name, b.ErrorCode, b.ErrorMessage], ['b', 29, 'Authorization failed.']);
  t.equal(h.ids.name(uuid(5)), 'a', 'topic id learned from CreateTopics v7');
  const cluster = new Harness([allow('User:bob', 'CREATE', 'CLUSTER', 'kafka-cluster'), allow('User:bob', 'DESCRIBE_CONFIGS', 'TOPIC', '*')]);
  const all = await cluster.send(19, 5, { Topics: [creatable('x'), creatable('y')] });
  t.same(all.verdict?.kind === 'forward' && all.verdict.frame, all.frame, 'CREATE on the cluster grants every topic');
  t.same(
    cluster.asked().filter((q) => q.startsWith('CREATE')),
    [],
    'the cluster shortcut is asked quietly',
  );
});

t.test('DeleteTopics: by name (v5) and by id (v6), name hidden without DESCRIBE', async (t) => {
  const h = new Harness([allow('User:bob', 'DELETE', 'TOPIC', 'a'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'b')]);
  const v5 = await h.send(20, 5, { TopicNames: ['a', 'b', 'c'] });
  t.same(forwarded(v5).TopicNames, ['a']);
  const out5 = await h.answer(v5, { Responses: [{ Name: 'a', ErrorCode: 0, ErrorMessage: null }] });
  t.same(
    (out5.Responses as Msg[]).map((r) => [r.Name, r.ErrorCode, r.ErrorMessage]),
    [
      ['a', 0, null],
      ['b', 29, 'Topic authorization failed.'],
      ['c', 29, 'Topic authorization failed.'],
    ],
  );
  h.ids.learn(uuid(2), 'b');
  h.ids.learn(uuid(3), 'c');
  const v6 = localAnswer(await h.send(20, 6, { Topics: [2, 3, 4].map((n) => ({ Name: null, TopicId: uuid(n) })) }));
  t.same(
    (v6.Responses as Msg[]).map((r) => [r.Name, (r.TopicId as Buffer).readUInt32BE(12), r.ErrorCode]),
    [
      ['b', 2, 29],
      [null, 3, 29],
      [null, 4, 100],
    ],
  );
  const both = await h.send(20, 6, { Topics: [{ Name: 'c', TopicId: uuid(3) }] });
  t.equal(both.verdict?.kind, 'forward', 'name and id together: the backend refuses it itself');
});

t.test('CreatePartitions ALTER per topic', async (t) => {
  const h = new Harness([allow('User:bob', 'ALTER', 'TOPIC', 'a')]);
  const sent = await h.send(37, 2, {
    Topics: [
      { Name: 'a', Count: 4, Assignments: null },
      { Name: 'b', Count: 4, Assignments: null },
    ],
  });
  t.same(
    (forwarded(sent).Topics as Msg[]).map((x) => x.Name),
    ['a'],
  );
  const out = await h.answer(sent, { Results: [{ Name: 'a', ErrorCode: 0 }] });
  t.same(
    (out.Results as Msg[]).map((r) => [r.Name, r.ErrorCode, r.ErrorMessage]),
    [
      ['a', 0, null],
      ['b', 29, null],
    ],
  );
});

t.test('configs: the resource type picks the resource and the code', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE_CONFIGS', 'TOPIC', 'a')]);
  const res = (type: number, name: string) => ({ ResourceType: type, ResourceName: name, ConfigurationKeys: null });
  const sent = await h.send(32, 4, { Resources: [res(2, 'a'), res(2, 'b'), res(4, '1'), res(32, 'g'), res(16, 'm')] });
  t.same(
    (forwarded(sent).Resources as Msg[]).map((r) => r.ResourceName),
    ['a'],
  );
  const out = await h.answer(sent, { Results: [{ ErrorCode: 0, ResourceType: 2, ResourceName: 'a', Configs: [] }] });
  t.same(
    (out.Results as Msg[]).map((r) => [r.ResourceType, r.ResourceName, r.ErrorCode]),
    [
      [2, 'a', 0],
      [2, 'b', 29],
      [4, '1', 31],
      [32, 'g', 30],
      [16, 'm', 31],
    ],
  );
  t.equal((out.Results as Msg[])[1].ErrorMessage, 'Topic authorization failed.');
  t.same(h.asked(), ['DESCRIBE_CONFIGS TOPIC:a allow', 'DESCRIBE_CONFIGS TOPIC:b deny', 'DESCRIBE_CONFIGS CLUSTER:kafka-cluster deny', 'DESCRIBE_CONFIGS GROUP:g deny']);
  const bad = localAnswer(await h.send(32, 1, { Resources: [res(2, 'a'), res(99, 'x')] }));
  t.same(
    (bad.Results as Msg[]).map((r) => r.ErrorCode),
    [42, 42],
    'an unknown resource type makes the request invalid',
  );
  const alter = localAnswer(
    await h.send(33, 1, {
      Resources: [
        { ResourceType: 8, ResourceName: '1', Configs: [] },
        { ResourceType: 2, ResourceName: 'a', Configs: [] },
      ],
    }),
  );
  t.same(
    (alter.Responses as Msg[]).map((r) => [r.ErrorCode, r.ErrorMessage]),
    [
      [42, 'Unknown resource type 8'],
      [29, null],
    ],
  );
  const inc = localAnswer(await h.send(44, 1, { Resources: [{ ResourceType: 8, ResourceName: '1', Configs: [] }] }));
  t.equal((inc.Responses as Msg[])[0].ErrorCode, 31, 'BROKER_LOGGER needs ALTER_CONFIGS on the cluster');
});

t.test('cluster-level REJECT answers', async (t) => {
  const h = new Harness([]);
  const elect = localAnswer(await h.send(43, 1, { ElectionType: 0, TopicPartitions: [{ Topic: 'a', Partitions: [0, 1] }] }));
  t.equal(elect.ErrorCode, 31);
  t.same(
    ((elect.ReplicaElectionResults as Msg[])[0].PartitionResult as Msg[]).map((p) => [p.PartitionId, p.ErrorCode, p.ErrorMessage]),
    [
      [0, 31, 'Cluster authorization failed.'],
      [1, 31, 'Cluster authorization failed.'],
    ],
  );
  const logdirs = localAnswer(await h.send(34, 1, { Dirs: [{ Path: '/d', Topics: [{ Name: 'a', Partitions: [3] }] }] }));
  t.same(logdirs.Results, [{ TopicName: 'a', Partitions: [{ PartitionIndex: 3, ErrorCode: 31 }] }]);
  t.same(localAnswer(await h.send(35, 3, {})), { ThrottleTimeMs: 0, ErrorCode: 31, Results: [] });
  t.same(localAnswer(await h.send(35, 1, {})), { ThrottleTimeMs: 0, Results: [] }, 'before v3 only an empty list');
  const scram = localAnswer(
    await h.send(51, 0, {
      Deletions: [{ Name: 'z', Mechanism: 1 }],
      Upsertions: [
        { Name: 'y', Mechanism: 1, Iterations: 4096, Salt: Buffer.alloc(1), SaltedPassword: Buffer.alloc(1) },
        { Name: 'z', Mechanism: 2, Iterations: 4096, Salt: Buffer.alloc(1), SaltedPassword: Buffer.alloc(1) },
      ],
    }),
  );
  t.same(
    (scram.Results as Msg[]).map((r) => [r.User, r.ErrorCode]),
    [
      ['y', 31],
      ['z', 31],
    ],
    'one result per distinct user, sorted',
  );
  const quotas = localAnswer(await h.send(49, 1, { Entries: [{ Entity: [{ EntityType: 'user', EntityName: 'u' }], Ops: [] }] }));
  t.same((quotas.Entries as Msg[])[0].Entity, [{ EntityType: 'user', EntityName: 'u' }]);
  t.same(localAnswer(await h.send(48, 1, {})).Entries, null);
  for (const key of [46, 55, 57, 64, 74, 80, 81]) t.equal(localAnswer(await h.send(key, 0, {})).ErrorCode, 31, `api ${key}`);
  const admin = new Harness([allow('User:bob', 'ALTER', 'CLUSTER', 'kafka-cluster')]);
  t.equal((await admin.send(43, 2, { TopicPartitions: null })).verdict?.kind, 'forward');
});

t.test('delegation tokens: 64 without authentication, 65 for another owner, else 61', async (t) => {
  const anon = localAnswer(await new Harness([], 'User:ANONYMOUS').send(38, 2, { Renewers: [] }));
  t.same([anon.ErrorCode, anon.PrincipalType, anon.PrincipalName], [64, 'User', 'ANONYMOUS']);
  const h = new Harness([]);
  const other = localAnswer(await h.send(38, 3, { OwnerPrincipalType: 'User', OwnerPrincipalName: 'carol', Renewers: [] }));
  t.same([other.ErrorCode, other.PrincipalName, other.TokenRequesterPrincipalName], [65, 'carol', 'bob']);
  t.equal(localAnswer(await h.send(38, 3, { OwnerPrincipalType: null, OwnerPrincipalName: null, Renewers: [] })).ErrorCode, 61);
  t.equal(localAnswer(await h.send(38, 3, { OwnerPrincipalType: null, OwnerPrincipalName: null, Renewers: [{ PrincipalType: 'Group', PrincipalName: 'x' }] })).ErrorCode, 67);
  for (const key of [39, 40, 41]) t.equal(localAnswer(await h.send(key, 2, {})).ErrorCode, 61, `api ${key}`);
});
