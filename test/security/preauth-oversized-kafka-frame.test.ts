/**
 * Attack: a big frame before SASL authentication on a Kafka listener. Like a Kafka broker
 * (sasl.server.max.receive.size, 512 KiB), the gateway refuses it from its length prefix, before
 * buffering any of it: SW_ERR_PREAUTH_FRAME_TOO_LARGE, the connection closed at once, RSS flat.
 * Pre-auth SASL frames over their own tight cap are refused too; after login the full
 * limits.maxFrameBytes applies.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { waitForLine } from '../helpers/listener.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { childAttack } from '../helpers/attacker.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { authenticateV1, plainAttempt, plainReady } from '../helpers/kafka-sasl-raw.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';

const MiB = 1024 * 1024;

t.test('big pre-auth Kafka frames', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], throttle: null }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  // 20 MiB "SaslAuthenticate v1" from a child process: refused from the prefix.
  const head = Buffer.alloc(12);
  head.writeInt32BE(8 + 20 * MiB, 0);
  head.writeInt16BE(36, 4);
  head.writeInt16BE(1, 6);
  head.writeInt32BE(1, 8);
  const rssBefore = process.memoryUsage().rss;
  const attack = childAttack(gw.port, head, Buffer.from([0x78, 0x00]), 10 * MiB);
  await attack.connected;
  const { closedAfterMs } = await attack.go();
  const grew = (process.memoryUsage().rss - rssBefore) / MiB;
  t.comment(`closed ${closedAfterMs.toFixed(1)} ms after the first byte (attacker's clock); RSS ${grew.toFixed(1)} MiB`);
  t.ok(grew < 16, 'nothing of the 20 MiB was buffered');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PREAUTH_FRAME_TOO_LARGE');
  t.match(line.detail, /20971528 > limit 524288/);

  // 64 KiB SaslAuthenticate: under the frame limit, over its pre-auth cap.
  const c = await plainReady(gw.port);
  c.send(authenticateV1(2, Buffer.alloc(64 * 1024, 0x61)));
  t.ok(await within(c.closed, 5000), 'closed');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PREAUTH_FRAME_TOO_LARGE' && /SaslAuthenticate/.test(String(l.detail)));

  // A Produce before login is refused by the gate without its body being read.
  const p = await connectRaw(gw.port);
  p.send(
    new KafkaWriter(64)
      .int16(0)
      .int16(3)
      .int32(5)
      .nullableString('x')
      .raw(Buffer.from([0xff]))
      .frame(),
  );
  t.ok(await within(p.closed, 5000));
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REQUIRED' && /Produce/.test(String(l.detail)));

  // After login: a 1 MiB frame is framed (it reaches the broker as Metadata with a long client id).
  const ok = await plainReady(gw.port);
  t.teardown(() => ok.close());
  t.same(await plainAttempt(ok, 'alice', USERS.alice), { errorCode: 0, message: null });
  const big = new KafkaWriter(MiB + 64).int16(3).int16(1).int32(3).nullableString('y'.repeat(30000)).int32(-1).raw(Buffer.alloc(MiB)).frame();
  ok.send(big);
  await new Promise((r) => setTimeout(r, 500));
  t.notOk(
    gw.lines.some((l) => l.err === 'SW_ERR_PREAUTH_FRAME_TOO_LARGE' && /1048/.test(String(l.detail))),
    'no pre-auth refusal after login',
  );
});
