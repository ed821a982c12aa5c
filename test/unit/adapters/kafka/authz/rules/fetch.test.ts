// Fetch (1): per-partition ITEM 29 with strip-and-merge, topic ids (v13+), follower fetches
// (CLUSTER_ACTION), and fetch sessions: a session can never read a partition that was not
// authorized, including after the ACL is removed, and unknown sessions are answered 70.
import t from 'tap';
import { KafkaWriter } from '../../../../../../src/protocol/kafka/writer.js';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, forwarded, Harness, localAnswer, uuid } from '../harness.js';
import { newResponseFrame, responseDefaults } from '../../../../../../src/protocol/kafka/schema/frames.js';

const fetchTopic = (name: string, ...parts: number[]) => ({ Topic: name, Partitions: parts.map((p) => ({ Partition: p, FetchOffset: 0n, PartitionMaxBytes: 1000 })) });
const answerTopic = (name: string, ...parts: number[]) => ({ Topic: name, Partitions: parts.map((p) => ({ PartitionIndex: p, ErrorCode: 0, HighWatermark: 10n, Records: null })) });
const codes = (body: Msg) =>
  (body.Responses as Msg[])
    .flatMap((r) => (r.Partitions as Msg[]).map((p) => `${String(r.Topic ?? (r.TopicId as Buffer).readUInt32BE(12))}/${String(p.PartitionIndex)}:${String(p.ErrorCode)}`))
    .sort();

t.test('ITEM: hand-built v11 frame (sessionless), merge of the denied topic', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'ok')]);
  const frame = new KafkaWriter()
    .int16(1)
    .int16(11)
    .int32(3)
    .nullableString('c')
    .int32(-1)
    .int32(500)
    .int32(1)
    .int32(1 << 20)
    .int8(0)
    .int32(0)
    .int32(-1)
    .int32(2)
    .string('ok')
    .int32(1)
    .int32(0)
    .int32(-1)
    .int64(0n)
    .int64(-1n)
    .int32(1000)
    .string('no')
    .int32(1)
    .int32(4)
    .int32(-1)
    .int64(7n)
    .int64(-1n)
    .int32(1000)
    .int32(0)
    .string('')
    .frame();
  const sent = await h.sendFrame(frame);
  t.same(
    (forwarded(sent).Topics as Msg[]).map((x) => x.Topic),
    ['ok'],
  );
  const merged = await h.answer(sent, { Responses: [answerTopic('ok', 0)] });
  t.same(codes(merged), ['no/4:29', 'ok/0:0']);
  const denied = (merged.Responses as Msg[]).find((r) => r.Topic === 'no') as Msg;
  const p = (denied.Partitions as Msg[])[0];
  t.same([p.HighWatermark, p.LastStableOffset, p.LogStartOffset, p.PreferredReadReplica, p.Records], [-1n, -1n, -1n, -1, null]);
});

t.test('v13: ids resolved through the map, unknown ids answered 100', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const part = { Partition: 0, FetchOffset: 0n, PartitionMaxBytes: 1 };
  const sent = await h.send(1, 13, {
    SessionId: 0,
    SessionEpoch: -1,
    Topics: [
      { TopicId: uuid(1), Partitions: [part] },
      { TopicId: uuid(9), Partitions: [part] },
    ],
  });
  t.equal((forwarded(sent).Topics as Msg[]).length, 1);
  const merged = await h.answer(sent, { Responses: [{ TopicId: uuid(1), Partitions: [{ PartitionIndex: 0, ErrorCode: 0, Records: null }] }] });
  t.same(codes(merged), ['1/0:0', '9/0:100']);
});

t.test('follower fetches need CLUSTER_ACTION (v11 ReplicaId, v15 tagged ReplicaState)', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const v11 = localAnswer(await h.send(1, 11, { ReplicaId: 2, Topics: [fetchTopic('a', 0, 1)] }));
  t.same(codes(v11), ['a/0:29', 'a/1:29'], 'every partition 29 even though READ is granted');
  const v15 = localAnswer(
    await h.send(1, 15, { ReplicaState: { ReplicaId: 2, ReplicaEpoch: 1n }, SessionEpoch: -1, Topics: [{ TopicId: uuid(4), Partitions: [{ Partition: 0, FetchOffset: 0n, PartitionMaxBytes: 1 }] }] }),
  );
  t.same(codes(v15), ['4/0:29'], 'v15: the tagged ReplicaState marks the follower');
  t.same(h.asked().slice(0, 1), ['CLUSTER_ACTION CLUSTER:kafka-cluster deny']);
  const broker = new Harness([allow('User:bob', 'CLUSTER_ACTION', 'CLUSTER', 'kafka-cluster')]);
  t.equal((await broker.send(1, 11, { ReplicaId: 2, Topics: [fetchTopic('a', 0)] })).verdict?.kind, 'forward');
});

t.test('fetch sessions: membership is tracked and re-checked', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  // new full session (epoch 0): b is stripped, the backend opens session 77 with a only
  const full = await h.send(1, 12, { SessionId: 0, SessionEpoch: 0, Topics: [fetchTopic('a', 0), fetchTopic('b', 0)] });
  t.same(
    (forwarded(full).Topics as Msg[]).map((x) => x.Topic),
    ['a'],
  );
  const opened = await h.answer(full, { SessionId: 77, Responses: [answerTopic('a', 0)] });
  t.same(codes(opened), ['a/0:0', 'b/0:29']);

  // incremental fetch naming nothing new: forwarded untouched
  const quiet = await h.send(1, 12, { SessionId: 77, SessionEpoch: 1, Topics: [] });
  t.equal(quiet.verdict?.kind, 'forward');
  t.same(quiet.verdict?.kind === 'forward' && quiet.verdict.frame, quiet.frame);
  await h.answer(quiet, { SessionId: 77 });

  // incremental fetch adding b: stripped, 29 merged
  const addB = await h.send(1, 12, { SessionId: 77, SessionEpoch: 2, Topics: [fetchTopic('b', 1)] });
  t.same(forwarded(addB).Topics, []);
  t.same(codes(await h.answer(addB, { SessionId: 77 })), ['b/1:29']);

  // READ on a is revoked: the next incremental fetch forgets a and answers it 29
  await h.authorizer.mutate((index) => index.remove('kafka', allow('User:bob', 'READ', 'TOPIC', 'a')));
  const revoked = await h.send(1, 12, { SessionId: 77, SessionEpoch: 3, Topics: [] });
  const fwd = forwarded(revoked);
  t.same(
    (fwd.ForgottenTopicsData as Msg[]).map((f) => [f.Topic, f.Partitions]),
    [['a', [0]]],
    'a is removed from the backend session',
  );
  t.same(codes(await h.answer(revoked, { SessionId: 77 })), ['a/0:29']);

  // a session the gateway never saw (another connection, or the backend forgot it)
  const unknown = localAnswer(await h.send(1, 12, { SessionId: 12345, SessionEpoch: 4, Topics: [] }));
  t.same([unknown.ErrorCode, unknown.SessionId, unknown.Responses], [70, 0, []]);

  // the backend answers 70 for session 77: the gateway forgets it too
  const lost = await h.send(1, 12, { SessionId: 77, SessionEpoch: 4, Topics: [] });
  await h.answer(lost, { ErrorCode: 70, SessionId: 0 });
  t.equal(localAnswer(await h.send(1, 12, { SessionId: 77, SessionEpoch: 5, Topics: [] })).ErrorCode, 70);
});

t.test('sessionless fetches (epoch -1): the answer passes untouched while READ holds (no decode on the hot path)', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const sent = await h.send(1, 12, { SessionId: 0, SessionEpoch: -1, Topics: [fetchTopic('a', 0)] });
  t.equal(sent.verdict?.kind, 'forward');
  t.equal(sent.verdict?.kind === 'forward' ? sent.verdict.frame : null, sent.frame, 'the original frame is forwarded');
  const backend = newResponseFrame(sent.info.id, 1, 12, { ...responseDefaults(1, 12), Responses: [answerTopic('a', 0)] });
  t.equal(await h.stage.responses!.finish(sent.info, backend), backend, 'the very same answer buffer goes back');
});
