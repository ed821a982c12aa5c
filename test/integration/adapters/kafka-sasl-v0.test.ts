// SaslHandshake v0 (older clients): after the handshake, tokens travel as raw size-prefixed
// frames with no Kafka header, and the server's answer comes back the same way.
import t from 'tap';
import { startMockCluster } from '../../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../../helpers/kafka/gateway.js';
import { connectRaw, within } from '../../helpers/raw-client.js';
import { waitForLine } from '../../helpers/listener.js';
import { testPolicy, USERS } from '../../helpers/auth.js';
import { KafkaWriter } from '../../../src/protocol/kafka/writer.js';
import { KafkaReader } from '../../../src/protocol/kafka/reader.js';

const handshakeV0 = (id: number, mechanism: string) => new KafkaWriter(32).int16(17).int16(0).int32(id).nullableString('old-client').string(mechanism).frame();
const rawToken = (token: Buffer) => new KafkaWriter(token.length + 4).raw(token).frame();
const plain = (u: string, p: string) => Buffer.from(`\u0000${u}\u0000${p}`);
const metadataV1 = (id: number) => new KafkaWriter(32).int16(3).int16(1).int32(id).nullableString('old-client').int32(-1).frame();

t.test('SaslHandshake v0 with raw PLAIN tokens', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster, { auth: (m) => testPolicy(m, { throttle: null }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  t.test('right password: raw empty answer, then requests are served', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(handshakeV0(1, 'PLAIN'));
    const [hs] = await c.waitFrames(1);
    const r = new KafkaReader(hs, 4);
    t.equal(r.int32(), 1);
    t.equal(r.int16(), 0, 'handshake accepted');
    c.send(rawToken(plain('alice', USERS.alice)));
    const frames = await c.waitFrames(2);
    t.equal(frames[1].length, 4, 'the raw answer is an empty size-prefixed frame');
    c.send(metadataV1(2));
    const all = await c.waitFrames(3);
    t.equal(all[2].readInt32BE(4), 2, 'Metadata answered after authentication');
    await waitForLine(gw.lines, (l) => l.msg === 'authenticated' && l.principal === 'User:alice');
    c.close();
  });

  t.test('wrong password: the connection is closed (no error frame exists for raw tokens)', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(handshakeV0(1, 'PLAIN'));
    await c.waitFrames(1);
    c.send(rawToken(plain('alice', 'wrong')));
    t.ok(await within(c.closed, 3000), 'closed');
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && l.msg === 'connection closed');
  });

  t.test('an unknown mechanism gets UNSUPPORTED_SASL_MECHANISM with the enabled list, then a close', async (t) => {
    const c = await connectRaw(gw.port);
    c.send(handshakeV0(5, 'GSSAPI'));
    const [hs] = await c.waitFrames(1);
    const r = new KafkaReader(hs, 4);
    t.equal(r.int32(), 5);
    t.equal(r.int16(), 33);
    const n = r.arrayLength() ?? 0;
    const mechs = Array.from({ length: n }, () => r.string());
    t.same(mechs, ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']);
    t.ok(await within(c.closed, 3000));
  });
});
