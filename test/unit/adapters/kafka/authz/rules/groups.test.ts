// Group apis: the REJECT answers of JoinGroup/SyncGroup/Heartbeat/LeaveGroup at flexible and
// non-flexible versions, FindCoordinator (v3 whole answer, v4 per key), DescribeGroups ITEM +
// bitfields, ListGroups FILTER, DeleteGroups ITEM; committed offsets (OffsetCommit, OffsetFetch
// per version, OffsetDelete).
import t from 'tap';
import { KafkaWriter } from '../../../../../../src/protocol/kafka/writer.js';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, forwarded, Harness, localAnswer } from '../harness.js';

t.test('JoinGroup REJECT: hand-built v5 (protocol name "") and v7 (null)', async (t) => {
  const h = new Harness([]);
  const v5 = new KafkaWriter().int16(11).int16(5).int32(1).nullableString('c').string('g').int32(10000).int32(30000).string('').nullableString(null).string('consumer').int32(0).frame();
  const a5 = localAnswer(await h.sendFrame(v5));
  t.same(a5, { ThrottleTimeMs: 0, ErrorCode: 30, GenerationId: -1, ProtocolName: '', Leader: '', MemberId: '', Members: [] });
  const a7 = localAnswer(await h.send(11, 7, { GroupId: 'g', ProtocolType: 'consumer' }));
  t.equal(a7.ProtocolName, null);
  t.equal(a7.ProtocolType, null);
  t.same(h.asked(), ['READ GROUP:g deny', 'READ GROUP:g deny']);
});

t.test('SyncGroup, Heartbeat, LeaveGroup REJECT 30; SyncGroup v5 protocol check first', async (t) => {
  const h = new Harness([]);
  const sync = localAnswer(await h.send(14, 5, { GroupId: 'g', ProtocolType: 'consumer', ProtocolName: 'range' }));
  t.same([sync.ErrorCode, (sync.Assignment as Buffer).length], [30, 0]);
  t.equal(localAnswer(await h.send(14, 5, { GroupId: 'g', ProtocolType: null, ProtocolName: 'range' })).ErrorCode, 23, 'INCONSISTENT_GROUP_PROTOCOL before authorization');
  t.same(localAnswer(await h.send(12, 4, { GroupId: 'g' })), { ThrottleTimeMs: 0, ErrorCode: 30 });
  t.same(localAnswer(await h.send(13, 3, { GroupId: 'g' })), { ThrottleTimeMs: 0, ErrorCode: 30, Members: [] });
  const ok = new Harness([allow('User:bob', 'READ', 'GROUP', 'g')]);
  t.equal((await ok.send(12, 4, { GroupId: 'g' })).verdict?.kind, 'forward');
});

t.test('FindCoordinator: v3 whole answer, v4+ per key', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'GROUP', 'g1')]);
  const v3 = localAnswer(await h.send(10, 3, { Key: 'g2', KeyType: 0 }));
  t.same([v3.ErrorCode, v3.ErrorMessage, v3.NodeId, v3.Host, v3.Port], [30, 'Group authorization failed.', -1, '', -1]);
  const tx = localAnswer(await h.send(10, 2, { Key: 'tx', KeyType: 1 }));
  t.equal(tx.ErrorCode, 53);
  const v4 = await h.send(10, 4, { KeyType: 0, CoordinatorKeys: ['g1', 'g2'] });
  t.same(forwarded(v4).CoordinatorKeys, ['g1']);
  const merged = await h.answer(v4, { Coordinators: [{ Key: 'g1', NodeId: 1, Host: 'b1', Port: 9092, ErrorCode: 0, ErrorMessage: null }] });
  t.same(
    (merged.Coordinators as Msg[]).map((c) => [c.Key, c.ErrorCode, c.NodeId, c.Port]),
    [
      ['g1', 0, 1, 9092],
      ['g2', 30, -1, -1],
    ],
  );
  const share = localAnswer(await h.send(10, 6, { KeyType: 2, CoordinatorKeys: ['s'] }));
  t.same(
    (share.Coordinators as Msg[]).map((c) => c.ErrorCode),
    [31],
    'share keys need CLUSTER_ACTION',
  );
  t.same((localAnswer(await h.send(10, 5, { KeyType: 2, CoordinatorKeys: ['s'] })).Coordinators as Msg[])[0].ErrorCode, 42, 'no share keys before v6');
});

t.test('DescribeGroups ITEM with bitfields; ListGroups FILTER; DeleteGroups ITEM', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'GROUP', 'g1'), allow('User:bob', 'DELETE', 'GROUP', 'g1')]);
  const d = await h.send(15, 5, { Groups: ['g1', 'g2'], IncludeAuthorizedOperations: true });
  t.same(forwarded(d).Groups, ['g1']);
  const out = await h.answer(d, { Groups: [{ ErrorCode: 0, GroupId: 'g1', GroupState: 'Stable', ProtocolType: 'consumer', ProtocolData: 'range', Members: [], AuthorizedOperations: 0 }] });
  t.same(
    (out.Groups as Msg[]).map((g) => [g.GroupId, g.ErrorCode, g.GroupState, g.AuthorizedOperations]),
    [
      ['g1', 0, 'Stable', (1 << 8) | (1 << 6)],
      ['g2', 30, '', -2147483648],
    ],
  );
  const list = await h.answer(await h.send(16, 4, {}), { Groups: ['g1', 'g2', 'g3'].map((g) => ({ GroupId: g, ProtocolType: 'consumer', GroupState: 'Stable' })) });
  t.same(
    (list.Groups as Msg[]).map((g) => g.GroupId),
    ['g1'],
  );
  const admin = new Harness([allow('User:bob', 'DESCRIBE', 'CLUSTER', 'kafka-cluster')]);
  const all = await admin.answer(await admin.send(16, 3, {}), { Groups: ['g1', 'g2'].map((g) => ({ GroupId: g, ProtocolType: '' })) });
  t.equal((all.Groups as Msg[]).length, 2, 'DESCRIBE on the cluster shows every group');
  const del = localAnswer(await h.send(42, 2, { GroupsNames: ['g2'] }));
  t.same(del.Results, [{ GroupId: 'g2', ErrorCode: 30 }]);
});

const commitTopic = (name: string, ...parts: number[]) => ({ Name: name, Partitions: parts.map((p) => ({ PartitionIndex: p, CommittedOffset: 5n, CommittedMetadata: null })) });

t.test('OffsetCommit: group denial fails every partition, topic denial is ITEM', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const rej = localAnswer(await h.send(8, 2, { GroupId: 'g', Topics: [commitTopic('a', 0, 1)] }));
  t.same((rej.Topics as Msg[])[0].Partitions, [
    { PartitionIndex: 0, ErrorCode: 30 },
    { PartitionIndex: 1, ErrorCode: 30 },
  ]);
  const g = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a'), allow('User:bob', 'READ', 'GROUP', 'g')]);
  const sent = await g.send(8, 8, { GroupId: 'g', Topics: [commitTopic('a', 0), commitTopic('b', 2)] });
  t.same(
    (forwarded(sent).Topics as Msg[]).map((x) => x.Name),
    ['a'],
  );
  const out = await g.answer(sent, { Topics: [{ Name: 'a', Partitions: [{ PartitionIndex: 0, ErrorCode: 0 }] }] });
  t.same(
    (out.Topics as Msg[]).map((x) => [x.Name, (x.Partitions as Msg[])[0].ErrorCode]),
    [
      ['a', 0],
      ['b', 29],
    ],
  );
});

t.test('OffsetFetch group denial by version: v0-1 partitions, v2-7 top-level, v8 per group', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'GROUP', 'ok')]);
  const topics = [{ Name: 'a', PartitionIndexes: [0, 1] }];
  const v0 = localAnswer(await h.send(9, 0, { GroupId: 'g', Topics: topics }));
  t.same(
    ((v0.Topics as Msg[])[0].Partitions as Msg[]).map((p) => [p.PartitionIndex, p.ErrorCode, p.CommittedOffset, p.Metadata]),
    [
      [0, 30, -1n, ''],
      [1, 30, -1n, ''],
    ],
  );
  const v1 = localAnswer(await h.send(9, 1, { GroupId: 'g', Topics: topics }));
  t.same(
    ((v1.Topics as Msg[])[0].Partitions as Msg[]).map((p) => p.ErrorCode),
    [30, 30],
    'v1 has no top-level error: every partition',
  );
  t.same(localAnswer(await h.send(9, 5, { GroupId: 'g', Topics: topics })), { ThrottleTimeMs: 0, Topics: [], ErrorCode: 30 });
  const h8 = new Harness([allow('User:bob', 'DESCRIBE', 'GROUP', 'ok'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'a')]);
  const v8 = await h8.send(9, 8, {
    Groups: [
      { GroupId: 'g', Topics: null },
      {
        GroupId: 'ok',
        Topics: [
          { Name: 'a', PartitionIndexes: [0] },
          { Name: 'b', PartitionIndexes: [0] },
        ],
      },
    ],
  });
  t.same(
    (forwarded(v8).Groups as Msg[]).map((g) => [g.GroupId, (g.Topics as Msg[]).map((x) => x.Name)]),
    [['ok', ['a']]],
    'denied group and denied topic stripped',
  );
  const partOk = { PartitionIndex: 0, CommittedOffset: 3n, CommittedLeaderEpoch: -1, Metadata: '', ErrorCode: 0 };
  const out = await h8.answer(v8, { Groups: [{ GroupId: 'ok', Topics: [{ Name: 'a', Partitions: [partOk] }], ErrorCode: 0 }] });
  t.same(
    (out.Groups as Msg[]).map((g) => [g.GroupId, g.ErrorCode, (g.Topics as Msg[]).map((x) => `${String(x.Name)}:${String((x.Partitions as Msg[])[0].ErrorCode)}`)]),
    [
      ['ok', 0, ['a:0', 'b:29']],
      ['g', 30, []],
    ],
  );
});

t.test('OffsetFetch all partitions: FILTER on the answer', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'GROUP', 'g'), allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const sent = await h.send(9, 7, { GroupId: 'g', Topics: null });
  t.same(sent.verdict?.kind === 'forward' && sent.verdict.frame, sent.frame);
  const part = { PartitionIndex: 0, CommittedOffset: 1n, Metadata: '', ErrorCode: 0 };
  const out = await h.answer(sent, {
    Topics: [
      { Name: 'a', Partitions: [part] },
      { Name: 'b', Partitions: [part] },
    ],
  });
  t.same(
    (out.Topics as Msg[]).map((x) => x.Name),
    ['a'],
  );
});

t.test('OffsetDelete: DELETE on the group (top-level 30), READ per topic', async (t) => {
  const h = new Harness([allow('User:bob', 'DELETE', 'GROUP', 'g')]);
  t.same(localAnswer(await new Harness([]).send(47, 0, { GroupId: 'g', Topics: [{ Name: 'a', Partitions: [{ PartitionIndex: 0 }] }] })), { ErrorCode: 30, ThrottleTimeMs: 0, Topics: [] });
  const out = localAnswer(await h.send(47, 0, { GroupId: 'g', Topics: [{ Name: 'a', Partitions: [{ PartitionIndex: 0 }] }] }));
  t.same((out.Topics as Msg[])[0].Partitions, [{ PartitionIndex: 0, ErrorCode: 29 }]);
});
