import t from 'tap';
import { FailedAuthThrottle } from '../../../src/sasl/throttle.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const cfg = { delayMs: 1000, maxDelayMs: 8000, closeAfter: 5, decayMs: 60_000 };

t.test('delay doubles per failure up to maxDelay, close after N', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  const who = { address: '10.0.0.1', user: 'alice' };
  t.same(th.next(who), { delayMs: 0, close: false, failures: { address: 0, user: 0 } });
  const delays: number[] = [];
  const closes: boolean[] = [];
  for (let i = 0; i < 6; i++) {
    const d = th.failure(who);
    delays.push(d.delayMs);
    closes.push(d.close);
  }
  t.same(delays, [1000, 2000, 4000, 8000, 8000, 8000]);
  t.same(closes, [false, false, false, false, true, true]);
  t.same(th.next(who).failures, { address: 6, user: 6 });
});

t.test('a user attacked from many addresses is delayed, never closed', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  for (let i = 0; i < 10; i++) th.failure({ address: `10.0.1.${i}`, user: 'alice' });
  const fresh = th.next({ address: '192.168.0.9', user: 'alice' });
  t.equal(fresh.delayMs, 8000);
  t.equal(fresh.close, false);
  t.same(fresh.failures, { address: 0, user: 10 });
  t.equal(th.next({ address: '192.168.0.9' }).delayMs, 0, 'before the user is known only the address counts');
});

t.test('success clears; time decays one failure per decay period', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  const who = { address: '10.0.0.2', user: 'bob' };
  for (let i = 0; i < 3; i++) th.failure(who);
  th.success(who);
  t.same(th.next(who), { delayMs: 0, close: false, failures: { address: 0, user: 0 } });
  for (let i = 0; i < 4; i++) th.failure(who);
  c.advance(59_999);
  t.equal(th.next(who).failures.address, 4);
  c.advance(1);
  t.equal(th.next(who).failures.address, 3);
  c.advance(120_000);
  t.equal(th.next(who).failures.address, 1);
  t.equal(th.next(who).delayMs, 1000);
  c.advance(60_000);
  t.same(th.next(who).failures, { address: 0, user: 0 });
  t.same(th.size, { addresses: 0, users: 0 }, 'forgotten entries are dropped');
});

t.test('closeAfter 0 never closes; tables stay bounded', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle({ ...cfg, closeAfter: 0, maxEntries: 3 }, c.now);
  for (let i = 0; i < 10; i++) t.equal(th.failure({ address: 'a' }).close, false);
  for (let i = 0; i < 10; i++) th.failure({ address: `x${i}`, user: `u${i}` });
  t.same(th.size, { addresses: 3, users: 3 });
  t.equal(th.next({ address: 'x9' }).failures.address, 1, 'newest kept');
  t.equal(th.next({ address: 'x0' }).failures.address, 0, 'oldest evicted');
});

t.test('begin: addresses and users without failures are never refused, however many attempts run', async (t) => {
  const th = new FailedAuthThrottle(cfg, clock().now);
  const started = Array.from({ length: 50 }, () => th.begin({ address: '10.0.0.1', user: 'alice' }));
  t.ok(
    started.every((s) => s.admitted),
    'an honest burst passes',
  );
  t.equal(th.inflight, 50);
  for (const s of started) if (s.admitted) s.attempt.succeed();
  t.equal(th.inflight, 0);
});

t.test('begin: attempts in flight count towards closeAfter once the address has a failure', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle({ ...cfg, delayMs: 0, maxDelayMs: 0 }, c.now);
  const who = { address: '10.0.0.1', user: 'alice' };
  const first = th.begin(who);
  if (!first.admitted) throw new Error('first attempt refused');
  first.attempt.fail();
  const admitted: number[] = [];
  for (let i = 0; i < 10; i++) {
    const s = th.begin({ address: '10.0.0.1', user: `u${i}` });
    if (s.admitted) admitted.push(i);
    else t.match(s, { reason: 'address-locked', close: true });
  }
  t.equal(admitted.length, 4, '1 failure + 4 in flight = closeAfter 5');
  const other = th.begin({ address: '10.0.0.2', user: 'bob' });
  t.ok(other.admitted, 'another address is not affected');
});

t.test('begin: inside the back-off window an address or user is refused at once; after it, admitted', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  const s = th.begin({ address: '10.0.0.1', user: 'alice' });
  if (!s.admitted) throw new Error('refused');
  t.same(s.attempt.fail().delayMs, 1000);
  t.match(th.begin({ address: '10.0.0.1', user: 'bob' }), { admitted: false, reason: 'address-backoff', retryAfterMs: 1000 });
  t.match(th.begin({ address: '10.0.0.9', user: 'alice' }), { admitted: false, reason: 'user-backoff' });
  t.ok(th.begin({ address: '10.0.0.9', user: 'bob' }).admitted, 'neither the address nor the user is known');
  c.advance(1000);
  const again = th.begin({ address: '10.0.0.1', user: 'alice' });
  t.ok(again.admitted, 'the window is over');
  t.match(th.begin({ address: '10.0.0.7', user: 'alice' }), { admitted: false, reason: 'user-backoff' }, 'one attempt at a time for a user with failures');
  if (again.admitted) again.attempt.succeed();
  t.ok(th.begin({ address: '10.0.0.7', user: 'alice' }).admitted, 'success cleared the user');
});

t.test('begin: an attempt finishes once; abandon records nothing', async (t) => {
  const th = new FailedAuthThrottle(cfg, clock().now);
  const s = th.begin({ address: '10.0.0.1', user: 'alice' });
  if (!s.admitted) throw new Error('refused');
  s.attempt.abandon();
  s.attempt.fail();
  t.equal(th.inflight, 0);
  t.same(th.next({ address: '10.0.0.1', user: 'alice' }).failures, { address: 0, user: 0 });
});

t.test('refusal(): what begin() would refuse, without admitting anything', async (t) => {
  const th = new FailedAuthThrottle({ delayMs: 100, maxDelayMs: 1000, closeAfter: 2 }, () => 1000);
  const who = { address: '10.0.0.1', user: 'alice' };
  t.equal(th.refusal(who), null, 'no failures: not refused');
  t.equal(th.inflight, 0, 'and nothing admitted');
  th.failure(who);
  t.match(th.refusal(who), { admitted: false, reason: 'address-backoff' });
  t.same(th.refusal(who), th.begin(who), 'the same answer as begin()');
  th.failure(who);
  t.match(th.refusal({ address: '10.0.0.1' }), { admitted: false, reason: 'address-locked', close: true });
  t.equal(th.refusal({ address: '10.0.0.2' }), null, 'another address');
  t.match(th.refusal({ address: '10.0.0.2', user: 'alice' }), { admitted: false, reason: 'user-backoff' }, 'the user is backed off from anywhere');
});
