// Fetch answers judged from their head (KafkaAuthzStage.responses.passes), so a large answer that
// arrives in pieces can be passed on as received: an answer that changes nothing passes and has
// done the session bookkeeping (the session the backend opened is known afterwards); an answer
// whose topic lost READ does not pass, and the joined answer then withholds its records, with
// the READ decision asked once; a head too short to tell does not pass.
import t from 'tap';
import { AclIndex } from '../../../../../../src/acl/acl-index.js';
import type { KafkaAuthzStage } from '../../../../../../src/adapters/kafka/authz/stage.js';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { newResponseFrame, readResponse, responseDefaults } from '../../../../../../src/protocol/kafka/schema/frames.js';
import { allow, Harness, localAnswer, type Sent } from '../harness.js';

const fetchTopic = (name: string) => ({ Topic: name, Partitions: [{ Partition: 0, FetchOffset: 0n, PartitionMaxBytes: 1000 }] });
const records = Buffer.alloc(5000, 0x72);

function answer(sent: Sent, sessionId: number): Buffer {
  const { apiKey, apiVersion, id } = sent.info;
  const body = { ...responseDefaults(apiKey, apiVersion), SessionId: sessionId, Responses: [{ Topic: 'a', Partitions: [{ PartitionIndex: 0, ErrorCode: 0, HighWatermark: 10n, Records: records }] }] };
  return newResponseFrame(id, apiKey, apiVersion, body);
}

for (const version of [11, 12]) {
  t.test(`v${version}: an unchanged answer passes from its head, with the session opened`, async (t) => {
    const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
    const stage = h.stage as KafkaAuthzStage;
    const full = await h.send(1, version, { SessionId: 0, SessionEpoch: 0, Topics: [fetchTopic('a')] });
    t.equal(full.verdict?.kind, 'forward');
    const frame = answer(full, 77);
    t.notOk(stage.responses.passes(full.info, frame.subarray(0, 12)), 'a head too short to tell does not pass');
    t.ok(stage.responses.passes(full.info, frame.subarray(0, 64)), 'passes from its first 64 bytes');
    // the session the backend opened is known: an incremental fetch in it is forwarded, not answered 70
    const next = await h.send(1, version, { SessionId: 77, SessionEpoch: 1, Topics: [] });
    t.equal(next.verdict?.kind, 'forward', 'session 77 was opened by the head alone');
  });
}

t.test('READ revoked before the answer: it does not pass, and the joined answer withholds the records', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const stage = h.stage as KafkaAuthzStage;
  const sent = await h.send(1, 12, { SessionId: 0, SessionEpoch: -1, Topics: [fetchTopic('a')] });
  await h.acls.replace(new AclIndex());
  const frame = answer(sent, 0);
  t.notOk(stage.responses.passes(sent.info, frame.subarray(0, 64)), 'does not pass');
  const out = await stage.responses.finish(sent.info, frame);
  const p = ((readResponse(out, 1, 12).body.Responses as Msg[])[0].Partitions as Msg[])[0];
  t.same([p.ErrorCode, p.Records], [29, null], 'records withheld, 29');
  t.same(
    h.asked().filter((l) => l.startsWith('READ TOPIC:a deny')),
    ['READ TOPIC:a deny'],
    'the revoked READ asked once',
  );
});

t.test('a local answer (nothing left to forward) is not affected', async (t) => {
  const h = new Harness([]);
  t.same(Object.keys(localAnswer(await h.send(1, 12, { SessionId: 0, SessionEpoch: -1, Topics: [fetchTopic('a')] }))).includes('Responses'), true);
});
