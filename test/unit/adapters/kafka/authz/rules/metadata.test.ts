// Metadata (3), DescribeTopicPartitions (75), DescribeCluster (60): all-topics FILTER, explicit
// names ITEM 29, by-id (v12) 100 / 29 with a null name, auto-creation needs CREATE, bitfields
// recomputed, topic ids learned, ControllerId always a listed broker.
import t from 'tap';
import { KafkaWriter } from '../../../../../../src/protocol/kafka/writer.js';
import { ZERO_UUID, type Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, forwarded, Harness, localAnswer, uuid } from '../harness.js';

const mdTopic = (name: string, id = ZERO_UUID, error = 0) => ({ ErrorCode: error, Name: name, TopicId: id, IsInternal: false, Partitions: [], TopicAuthorizedOperations: -2147483648 });
const brokers = [{ NodeId: 1, Host: 'b1', Port: 9092, Rack: null }];
const names = (body: Msg) => (body.Topics as Msg[]).map((x) => `${String(x.Name)}:${String(x.ErrorCode)}`);

t.test('all topics: hand-built v4 request, answer filtered to DESCRIBE-able topics', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'mine.', 'PREFIXED')]);
  const frame = new KafkaWriter().int16(3).int16(4).int32(9).nullableString('c').int32(-1).boolean(true).frame();
  const sent = await h.sendFrame(frame);
  t.same(sent.verdict?.kind === 'forward' && sent.verdict.frame, frame, 'forwarded unchanged');
  const out = await h.answer(sent, { Brokers: brokers, ControllerId: 1, Topics: [mdTopic('mine.a'), mdTopic('theirs.b'), mdTopic('mine.c')] });
  t.same(names(out), ['mine.a:0', 'mine.c:0'], 'silently filtered, no error entries');
  t.same(h.asked(), [], 'filtering decisions are not logged as denials');
});

t.test('explicit names: 29 for names without DESCRIBE, echoed with a zero id', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'TOPIC', 'a'), allow('User:bob', 'CREATE', 'CLUSTER', 'kafka-cluster')]);
  const sent = await h.send(3, 10, {
    Topics: [
      { Name: 'a', TopicId: ZERO_UUID },
      { Name: 'x', TopicId: ZERO_UUID },
    ],
    AllowAutoTopicCreation: true,
  });
  t.same(
    (forwarded(sent).Topics as Msg[]).map((x) => x.Name),
    ['a'],
  );
  t.equal(forwarded(sent).AllowAutoTopicCreation, true, 'CREATE on the cluster keeps auto-creation');
  const out = await h.answer(sent, { Brokers: brokers, ControllerId: 1, Topics: [mdTopic('a', uuid(1))] });
  t.same(names(out), ['a:0', 'x:29']);
  const x = (out.Topics as Msg[])[1];
  t.ok((x.TopicId as Buffer).equals(ZERO_UUID));
  t.same(x.Partitions, []);
  t.equal(h.ids.name(uuid(1)), 'a', 'the answer taught the topic id');
});

t.test('auto-creation without CREATE: v4+ switches it off and reports 29; v1-3 asks for a listing (never creates)', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'TOPIC', '*')]);
  h.ids.learnName('known');
  const sent = await h.send(3, 6, { Topics: [{ Name: 'known' }, { Name: 'new' }], AllowAutoTopicCreation: true });
  t.equal(forwarded(sent).AllowAutoTopicCreation, false);
  const out = await h.answer(sent, { Brokers: brokers, ControllerId: 1, Topics: [mdTopic('known'), mdTopic('new', ZERO_UUID, 3)] });
  t.same(names(out), ['known:0', 'new:29']);
  const old = await h.send(3, 2, { Topics: [{ Name: 'known' }, { Name: 'new' }] });
  t.equal(forwarded(old).Topics, null, 'v2: every topic asked for (a listing creates nothing)');
  t.same(names(await h.answer(old, { Brokers: brokers, ControllerId: 1, Topics: [mdTopic('known'), mdTopic('other')] })), ['known:0', 'new:29'], 'only the requested topics answered');
  const again = await h.send(3, 2, { Topics: [{ Name: 'known' }, { Name: 'new' }] });
  t.same(
    (forwarded(again).Topics as Msg[]).map((x) => x.Name),
    ['known'],
    'absent just now: answered 29 without asking again',
  );
  const nocreate = await h.send(3, 6, { Topics: [{ Name: 'new' }], AllowAutoTopicCreation: false });
  t.same(nocreate.verdict?.kind === 'forward' && nocreate.verdict.frame, nocreate.frame, 'no creation asked: nothing to check');
});

t.test('by id (v12): unknown 100, denied 29 with a null name, allowed forwarded', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  h.ids.learn(uuid(2), 'b');
  const sent = await h.send(3, 12, { Topics: [1, 2, 3].map((n) => ({ TopicId: uuid(n), Name: null })), AllowAutoTopicCreation: false });
  t.equal((forwarded(sent).Topics as Msg[]).length, 1);
  const out = await h.answer(sent, { Brokers: brokers, ControllerId: 1, Topics: [mdTopic('a', uuid(1))] });
  t.same(
    (out.Topics as Msg[]).map((x) => [x.Name, (x.TopicId as Buffer).readUInt32BE(12), x.ErrorCode]),
    [
      ['a', 1, 0],
      [null, 2, 29],
      [null, 3, 100],
    ],
  );
  const bad = localAnswer(await h.send(3, 11, { Topics: [{ Name: null, TopicId: uuid(1) }] }));
  t.same(names(bad), [':42'], 'v10/11 may not name topics by id: INVALID_REQUEST');
});

t.test('bitfields: topic ops recomputed, cluster ops 0 without DESCRIBE on the cluster', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const sent = await h.send(3, 8, { Topics: [{ Name: 'a' }], AllowAutoTopicCreation: false, IncludeClusterAuthorizedOperations: true, IncludeTopicAuthorizedOperations: true });
  const out = await h.answer(sent, { Brokers: brokers, ControllerId: 1, Topics: [mdTopic('a')], ClusterAuthorizedOperations: -1 });
  t.equal((out.Topics as Msg[])[0].TopicAuthorizedOperations, (1 << 3) | (1 << 8), 'READ and the DESCRIBE it implies');
  t.equal(out.ClusterAuthorizedOperations, 0);
  const admin = new Harness([], 'User:admin');
  const a = await admin.answer(await admin.send(3, 8, { Topics: null, IncludeClusterAuthorizedOperations: true }), { Brokers: brokers, ControllerId: 1, Topics: [] });
  t.equal(
    a.ClusterAuthorizedOperations,
    [5, 9, 10, 11, 12, 7, 8].reduce((b, o) => b | (1 << o), 0),
    'a super user gets every cluster op',
  );
});

t.test('a ControllerId naming no listed broker is pointed at a listed one', async (t) => {
  const h = new Harness([], 'User:admin');
  const out = await h.answer(await h.send(3, 9, { Topics: null }), { Brokers: brokers, ControllerId: 0, Topics: [] });
  t.equal(out.ControllerId, 1);
});

t.test('DescribeTopicPartitions: ITEM for names, FILTER for all, cursor moved off denied names', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'TOPIC', 'b'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'c')]);
  const dtp = (name: string) => ({ ErrorCode: 0, Name: name, TopicId: uuid(name.charCodeAt(0)), Partitions: [] });
  const sent = await h.send(75, 0, { Topics: [{ Name: 'c' }, { Name: 'a' }, { Name: 'b' }], Cursor: { TopicName: 'a', PartitionIndex: 3 } });
  const fwd = forwarded(sent);
  t.same(
    (fwd.Topics as Msg[]).map((x) => x.Name),
    ['b', 'c'],
  );
  t.same(fwd.Cursor, { TopicName: 'b', PartitionIndex: 0 });
  const out = await h.answer(sent, { Topics: [dtp('b'), dtp('c')] });
  t.same(names(out), ['b:0', 'c:0', 'a:29']);
  t.equal((out.Topics as Msg[])[0].TopicAuthorizedOperations, 1 << 8);
  const all = await h.send(75, 0, { Topics: [] });
  const listed = await h.answer(all, { Topics: [dtp('a'), dtp('b')], NextCursor: { TopicName: 'd', PartitionIndex: 0 } });
  t.same(names(listed), ['b:0']);
  t.equal(listed.NextCursor, null, 'a cursor naming a hidden topic is not passed on');
});

t.test('DescribeCluster: cluster bitfield only', async (t) => {
  const h = new Harness([allow('User:bob', 'ALTER', 'CLUSTER', 'kafka-cluster')]);
  const sent = await h.send(60, 1, { IncludeClusterAuthorizedOperations: true });
  const out = await h.answer(sent, { Brokers: [{ BrokerId: 1, Host: 'b', Port: 1, Rack: null }] });
  t.equal(out.ClusterAuthorizedOperations, (1 << 7) | (1 << 8), 'ALTER and the DESCRIBE it implies');
  t.notOk(h.stage.responses!.awaits((await h.send(60, 1, { IncludeClusterAuthorizedOperations: false })).info), 'no answer edit without the bitfield');
});
