// Attack: keep reading a topic after READ is revoked, through a fetch or share session
// (KIP-227 / KIP-932). The broker's session remembers its partitions, so a client that stops
// listing a partition (or lists it again, so the gateway's "session member" re-check skipped it,
// and the denied entry was stripped without being forgotten) kept getting its records; and an
// answer already on its way when READ went away was passed as it was. Now: a denied topic of an
// incremental Fetch/ShareFetch goes into ForgottenTopicsData of the forwarded request, and every
// answer is checked for READ when it arrives; a denied topic's partitions come back as
// TOPIC_AUTHORIZATION_FAILED with no records.
//
// The e2e part runs against the librdkafka mock through the gateway with a raw client (the mock
// answers a Fetch without data only after MaxWaitMs and keeps its answers in request order, so a
// second Fetch's records are on their way while READ is revoked); the session parts drive the
// authorization stage with the real codec (the mock keeps no Fetch sessions).
import t from 'tap';
import { AclIndex } from '../../src/acl/acl-index.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { newResponseFrame, readResponse, responseDefaults } from '../../src/protocol/kafka/schema/frames.js';
import type { Msg } from '../../src/protocol/kafka/schema/message.js';
import { Metrics } from '../../src/metrics.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { createKafkajs, kafkajsProduce } from '../../testkit/kafka/kafkajs.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { connectRaw } from '../helpers/raw-client.js';
import { allow, forwarded, Harness, requestFrameOf, uuid } from '../unit/adapters/kafka/authz/harness.js';

const READER = 'User:ANONYMOUS';
const fetchTopic = (name: string, offset = 0n) => ({ Topic: name, Partitions: [{ Partition: 0, FetchOffset: offset, PartitionMaxBytes: 1 << 20 }] });
const parts = (body: Msg, topic: string) => (body.Responses as Msg[]).filter((r) => r.Topic === topic).flatMap((r) => r.Partitions as Msg[]);

t.test('an answer already on its way when READ is revoked carries no records (mock + gateway)', async (t) => {
  const cluster = await startMockCluster({
    brokers: 1,
    flavor: 'new',
    topics: [
      { name: 'secret', partitions: 1 },
      { name: 'idle', partitions: 1 },
    ],
  });
  await kafkajsProduce(
    createKafkajs({ brokers: cluster.bootstrap, retries: 1 }),
    'secret',
    Array.from({ length: 20 }, (_, i) => Buffer.from(`salary-${i}`)),
  );
  const acls = new MemoryAclState(AclIndex.from(['secret', 'idle'].map((n) => ({ protocol: 'kafka' as const, ...allow(READER, 'READ', 'TOPIC', n) }))));
  const authorizer = new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: [] }, enforcement: 'enforce', metrics: new Metrics(), audit: null });
  const gw = await startKafkaGateway(cluster, { stages: [kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })] });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const raw = await connectRaw(gw.port);
  t.teardown(() => raw.close());

  raw.send(requestFrameOf(1, 12, { MaxWaitMs: 100, MinBytes: 1, SessionId: 0, SessionEpoch: -1, Topics: [fetchTopic('secret')] }, 1));
  const [first] = await raw.waitFrames(1, 10_000);
  const before = parts(readResponse(first, 1, 12).body, 'secret');
  t.ok((before[0]?.Records as Buffer | null)?.length, 'READ held: the records come');

  // A waits MaxWaitMs on an empty partition; B's records queue behind it at the mock.
  raw.send(requestFrameOf(1, 12, { MaxWaitMs: 1500, MinBytes: 1, SessionId: 0, SessionEpoch: -1, Topics: [fetchTopic('idle')] }, 2));
  raw.send(requestFrameOf(1, 12, { MaxWaitMs: 100, MinBytes: 1, SessionId: 0, SessionEpoch: -1, Topics: [fetchTopic('secret')] }, 3));
  await new Promise((r) => setTimeout(r, 300));
  await authorizer.mutate((i) => i.remove('kafka', allow(READER, 'READ', 'TOPIC', 'secret')));
  const frames = await raw.waitFrames(3, 15_000);
  const after = parts(readResponse(frames[2], 1, 12).body, 'secret');
  t.same(
    after.map((p) => [p.PartitionIndex, p.ErrorCode, p.Records]),
    [[0, 29, null]],
    'READ revoked while the answer was on its way: 29 and no records',
  );
  t.notOk(frames[2].includes(Buffer.from('salary-')), 'no record bytes at all');
});

t.test('incremental Fetch: a denied topic is forgotten by the broker session, listed again or not', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'secret'), allow('User:bob', 'READ', 'TOPIC', 'open')]);
  const open = await h.send(1, 12, { SessionId: 0, SessionEpoch: 0, Topics: [fetchTopic('secret'), fetchTopic('open')] });
  await h.answer(open, { SessionId: 77, Responses: [] });
  // an incremental fetch in flight (the session holds secret) when READ goes away
  const sent = await h.send(1, 12, { SessionId: 77, SessionEpoch: 1, Topics: [] });
  await h.authorizer.mutate((i) => i.remove('kafka', allow('User:bob', 'READ', 'TOPIC', 'secret')));
  const backend = newResponseFrame(sent.info.id, 1, 12, {
    ...responseDefaults(1, 12),
    SessionId: 77,
    Responses: [
      { Topic: 'secret', Partitions: [{ PartitionIndex: 0, ErrorCode: 0, HighWatermark: 20n, Records: Buffer.from('secret-bytes') }] },
      { Topic: 'open', Partitions: [{ PartitionIndex: 0, ErrorCode: 0, HighWatermark: 5n, Records: Buffer.from('open-bytes') }] },
    ],
  });
  const out = readResponse(await h.stage.responses!.finish(sent.info, backend), 1, 12).body;
  t.same(
    parts(out, 'secret').map((p) => [p.ErrorCode, p.Records]),
    [[29, null]],
    'no records for the revoked topic',
  );
  t.same(
    parts(out, 'open').map((p) => [p.ErrorCode, (p.Records as Buffer).toString()]),
    [[0, 'open-bytes']],
    'the others untouched',
  );

  const again = await h.send(1, 12, { SessionId: 77, SessionEpoch: 2, Topics: [fetchTopic('secret', 20n)] });
  const req = forwarded(again);
  t.same(req.Topics, [], 'listed again: not fetched');
  t.same(
    (req.ForgottenTopicsData as Msg[]).map((f) => [f.Topic, f.Partitions]),
    [['secret', [0]]],
    'and the broker is told to forget it (KIP-227)',
  );
  const answer = await h.answer(again, { SessionId: 77, Responses: [] });
  t.same(
    parts(answer, 'secret').map((p) => p.ErrorCode),
    [29],
    'the client is told why',
  );
  const next = await h.send(1, 12, { SessionId: 77, SessionEpoch: 3, Topics: [] });
  t.equal(next.verdict?.kind === 'forward' ? next.verdict.frame : null, next.frame, 'forgotten once; the session no longer holds it');
});

t.test('ShareFetch: a listed topic whose READ is gone is forgotten, and answers withhold its records', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'GROUP', 'g'), allow('User:bob', 'READ', 'TOPIC', 'secret')]);
  h.ids.learn(uuid(1), 'secret');
  const topic = { TopicId: uuid(1), Partitions: [{ PartitionIndex: 0, AcknowledgementBatches: [] }] };
  const open = await h.send(78, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 0, Topics: [topic] });
  await h.answer(open, { Responses: [] });
  const inFlight = await h.send(78, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 1, Topics: [] });
  await h.authorizer.mutate((i) => i.remove('kafka', allow('User:bob', 'READ', 'TOPIC', 'secret')));
  const backend = newResponseFrame(inFlight.info.id, 78, 1, {
    ...responseDefaults(78, 1),
    Responses: [
      {
        TopicId: uuid(1),
        Partitions: [
          {
            PartitionIndex: 0,
            ErrorCode: 0,
            ErrorMessage: null,
            AcknowledgeErrorCode: 0,
            AcknowledgeErrorMessage: null,
            CurrentLeader: { LeaderId: 1, LeaderEpoch: 0 },
            Records: Buffer.from('secret-bytes'),
            AcquiredRecords: [{ FirstOffset: 0n, LastOffset: 3n, DeliveryCount: 1 }],
          },
        ],
      },
    ],
  });
  const out = readResponse(await h.stage.responses!.finish(inFlight.info, backend), 78, 1).body;
  const p = ((out.Responses as Msg[])[0].Partitions as Msg[])[0];
  t.same([p.ErrorCode, p.Records, p.AcquiredRecords], [29, null, []], 'revoked while in flight: no records, nothing acquired');
  const listed = forwarded(await h.send(78, 1, { GroupId: 'g', MemberId: 'm', ShareSessionEpoch: 2, Topics: [topic] }));
  t.same(listed.Topics, []);
  t.same(
    (listed.ForgottenTopicsData as Msg[]).map((f) => [(f.TopicId as Buffer).readUInt32BE(12), f.Partitions]),
    [[1, [0]]],
    'listed again: forgotten by the share session',
  );
});
