// Found by fuzzing (fuzz/targets/kafka-requests.ts, FUZZING.md): a Fetch v7+ answer of a
// watched fetch session that is shorter than ThrottleTimeMs + ErrorCode + SessionId was read
// with raw Buffer reads and threw RangeError. It must fail as a decode error, like every other
// undecodable answer (the stage turns it into SW_ERR_UPSTREAM_PROTOCOL), and a whole answer must
// still open the session.
import t from 'tap';
import { GatewayError } from '../../../../../../src/errors.js';
import { KafkaWriter } from '../../../../../../src/protocol/kafka/writer.js';
import { allow, Harness } from '../harness.js';

const fetchTopic = (name: string) => ({ Topic: name, Partitions: [{ Partition: 0, FetchOffset: 0n, PartitionMaxBytes: 1000 }] });

t.test('a truncated Fetch session answer is a decode error, not a RangeError', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const sent = await h.send(1, 8, { SessionId: 0, SessionEpoch: 0, Topics: [fetchTopic('a')] });
  t.equal(sent.verdict?.kind, 'forward');
  const truncated = new KafkaWriter().int32(sent.info.id).int32(0).frame(); // ThrottleTimeMs only
  let thrown: unknown;
  try {
    await h.stage.responses!.finish(sent.info, truncated);
  } catch (e) {
    thrown = e;
  }
  t.type(thrown, GatewayError);
  t.equal((thrown as GatewayError).code, 'SW_ERR_UPSTREAM_PROTOCOL');
  t.match((thrown as Error).message, /truncated/);
  t.notMatch((thrown as Error).message, /out of range/);
});

t.test('the watcher still reads a whole answer', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  const sent = await h.send(1, 8, { SessionId: 0, SessionEpoch: 0, Topics: [fetchTopic('a')] });
  const whole = new KafkaWriter().int32(sent.info.id).int32(0).int16(0).int32(77).int32(0).frame();
  t.equal(await h.stage.responses!.finish(sent.info, whole), whole);
  const next = await h.send(1, 8, { SessionId: 77, SessionEpoch: 1, Topics: [] });
  t.equal(next.verdict?.kind, 'forward', 'session 77 was opened from the answer');
});
