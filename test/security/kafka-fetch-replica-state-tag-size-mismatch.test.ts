// Attack (issue 12.4): a Fetch v15 whose ClusterId tag (tag 0) declares a size that encloses a
// hidden ReplicaState tag (tag 1, ReplicaId 5). A reader that honours declared sizes sees a
// consumer fetch (READ on the topic is enough); Kafka's generated reader reads the known
// ClusterId tag by its schema (1 byte), then finds the ReplicaState tag in the bytes the first
// reader skipped, and treats the request as a follower fetch (uncommitted reads, fake follower
// progress; needs CLUSTER_ACTION). The gateway must refuse any known tag whose declared size is
// not its content: the connection is closed (as a broker closes on a body it cannot parse) with
// SW_ERR_AMBIGUOUS_REQUEST, and nothing is forwarded.
import t, { type Test } from 'tap';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { GatewayError } from '../../src/errors.js';
import { allow, Harness, uuid } from '../unit/adapters/kafka/authz/harness.js';
import { brokerReplicaId, fetchV15Fields, fetchV15Frame, replicaState } from '../helpers/kafka/fetch-v15.js';

function closedAmbiguous(t: Test, verdict: Awaited<ReturnType<Harness['sendFrame']>>['verdict']): void {
  t.equal(verdict?.kind, 'close', 'connection closed, nothing forwarded');
  const err = verdict && 'error' in verdict ? verdict.error : undefined;
  t.equal(err instanceof GatewayError ? err.code : undefined, 'SW_ERR_AMBIGUOUS_REQUEST');
}

t.test('ClusterId tag whose declared size hides a ReplicaState tag: refused', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const state = replicaState(5);
  const hidden = new KafkaWriter(32).uvarint(0).uvarint(1).uvarint(state.length).raw(state).toBuffer(); // ClusterId=null, then tag 1
  const tags = new KafkaWriter(64).uvarint(2).uvarint(0).uvarint(hidden.length).raw(hidden).uvarint(7).uvarint(0).toBuffer();
  const frame = fetchV15Frame(fetchV15Fields(uuid(1)), tags);
  t.equal(brokerReplicaId(frame), 5, 'the broker would read a follower fetch from replica 5');
  closedAmbiguous(t, (await h.sendFrame(frame)).verdict);
});

t.test('ReplicaState tag declaring more bytes than its content: refused', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const padded = Buffer.concat([replicaState(-1), Buffer.from([0x00, 0x00])]);
  const tags = new KafkaWriter(64).uvarint(1).uvarint(1).uvarint(padded.length).raw(padded).toBuffer();
  closedAmbiguous(t, (await h.sendFrame(fetchV15Frame(fetchV15Fields(uuid(1)), tags))).verdict);
});

t.test('ReplicaState tag declaring fewer bytes than its content: refused', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const state = replicaState(5);
  const tags = new KafkaWriter(64).uvarint(1).uvarint(1).uvarint(4).raw(state).toBuffer();
  closedAmbiguous(t, (await h.sendFrame(fetchV15Frame(fetchV15Fields(uuid(1)), tags))).verdict);
});

t.test('a well-formed consumer fetch and a well-formed ReplicaState still work', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const consumer = fetchV15Frame(fetchV15Fields(uuid(1)), new KafkaWriter(4).uvarint(0).toBuffer());
  t.equal((await h.sendFrame(consumer)).verdict?.kind, 'forward');
  const state = replicaState(-1);
  const exact = new KafkaWriter(32).uvarint(1).uvarint(1).uvarint(state.length).raw(state).toBuffer();
  t.equal((await h.sendFrame(fetchV15Frame(fetchV15Fields(uuid(1)), exact))).verdict?.kind, 'forward');
});
