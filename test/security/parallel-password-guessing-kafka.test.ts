/**
 * Attack: 200 parallel wrong-password SASL/PLAIN attempts for one user over 200 connections from
 * one address (Kafka). Before, every one was evaluated (scrypt each) and the right password from
 * that address was accepted at once. Now the first wave (no failure on record yet, so it could be
 * an honest burst) is bounded by the hashing queue (authHashing concurrency + queue), and as soon as
 * the address has a failure its attempts in flight count towards closeAfter: with both set to 5,
 * at most 5 guesses are evaluated and the other 195 are refused unevaluated with
 * SASL_AUTHENTICATION_FAILED (SW_ERR_AUTH_BUSY / SW_ERR_AUTH_THROTTLED); another user from another
 * address is unaffected meanwhile; the correct password works once the lock expires.
 */
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { startKafkaGateway } from '../helpers/kafka/gateway.js';
import { waitForLine } from '../helpers/listener.js';
import { testPolicy } from '../helpers/auth.js';
import { countingStore, plainAttempt, plainReady } from '../helpers/kafka-sasl-raw.js';

const CLOSE_AFTER = 5;

t.test('200 parallel guesses for one user', async (t) => {
  const { store, checks } = await countingStore({ alice: 'alice-pw', bob: 'bob-pw' });
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0' });
  const gw = await startKafkaGateway(cluster, {
    auth: (m) =>
      testPolicy(m, { mechanisms: ['PLAIN'], credentials: store, throttle: { delayMs: 100, maxDelayMs: 400, closeAfter: CLOSE_AFTER, decayMs: 8000 }, hashing: { concurrency: 2, queue: 3 } }),
  });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  const conns = await Promise.all(Array.from({ length: 200 }, () => plainReady(gw.port)));
  t.teardown(() => conns.forEach((c) => c.close()));
  const answers = await Promise.all(conns.map((c) => plainAttempt(c, 'alice', 'guess')));
  t.ok(
    answers.every((a) => a.errorCode === 58),
    'every attempt gets SASL_AUTHENTICATION_FAILED',
  );
  const refused = answers.filter((a) => /too many failed attempts|server is busy/.test(a.message ?? '')).length;
  t.comment(`evaluated ${checks()}, refused unevaluated ${refused}`);
  t.ok(checks() <= CLOSE_AFTER, `at most the configured ${CLOSE_AFTER} guesses were evaluated: ${checks()}`);
  t.equal(refused, 200 - checks(), 'the rest were refused without hashing');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_BUSY');
  // The burst evaluates 3 to 5 guesses (timing decides how many reach the hashing queue before
  // the user's back-off refuses the rest); below CLOSE_AFTER only that back-off (at most 400 ms)
  // refuses the next attempts, which a loaded machine outlasts. Top up, one wrong guess after each
  // back-off, to CLOSE_AFTER: the address lock then holds for its 8 s decay, whatever the load.
  while (checks() < CLOSE_AFTER) {
    await new Promise((r) => setTimeout(r, 450));
    const c = await plainReady(gw.port);
    await plainAttempt(c, 'alice', 'guess');
    c.close();
  }
  // A second wave once the first has failed: every attempt is refused by the lock, none evaluated.
  const wave = await Promise.all(Array.from({ length: 50 }, () => plainReady(gw.port)));
  t.teardown(() => wave.forEach((c) => c.close()));
  const evaluated = checks();
  const second = await Promise.all(wave.map((c) => plainAttempt(c, 'alice', 'guess')));
  t.ok(
    second.every((a) => a.errorCode === 58 && /too many failed attempts/.test(a.message ?? '')),
    'the locked address is refused at once',
  );
  t.equal(checks(), evaluated, 'nothing of the second wave was hashed');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_THROTTLED');

  const bob = await plainReady(gw.port, '127.0.0.2');
  t.teardown(() => bob.close());
  t.same(await plainAttempt(bob, 'bob', 'bob-pw'), { errorCode: 0, message: null }, 'another user from another address is unaffected meanwhile');

  const early = await plainReady(gw.port);
  t.teardown(() => early.close());
  const before = checks();
  t.match(await plainAttempt(early, 'alice', 'alice-pw'), { errorCode: 58, message: /too many failed attempts/ }, 'the right password is refused while the lock holds');
  t.equal(checks(), before, 'unevaluated');

  const deadline = Date.now() + 20_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const c = await plainReady(gw.port);
    const a = await plainAttempt(c, 'alice', 'alice-pw');
    c.close();
    if (a.errorCode === 0) break;
    t.match(a.message, /too many failed attempts/, 'refused only by the lock');
    if (Date.now() > deadline) throw new Error('the lock never expired');
  }
  t.pass('the correct password works once the lock expires');
});
