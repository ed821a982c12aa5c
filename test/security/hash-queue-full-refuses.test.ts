/**
 * Attack: many parallel logins (different users and addresses, so the throttle has nothing on
 * record) to fill the password-hashing work and starve libuv's thread pool. Password checks run
 * through a bounded queue: with concurrency 1 and queue 2, of 12 simultaneous attempts at most 3
 * are hashed; the rest are refused at once with the usual auth failure and SW_ERR_AUTH_BUSY,
 * never queued without bound. Once the queue drains, logins work again.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { testPolicy } from '../helpers/auth.js';
import { waitForLine } from '../helpers/listener.js';
import { countingStore, plainAttempt, plainReady } from '../helpers/kafka-sasl-raw.js';

t.test('a full hashing queue refuses instead of queueing', async (t) => {
  const users = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`user${i}`, `pw${i}`]));
  const { store, checks } = await countingStore(users);
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], credentials: store, throttle: null, hashing: { concurrency: 1, queue: 2 } }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  const conns = await Promise.all(Array.from({ length: 12 }, (_, i) => plainReady(gw.port, `127.0.1.${i + 1}`)));
  t.teardown(() => conns.forEach((c) => c.close()));
  const answers = await Promise.all(conns.map((c, i) => plainAttempt(c, `user${i}`, `pw${i}`)));
  const ok = answers.filter((a) => a.errorCode === 0).length;
  const busy = answers.filter((a) => a.errorCode === 58 && /server is busy/.test(a.message ?? '')).length;
  t.comment(`hashed ${checks()}, succeeded ${ok}, refused busy ${busy}`);
  t.ok(checks() <= 3, `at most concurrency + queue = 3 checks ran (${checks()})`);
  t.equal(ok, checks(), 'every evaluated login succeeded');
  t.equal(busy, 12 - ok, 'the rest were refused at once');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_BUSY');

  const later = await plainReady(gw.port, '127.0.1.200');
  t.teardown(() => later.close());
  t.same(await plainAttempt(later, 'user11', 'pw11'), { errorCode: 0, message: null }, 'logins work again once the queue drained');
});
