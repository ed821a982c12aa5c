/**
 * Attack: keep guessing a user's password from fresh addresses while the user is in its back-off
 * window. Before, each new connection's attempt was hashed (and could succeed); now a user inside
 * its back-off window is refused at once, with the protocol's auth failure, and nothing is hashed
 * (Kafka SASL and Fluss AUTHENTICATE). Other users from the same address are not affected.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussConnection } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy } from '../helpers/auth.js';
import { countingStore, plainAttempt, plainReady } from '../helpers/kafka-sasl-raw.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';

const THROTTLE = { delayMs: 4000, maxDelayMs: 4000, closeAfter: 0, decayMs: 60_000 };

t.test('Kafka: a user in its back-off window is refused unevaluated', async (t) => {
  const { store, checks } = await countingStore({ alice: 'alice-pw', bob: 'bob-pw' });
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], credentials: store, throttle: THROTTLE }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  const first = await plainReady(gw.port, '127.0.0.3');
  t.teardown(() => first.close());
  void plainAttempt(first, 'alice', 'guess').catch(() => {}); // its answer is held back 4 s
  while (checks() === 0) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));

  const other = await plainReady(gw.port, '127.0.0.4');
  t.teardown(() => other.close());
  const started = Date.now();
  const answer = await plainAttempt(other, 'alice', 'alice-pw');
  t.match(answer, { errorCode: 58, message: /too many failed attempts/ }, 'refused with SASL_AUTHENTICATION_FAILED even with the right password');
  t.ok(Date.now() - started < 3000, 'at once, not after the back-off');
  t.equal(checks(), 1, 'no password was hashed for the refused attempt');

  const bob = await plainReady(gw.port, '127.0.0.4');
  t.teardown(() => bob.close());
  t.same(await plainAttempt(bob, 'bob', 'bob-pw'), { errorCode: 0, message: null }, 'another user from that address logs in');
});

t.test('Fluss: a user in its back-off window is refused unevaluated', async (t) => {
  const { store, checks } = await countingStore({ alice: 'alice-pw' });
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], credentials: store, throttle: THROTTLE }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const body = (pw: string) => encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: Buffer.from(`\u0000alice\u0000${pw}`) });

  const first = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false, localAddress: '127.0.0.3' });
  t.teardown(() => first.close());
  void first.request(ApiKey.AUTHENTICATE, 0, body('guess'), 10_000).catch(() => {});
  while (checks() === 0) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 50));

  const other = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false, localAddress: '127.0.0.4' });
  t.teardown(() => other.close());
  const r = await other.request(ApiKey.AUTHENTICATE, 0, body('alice-pw'), 3000);
  t.equal(r.type, 1);
  t.match(decodeErrorResponse(r.body), { code: 46, message: /too many failed attempts/ });
  t.equal(checks(), 1, 'nothing hashed');
});
