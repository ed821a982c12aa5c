// Attack: a Produce frame sent in many small TCP writes (so the gateway receives it in pieces,
// which it reads without joining and forwards as received) whose LAST bytes make it invalid:
// a byte after the body, or a tagged field Produce does not define. If the gateway forwarded
// pieces before the whole frame was checked, the backend would hold half a frame the gateway
// then refuses (and the next bytes on that backend connection would be read as its rest). The
// gateway must check the whole frame first: the backend receives the valid pieced frame sent
// before it byte for byte, and not one byte of the bad one; the client is closed with
// SW_ERR_AMBIGUOUS_REQUEST.
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaAdapter } from '../../src/adapters/kafka/adapter.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { AclIndex } from '../../src/acl/acl-index.js';
import { anonymousPolicy } from '../../src/adapters/auth-policy.js';
import { Metrics } from '../../src/metrics.js';
import { startTestListener, waitForLine } from '../helpers/listener.js';
import { requestFrameOf } from '../unit/adapters/kafka/authz/harness.js';

function produce(correlationId: number): Buffer {
  const records = Buffer.alloc(20_000, 0x63);
  records.writeInt32BE(records.length - 12, 8);
  records.writeInt8(2, 16);
  return requestFrameOf(0, 9, { TransactionalId: null, Acks: 1, TimeoutMs: 1000, TopicData: [{ Name: 'orders', PartitionData: [{ Index: 0, Records: records }] }] }, correlationId);
}

/** Write `frame` in `n` parts with a pause between them, so the gateway reads it in pieces. */
async function sendSlowly(sock: net.Socket, frame: Buffer, n: number): Promise<void> {
  const step = Math.ceil(frame.length / n);
  for (let at = 0; at < frame.length; at += step) {
    sock.write(frame.subarray(at, at + step));
    await sleep(15);
  }
}

for (const [attack, spoil] of [
  ['one byte after the body', (f: Buffer) => Buffer.concat([f, Buffer.from([0])])],
  ['a tagged field Produce does not define', (f: Buffer) => Buffer.concat([f.subarray(0, f.length - 1), Buffer.from([1, 5, 1, 0])])],
] as const) {
  t.test(`${attack} at the end of a pieced Produce: not one byte reaches the backend`, async (t) => {
    const received: Buffer[] = [];
    const backend = net.createServer((s) => s.on('data', (d: Buffer) => received.push(d)));
    backend.listen(0, '127.0.0.1');
    await once(backend, 'listening');
    const metrics = new Metrics();
    const acls = new MemoryAclState(
      AclIndex.from([{ protocol: 'kafka', principal: 'User:ANONYMOUS', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'WRITE', permission: 'ALLOW' }]),
    );
    const authorizer = new Authorizer({ protocol: 'kafka', acls, decide: { superUsers: [] }, enforcement: 'enforce', metrics, audit: null });
    const gw = await startTestListener({
      metrics,
      adapter: new KafkaAdapter({ auth: anonymousPolicy('test', metrics), stages: [kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })] }),
      bootstrap: [{ host: '127.0.0.1', port: (backend.address() as net.AddressInfo).port }],
    });
    t.teardown(async () => {
      await gw.stop();
      backend.close();
    });
    const client = net.connect(gw.port, '127.0.0.1');
    client.setNoDelay(true);
    client.on('error', () => {});
    await once(client, 'connect');
    const good = produce(1);
    await sendSlowly(client, good, 8);
    const deadline = Date.now() + 10_000;
    while (Buffer.concat(received).length < good.length && Date.now() < deadline) await sleep(20);
    t.same(Buffer.concat(received), good, 'the valid pieced Produce reached the backend unchanged');
    const bad = spoil(produce(2));
    bad.writeInt32BE(bad.length - 4, 0);
    const closed = once(client, 'close');
    await sendSlowly(client, bad, 8);
    await closed;
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AMBIGUOUS_REQUEST', 10_000);
    await sleep(100);
    t.equal(Buffer.concat(received).length, good.length, 'nothing of the refused frame reached the backend');
  });
}
