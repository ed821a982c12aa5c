// Attack (issue 12.4): tagged sections two parsers could read differently. Kafka's generated
// reader takes tags in any order and lets a repeated known tag overwrite the first; a reader
// that stops at the first occurrence, or one that knows a tag the other skips by size, decides
// on other bytes. The gateway refuses (closes with SW_ERR_AMBIGUOUS_REQUEST) a request whose
// tags repeat, are out of order, or are not tags it knows for that api version.
import t, { type Test } from 'tap';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { GatewayError } from '../../src/errors.js';
import { allow, Harness, uuid } from '../unit/adapters/kafka/authz/harness.js';
import { fetchV15Fields, fetchV15Frame, replicaState } from '../helpers/kafka/fetch-v15.js';

function section(...entries: Array<[number, Buffer]>): Buffer {
  const w = new KafkaWriter(64).uvarint(entries.length);
  for (const [tag, bytes] of entries) w.uvarint(tag).uvarint(bytes.length).raw(bytes);
  return w.toBuffer();
}

async function expectRefused(t: Test, tags: Buffer): Promise<void> {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const { verdict } = await h.sendFrame(fetchV15Frame(fetchV15Fields(uuid(1)), tags));
  t.equal(verdict?.kind, 'close');
  const err = verdict && 'error' in verdict ? verdict.error : undefined;
  t.equal(err instanceof GatewayError ? err.code : undefined, 'SW_ERR_AMBIGUOUS_REQUEST');
}

t.test('ReplicaState twice (consumer first, follower second): refused', (t) => expectRefused(t, section([1, replicaState(-1)], [1, replicaState(5)])));
t.test('tags out of order (ReplicaState before ClusterId): refused', (t) => expectRefused(t, section([1, replicaState(-1)], [0, Buffer.from([0])])));
t.test('a tag the gateway does not know at this version: refused', (t) => expectRefused(t, section([9, replicaState(5)])));
t.test('ReplicaDirectoryId (tag 0) in a v15 partition is unknown there: refused', async (t) => {
  const h = new Harness([allow('User:bob', 'READ', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  const fields = new KafkaWriter(128)
    .int32(500)
    .int32(1)
    .int32(1 << 20)
    .int8(0)
    .int32(0)
    .int32(-1)
    .uvarint(2)
    .uuid(uuid(1))
    .uvarint(2)
    .int32(0)
    .int32(-1)
    .int64(0n)
    .int32(-1)
    .int64(-1n)
    .int32(1 << 20)
    .uvarint(1)
    .uvarint(0)
    .uvarint(16)
    .uuid(uuid(3)) // partition tags: tag 0 (16 bytes)
    .uvarint(0)
    .uvarint(1)
    .compactString('');
  const { verdict } = await h.sendFrame(fetchV15Frame(fields, new KafkaWriter(4).uvarint(0).toBuffer()));
  t.equal(verdict?.kind, 'close');
});
