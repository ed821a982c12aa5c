// KIP-848 / KIP-932 / KIP-1071 apis: heartbeats (group READ, subscribed-topic DESCRIBE),
// describes (group ITEM, groups using hidden topics replaced by 29), ShareFetch with share
// sessions, ShareAcknowledge, the share-group offset apis, streams topologies.
import t from 'tap';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { GROUP_USES_HIDDEN_TOPICS } from '../../../../../../src/adapters/kafka/authz/rules/new-groups.js';
import { allow, forwarded, Harness, localAnswer, uuid } from '../harness.js';

t.test('ConsumerGroupHeartbeat / ShareGroupHeartbeat', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'GROUP', 'g'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'a')]);
  t.same(localAnswer(await new Harness([]).send(68, 1, { GroupId: 'g' })), {
    ThrottleTimeMs: 0,
    ErrorCode: 30,
    ErrorMessage: null,
    MemberId: null,
    MemberEpoch: 0,
    HeartbeatIntervalMs: 0,
    Assignment: null,
  });
  t.equal(localAnswer(await h.send(68, 0, { GroupId: 'g', SubscribedTopicNames: ['a', 'b'] })).ErrorCode, 29);
  t.equal((await h.send(68, 1, { GroupId: 'g', SubscribedTopicNames: ['a'] })).verdict?.kind, 'forward');
  t.equal((await h.send(68, 1, { GroupId: 'g', SubscribedTopicNames: null, SubscribedTopicRegex: '.*' })).verdict?.kind, 'forward', 'a regex is left to the coordinator');
  t.equal(localAnswer(await h.send(76, 1, { GroupId: 'g', SubscribedTopicNames: ['b'] })).ErrorCode, 29);
});

t.test('ConsumerGroupDescribe: ITEM 30, a group using a hidden topic becomes 29', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'GROUP', 'g1'), allow('User:bob', 'DESCRIBE', 'GROUP', 'g2'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'a')]);
  const sent = await h.send(69, 1, { GroupIds: ['g1', 'g2', 'g3'], IncludeAuthorizedOperations: true });
  t.same(forwarded(sent).GroupIds, ['g1', 'g2']);
  const member = (topic: string) => ({
    MemberId: 'm',
    ClientId: 'c',
    ClientHost: 'h',
    SubscribedTopicNames: [topic],
    Assignment: { TopicPartitions: [{ TopicId: uuid(1), TopicName: topic, Partitions: [0] }] },
    TargetAssignment: { TopicPartitions: [] },
  });
  const out = await h.answer(sent, {
    Groups: [
      { ErrorCode: 0, GroupId: 'g1', GroupState: 'Stable', AssignorName: 'uniform', Members: [member('a')] },
      { ErrorCode: 0, GroupId: 'g2', GroupState: 'Stable', AssignorName: 'uniform', Members: [member('b')] },
    ],
  });
  t.same(
    (out.Groups as Msg[]).map((g) => [g.GroupId, g.ErrorCode, g.ErrorMessage, (g.Members as Msg[]).length]),
    [
      ['g1', 0, null, 1],
      ['g2', 29, GROUP_USES_HIDDEN_TOPICS, 0],
      ['g3', 30, null, 0],
    ],
  );
  t.equal((out.Groups as Msg[])[0].AuthorizedOperations, 1 << 8);
});

const fetchTopic = (n: number, ...parts: number[]) => ({
  TopicId: uuid(n),
  Partitions: parts.map((p) => ({ PartitionIndex: p, AcknowledgementBatches: p === 9 ? [{ FirstOffset: 0n, LastOffset: 1n, AcknowledgeTypes: [1] }] : [] })),
});

t.test('ShareFetch: group READ, topic READ per partition, share sessions', async (t) => {
  t.same(localAnswer(await new Harness([]).send(78, 1, { GroupId: 'g', MemberId: 'm', Topics: [] })).ErrorCode, 30);
  const h = new Harness([allow('User:bob', 'READ', 'GROUP', 'g'), allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  h.ids.learn(uuid(2), 'b');
  const open = await h.send(78, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 0, Topics: [fetchTopic(1, 0), fetchTopic(2, 9)] });
  t.equal((forwarded(open).Topics as Msg[]).length, 1);
  const out = await h.answer(open, { Responses: [] });
  const b = (out.Responses as Msg[])[0];
  t.same(
    (b.Partitions as Msg[]).map((p) => [p.PartitionIndex, p.ErrorCode, p.AcknowledgeErrorCode]),
    [[9, 29, 29]],
    'piggy-backed acknowledgements refused too',
  );
  t.equal((await h.send(78, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 1, Topics: [] })).verdict?.kind, 'forward', 'the opened session is known');
  t.equal(localAnswer(await h.send(78, 1, { GroupId: 'g', MemberId: 'other', ShareSessionEpoch: 1, Topics: [] })).ErrorCode, 122, 'unknown share session');
  await h.authorizer.mutate((i) => i.remove('kafka', allow('User:bob', 'READ', 'TOPIC', 'a')));
  const revoked = forwarded(await h.send(78, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 2, Topics: [] }));
  t.same(
    (revoked.ForgottenTopicsData as Msg[]).map((f) => [(f.TopicId as Buffer).readUInt32BE(12), f.Partitions]),
    [[1, [0]]],
  );
});

t.test('ShareAcknowledge and the share-group offset apis', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'GROUP', 'g'), allow('User:bob', 'DELETE', 'GROUP', 'g'), allow('User:bob', 'DESCRIBE', 'GROUP', 'g')]);
  h.ids.learn(uuid(2), 'b');
  const ack = localAnswer(await h.send(79, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 1, Topics: [{ TopicId: uuid(2), Partitions: [{ PartitionIndex: 3, AcknowledgementBatches: [] }] }] }));
  t.same(
    ((ack.Responses as Msg[])[0].Partitions as Msg[]).map((p) => [p.PartitionIndex, p.ErrorCode]),
    [[3, 29]],
  );
  const alter = localAnswer(await h.send(91, 0, { GroupId: 'g', Topics: [{ TopicName: 'b', Partitions: [{ PartitionIndex: 1, StartOffset: 0n }] }] }));
  t.same(((alter.Responses as Msg[])[0].Partitions as Msg[])[0], { PartitionIndex: 1, ErrorCode: 29, ErrorMessage: null });
  const del = localAnswer(await h.send(92, 0, { GroupId: 'g', Topics: [{ TopicName: 'b' }] }));
  t.same(
    (del.Responses as Msg[]).map((r) => [r.TopicName, r.ErrorCode]),
    [['b', 29]],
  );
  const desc = localAnswer(
    await h.send(90, 1, {
      Groups: [
        { GroupId: 'x', Topics: null },
        { GroupId: 'g', Topics: [{ TopicName: 'b', Partitions: [0] }] },
      ],
    }),
  );
  t.same(
    (desc.Groups as Msg[]).map((g) => [g.GroupId, g.ErrorCode, (g.Topics as Msg[]).map((x) => (x.Partitions as Msg[])[0].ErrorCode)]),
    [
      ['x', 30, []],
      ['g', 0, [29]],
    ],
  );
});

t.test('StreamsGroupHeartbeat topology checks, StreamsGroupDescribe', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'GROUP', 'app'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'in'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'app-', 'PREFIXED')]);
  const info = (name: string) => ({ Name: name, Partitions: 1, ReplicationFactor: 1, TopicConfigs: [] });
  const topology = (source: string) => ({
    Epoch: 1,
    Subtopologies: [
      {
        SubtopologyId: '0',
        SourceTopics: [source],
        SourceTopicRegex: [],
        StateChangelogTopics: [info('app-store-changelog')],
        RepartitionSinkTopics: [],
        RepartitionSourceTopics: [],
        CopartitionGroups: [],
      },
    ],
  });
  t.equal(localAnswer(await h.send(88, 0, { GroupId: 'app', Topology: topology('secret') })).ErrorCode, 29, 'source topic without DESCRIBE');
  t.equal(localAnswer(await h.send(88, 0, { GroupId: 'app', Topology: topology('in') })).ErrorCode, 29, 'changelog to create without CREATE');
  h.ids.learnName('app-store-changelog');
  t.equal((await h.send(88, 0, { GroupId: 'app', Topology: topology('in') })).verdict?.kind, 'forward', 'existing internal topic needs no CREATE');
  t.equal((await h.send(88, 0, { GroupId: 'app', Topology: null })).verdict?.kind, 'forward');
  const sent = await h.send(89, 0, { GroupIds: ['app'], IncludeAuthorizedOperations: false });
  const out = await h.answer(sent, { Groups: [{ ErrorCode: 0, GroupId: 'app', GroupState: 'Stable', Topology: topology('secret'), Members: [] }] });
  t.same(
    (out.Groups as Msg[]).map((g) => [g.ErrorCode, g.ErrorMessage]),
    [[29, GROUP_USES_HIDDEN_TOPICS]],
  );
});
