/**
 * Attack: many unauthenticated clients each sending ApiVersions, which used to open one backend
 * connection per client. Now pre-auth ApiVersions is answered from what the backend is known to
 * support (one gateway-side probe per listener and version, or any ApiVersions answer that passed
 * through): 30 unauthenticated clients cause at most one backend connection, and the answer is
 * byte-identical (but for the id) to the trimmed answer a logged-in client gets forwarded.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussConnection } from '../../testkit/fluss/client/index.js';
import { startTestListener } from '../helpers/listener.js';
import { startCountingProxy } from '../helpers/counting-proxy.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { connectRaw } from '../helpers/raw-client.js';
import { plainAttempt, handshakeV1 } from '../helpers/kafka-sasl-raw.js';
import { KafkaAdapter } from '../../src/adapters/kafka/adapter.js';
import { FlussAdapter } from '../../src/adapters/fluss/adapter.js';
import { Metrics } from '../../src/metrics.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { ApiVersionsRequest, AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';

const apiVersions = (v: number, id: number) => {
  const w = new KafkaWriter(64).int16(18).int16(v).int32(id).nullableString('client');
  if (v >= 3) w.uvarint(0).compactString('client').compactString('1.0').uvarint(0);
  return w.frame();
};
const withoutId = (f: Buffer) => Buffer.concat([f.subarray(0, 4), f.subarray(8)]);

t.test('Kafka: pre-auth ApiVersions answered without a backend connection per client', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const proxy = await startCountingProxy(cluster.brokers[0]);
  const metrics = new Metrics();
  const gw = await startTestListener({
    metrics,
    adapter: new KafkaAdapter({ auth: await testPolicy(metrics, { mechanisms: ['PLAIN'], throttle: null }) }),
    bootstrap: [{ host: '127.0.0.1', port: proxy.port }],
  });
  t.teardown(async () => {
    await gw.stop();
    await proxy.close();
    await cluster.stop();
  });

  for (const v of [3, 0]) {
    const before = proxy.connections();
    const clients = await Promise.all(Array.from({ length: 15 }, () => connectRaw(gw.port)));
    t.teardown(() => clients.forEach((c) => c.close()));
    clients.forEach((c, i) => c.send(apiVersions(v, 100 + i)));
    const answers = await Promise.all(clients.map(async (c) => (await c.waitFrames(1, 20_000))[0]));
    answers.forEach((a, i) => t.equal(a.readInt32BE(4), 100 + i, `v${v} answer ${i} carries the client's correlation id`));
    t.ok(proxy.connections() - before <= 1, `v${v}: 15 unauthenticated clients opened ${proxy.connections() - before} backend connection(s) (the one probe)`);
    t.ok(
      answers.every((a) => withoutId(a).equals(withoutId(answers[0]))),
      'every client got the same answer',
    );

    // The same request after login is forwarded to the backend and trimmed: the same bytes.
    const c = await connectRaw(gw.port);
    t.teardown(() => c.close());
    c.send(handshakeV1(1, 'PLAIN'));
    await c.waitFrames(1);
    t.equal((await plainAttempt(c, 'alice', USERS.alice)).errorCode, 0);
    const opened = proxy.connections();
    c.send(apiVersions(v, 7));
    const forwarded = (await c.waitFrames(3, 20_000))[2];
    t.equal(proxy.connections(), opened + 1, 'the logged-in client did reach the backend');
    t.ok(withoutId(forwarded).equals(withoutId(answers[0])), `v${v}: the local answer is byte-identical to the forwarded, trimmed one`);
    t.ok(forwarded.length > 20);
  }
});

t.test('Fluss: pre-auth API_VERSIONS answered without a backend connection per client', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const [host, port] = cluster.bootstrap.split(':');
  const proxy = await startCountingProxy({ host, port: Number(port) });
  const metrics = new Metrics();
  const gw = await startTestListener({
    metrics,
    adapter: new FlussAdapter({ auth: await testPolicy(metrics, { mechanisms: ['PLAIN'], throttle: null }) }),
    bootstrap: [{ host: '127.0.0.1', port: proxy.port }],
  });
  t.teardown(async () => {
    await gw.stop();
    await proxy.close();
    await cluster.stop();
  });
  const body = encodeMessage(ApiVersionsRequest, { client_software_name: 'x', client_software_version: '1' });

  const conns = await Promise.all(Array.from({ length: 15 }, () => FlussConnection.open('127.0.0.1', gw.port, { handshake: false })));
  t.teardown(() => conns.forEach((c) => c.close()));
  const answers = await Promise.all(conns.map((c) => c.request(ApiKey.API_VERSIONS, 0, body, 20_000)));
  t.ok(
    answers.every((a) => a.type === 0),
    'answered',
  );
  t.ok(proxy.connections() <= 1, `15 unauthenticated clients opened ${proxy.connections()} backend connection(s)`);

  const c = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => c.close());
  const auth = await c.request(ApiKey.AUTHENTICATE, 0, encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.from(`\u0000alice\u0000${USERS.alice}`) }), 5000);
  t.equal(auth.type, 0);
  const opened = proxy.connections();
  const forwarded = await c.request(ApiKey.API_VERSIONS, 0, body, 20_000);
  t.equal(proxy.connections(), opened + 1, 'the logged-in client did reach the backend');
  t.ok(Buffer.from(forwarded.body).equals(Buffer.from(answers[0].body)), 'the local answer is byte-identical to the forwarded, trimmed one');
});
