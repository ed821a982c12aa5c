// The Authenticator's Basic path: a pair the verifier remembers as good is answered after the
// throttle without taking a place in the password-hashing queue, reported as `remembered`, and
// a locked-out address is still refused before the memory is consulted.
import type http from 'node:http';
import t from 'tap';
import { Authenticator, type AuthAttempt } from '../../../src/http/authenticate.js';
import { BasicVerifier } from '../../../src/http/auth/basic.js';
import { FailedAuthThrottle } from '../../../src/sasl/throttle.js';
import { HashLimiter } from '../../../src/sasl/hash-limiter.js';
import { HttpFailure } from '../../../src/http/errors.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const request = (authorization: string | null) => ({ rawHeaders: authorization === null ? [] : ['Authorization', authorization], socket: {} }) as unknown as http.IncomingMessage;

function setup() {
  let blocked: (() => void) | null = null;
  let storeChecks = 0;
  const lookup = {
    verifyPlain: async (user: string, password: string) => {
      storeChecks++;
      if (user === 'slow') await new Promise<void>((r) => (blocked = r));
      return password === `${user}-pw`;
    },
  };
  const attempts: AuthAttempt[] = [];
  const auth = new Authenticator({
    methods: ['basic'],
    principalFrom: null,
    realm: 'test',
    basic: new BasicVerifier(lookup),
    throttle: new FailedAuthThrottle({ delayMs: 0, maxDelayMs: 0, closeAfter: 2 }),
    hashing: new HashLimiter({ concurrency: 1, queue: 0 }),
    onAttempt: (a) => attempts.push(a),
    sleep: async () => {},
  });
  return { auth, attempts, checks: () => storeChecks, release: () => (blocked as unknown as () => void)() };
}

t.test('a remembered pair passes while the hashing queue is full; a new pair gets 503', async (t) => {
  const s = setup();
  t.same(await s.auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.1'), { principal: 'User:alice', mechanism: 'basic' });
  t.equal(s.checks(), 1);
  const slow = s.auth.authenticate(request(basic('slow', 'slow-pw')), '10.0.0.2'); // holds the only hashing slot
  await new Promise((r) => setImmediate(r));
  t.same(await s.auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.1'), { principal: 'User:alice', mechanism: 'basic' }, 'the remembered pair needs no hashing slot');
  await t.rejects(s.auth.authenticate(request(basic('bob', 'bob-pw')), '10.0.0.3'), { code: 'SW_ERR_AUTH_BUSY', status: 503 }, 'a pair not remembered waits for the queue, which is full');
  s.release();
  t.same(await slow, { principal: 'User:slow', mechanism: 'basic' });
  t.equal(s.checks(), 2, 'the store was asked for alice once and for slow once');
  t.same(
    s.attempts.filter((a) => a.ok).map((a) => [a.principal, a.remembered === true]),
    [
      ['User:alice', false],
      ['User:alice', true],
      ['User:slow', false],
    ],
    'the second alice success is reported as remembered, the checks against the store are not',
  );
});

t.test('an address locked out by failures is refused even with a remembered pair', async (t) => {
  const s = setup();
  await s.auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.9');
  for (let i = 0; i < 2; i++) {
    const failed = await s.auth.authenticate(request(basic('alice', 'guess')), '10.0.0.9').catch((e: unknown) => e);
    t.ok(failed instanceof HttpFailure && failed.status === 401, 'a wrong password: 401');
  }
  const refused = await s.auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.9').catch((e: unknown) => e);
  t.ok(refused instanceof HttpFailure && refused.status === 429, 'the throttle answers before the memory of good pairs');
  t.same(await s.auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.8'), { principal: 'User:alice', mechanism: 'basic' }, 'another address is not affected');
});

t.test('more than one Authorization header is refused (read from the raw headers)', async (t) => {
  const s = setup();
  const req = { rawHeaders: ['authorization', basic('alice', 'alice-pw'), 'AUTHORIZATION', basic('bob', 'bob-pw')], socket: {} } as unknown as http.IncomingMessage;
  await t.rejects(s.auth.authenticate(req, '10.0.0.1'), { code: 'SW_ERR_HTTP_BAD_REQUEST', status: 400 });
  await t.rejects(s.auth.authenticate(request(null), '10.0.0.1'), { code: 'SW_ERR_AUTH_REQUIRED', status: 401 });
});

t.test('a remembered pair takes no in-flight place in the throttle and clears earlier failures', async (t) => {
  const throttle = new FailedAuthThrottle({ delayMs: 0, maxDelayMs: 0, closeAfter: 3 });
  let begun = 0;
  const begin = throttle.begin.bind(throttle);
  throttle.begin = (who) => (begun++, begin(who));
  const auth = new Authenticator({
    methods: ['basic'],
    principalFrom: null,
    realm: 'test',
    basic: new BasicVerifier({ verifyPlain: async (u, p) => p === `${u}-pw` }),
    throttle,
    sleep: async () => {},
  });
  await auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.1');
  t.equal(begun, 1, 'the first check against the store is an attempt');
  await auth.authenticate(request(basic('alice', 'guess')), '10.0.0.1').catch(() => {});
  t.equal(throttle.next({ address: '10.0.0.1' }).failures.address, 1, 'one failure counted');
  begun = 0;
  for (let i = 0; i < 3; i++) t.same(await auth.authenticate(request(basic('alice', 'alice-pw')), '10.0.0.1'), { principal: 'User:alice', mechanism: 'basic' });
  t.equal(begun, 0, 'remembered: decided on the spot, no attempt begun');
  t.equal(throttle.inflight, 0);
  t.equal(throttle.next({ address: '10.0.0.1' }).failures.address, 0, 'a remembered success clears the failures, as any success');
});

t.test('authenticateNow(): a remembered pair answers at once, a store check with a Promise', async (t) => {
  const s = setup();
  const first = s.auth.authenticateNow(request(basic('alice', 'alice-pw')), '10.0.0.1');
  t.ok(first instanceof Promise, 'not remembered yet: the store is asked');
  t.same(await first, { principal: 'User:alice', mechanism: 'basic' });
  t.same(s.auth.authenticateNow(request(basic('alice', 'alice-pw')), '10.0.0.1'), { principal: 'User:alice', mechanism: 'basic' }, 'remembered: the identity itself');
  t.throws(() => s.auth.authenticateNow(request(null), '10.0.0.1'), { code: 'SW_ERR_AUTH_REQUIRED', status: 401 }, 'no credentials: thrown at once');
  const wrong = s.auth.authenticateNow(request(basic('alice', 'guess')), '10.0.0.1');
  t.ok(wrong instanceof Promise);
  await t.rejects(wrong as Promise<unknown>, { code: 'SW_ERR_AUTH_FAILED', status: 401 });
});
